package xlsx

import (
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestOpenSheet(t *testing.T) {
	data := buildWorkbook(t, func(f *excelize.File) error {
		if _, err := f.NewSheet("Contacts"); err != nil {
			return err
		}
		return f.SetSheetRow("Contacts", "A1", &[]any{"Contact ID", 4155552671})
	})
	rows, sheet, err := OpenSheet(data, "")
	if err != nil {
		t.Fatal(err)
	}
	if sheet != "Contacts" {
		t.Errorf("default sheet %q, want the first with data", sheet)
	}
	got, err := rows.Read()
	if err != nil || strings.Join(got, "|") != "Contact ID|4155552671" {
		t.Errorf("row %q, %v", got, err)
	}
	if _, err := rows.Read(); err != io.EOF {
		t.Errorf("second read: %v, want io.EOF", err)
	}
	if err := rows.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, _, err := OpenSheet(data, "Missing"); err == nil || !strings.Contains(err.Error(), "Missing") {
		t.Errorf("unknown sheet: %v", err)
	}
	empty := buildWorkbook(t, func(*excelize.File) error { return nil })
	if _, _, err := OpenSheet(empty, ""); err == nil || !strings.Contains(err.Error(), "no sheet with data") {
		t.Errorf("empty workbook: %v", err)
	}
}
