package xlsx

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// Narrow leaves out the cells right of a column from the rows not yet read:
// the rows read after it are the rows read without it, cut at the width;
// none is read wider than the width; the cells left out with a value are
// counted, those of rows read before Narrow not.
func TestNarrow(t *testing.T) {
	inline := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	var sheet strings.Builder
	sheet.WriteString(`<row r="1">` + inline("A1", "Contact ID") + inline("B1", "Name") + `</row>`)
	sheet.WriteString(`<row r="2">` + inline("A2", "C2") + inline("XFD2", "far") + `</row>`)
	// Read after Narrow: far cells of every form, a row skipped, cells
	// without a reference, an empty far cell, a formula's cached value.
	sheet.WriteString(`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3"><v>7</v></c><c r="XFD3" t="s"><v>1</v></c></row>`)
	sheet.WriteString(`<row r="5"><c t="inlineStr"><is><t>C5</t></is></c><c><v>1.5</v></c><c><v>9</v></c><c r="AA5" s="1"/></row>`)
	sheet.WriteString(`<row r="6">` + inline("A6", "C6") + `<c r="C6"><f>1+1</f><v>2</v></c><c r="XFD6"><is><r><t>rich</t></r></is></c></row>`)
	sheet.WriteString(`<row>` + inline("A7", "C7") + inline("B7", "Ann") + `</row>`)
	data := buildZip(t, handWorkbook(sheet.String(), `<si><t>C3</t></si><si><t>far away</t></si>`)...)

	wb, err := Open(data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	whole := readAll(t, wb, "Hand")

	rows, err := wb.Rows("Hand")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := readRows(t, rows, func() {
		if rows.Row() == 2 {
			if err := rows.Narrow(2); err != nil {
				t.Fatal(err)
			}
		}
	})
	// Rows read before Narrow come as they are; the others cut at the
	// width, without the trailing empty cells Read leaves out.
	want := slices.Clone(whole)
	for i := range want[2:] {
		c := want[2+i].cells[:min(2, len(want[2+i].cells))]
		for len(c) > 0 && c[len(c)-1] == "" {
			c = c[:len(c)-1]
		}
		want[2+i].cells = c
	}
	if !equalRows(got[2:], want[2:]) || !equalRows(got[:2], whole[:2]) {
		t.Errorf("rows after Narrow\n%v\nwant\n%v", got[2:], want[2:])
	}
	for _, r := range got[2:] {
		if len(r.cells) > 2 {
			t.Errorf("row %d read %d cells wide", r.row, len(r.cells))
		}
	}
	// XFD3, C5, C6 and XFD6 hold values; AA5 is empty; XFD2 was read before.
	if cells, n := rows.Ignored(); cells != 4 || n != 3 {
		t.Errorf("ignored %d cells on %d rows; want 4 on 3", cells, n)
	}
}

// A sheet whose cells all lie within the width is not rewritten, and one
// of 20,000 rows each with a cell in column XFD is read at the width.
func TestNarrowXFD(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>Contact ID</t></is></c></row>`)
	for r := 2; r <= 20001; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r, r)
	}
	wb, err := Open(buildZip(t, handWorkbook(sheet.String(), "")...), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows("Hand")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.widest != 16384 {
		t.Fatalf("widest column %d", rows.widest)
	}
	part, _ := wb.file.Pkg.Load(rows.part)
	if err := rows.Narrow(16384); err != nil {
		t.Fatal(err)
	}
	if now, _ := wb.file.Pkg.Load(rows.part); &now.([]byte)[0] != &part.([]byte)[0] {
		t.Error("a sheet within the width was rewritten")
	}
	if err := rows.Narrow(1); err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		cells, err := rows.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if len(cells) != 1 || (n > 1 && cells[0] != fmt.Sprint(n)) {
			t.Fatalf("row %d: %d cells, %.20q", n, len(cells), cells)
		}
	}
	if cells, r := rows.Ignored(); n != 20001 || cells != 20000 || r != 20000 {
		t.Errorf("%d rows, %d cells ignored on %d rows", n, cells, r)
	}
}
