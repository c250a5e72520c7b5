package output_test

import (
	"bytes"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

// BenchmarkPrepare runs the whole pipeline, read to write, on a generated
// 10,000-row dirty contact file.
func BenchmarkPrepare(b *testing.B) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		res, err := prepare.Run([]prepare.Input{{Name: "b.csv", Data: buf.Bytes()}}, prepare.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := output.Write(res, &output.Memory{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWrite writes the import parts, rejected.csv, findings.csv and
// summary.json of a prepared 10,000-row file.
func BenchmarkWrite(b *testing.B) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	res, err := prepare.Run([]prepare.Input{{Name: "b.csv", Data: buf.Bytes()}}, prepare.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := output.Write(res, &output.Memory{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
