package csvread

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestMatchesEncodingCSV generates well-formed files — fields drawn from an
// alphabet rich in delimiters, quotes and line ends, quoted when they must be
// and at random otherwise — and checks that Reader and encoding/csv both read
// back exactly the generated records.
func TestMatchesEncodingCSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 2000 {
		comma := sniffCandidates[rng.IntN(len(sniffCandidates))]
		lineEnd := []string{"\n", "\r\n"}[rng.IntN(2)]
		want := randomRecords(rng)
		data := writeRecords(rng, want, comma, lineEnd)

		got := fields(readAll(t, data, comma))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("file %d (comma %q): csvread read\n%q\nwant\n%q\nfrom %q", i, comma, got, want, data)
		}
		stdGot, ok := stdRecords(data, comma)
		if !ok {
			t.Fatalf("file %d: encoding/csv rejects it: the generator wrote a malformed file", i)
		}
		if !reflect.DeepEqual(stdGot, want) {
			t.Fatalf("file %d (comma %q): encoding/csv read\n%q\nwant\n%q", i, comma, stdGot, want)
		}
	}
}

func randomRecords(rng *rand.Rand) [][]string {
	const alphabet = "aZ09 .-+@é✓\x00,;\t|\"\n"
	var records [][]string
	for range rng.IntN(20) {
		record := make([]string, 1+rng.IntN(6))
		for i := range record {
			var b strings.Builder
			for range rng.IntN(8) {
				r := []rune(alphabet)
				b.WriteRune(r[rng.IntN(len(r))])
			}
			record[i] = b.String()
		}
		records = append(records, record)
	}
	return records
}

// writeRecords writes records as CSV, quoting a field when it needs it and at
// random otherwise. A record of one empty field is written as "" because
// encoding/csv skips empty lines.
func writeRecords(rng *rand.Rand, records [][]string, comma byte, lineEnd string) []byte {
	var b bytes.Buffer
	for i, record := range records {
		for j, f := range record {
			if j > 0 {
				b.WriteByte(comma)
			}
			needs := strings.ContainsAny(f, string(comma)+"\"\r\n") || len(record) == 1 && f == ""
			if needs || rng.IntN(4) == 0 {
				b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
			} else {
				b.WriteString(f)
			}
		}
		if i < len(records)-1 || rng.IntN(2) == 0 {
			b.WriteString(lineEnd)
		}
	}
	return b.Bytes()
}

// stdRecords reads data with encoding/csv in its strict mode, or reports false
// if encoding/csv rejects it.
func stdRecords(data []byte, comma byte) ([][]string, bool) {
	std := csv.NewReader(bytes.NewReader(data))
	std.Comma = rune(comma)
	std.FieldsPerRecord = -1
	var out [][]string
	for {
		rec, err := std.Read()
		if err == io.EOF {
			return out, true
		}
		if err != nil {
			return nil, false
		}
		out = append(out, rec)
	}
}
