package gen

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes the rows to the first sheet of a workbook. Digit-only IDs,
// phones and ZIP codes become number cells, as Excel stores them when a user types
// or opens them: "000123" is kept as 123, a phone as 4155550123.
// The workbook is assembled in memory before it is written, as excelize does.
func (g *generator) writeXLSX(w io.Writer) (Truth, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return g.truth, fmt.Errorf("gen: starting the sheet: %w", err)
	}
	values := make([]any, len(Columns))
	for i, c := range Columns {
		values[i] = c
	}
	if err := sw.SetRow("A1", values); err != nil {
		return g.truth, fmt.Errorf("gen: writing the header: %w", err)
	}
	var rec record
	for row := 1; row <= g.opt.Rows; row++ {
		g.next(&rec)
		for c := range values {
			values[c] = cellValue(rec.field(c), rec.kind[c])
		}
		cell, err := excelize.CoordinatesToCellName(1, row+1)
		if err == nil {
			err = sw.SetRow(cell, values)
		}
		if err != nil {
			return g.truth, fmt.Errorf("gen: writing row %d: %w", row, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return g.truth, fmt.Errorf("gen: finishing the sheet: %w", err)
	}
	if err := f.Write(w); err != nil {
		return g.truth, fmt.Errorf("gen: writing the workbook: %w", err)
	}
	return g.truth, nil
}

// cellValue is what excelize should store for a field; nil leaves the cell out.
func cellValue(b []byte, k cellKind) any {
	if len(b) == 0 {
		return nil
	}
	switch k {
	case cellInteger:
		if v, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			return v
		}
	case cellFloat:
		if v, err := strconv.ParseFloat(string(b), 64); err == nil {
			return v
		}
	}
	return string(b)
}
