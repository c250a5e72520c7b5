package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A cell in column XFD on every row of a workbook is left out with one
// finding: the rows are read to the header's width, none is rejected for it.
func TestCellsBeyondHeaderIgnored(t *testing.T) {
	row := regexp.MustCompile(`<row r="(\d+)"([^>]*)>(.*?)</row>`)
	book := thousandRowBook(t, func(b []byte) []byte {
		return row.ReplaceAllFunc(b, func(r []byte) []byte {
			m := row.FindSubmatch(r)
			if string(m[1]) == "1" {
				return r // the header row
			}
			return fmt.Appendf(nil, `<row r="%s"%s>%s<c r="XFD%s" t="inlineStr"><is><t>far</t></is></c></row>`, m[1], m[2], m[3], m[1])
		})
	})
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCLI(t, "prepare", "-o", out, write(t, dir, "wide.xlsx", book)); code == exitFailed {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := readSummary(t, out)
	// (The rows are rejected for their missing Account ID, as without the cells.)
	if s.InputRows != 999 || s.Findings["malformed_row"] != 1 {
		t.Errorf("%d rows in, %d malformed_row findings; want 999 and 1", s.InputRows, s.Findings["malformed_row"])
	}
	var found bool
	for _, rec := range readCSV(t, filepath.Join(out, "findings.csv")) {
		if rec[3] == "malformed_row" {
			found = rec[1] == "0" && strings.Contains(rec[7], fmt.Sprintf("%d cells", 999))
		}
	}
	if !found {
		t.Error("no file finding counts the 999 cells left out")
	}
}
