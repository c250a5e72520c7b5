//go:build js && wasm

package main

import (
	"bytes"
	"errors"
	"io"

	"contactprep/shared/csvwrite"
	"contactprep/shared/mapping"
	"contactprep/shared/schema"
	"contactprep/shared/sniff"
	"contactprep/shared/xlsx"
)

// headerScore scores a sheet's first rows as the engine looks for a header
// row (mapping.HeaderRow) against the built-in Genesys columns: a contact
// list's are the file's own, and an org's template is a subset of them.
func headerScore(head [][]string) int {
	_, score := mapping.HeaderRow(head, catalog)
	return score
}

var catalog, _ = schema.New(schema.Legacy)

// errorReply is a failed conversion's reply: {"error": message}, and for a
// workbook that cannot be read at all what kind of file it is ("refused", a
// sniff.Kind), for the page to say what the admin can do: the reader's
// damaged archive is sniff.Damaged, a zip with no workbook in it sniff.OtherZip.
func errorReply(err error) map[string]string {
	reply := map[string]string{"error": err.Error()}
	u := (*sniff.Unsupported)(nil)
	switch {
	case errors.As(err, &u):
		reply["refused"] = string(u.Kind)
	case errors.Is(err, xlsx.ErrDamaged):
		reply["refused"] = string(sniff.Damaged)
	case errors.Is(err, xlsx.ErrUnsupportedFormat):
		reply["refused"] = string(sniff.OtherZip)
	}
	return reply
}

// converted is a workbook's sheet list and one sheet as CSV.
type converted struct {
	Sheets []string `json:"sheets"`
	Sheet  string   `json:"sheet"`
	csv    []byte
}

// convert reads the named sheet (or, when sheet is "", the one whose header
// best matches the Genesys columns: the contacts behind a cover sheet) and
// writes its rows as UTF-8 CSV, one line per sheet row, as read: empty rows
// stay as empty lines so row numbers keep matching the sheet's.
func convert(data []byte, sheet string) (*converted, error) {
	wb, err := xlsx.Open(data, xlsx.DefaultLimits)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	c := &converted{Sheets: wb.Sheets(), Sheet: sheet}
	if c.Sheet == "" {
		c.Sheet = wb.BestSheet(mapping.HeadRows, headerScore)
	}
	if c.Sheet == "" {
		return nil, errors.New("xlsx: the workbook has no sheet with data")
	}
	rows, err := wb.Rows(c.Sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var b bytes.Buffer
	var line []byte
	for {
		cells, err := rows.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line = line[:0]
		for i, v := range cells {
			if i > 0 {
				line = append(line, ',')
			}
			line = csvwrite.AppendField(line, v)
		}
		b.Write(append(line, '\n'))
	}
	c.csv = b.Bytes()
	return c, nil
}
