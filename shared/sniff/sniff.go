// Package sniff tells a spreadsheet's format from its first bytes, never from its file name.
package sniff

import (
	"bytes"
	"errors"
)

// Format is what a file holds.
type Format string

const (
	Text Format = "csv"  // delimited text in some encoding
	XLSX Format = "xlsx" // an Office Open XML workbook (or another zip, which the xlsx reader refuses)
)

// ErrUnsupported starts every refusal, so callers and tests can recognise it.
var ErrUnsupported = errors.New("unsupported format: save as XLSX or CSV")

// Kind is what a file that cannot be read seems to be. Callers word each
// kind for their readers (the page says what to do with it); the rule that
// tells it lives here.
type Kind string

const (
	LegacyXLS Kind = "xls"       // an Excel 97-2003 .xls workbook
	Protected Kind = "protected" // a password-protected (encrypted) workbook
	PDF       Kind = "pdf"
	RTF       Kind = "rtf"
	WebPage   Kind = "html" // a web page saved under a spreadsheet's name
	XML       Kind = "xml"  // such as an Excel 2003 XML spreadsheet
	Image     Kind = "image"
	Binary    Kind = "binary"  // any other data that is not text
	Damaged   Kind = "damaged" // a workbook whose archive or parts are broken (told by the xlsx reader)
	OtherZip  Kind = "zip"     // a zip archive that holds no workbook (told by the xlsx reader)
	NoSheet   Kind = "nosheet" // a workbook whose sheets are empty or a cover page (told by the xlsx reader)
)

// Kinds lists every Kind, for callers that word each one.
var Kinds = []Kind{LegacyXLS, Protected, PDF, RTF, WebPage, XML, Image, Binary, Damaged, OtherZip, NoSheet}

// Unsupported is the refusal of a file by what it seems to be. It wraps
// ErrUnsupported.
type Unsupported struct {
	Kind Kind
	what string
}

func (u *Unsupported) Error() string {
	return "unsupported format (" + u.what + "): save as XLSX or CSV"
}
func (u *Unsupported) Unwrap() error { return ErrUnsupported }

func unsupported(kind Kind, what string) *Unsupported { return &Unsupported{Kind: kind, what: what} }

// images are the first bytes of the picture formats a screenshot or a scan
// of a list is saved in: PNG, JPEG, GIF, TIFF (both byte orders), and WebP
// and HEIC (isImage). Not BMP: its "BM" could start a text's first line.
var images = [][]byte{
	[]byte("\x89PNG\r\n\x1a\n"), []byte("\xFF\xD8\xFF"), []byte("GIF87a"), []byte("GIF89a"), []byte("II*\x00"), []byte("MM\x00*"),
}

// Detect returns the format of data, or an *Unsupported (wrapping
// ErrUnsupported) that says what the file seems to be: a legacy .xls, a
// password-protected workbook, a PDF, a picture, a web page, a binary.
func Detect(data []byte) (Format, error) {
	head := data[:min(len(data), 1<<16)]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX, nil
	case bytes.HasPrefix(head, oleMagic):
		// Office encrypts a workbook with a password into an OLE container
		// whose directory names the stream EncryptionInfo (in UTF-16).
		if bytes.Contains(head, encryptionInfo) {
			return "", unsupported(Protected, "a password-protected workbook")
		}
		return "", unsupported(LegacyXLS, "a legacy Excel 97-2003 .xls, or a password-protected workbook")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "", unsupported(PDF, "a PDF")
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return "", unsupported(RTF, "an RTF document")
	case isImage(head):
		return "", unsupported(Image, "a picture")
	}
	if bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")) || utf16Pattern(head) {
		return Text, nil
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 256)])
	switch {
	case bytes.HasPrefix(lower, []byte("<html")), bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<table")):
		return "", unsupported(WebPage, "a web page saved with a spreadsheet name")
	case bytes.HasPrefix(lower, []byte("<?xml")):
		return "", unsupported(XML, "an XML file, such as an Excel 2003 XML spreadsheet")
	}
	control := 0
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A {
			control++
		}
	}
	if control > len(head)/100+2 {
		return "", unsupported(Binary, "binary data, not text")
	}
	return Text, nil
}

var (
	oleMagic       = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

func isImage(head []byte) bool {
	for _, magic := range images {
		if bytes.HasPrefix(head, magic) {
			return true
		}
	}
	webp := len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP"
	heic := len(head) >= 12 && string(head[4:8]) == "ftyp" && (string(head[8:12]) == "heic" || string(head[8:12]) == "mif1")
	return webp || heic
}

// utf16Pattern reports UTF-16 text without a byte-order mark: ASCII characters
// leave a NUL in every other byte.
func utf16Pattern(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	var zeros [2]int
	for i, c := range b {
		if c == 0 {
			zeros[i&1]++
		}
	}
	half := len(b) / 2
	return zeros[0] > half*7/10 && zeros[1] < half/10 || zeros[1] > half*7/10 && zeros[0] < half/10
}
