package xlsx

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// thousandRows is the sheet data of rows 1..1000, each one inline-string
// cell; row 500's cell is text, the others "Contact n".
func thousandRows(text500 string) string {
	var b strings.Builder
	for r := 1; r <= 1000; r++ {
		v := fmt.Sprintf("Contact %d", r)
		if r == 500 {
			v = text500
		}
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, v)
	}
	return b.String()
}

// A sheet whose XML breaks off is an error naming the sheet and the last
// row read, before any row is read: excelize alone ends the rows at the
// damage as if the sheet ended there.
func TestDamagedSheet(t *testing.T) {
	whole := thousandRows("Contact 500")
	tests := []struct {
		name      string
		sheetData string
		shared    string
		lastRow   int
	}{
		{"cut off half-way", whole[:len(whole)/2], "", strings.Count(whole[:len(whole)/2], "</row>")},
		{"bare ampersand in a cell", thousandRows("Smith & Sons " + secret), "", 499},
		{"broken tag at row 500", strings.Replace(whole, `<row r="500">`, `<row r="500"<`, 1), "", 499},
		{"end tag closing another", strings.Replace(whole, `</t></is></c></row><row r="501">`, `</is></t></c></row><row r="501">`, 1), "", 499},
		{"damaged shared strings", `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, `<si><t>Smith & Sons ` + secret + `</t></si>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Open(buildZip(t, handWorkbook(tt.sheetData, tt.shared)...), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if got := w.BestSheet(10, noScore); got != "Hand" {
				t.Errorf("BestSheet = %q, want the damaged sheet, for Rows to tell", got)
			}
			rows, err := w.Rows("Hand")
			if err == nil {
				n := 0
				for ; err == nil; n++ {
					_, err = rows.Read()
				}
				t.Fatalf("Rows opened the damaged sheet; %d rows read, then %v", n-1, err)
			}
			se, ok := errors.AsType[*SheetError](err)
			if !ok || !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v (%T), want a *SheetError that is ErrDamaged", err, err)
			}
			if se.LastRow != tt.lastRow {
				t.Errorf("LastRow = %d, want %d", se.LastRow, tt.lastRow)
			}
			msg := err.Error()
			for _, want := range []string{`"Hand"`, "save it again"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not say %q", msg, want)
				}
			}
			if tt.lastRow > 0 && !strings.Contains(msg, fmt.Sprintf("after row %d", tt.lastRow)) {
				t.Errorf("error %q does not name row %d", msg, tt.lastRow)
			}
			if strings.Contains(msg, "Secretperson") || strings.Contains(msg, "Sons") {
				t.Errorf("error %q leaks a cell value", msg)
			}
		})
	}
}

// The whole sheet, and a sheet found through an absolute target or by a
// name spelled in another case, reads all its rows.
func TestUndamagedSheetReadsWhole(t *testing.T) {
	parts := handWorkbook(thousandRows("Smith &amp; Sons"), "")
	for i, p := range parts {
		if p.name == "xl/_rels/workbook.xml.rels" {
			parts[i].body = strings.Replace(p.body, `Target="worksheets/sheet1.xml"`, `Target="/xl/worksheets/sheet1.xml"`, 1)
		}
	}
	w, err := Open(buildZip(t, parts...), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rows := readAll(t, w, "HAND")
	if len(rows) != 1000 || rows[499].cells[0] != "Smith & Sons" || rows[999].row != 1000 {
		t.Errorf("read %d rows, row 500 %q", len(rows), rows[min(499, len(rows)-1)].cells)
	}
}
