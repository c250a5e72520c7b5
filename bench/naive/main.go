// Command naive is the straightforward Go pipeline the issue measures the engine against: encoding/csv and nyaruka/phonenumbers, one cell at a time.
//
// It does what the JavaScript peer does (../shared/bench-peer/peer.mjs): read a
// UTF-8 CSV with a header row, normalise the named phone columns to E.164,
// count repeated "Contact ID"s and write the CSV back to memory, then print
// one JSON line like bench/engine's. It is a yardstick, not part of the product.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/nyaruka/phonenumbers"

	"contactprep/internal/batchgc"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: naive FILE COUNTRY REPS [PHONE COLUMN ...]")
		os.Exit(2)
	}
	// The same collector settings as the native engine, so that only the code differs.
	batchgc.Tune()
	reps, _ := strconv.Atoi(os.Args[3])
	var times []float64
	var rows, duplicates int
	for range max(reps, 1) {
		start := time.Now()
		n, d, err := run(os.Args[1], os.Args[2], os.Args[4:])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		times = append(times, float64(time.Since(start).Microseconds())/1000)
		rows, duplicates = n, d
	}
	slices.Sort(times)
	json.NewEncoder(os.Stdout).Encode(map[string]any{"rows": rows, "duplicate_ids": duplicates, "total_ms": times[len(times)/2], "reps": reps})
}

// run prepares file and returns its data rows and repeated Contact IDs.
func run(file, country string, phones []string) (rows, duplicates int, err error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return 0, 0, err
	}
	if len(records) == 0 {
		return 0, 0, nil
	}
	header := records[0]
	id := slices.Index(header, "Contact ID")
	var cols []int
	for _, p := range phones {
		if i := slices.Index(header, p); i >= 0 {
			cols = append(cols, i)
		}
	}
	seen := map[string]bool{}
	for _, r := range records[1:] {
		if id >= 0 && r[id] != "" {
			if seen[r[id]] {
				duplicates++
			}
			seen[r[id]] = true
		}
		for _, c := range cols {
			if r[c] == "" {
				continue
			}
			if num, err := phonenumbers.Parse(r[c], country); err == nil && phonenumbers.IsValidNumber(num) {
				r[c] = phonenumbers.Format(num, phonenumbers.E164)
			}
		}
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	if err := w.WriteAll(records); err != nil {
		return 0, 0, err
	}
	return len(records) - 1, duplicates, nil
}
