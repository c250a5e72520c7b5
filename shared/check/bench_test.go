package check

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/csvread"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// benchTable checks a generated 60,000-row file into a new table without
// resolving it, reading records as Run does.
func benchTable(b testing.TB, text []byte) *Table {
	t, next := benchRows(b, text)
	for next() {
	}
	return t
}

// benchRows makes the table of text, a generated file, and returns it with
// next, which adds its next row as Run does, false at the end.
func benchRows(b testing.TB, text []byte) (*Table, func() bool) {
	target, _ := schema.New(schema.Legacy)
	phones, err := phone.New("US")
	if err != nil {
		b.Fatal(err)
	}
	t := New(target, phones)
	rd := csvread.NewReader(text, ',')
	h, _ := rd.Read()
	header := make([]string, len(h))
	for i, f := range h {
		header[i] = string(f)
	}
	f := t.AddFile("b.csv", mapping.Map(header, target, nil))
	t.SetText(f, text, ',')
	row := 0
	return t, func() bool {
		at := rd.Offset()
		fields, err := rd.Read()
		if err == io.EOF {
			return false
		}
		row++
		t.AddRecord(f, row, at, rd.Offset(), fields, rd.Malformed())
		return true
	}
}

func benchText(b testing.TB) []byte {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 60000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkAddRecord cleans and checks every row of a 60,000-row file: the
// per-row stage that slices run in parallel.
func BenchmarkAddRecord(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		benchTable(b, text)
	}
	b.ReportMetric(float64(60000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkResolve runs the cross-row checks over 60,000 rows.
func BenchmarkResolve(b *testing.B) {
	t := benchTable(b, benchText(b))
	b.ReportAllocs()
	for b.Loop() {
		t.Resolve()
	}
	b.ReportMetric(float64(60000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAllFindings turns every note of 60,000 rows into a finding, as
// findings.csv is written.
func BenchmarkAllFindings(b *testing.B) {
	t := benchTable(b, benchText(b))
	t.Resolve()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range t.AllFindings() {
			n++
		}
	}
}

// BenchmarkEncodePart encodes and decodes 60,000 checked rows as a part, as
// the page's workers pass them.
func BenchmarkEncodePart(b *testing.B) {
	t := benchTable(b, benchText(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.Parts().Decode(t.Parts().Encode()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRowAllocation: checking a row allocates little beyond what the table
// keeps of it. A row's cells (3 kB of slice headers at 48 columns) live on
// the stack of the row's caller; a pointer read from rowScratch that leaves
// the row (the row's phone Normalizer was one) moves them to the heap for
// every row, which the collector then scans: under WebAssembly that made a
// 60,000-row run allocate 210 MB instead of 25.
func TestRowAllocation(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 4000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	_, next := benchRows(t, buf.Bytes())
	for range 1000 { // the phone tables built, the table's arrays grown
		next()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rows := 0
	for next() {
		rows++
	}
	runtime.ReadMemStats(&after)
	if perRow := (after.TotalAlloc - before.TotalAlloc) / uint64(rows); perRow > 1500 {
		t.Errorf("checking a row allocated %d bytes, want at most 1500: do its cells still live on the stack (go build -gcflags=-m)?", perRow)
	}
}
