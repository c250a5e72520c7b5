package prepare_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"contactprep/shared/finding"
	"contactprep/shared/prepare"
)

// Damaged text is read to its end: every row the file holds is a row of the
// table, and the rows the damage touches carry encoding_invalid.
func TestDamagedTextKeepsEveryRow(t *testing.T) {
	var b strings.Builder
	b.WriteString("Contact ID,First Name,Last Name,Work Phone\r\n")
	for i := range 40 {
		fmt.Fprintf(&b, "C%03d,Jürgen,Müller,+1 415 555 %04d\r\n", i, i)
	}
	text := b.String()
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	lost := bytes.Index(utf16, []byte("C\x000\x002\x000\x00")) + 5 // a byte of row 21's ID
	utf8Bad := []byte(text)
	utf8Bad[bytes.Index(utf8Bad, []byte("C030"))+1] = 0xFF
	for _, c := range []struct {
		name     string
		data     []byte
		encoding string
		rows     int // the rows the file holds
		row      int // the data row the damage touches
	}{
		{"utf-16 with a byte lost", append(bytes.Clone(utf16[:lost]), utf16[lost+1:]...), "utf-16le", 40, 21},
		// The dangling byte is a last line of its own.
		{"utf-16 of odd length", append(bytes.Clone(utf16), 'x'), "utf-16le", 41, 41},
		{"utf-8 with a bad byte", utf8Bad, "utf-8", 40, 31},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := prepare.Run([]prepare.Input{{Name: "d.csv", Data: c.data}}, prepare.Options{})
			if err != nil {
				t.Fatal(err)
			}
			in := res.Inputs[0]
			if in.Encoding != c.encoding || in.Rows != c.rows {
				t.Fatalf("read as %s, %d rows; want %s, all %d", in.Encoding, in.Rows, c.encoding, c.rows)
			}
			var rows []int
			for r := range res.Table.Len() {
				for _, f := range res.Table.Findings(r) {
					if f.Code == finding.EncodingInvalid {
						rows = append(rows, f.Row)
					}
				}
			}
			if len(rows) != 1 || rows[0] != c.row {
				t.Errorf("encoding_invalid on rows %v, want [%d]", rows, c.row)
			}
			file := false
			for _, f := range res.Table.FileFindings() {
				file = file || f.Code == finding.EncodingInvalid
			}
			if !file {
				t.Error("no file finding says bytes were replaced")
			}
		})
	}
}
