package gen

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSX checks the workbook holds the rows of the csv with the same options,
// with digit-only IDs, phones and ZIP codes stored as numbers.
func TestXLSX(t *testing.T) {
	opt := Options{Rows: 400, Seed: 12}
	csvData, csvTruth := write(t, opt)
	want := parse(t, csvData, ',')
	opt.Format = "xlsx"
	data, truth := write(t, opt)
	if truth != csvTruth {
		t.Errorf("xlsx Truth %+v, csv Truth %+v", truth, csvTruth)
	}

	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the output is not a workbook: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != opt.Rows+1 || strings.Join(rows[0], "|") != strings.Join(Columns, "|") {
		t.Fatalf("got %d rows with header %q", len(rows), rows[0])
	}
	numbers := 0
	for i, row := range rows[1:] {
		for c, w := range want[i] {
			got := ""
			if c < len(row) {
				got = row[c]
			}
			numeric := false
			switch c {
			case 0, 4, 5, 6, 13:
				if digits := strings.TrimSuffix(w, ".0"); isDigits([]byte(digits)) && (c != 0 || digits == w) {
					n, _ := strconv.ParseInt(digits, 10, 64)
					w, numeric = strconv.FormatInt(n, 10), true
				}
			}
			if got != w {
				t.Fatalf("row %d, column %s differs from the csv", i+1, Columns[c])
			}
			if numeric {
				cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
				if typ, err := f.GetCellType(sheet, cell); err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Fatalf("row %d, column %s: cell type %v, want a number", i+1, Columns[c], typ)
				}
				numbers++
			}
		}
	}
	if numbers == 0 {
		t.Errorf("no number cells")
	}
}
