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

// columns are what a workbook's sheets are scored against: the target the
// admin chose and the header of the org's sample file, if any
// (schema.HeaderTarget).
type columns struct {
	Target   string   `json:"target"`
	Template []string `json:"template"`
}

// errorReply is a failed conversion's reply: {"error": message}, and for a
// workbook that cannot be read at all what kind of file it is ("refused", a
// sniff.Kind), for the page to say what the admin can do: the reader's
// damaged archive is sniff.Damaged, a zip with no workbook in it sniff.OtherZip,
// a workbook with no sheet of contacts sniff.NoSheet. A damaged sheet adds its
// name and the last row that reads whole ("sheet", "lastRow"; 0 for none),
// which the page names as the CLI does.
func errorReply(err error) map[string]any {
	reply := map[string]any{"error": err.Error()}
	u := (*sniff.Unsupported)(nil)
	s := (*xlsx.SheetError)(nil)
	switch {
	case errors.As(err, &u):
		reply["refused"] = string(u.Kind)
	case errors.As(err, &s):
		reply["refused"] = string(sniff.Damaged)
		reply["sheet"] = s.Sheet
		reply["lastRow"] = s.LastRow
	case errors.Is(err, xlsx.ErrDamaged):
		reply["refused"] = string(sniff.Damaged)
	case errors.Is(err, xlsx.ErrUnsupportedFormat):
		reply["refused"] = string(sniff.OtherZip)
	case errors.Is(err, xlsx.ErrNoSheet):
		reply["refused"] = string(sniff.NoSheet)
	}
	return reply
}

// converted is a workbook's sheet list and one sheet as CSV.
type converted struct {
	Sheets []string `json:"sheets"`
	Sheet  string   `json:"sheet"`
	// Ignored counts the cells with a value right of the header row's last
	// column, Width, that were left out (xlsx.Rows.Narrow), on IgnoredRows
	// rows, for the engine to count into its finding; all 0 when none was.
	Width       int `json:"width"`
	Ignored     int `json:"ignored"`
	IgnoredRows int `json:"ignoredRows"`
	csv         []byte
}

// convert reads the named sheet (or, when sheet is "", the one whose header
// best matches the columns: the contacts behind a cover sheet, scored as the
// engine looks for a header row) and writes its rows as UTF-8 CSV, one line
// per sheet row, as read: empty rows stay as empty lines so row numbers keep
// matching the sheet's. The rows after those the header row is found in
// (mapping.FindHeader, as the engine finds it) leave out the cells right of
// the header's last column, as the engine reads a workbook itself: one cell
// in column XFD would make every row 16,384 cells wide.
func convert(data []byte, sheet string, cols columns) (*converted, error) {
	wb, err := xlsx.Open(data, xlsx.DefaultLimits)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	c := &converted{Sheets: wb.Sheets(), Sheet: sheet}
	t := schema.HeaderTarget(cols.Target, cols.Template)
	if c.Sheet == "" {
		c.Sheet = wb.BestSheet(mapping.HeadRows, func(head [][]string) int { return mapping.SheetScore(head, t) })
	}
	if c.Sheet == "" {
		return nil, xlsx.ErrNoSheet
	}
	rows, err := wb.Rows(c.Sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var b bytes.Buffer
	var line []byte
	var head [][]string // the rows the header row is found in, until it is
	width := 0
	for found := false; ; {
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
		if found {
			continue
		}
		if head = append(head, cells); mapping.HeadRead(head) {
			found = true
			if at := mapping.FindHeader(head, t); at >= 0 {
				width = len(head[at])
				if err := rows.Narrow(width); err != nil {
					return nil, err
				}
			}
			head = nil
		}
	}
	c.csv = b.Bytes()
	if c.Ignored, c.IgnoredRows = rows.Ignored(); c.Ignored > 0 {
		c.Width = width
	}
	return c, nil
}
