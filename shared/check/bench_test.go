package check

import (
	"bytes"
	"io"
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
	for row := 1; ; row++ {
		at := rd.Offset()
		fields, err := rd.Read()
		if err == io.EOF {
			break
		}
		t.AddRecord(f, row, at, rd.Offset(), fields, rd.Malformed())
	}
	return t
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
		if _, err := t.DecodePart(EncodePart(t)); err != nil {
			b.Fatal(err)
		}
	}
}
