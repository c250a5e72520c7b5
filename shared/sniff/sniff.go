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

// unsupported is a refusal naming what the file seems to be.
type unsupported struct{ what string }

func (u unsupported) Error() string {
	return "unsupported format (" + u.what + "): save as XLSX or CSV"
}
func (u unsupported) Unwrap() error { return ErrUnsupported }

// Detect returns the format of data, or an error wrapping ErrUnsupported that
// says what the file seems to be: a legacy .xls, a PDF, a web page, a binary.
func Detect(data []byte) (Format, error) {
	head := data[:min(len(data), 1<<16)]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX, nil
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "", unsupported{"a legacy Excel 97-2003 .xls, or a password-protected workbook"}
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "", unsupported{"a PDF"}
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return "", unsupported{"an RTF document"}
	}
	if bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")) || utf16Pattern(head) {
		return Text, nil
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 256)])
	switch {
	case bytes.HasPrefix(lower, []byte("<html")), bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<table")):
		return "", unsupported{"a web page saved with a spreadsheet name"}
	case bytes.HasPrefix(lower, []byte("<?xml")):
		return "", unsupported{"an XML file, such as an Excel 2003 XML spreadsheet"}
	}
	control := 0
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A {
			control++
		}
	}
	if control > len(head)/100+2 {
		return "", unsupported{"binary data, not text"}
	}
	return Text, nil
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
