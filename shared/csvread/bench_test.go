package csvread

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// contactCSV generates about size bytes of contact-like CSV: mostly plain
// fields, with the quoting real exports produce (addresses with commas, notes
// with escaped quotes and line breaks).
func contactCSV(size int) []byte {
	first := []string{"Ann", "Bob", "Chloé", "Dmitri", "Eve", "François", "Grace", "Hiro"}
	last := []string{"Lee", "O'Brien", "Müller", "Ray", "Smith", "Nakamura", "García", "Okafor"}
	cities := []string{"Paris", "Berlin", "Springfield", "Dublin", "Osaka", "Lagos", "Madrid"}
	notes := []string{"", "", "", "VIP", `"Prefers ""Bob"", not Robert"`, "\"Call after 5pm\nleave message\"", `"Met at expo, 2024"`}
	rng := rand.New(rand.NewPCG(3, 5))
	var b bytes.Buffer
	b.WriteString("first_name,last_name,email,phone,mobile,company,address,city,postal_code,country,notes\r\n")
	for b.Len() < size {
		f, l := first[rng.IntN(len(first))], last[rng.IntN(len(last))]
		fmt.Fprintf(&b, "%s,%s,%s.%s@example.com,+1 555 %03d %04d,(555) %03d-%04d,Acme %d,\"%d Main St, Apt %d\",%s,%05d,US,%s\r\n",
			f, l, f, l, rng.IntN(1000), rng.IntN(10000), rng.IntN(1000), rng.IntN(10000), rng.IntN(100),
			rng.IntN(9999), rng.IntN(99), cities[rng.IntN(len(cities))], rng.IntN(100000), notes[rng.IntN(len(notes))])
	}
	return b.Bytes()
}

// BenchmarkRead reads an 8 MB contact file. Allocations per op are the
// Reader and the growth of its reused buffers, constant per file: none per
// record (TestReadSteadyStateAllocs asserts it).
func BenchmarkRead(b *testing.B) {
	data := contactCSV(8 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var records int
	for b.Loop() {
		r := NewReader(data, ',')
		records = 0
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			}
			records++
		}
	}
	b.ReportMetric(float64(records), "records/op")
}
