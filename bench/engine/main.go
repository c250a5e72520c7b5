// Command engine times the whole preparation of one file in-process; bench builds it natively and as WebAssembly.
package main

import (
	"contactprep/internal/batchgc"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: engine FILE COUNTRY [REPS]")
		os.Exit(2)
	}
	// Natively the engine runs over the file held in memory, with the
	// collector set for that (batchgc); in WebAssembly, as the page's.
	if runtime.GOOS != "js" {
		batchgc.Tune()
	}
	reps := 3
	if len(os.Args) > 3 {
		reps, _ = strconv.Atoi(os.Args[3])
	}
	var times []float64
	var rows, outBytes int64
	for range reps {
		runtime.GC()
		start := time.Now()
		data, err := os.ReadFile(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		res, err := prepare.Run([]prepare.Input{{Name: "bench.csv", Data: data}}, prepare.Options{Country: os.Args[2]})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		mem := &output.Memory{}
		sum, err := output.Write(res, mem)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		times = append(times, float64(time.Since(start).Microseconds())/1000)
		rows = int64(sum.InputRows)
		outBytes = 0
		for _, p := range sum.Parts {
			outBytes += p.Bytes
		}
	}
	slices.Sort(times)
	json.NewEncoder(os.Stdout).Encode(map[string]any{"rows": rows, "bytes_out": outBytes, "total_ms": times[len(times)/2], "reps": reps})
}
