package prepare_test

import (
	"bytes"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/prepare"
)

// benchFile is a generated 60,000-row dirty contact file, made once.
var benchFile = func() func(b *testing.B) []byte {
	var data []byte
	return func(b *testing.B) []byte {
		if data == nil {
			var buf bytes.Buffer
			if err := gen.Write(&buf, gen.Options{Rows: 60000, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			data = buf.Bytes()
		}
		return data
	}
}()

// BenchmarkRun reads, decodes, maps, checks and resolves a 60,000-row file in
// one slice and in as many slices as GOMAXPROCS: the stages before writing.
func BenchmarkRun(b *testing.B) {
	for _, c := range []struct {
		name    string
		workers int
	}{{"workers=1", 1}, {"workers=max", 0}} {
		b.Run(c.name, func(b *testing.B) {
			data := benchFile(b)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := prepare.Run([]prepare.Input{{Name: "b.csv", Data: data}}, prepare.Options{Workers: c.workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(60000*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
