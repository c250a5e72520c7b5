package phone

import (
	"math/rand/v2"
	"testing"
)

// benchColumn is a phone column as a sheet holds it: numbers typed in many
// shapes for several regions, where a share of values repeat (switchboards,
// shared office lines) and the rest are distinct.
func benchColumn(size, distinct int) []typedNumber {
	rng := rand.New(rand.NewPCG(3, 4))
	pool := make([]typedNumber, distinct)
	for i := range pool {
		pool[i] = generateTyped(rng)
	}
	column := make([]typedNumber, size)
	for i := range column {
		if i < distinct {
			column[i] = pool[i]
		} else {
			column[i] = pool[rng.IntN(distinct)]
		}
	}
	rng.Shuffle(len(column), func(i, j int) { column[i], column[j] = column[j], column[i] })
	return column
}

// BenchmarkNormalize reports ns per value. Every pass over the column starts
// with fresh Normalizers, so "distinct" measures phonenumbers' parsing plus
// our preparation, "repeats" the memo, and "mixed" a realistic sheet.
func BenchmarkNormalize(b *testing.B) {
	for _, bc := range []struct {
		name           string
		size, distinct int
	}{
		{"distinct", 4096, 4096},
		{"mixed", 4096, 3072},
		{"repeats", 4096, 64},
	} {
		b.Run(bc.name, func(b *testing.B) {
			column := benchColumn(bc.size, bc.distinct)
			normalizers := map[string]*Normalizer{}
			i := 0
			for b.Loop() {
				if i%len(column) == 0 {
					for _, r := range testRegions {
						normalizers[r], _ = New(r)
					}
				}
				typed := column[i%len(column)]
				normalizers[typed.region].Normalize(typed.raw)
				i++
			}
		})
	}
}
