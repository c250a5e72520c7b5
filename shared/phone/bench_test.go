package phone

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
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
// with fresh Normalizers, so "distinct" measures the parsing plus our
// preparation, "repeats" the memo, and "mixed" a realistic sheet.
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
			benchNormalize(b, benchColumn(bc.size, bc.distinct))
		})
	}
}

// benchNormalize normalises column over and over, with fresh Normalizers for
// every pass, after an untimed pass that builds what is built once per
// process (the regions' tables).
func benchNormalize(b *testing.B, column []typedNumber) {
	for _, typed := range column {
		warm, _ := New(typed.region)
		warm.Normalize(typed.raw)
	}
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
}

// shapeColumn is a column of distinct numbers of one typed shape, made from
// the metadata's example numbers of the test regions with their last digits
// varied (most stay valid). shape returns the text and the region it is read
// from, or no text to skip the number.
func shapeColumn(size int, shape func(region string, num *phonenumbers.PhoneNumber) typedNumber) []typedNumber {
	rng := rand.New(rand.NewPCG(5, 6))
	column := make([]typedNumber, 0, size)
	for len(column) < size {
		region := testRegions[rng.IntN(len(testRegions))]
		example := phonenumbers.GetExampleNumberForType(region, numberTypes[rng.IntN(2)])
		if example == nil {
			continue
		}
		nsn := []byte(phonenumbers.GetNationalSignificantNumber(example))
		for i := len(nsn) - 3; i < len(nsn); i++ {
			nsn[i] = byte('0' + rng.IntN(10))
		}
		num := &phonenumbers.PhoneNumber{}
		if phonenumbers.ParseToNumber("+"+strconv.Itoa(int(example.GetCountryCode()))+string(nsn), region, num) != nil {
			continue
		}
		if typed := shape(region, num); typed.raw != "" {
			column = append(column, typed)
		}
	}
	return column
}

// BenchmarkNormalizeShapes reports ns per distinct value for the shapes most
// cells have; every pass starts with fresh Normalizers, so nothing is memoised.
func BenchmarkNormalizeShapes(b *testing.B) {
	format := func(f phonenumbers.PhoneNumberFormat) func(string, *phonenumbers.PhoneNumber) typedNumber {
		return func(region string, num *phonenumbers.PhoneNumber) typedNumber {
			return typedNumber{region: region, raw: phonenumbers.Format(num, f)}
		}
	}
	usOnly := func(f func(num *phonenumbers.PhoneNumber) string) func(string, *phonenumbers.PhoneNumber) typedNumber {
		return func(region string, num *phonenumbers.PhoneNumber) typedNumber {
			if region != "US" {
				return typedNumber{}
			}
			return typedNumber{region: region, raw: f(num)}
		}
	}
	for _, bc := range []struct {
		name  string
		shape func(region string, num *phonenumbers.PhoneNumber) typedNumber
	}{
		{"e164", format(phonenumbers.E164)},
		{"nanp", usOnly(func(num *phonenumbers.PhoneNumber) string { return phonenumbers.Format(num, phonenumbers.NATIONAL) })},
		{"nanp-dots", usOnly(func(num *phonenumbers.PhoneNumber) string {
			return strings.NewReplacer("(", "", ") ", ".", "-", ".").Replace(phonenumbers.Format(num, phonenumbers.NATIONAL))
		})},
		{"national", format(phonenumbers.NATIONAL)},
		{"international", format(phonenumbers.INTERNATIONAL)},
		{"idd", func(region string, num *phonenumbers.PhoneNumber) typedNumber {
			// Dialled from another test region, through its international prefix.
			from := testRegions[(len(region)+int(num.GetNationalNumber()))%len(testRegions)]
			intl := strings.TrimPrefix(phonenumbers.Format(num, phonenumbers.INTERNATIONAL), "+")
			return typedNumber{region: from, raw: internationalPrefix[from] + " " + intl}
		}},
		{"extension", usOnly(func(num *phonenumbers.PhoneNumber) string {
			return phonenumbers.Format(num, phonenumbers.NATIONAL) + " x" + strconv.Itoa(int(num.GetNationalNumber()%1000))
		})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			benchNormalize(b, shapeColumn(4096, bc.shape))
		})
	}
}
