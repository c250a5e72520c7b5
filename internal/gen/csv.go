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
	columns, next := Columns, g.next
	if g.opt.Kind == KindLeads {
		columns, next = LeadColumns, g.nextLead
	}
	for _, c := range columns {
		rec.buf = append(rec.buf, c...)
		rec.closeField(cellText)
	}
	q := newQuoter(g.opt.Delimiter)
	var header []byte
	if g.opt.Kind == KindLeads {
		header = q.appendQuoted(bw.AvailableBuffer(), &rec) // as CRMs export them
	} else {
		header = q.appendRecord(bw.AvailableBuffer(), &rec)
	}
	if _, err := bw.Write(header); err != nil {
		return g.truth, fmt.Errorf("gen: writing the header: %w", err)
	}
	for row := 1; row <= g.opt.Rows; row++ {
		next(&rec)
		if _, err := bw.Write(q.appendRecord(bw.AvailableBuffer(), &rec)); err != nil {
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

// quoter writes CSV records for one delimiter.
type quoter struct {
	delim   byte
	special [256]bool // bytes that make a field need quotes
}

func newQuoter(delim byte) *quoter {
	q := &quoter{delim: delim}
	for _, b := range []byte{delim, '"', '\n', '\r'} {
		q.special[b] = true
	}
	return q
}

func (q *quoter) appendRecord(dst []byte, rec *record) []byte {
	for c := range rec.n {
		if c > 0 {
			dst = append(dst, q.delim)
		}
		dst = q.appendField(dst, rec.field(c))
	}
	return append(dst, '\r', '\n')
}

// appendQuoted writes a record with every field quoted.
func (q *quoter) appendQuoted(dst []byte, rec *record) []byte {
	for c := range rec.n {
		if c > 0 {
			dst = append(dst, q.delim)
		}
		dst = append(dst, '"')
		for _, b := range rec.field(c) {
			if b == '"' {
				dst = append(dst, '"')
			}
			dst = append(dst, b)
		}
		dst = append(dst, '"')
	}
	return append(dst, '\r', '\n')
}

// appendField quotes a field only when it must, as Excel does.
func (q *quoter) appendField(dst, field []byte) []byte {
	quote := false
	for _, b := range field {
		if q.special[b] {
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
