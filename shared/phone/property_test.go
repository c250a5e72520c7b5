package phone

import (
	"math/rand/v2"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// expected is what the rules say Normalize must return for t: phonenumbers'
// own reading of the clean text, plus the spreadsheet repairs.
func expected(t typedNumber) Result {
	if t.clean != "" {
		if e164, ok := parseValid(t.clean, t.region); ok {
			r := Result{E164: e164, Extension: t.ext, Status: Normalized, Damage: t.damage, Vanity: t.vanity}
			if e164 == t.raw {
				r.Status = Valid
			}
			return r
		}
		if t.numeric && t.damage != Scientific && t.clean[0] != '0' {
			if e164, ok := parseValid("0"+t.clean, t.region); ok {
				return Result{E164: e164, Status: Normalized, Damage: LostLeadingZero}
			}
		}
	}
	return Result{Status: Invalid, Damage: t.damage}
}

func parseValid(text, region string) (string, bool) {
	num, err := phonenumbers.Parse(text, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

// TestMatchesPhonenumbers checks, over generated inputs, that whatever
// Normalize strips, converts or expands, its E164 is phonenumbers' E.164 for
// the clean text the input was made from.
func TestMatchesPhonenumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	normalizers := map[string]*Normalizer{}
	for _, r := range testRegions {
		normalizers[r], _ = New(r)
	}
	count := map[string]int{}
	const inputs = 4000
	for range inputs {
		typed := generateTyped(rng)
		got := normalizers[typed.region].Normalize(typed.raw)
		if want := expected(typed); got != want {
			t.Errorf("%s Normalize(%q) = %+v, want %+v (clean %q)", typed.region, typed.raw, got, want, typed.clean)
		}
		count[got.Status.String()]++
		if got.Damage != NoDamage {
			count[got.Damage.String()]++
		}
		if got.Vanity {
			count["vanity"]++
		}
		if got.Extension != "" {
			count["extension"]++
		}
		// Where phonenumbers reads the raw text as it is, Normalize agrees.
		if typed.native {
			count["native"]++
			num, err := phonenumbers.Parse(typed.raw, typed.region)
			if err == nil && phonenumbers.IsValidNumber(num) {
				if e164 := phonenumbers.Format(num, phonenumbers.E164); got.E164 != e164 || got.Extension != num.GetExtension() {
					t.Errorf("%s Normalize(%q) = %+v, phonenumbers reads %s ext %q", typed.region, typed.raw, got, e164, num.GetExtension())
				}
			}
		}
	}
	// The generator must exercise every path, or the checks above prove little.
	for _, k := range []string{"valid", "invalid", "scientific", "decimal_zero", "lost_leading_zero", "vanity", "extension", "native"} {
		if count[k] < inputs/200 {
			t.Errorf("only %d of %d generated inputs were %s", count[k], inputs, k)
		}
	}
	if count["normalized"] < inputs/3 {
		t.Errorf("only %d of %d generated inputs were normalized", count["normalized"], inputs)
	}
	t.Logf("%d inputs: %v", inputs, count)
}
