package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// thousandRowBook is a workbook of a header and 999 contacts, as Excel
// writes it, with its sheet's XML passed through damage.
func thousandRowBook(t *testing.T, damage func(sheet []byte) []byte) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"Contact ID", "First Name", "Last Name", "Account Name"}); err != nil {
		t.Fatal(err)
	}
	for r := 2; r <= 1000; r++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", r), []any{fmt.Sprintf("C%04d", r), "Ann", "Lee", "Smith and Sons"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range zr.File {
		rc, err := p.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if p.Name == "xl/worksheets/sheet1.xml" {
			body = damage(body)
		}
		w, err := zw.Create(p.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A damaged workbook stops the run: exit 2, a message naming the file, the
// sheet, the last row read and what to do, and no output at all.
func TestDamagedWorkbookFails(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func([]byte) []byte
		row    string
	}{
		{"cut off half-way", func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<row r="600"`))
			return b[:i+40]
		}, "after row 599"},
		{"bare ampersand", func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<row r="500"`))
			j := i + bytes.Index(b[i:], []byte("Smith and Sons"))
			return append(append(bytes.Clone(b[:j]), "Smith & Sons"...), b[j+len("Smith and Sons"):]...)
		}, "after row 499"},
		{"broken tag at row 500", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`<row r="500"`), []byte(`<row r="500"<`), 1)
		}, "after row 499"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := write(t, dir, "book.xlsx", thousandRowBook(t, c.damage))
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runCLI(t, "prepare", "-o", out, in)
			if code != exitFailed {
				t.Errorf("exit %d, want %d; stdout %q", code, exitFailed, stdout)
			}
			for _, want := range []string{"book.xlsx", `"Sheet1"`, c.row, "open the file in Excel and save it again"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q does not say %q", stderr, want)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the output folder exists after a failed run: %v", err)
			}
		})
	}
	// The same book undamaged reads every row.
	dir := t.TempDir()
	in := write(t, dir, "book.xlsx", thousandRowBook(t, func(b []byte) []byte { return b }))
	if code, _, stderr := runCLI(t, "prepare", "-o", filepath.Join(dir, "out"), in); code == exitFailed {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s := readSummary(t, filepath.Join(dir, "out")); s.InputRows != 999 {
		t.Errorf("%d rows in, want 999", s.InputRows)
	}
}
