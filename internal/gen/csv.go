package gen

import (
	"bufio"
	"fmt"
	"io"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// writeCSV writes the header and the rows, in the given encoding. Records end in
// CRLF as Excel writes them; line breaks inside quoted values are LF.
func (g *generator) writeCSV(w io.Writer, encodingName string) (Truth, error) {
	var enc encoding.Encoding
	switch encodingName {
	case "windows-1252":
		enc = charmap.Windows1252
	case "shift_jis":
		enc = japanese.ShiftJIS
	case "utf-16le":
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	}
	var encoder *transform.Writer
	if enc != nil {
		encoder = transform.NewWriter(w, enc.NewEncoder())
		w = encoder
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if encodingName == "utf-8-bom" {
		bw.WriteString("\ufeff")
	}

	var rec record
	rec.reset()
	for _, c := range Columns {
		rec.buf = append(rec.buf, c...)
		rec.closeField(cellText)
	}
	delim := g.opt.Delimiter
	if _, err := bw.Write(appendCSVRecord(bw.AvailableBuffer(), &rec, delim)); err != nil {
		return g.truth, fmt.Errorf("gen: writing the header: %w", err)
	}
	for row := 1; row <= g.opt.Rows; row++ {
		g.next(&rec)
		if _, err := bw.Write(appendCSVRecord(bw.AvailableBuffer(), &rec, delim)); err != nil {
			return g.truth, fmt.Errorf("gen: writing row %d: %w", row, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return g.truth, fmt.Errorf("gen: writing: %w", err)
	}
	if encoder != nil {
		if err := encoder.Close(); err != nil {
			return g.truth, fmt.Errorf("gen: writing: %w", err)
		}
	}
	return g.truth, nil
}

func appendCSVRecord(dst []byte, rec *record, delim byte) []byte {
	for c := range len(Columns) {
		if c > 0 {
			dst = append(dst, delim)
		}
		dst = appendCSVField(dst, rec.field(c), delim)
	}
	return append(dst, '\r', '\n')
}

// appendCSVField quotes a field only when it must, as Excel does.
func appendCSVField(dst, field []byte, delim byte) []byte {
	quote := false
	for _, b := range field {
		if b == delim || b == '"' || b == '\n' || b == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for _, b := range field {
		if b == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, b)
	}
	return append(dst, '"')
}
