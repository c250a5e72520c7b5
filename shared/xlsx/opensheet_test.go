package xlsx

import (
	"errors"
	"io"
	"slices"
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
	rows, sheet, err := OpenSheet(data, "", 10, func([][]string) int { return 0 })
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
	if _, _, err := OpenSheet(data, "", 10, func([][]string) int { return -1 }); !errors.Is(err, ErrNoSheet) {
		t.Errorf("a sheet scored below 0 was read: %v", err)
	}
	if _, _, err := OpenSheet(data, "Missing", 10, nil); err == nil || !strings.Contains(err.Error(), "Missing") {
		t.Errorf("unknown sheet: %v", err)
	}
	empty := buildWorkbook(t, func(*excelize.File) error { return nil })
	if _, _, err := OpenSheet(empty, "", 10, func([][]string) int { return 0 }); !errors.Is(err, ErrNoSheet) {
		t.Errorf("empty workbook: %v", err)
	}
}

// noScore scores every sheet alike: BestSheet is then the first with data.
func noScore([][]string) int { return 0 }

// TestBestSheet: the sheet whose first rows score highest is chosen, over a
// cover sheet before it; of equals, the earlier; an empty sheet never.
func TestBestSheet(t *testing.T) {
	data := buildWorkbook(t, func(f *excelize.File) error {
		f.SetSheetName("Sheet1", "Cover")
		if err := f.SetSheetRow("Cover", "A1", &[]any{"Q3 customer contacts"}); err != nil {
			return err
		}
		for _, s := range []string{"Empty", "Contacts", "Also"} {
			if _, err := f.NewSheet(s); err != nil {
				return err
			}
		}
		// The header after 12 empty rows: leading empty rows are not counted.
		if err := f.SetSheetRow("Contacts", "A13", &[]any{"Contact ID", "Phone"}); err != nil {
			return err
		}
		return f.SetSheetRow("Also", "A1", &[]any{"Contact ID", "Phone"})
	})
	w, err := Open(data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var scored []string
	cells := func(head [][]string) int {
		n := 0
		for _, r := range head {
			n += len(r)
		}
		scored = append(scored, head[0][0])
		return n
	}
	if got := w.BestSheet(10, cells); got != "Contacts" {
		t.Errorf("BestSheet = %q, want Contacts", got)
	}
	if !slices.Equal(scored, []string{"Q3 customer contacts", "Contact ID", "Contact ID"}) {
		t.Errorf("scored the heads starting %q: the empty sheet, or leading empty rows, were scored", scored)
	}
	if got := w.BestSheet(10, noScore); got != "Cover" {
		t.Errorf("BestSheet without scores = %q, want the first with data", got)
	}
}
