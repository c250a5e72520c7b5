//go:build js && wasm

package main

import (
	"bytes"
	"errors"
	"io"

	"contactprep/shared/csvwrite"
	"contactprep/shared/mapping"
	"contactprep/shared/schema"
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
