package csvread

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// spectrumErrata corrects expected values that are wrong upstream, so the
// suite still checks every other cell of those files. Each entry names the
// upstream issue; the test fails if upstream no longer has the error.
var spectrumErrata = []struct {
	file, column, upstream, actual, issue string
}{
	{
		"location_coordinates", "Contact Phone Number", "1234567890", "2095257564",
		"https://github.com/max-mapper/csv-spectrum/issues/20 (JSON disagrees with its CSV)",
	},
}

// TestSpectrum checks that every testdata/csv-spectrum/csvs/X.csv reads as
// json/X.json: one object per record after the header, keyed by the header.
func TestSpectrum(t *testing.T) {
	csvs, err := filepath.Glob(filepath.Join("testdata", "csv-spectrum", "csvs", "*.csv"))
	if err != nil || len(csvs) == 0 {
		t.Fatalf("no csv-spectrum files: %v", err)
	}
	for _, path := range csvs {
		name := strings.TrimSuffix(filepath.Base(path), ".csv")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// Upstream stores these with LF and checks them out with CRLF
			// (.gitattributes: csvs/*_crlf.csv eol=crlf); the JSON expects CRLF.
			if strings.HasSuffix(name, "_crlf") {
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			}
			want := readSpectrumJSON(t, filepath.Join("testdata", "csv-spectrum", "json", name+".json"))
			for _, e := range spectrumErrata {
				if e.file != name {
					continue
				}
				if len(want) != 1 || want[0][e.column] != e.upstream {
					t.Fatalf("erratum %s no longer applies; drop it", e.issue)
				}
				want[0][e.column] = e.actual
			}

			recs := readAll(t, data, ',')
			if len(recs) == 0 {
				t.Fatal("no header record")
			}
			header := recs[0].fields
			got := []map[string]string{}
			for _, rec := range recs[1:] {
				if rec.malformed != "" {
					t.Errorf("line %d: malformed: %s", rec.line, rec.malformed)
				}
				if len(rec.fields) != len(header) {
					t.Fatalf("line %d: %d fields, header has %d", rec.line, len(rec.fields), len(header))
				}
				row := map[string]string{}
				for i, f := range rec.fields {
					row[header[i]] = f
				}
				got = append(got, row)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// readSpectrumJSON reads an expected-records file. Upstream's files are arrays
// of objects, except location_coordinates.json, a bare object for its one record
// (https://github.com/max-mapper/csv-spectrum/issues/22).
func readSpectrumJSON(t *testing.T, path string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		var row map[string]string
		err = json.Unmarshal(data, &row)
		rows = []map[string]string{row}
	} else {
		err = json.Unmarshal(data, &rows)
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
