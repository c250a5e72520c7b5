package output_test

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"

	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

func BenchmarkH2File(b *testing.B) {
	data, err := os.ReadFile(os.Getenv("H2FILE"))
	if err != nil {
		b.Skip()
	}
	for b.Loop() {
		res, err := prepare.Run([]prepare.Input{{Name: "b.csv", Data: data}}, prepare.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if f := os.Getenv("H2HEAP"); f != "" {
			runtime.GC()
			w, _ := os.Create(f)
			pprof.Lookup("heap").WriteTo(w, 0)
			w.Close()
		}
		if _, err := output.Write(res, &output.Memory{}); err != nil {
			b.Fatal(err)
		}
	}
}
