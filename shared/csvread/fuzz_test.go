package csvread

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzRead feeds arbitrary bytes and delimiters to Reader and checks the
// invariants of checkInvariants; see testdata/fuzz/FuzzRead for seeds.
func FuzzRead(f *testing.F) {
	csvs, _ := filepath.Glob(filepath.Join("testdata", "csv-spectrum", "csvs", "*.csv"))
	for _, path := range csvs {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data, byte(','))
		}
	}
	// A row far wider than MaxFields, and UTF-16 read as bytes (issue 21).
	f.Add(append(append([]byte("a,b\n"), bytes.Repeat([]byte(`x,"y""z",`), MaxFields)...), "\nc,d\n"...), byte(','))
	f.Add([]byte("\xff\xfeI\x00D\x00\t\x00N\x00\r\x00\n\x00\x001\x00\t\x00\"\x00\r\x00\n"), byte('\t'))
	f.Fuzz(func(t *testing.T, data []byte, comma byte) {
		checkInvariants(t, data, comma)
	})
}

// checkInvariants reads data to the end and checks what must hold for any
// input: no panic, progress on every Read, Offset reaching len(data), no more
// records than physical lines, field bytes accounted for by input bytes, and
// agreement with encoding/csv wherever encoding/csv accepts the input.
func checkInvariants(t *testing.T, data []byte, comma byte) {
	t.Helper()
	r := NewReader(data, comma)
	if comma == '"' || comma == '\r' || comma == '\n' {
		comma = ','
	}
	lines := physicalLines(data)
	var got [][]string
	var blank []bool // whether a record is an empty physical line
	cut := false     // a record had more than MaxFields fields
	prevLine := 0
	for {
		start := r.Offset()
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		end := r.Offset()
		if end <= start || end > int64(len(data)) {
			t.Fatalf("Offset went from %d to %d of %d", start, end, len(data))
		}
		if r.Line() <= prevLine || r.Line() > lines {
			t.Fatalf("Line %d after line %d, of %d lines", r.Line(), prevLine, lines)
		}
		prevLine = r.Line()
		if len(got) >= lines {
			t.Fatalf("more records than the %d physical lines", lines)
		}
		// Each field byte and each delimiter between fields comes from a
		// distinct input byte of this record.
		used := len(rec) - 1
		for _, f := range rec {
			used += len(f)
		}
		if int64(used) > end-start {
			t.Fatalf("record at offset %d: %d bytes of fields and delimiters from %d input bytes", start, used, end-start)
		}
		switch r.Malformed() {
		case "", reasonUnterminated, reasonTextAfterQuote:
		case reasonTooManyFields:
			if len(rec) != MaxFields+1 {
				t.Fatalf("record at offset %d: %d fields, too many, yet not MaxFields+1", start, len(rec))
			}
			cut = true
		default:
			t.Fatalf("unknown Malformed reason %q", r.Malformed())
		}
		if len(rec) > MaxFields+1 {
			t.Fatalf("record at offset %d holds %d fields", start, len(rec))
		}
		if bytes.IndexByte(data, '"') < 0 && !cut {
			// Without quotes a record is its physical line, split.
			line := data[start:end]
			line = bytes.TrimSuffix(line, []byte("\n"))
			line = bytes.TrimSuffix(line, []byte("\r"))
			if joined := bytes.Join(rec, []byte{comma}); !bytes.Equal(joined, line) {
				t.Fatalf("record at offset %d is %q, its line is %q", start, joined, line)
			}
		}
		strs := make([]string, len(rec))
		for i, f := range rec {
			strs[i] = string(f)
		}
		got = append(got, strs)
		blank = append(blank, data[start] == '\n')
	}
	if r.Offset() != int64(len(data)) {
		t.Fatalf("io.EOF at offset %d of %d", r.Offset(), len(data))
	}
	if bytes.IndexByte(data, '\r') >= 0 || !isCandidate(comma) || cut {
		return // encoding/csv rewrites "\r\n" in quoted fields; its comma is a rune; it keeps every field
	}
	want, ok := stdRecords(data, comma)
	if !ok {
		return
	}
	var nonBlank [][]string // encoding/csv skips empty lines
	for i, rec := range got {
		if !blank[i] {
			nonBlank = append(nonBlank, rec)
		}
	}
	if !reflect.DeepEqual(nonBlank, want) {
		t.Fatalf("csvread read %q, encoding/csv read %q", nonBlank, want)
	}
}

// physicalLines counts the lines of data as Reader does: each line end ends
// one, and bytes after the last line end make one more.
func physicalLines(data []byte) int {
	n := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			n++
		case '\n':
			n++
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' && data[len(data)-1] != '\r' {
		n++
	}
	return n
}

func isCandidate(comma byte) bool {
	return bytes.IndexByte(sniffCandidates[:], comma) >= 0
}
