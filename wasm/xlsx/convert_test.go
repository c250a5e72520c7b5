//go:build js && wasm

package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"contactprep/shared/mapping"
	"contactprep/shared/xlsx"
)

// book makes a workbook with the given sheets, each a list of rows.
func book(t *testing.T, sheets map[string][][]any, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestConvert(t *testing.T) {
	data := book(t, map[string][][]any{
		"Cover": {{"Q3 customer contacts"}, {}, {"Prepared by", "Eva"}},
		"Notes": {},
		"People": {
			{"Customer ID", "Name", "Mobile"},
			{"K1", "Ann, Lee", 4155552671},
			{},
			{"K2", "Say \"hi\"", "line\nbreak"},
			{"K3", " padded", nil, nil},
		},
		"Other": {{"a"}},
	}, "Cover", "Notes", "People", "Other")
	for _, c := range []struct {
		sheet, want, csv string
	}{
		{"", "People", "Customer ID,Name,Mobile\nK1,\"Ann, Lee\",4155552671\n\nK2,\"Say \"\"hi\"\"\",\"line\nbreak\"\nK3,\" padded\"\n"},
		{"Other", "Other", "a\n"},
	} {
		got, err := convert(data, c.sheet, columns{})
		if err != nil {
			t.Fatalf("%q: %v", c.sheet, err)
		}
		if !slices.Equal(got.Sheets, []string{"Cover", "Notes", "People", "Other"}) || got.Sheet != c.want || string(got.csv) != c.csv {
			t.Errorf("%q: sheets %q, sheet %q, csv %q; want sheet %q, csv %q", c.sheet, got.Sheets, got.Sheet, got.csv, c.want, c.csv)
		}
	}
	if _, err := convert(data, "Missing", columns{}); err == nil {
		t.Error("an unknown sheet was read")
	}
	if _, err := convert([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old xls"), "", columns{}); !errors.Is(err, xlsx.ErrUnsupportedFormat) {
		t.Errorf("legacy xls: %v", err)
	}
}

func TestErrorReplyKinds(t *testing.T) {
	zipped := func(name string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create(name)
		w.Write([]byte("not a workbook"))
		zw.Close()
		return b.Bytes()
	}
	good := book(t, map[string][][]any{"Contacts": {{"Contact ID"}, {"C1"}}}, "Contacts")
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "damaged"},
		{"garbage after the zip magic", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 300)...), "damaged"},
		{"a zip of something else", zipped("notes.txt"), "zip"},
		{"empty sheets", book(t, map[string][][]any{"Sheet1": {}, "Sheet2": {}}, "Sheet1", "Sheet2"), "nosheet"},
		{"a cover page alone", book(t, map[string][][]any{"Cover": {{"Q3 customer contacts"}, {}, {"Prepared by Eva Braun"}}, "Sheet2": {}}, "Cover", "Sheet2"), "nosheet"},
	} {
		_, err := convert(c.data, "", columns{})
		if err == nil {
			t.Fatalf("%s: converted", c.name)
		}
		if got := errorReply(err)["refused"]; got != c.want {
			t.Errorf("%s: refused = %q (%v), want %q", c.name, got, err, c.want)
		}
	}
}

// TestConvertScoresTheColumns: with no sheet named, the sheet chosen is the
// one whose header best matches the columns the admin imports into: an
// org's sample file with fields of its own picks its members' sheet over a
// staff list the built-in columns would prefer; a contact list is scored
// by the built-in columns.
func TestConvertScoresTheColumns(t *testing.T) {
	data := book(t, map[string][][]any{
		"Staff":   {{"First Name", "Last Name", "Email", "Phone"}, {"Eva", "Braun", "eva@club.example", "+4930123456"}},
		"Members": {{"Member No", "First Name", "Last Name", "Loyalty Tier", "Home Club"}, {"M1", "Ann", "Lee", "Gold", "Berlin"}},
	}, "Staff", "Members")
	template := []string{"Member No", "First Name", "Last Name", "Loyalty Tier", "Home Club"}
	for _, c := range []struct {
		cols columns
		want string
	}{
		{columns{}, "Staff"},
		{columns{Target: "bulk", Template: template}, "Members"},
		{columns{Target: "legacy", Template: template}, "Members"},
		{columns{Target: "outbound", Template: template}, "Staff"},
		{columns{Target: "legacy", Template: []string{" "}}, "Staff"},
	} {
		got, err := convert(data, "", c.cols)
		if err != nil {
			t.Fatalf("%+v: %v", c.cols, err)
		}
		if got.Sheet != c.want {
			t.Errorf("%+v: sheet %q, want %q", c.cols, got.Sheet, c.want)
		}
	}
}

// withSheetXML returns the workbook data with its first sheet's XML replaced.
func withSheetXML(t *testing.T, data []byte, sheetXML string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if f.Name == "xl/worksheets/sheet1.xml" {
			w.Write([]byte(sheetXML))
			continue
		}
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	zw.Close()
	return b.Bytes()
}

// A damaged sheet is refused with its name and the last row that reads
// whole, for the page to say them (and never a cell of it).
func TestErrorReplyDamagedSheet(t *testing.T) {
	good := book(t, map[string][][]any{"Kunden": {{"Contact ID"}, {"C1"}}}, "Kunden")
	cell := func(r int, v string) string {
		return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, v)
	}
	sheet := func(rows ...string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			strings.Join(rows, "") + `</sheetData></worksheet>`
	}
	for _, c := range []struct {
		name    string
		xml     string
		lastRow int
	}{
		{"a bare ampersand in row 4", sheet(cell(1, "Contact ID"), cell(2, "C1"), cell(3, "C2"), cell(4, "Smith & Sons"), cell(5, "C4")), 3},
		{"broken off in row 1", sheet(cell(1, "Contact ID"))[:150], 0},
	} {
		_, err := convert(withSheetXML(t, good, c.xml), "", columns{})
		if err == nil {
			t.Fatalf("%s: converted", c.name)
		}
		reply := errorReply(err)
		if reply["refused"] != "damaged" || reply["sheet"] != "Kunden" || reply["lastRow"] != c.lastRow {
			t.Errorf("%s: reply %v, want damaged, sheet Kunden, last row %d", c.name, reply, c.lastRow)
		}
		if strings.Contains(fmt.Sprint(reply), "Smith") {
			t.Errorf("%s: the reply quotes a cell: %v", c.name, reply)
		}
	}
}

// A cell in column XFD on each of 20,000 rows: the rows after those the
// header row is found in are written to the header's width, not padded to
// 16,384 cells (328 MB of CSV), and the cells left out are counted for the
// engine's finding; the rows the engine reads the header from come whole,
// for it to find the same header row and count their cells itself.
func TestConvertXFD(t *testing.T) {
	inline := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet.WriteString(`<row r="1">` + inline("A1", "Q3 contacts") + `</row>`)
	sheet.WriteString(`<row r="2">` + inline("A2", "Contact ID") + inline("B2", "First Name") + inline("C2", "Last Name") + `</row>`)
	for r := 3; r <= 20002; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">%s%s%s</row>`, r, inline(fmt.Sprintf("A%d", r), fmt.Sprintf("C%d", r)), inline(fmt.Sprintf("B%d", r), "Ann"), inline(fmt.Sprintf("XFD%d", r), "x"))
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	data := withSheetXML(t, book(t, map[string][][]any{"Contacts": {{"Contact ID"}}}, "Contacts"), sheet.String())
	start := time.Now()
	c, err := convert(data, "", columns{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes of workbook: %d bytes of CSV in %v", len(data), len(c.csv), time.Since(start))
	lines := strings.Split(strings.TrimSuffix(string(c.csv), "\n"), "\n")
	if len(lines) != 20002 || lines[1] != "Contact ID,First Name,Last Name" {
		t.Fatalf("%d lines, header %q", len(lines), lines[1])
	}
	// Rows 3 to 10 are read with the header; the others one cell short of
	// the width (no Last Name).
	for i, l := range lines {
		wide := i >= 2 && i < mapping.HeadRows
		if n := strings.Count(l, ","); wide != (n == 16383) || !wide && n > 2 {
			t.Fatalf("row %d: %d cells", i+1, n+1)
		}
	}
	if want := "C20002,Ann"; lines[20001] != want {
		t.Errorf("last row %q, want %q", lines[20001], want)
	}
	if c.Width != 3 || c.Ignored != 20000-8 || c.IgnoredRows != 20000-8 {
		t.Errorf("width %d, ignored %d cells on %d rows; want 3, 19992 on 19992", c.Width, c.Ignored, c.IgnoredRows)
	}
	if len(c.csv) > 2*len(data) {
		t.Errorf("%d bytes of CSV from %d of workbook", len(c.csv), len(data))
	}
}
