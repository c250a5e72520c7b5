package phone

import (
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// FuzzNormalize checks that Normalize never panics and that every number it
// calls valid is E.164 that phonenumbers reads back to the same valid number.
func FuzzNormalize(f *testing.F) {
	normalizers := make([]*Normalizer, len(testRegions))
	for i, r := range testRegions {
		normalizers[i], _ = New(r)
	}
	f.Fuzz(func(t *testing.T, raw string, region uint8) {
		n := normalizers[int(region)%len(normalizers)]
		got := n.Normalize(raw)
		if again := n.Normalize(raw); again != got {
			t.Fatalf("Normalize(%q) = %+v, then %+v", raw, got, again)
		}
		switch got.Status {
		case Valid, Normalized:
			if !strings.HasPrefix(got.E164, "+") {
				t.Fatalf("Normalize(%q).E164 = %q, want a leading +", raw, got.E164)
			}
			num, err := phonenumbers.Parse(got.E164, n.Region())
			if err != nil || !phonenumbers.IsValidNumber(num) || phonenumbers.Format(num, phonenumbers.E164) != got.E164 {
				t.Fatalf("Normalize(%q).E164 = %q, which phonenumbers does not read back (%v)", raw, got.E164, err)
			}
			if (got.Status == Valid) != (raw == got.E164) {
				t.Fatalf("Normalize(%q) = %+v: Valid must mean unchanged", raw, got)
			}
			if strings.Trim(got.Extension, "0123456789") != "" {
				t.Fatalf("Normalize(%q).Extension = %q, want digits", raw, got.Extension)
			}
		case Empty, Invalid:
			if got.E164 != "" || got.Extension != "" || got.Vanity {
				t.Fatalf("Normalize(%q) = %+v: only a valid number has E164, Extension or Vanity", raw, got)
			}
			if (got.Status == Empty) != (unwrapExcelText(foldWidth(strings.TrimFunc(raw, isBlank))) == "") {
				t.Fatalf("Normalize(%q) = %+v: Empty must mean blank", raw, got)
			}
		default:
			t.Fatalf("Normalize(%q).Status = %d", raw, got.Status)
		}
	})
}
