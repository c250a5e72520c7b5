package phone

import (
	"strconv"
	"strings"
	"sync"
	"testing"
)

func norm(e164 string) Result { return Result{E164: e164, Status: Normalized} }

func withExt(e164, ext string) Result { return Result{E164: e164, Extension: ext, Status: Normalized} }

func damaged(r Result, d Damage) Result { r.Damage = d; return r }

func vanity(e164 string) Result { return Result{E164: e164, Status: Normalized, Vanity: true} }

var (
	valid   = func(e164 string) Result { return Result{E164: e164, Status: Valid} }
	invalid = Result{Status: Invalid}
	empty   = Result{Status: Empty}
)

type normalizeCase struct {
	region, raw string
	want        Result
}

func runCases(t *testing.T, cases []normalizeCase) {
	t.Helper()
	normalizers := map[string]*Normalizer{}
	for _, c := range cases {
		n := normalizers[c.region]
		if n == nil {
			var err error
			if n, err = New(c.region); err != nil {
				t.Fatal(err)
			}
			normalizers[c.region] = n
		}
		if got := n.Normalize(c.raw); got != c.want {
			t.Errorf("%s Normalize(%q) = %+v, want %+v", c.region, c.raw, got, c.want)
		}
	}
}

func TestNormalizeShapes(t *testing.T) {
	runCases(t, []normalizeCase{
		{"US", "(415) 555-2671", norm("+14155552671")},
		{"US", "415.555.2671", norm("+14155552671")},
		{"US", "415 555 2671", norm("+14155552671")},
		{"US", "1-415-555-2671", norm("+14155552671")},
		{"US", "+1 415 555 2671", norm("+14155552671")},
		{"US", "+14155552671", valid("+14155552671")},
		{"US", " +14155552671", norm("+14155552671")},
		{"US", "\u00a0+14155552671\u00a0\t", norm("+14155552671")},
		{"US", "\u200b415-555-2671\ufeff", norm("+14155552671")},
		{"US", "011 44 20 7946 0958", norm("+442079460958")},
		{"US", "+44 (0)20 7946 0958", norm("+442079460958")},
		{"US", "001 415 555 2671", invalid}, // 00 is not an international prefix from the US
		{"US", "Tel: 415 555 2671", norm("+14155552671")},
		{"US", "４１５－５５５－２６７１", norm("+14155552671")},
		{"US", "415 555 267", invalid},
		{"US", "555 2671", invalid},
		{"US", "+1 415 555 26712", invalid},
		{"US", "", empty},
		{"US", "   ", empty},
		{"US", "\u00a0\u3000\t", empty},
		{"US", "'", empty},
		{"US", "call me", invalid},
		{"US", "n/a", invalid},
		{"US", "unknown", invalid},
		{"US", "-", invalid},
		{"US", "+", invalid},

		{"GB", "020 7946 0958", norm("+442079460958")},
		{"GB", "+44 (0)20 7946 0958", norm("+442079460958")},
		{"GB", "+44 20 7946 0958", norm("+442079460958")},
		{"GB", "0044 20 7946 0958", norm("+442079460958")},
		{"GB", "00 1 415 555 2671", norm("+14155552671")},
		{"GB", "001 415 555 2671", norm("+14155552671")},
		{"GB", "07400 123456", norm("+447400123456")},
		{"GB", "7400 123456", norm("+447400123456")}, // the trunk 0 is optional to phonenumbers
		{"GB", "+442079460958", valid("+442079460958")},
		{"GB", "020 7946 095", invalid},
		{"GB", "(415) 555-2671", invalid},

		{"DE", "030 123456", norm("+4930123456")},
		{"DE", "(030) 1234-5678", norm("+493012345678")},
		{"DE", "+49 (0)30 12345678", norm("+493012345678")},
		{"DE", "0049 30 12345678", norm("+493012345678")},
		{"DE", "0151 23456789", norm("+4915123456789")},
		{"DE", "+1 415 555 2671", norm("+14155552671")},
		{"DE", "0151", invalid},

		{"FR", "01 23 45 67 89", norm("+33123456789")},
		{"FR", "06.12.34.56.78", norm("+33612345678")},
		{"FR", "+33 6 12 34 56 78", norm("+33612345678")},
		{"FR", "0033 6 12 34 56 78", norm("+33612345678")},
		{"FR", "+33 (0)6 12 34 56 78", norm("+33612345678")},
		{"FR", "06 12 34 56", invalid},

		{"AU", "'0412 345 678", norm("+61412345678")},
		{"AU", "\u20190412 345 678", norm("+61412345678")},
		{"AU", `="0412 345 678"`, norm("+61412345678")},
		{"AU", "0412 345 678", norm("+61412345678")},
		{"AU", "(02) 9876 5432", norm("+61298765432")},
		{"AU", "+61 412 345 678", norm("+61412345678")},
		{"AU", "0011 44 20 7946 0958", norm("+442079460958")},
		{"AU", "0011 1 415 555 2671", norm("+14155552671")},
		{"AU", "0412 345", invalid},

		{"JP", "03-1234-5678", norm("+81312345678")},
		{"JP", "090-1234-5678", norm("+819012345678")},
		{"JP", "０３－１２３４－５６７８", norm("+81312345678")},
		{"JP", "＋８１\u3000３\u3000１２３４\u3000５６７８", norm("+81312345678")},
		{"JP", "010 1 415 555 2671", norm("+14155552671")},
		{"JP", "415 555 2671", invalid},

		{"IN", "98765 43210", norm("+919876543210")},
		{"IN", "098765 43210", norm("+919876543210")},
		{"IN", "+91 98765 43210", norm("+919876543210")},
		{"IN", "00 44 20 7946 0958", norm("+442079460958")},
		{"IN", "98765 4321", invalid},

		{"BR", "(11) 91234-5678", norm("+5511912345678")},
		{"BR", "+55 11 91234-5678", norm("+5511912345678")},
		{"BR", "11 2345-6789", norm("+551123456789")},
		{"BR", "0021 1 415 555 2671", norm("+14155552671")}, // Brazil dials out through a carrier code
		{"BR", "00 1 415 555 2671", invalid},

		{"NL", "020 123 4567", norm("+31201234567")},
		{"NL", "06 12345678", norm("+31612345678")},
		{"NL", "+31 6 12345678", norm("+31612345678")},
		{"NL", "0031 20 123 4567", norm("+31201234567")},
		{"NL", "06 1234567", invalid},

		{"ZA", "082 123 4567", norm("+27821234567")},
		{"ZA", "021 123 4567", norm("+27211234567")},
		{"ZA", "+27 82 123 4567", norm("+27821234567")},
		{"ZA", "0027 21 123 4567", norm("+27211234567")},
		{"ZA", "082 123 4567 89", invalid},
	})
}

func TestNormalizeExtensions(t *testing.T) {
	runCases(t, []normalizeCase{
		{"US", "415-555-2671 x123", withExt("+14155552671", "123")},
		{"US", "415-555-2671x123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 X123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 ext. 123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 Ext.123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 ext 123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 EXT: 123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 #123", withExt("+14155552671", "123")},
		{"US", "415-555-2671;ext=123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 extension 123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 x123.", withExt("+14155552671", "123")},
		{"US", "+1 415 555 2671 ｅｘｔ １２３", withExt("+14155552671", "123")},
		{"US", "(530) 583-6985 x302/x2303", withExt("+15305836985", "302")},
		{"US", "+14155552671 x7", withExt("+14155552671", "7")},
		{"GB", "020 7946 0958 ext. 4410", withExt("+442079460958", "4410")},
		{"DE", "030 123456 x 12", withExt("+4930123456", "12")},
		{"AU", "(02) 9876 5432 ext 3", withExt("+61298765432", "3")},
		{"US", "tel:+1-415-555-2671;ext=123", withExt("+14155552671", "123")},
		{"US", "tel:415-555-2671;ext=123;phone-context=+1", withExt("+14155552671", "123")},
		{"US", "415-555-2671;ext=123;isub=4", withExt("+14155552671", "123")},
		{"US", "415-555-2671 x٤٥", withExt("+14155552671", "45")}, // Arabic-Indic digits
		{"US", "415-555-2671 x१२", invalid},                       // Devanagari digits, as phonenumbers treats the number
		{"US", "१२३ 555 2671", invalid},
		// The extension goes with the number: none is reported when the number is invalid.
		{"US", "415-555-267 x123", invalid},
	})
}

func TestNormalizeVanity(t *testing.T) {
	runCases(t, []normalizeCase{
		{"US", "1-800-FLOWERS", vanity("+18003569377")},
		{"US", "1-800-flowers", vanity("+18003569377")},
		{"US", "1-800-GOT-JUNK", vanity("+18004685865")},
		{"US", "+1 800 FLOWERS", vanity("+18003569377")},
		{"US", "1-800-FLOWERS x12", Result{E164: "+18003569377", Extension: "12", Status: Normalized, Vanity: true}},
		{"GB", "0800 BUY NOW", vanity("+44800289669")},
		{"AU", "1800 MY TAXI", vanity("+611800698294")},
		// Words are a note, not letters on a keypad.
		{"US", "1 800 flowers", invalid},
		{"AU", "0412 call me", invalid},
		{"US", "212 not known", invalid},
		{"AU", "0412 345 678 (mobile)", invalid},
		{"US", "call me after 5pm", invalid},
		// One or two stray letters are dropped, as phonenumbers does.
		{"US", "415 555 2671 b", norm("+14155552671")},
	})
}

func TestNormalizeExcelDamage(t *testing.T) {
	runCases(t, []normalizeCase{
		{"US", "4.155552671E+9", damaged(norm("+14155552671"), Scientific)},
		{"US", "4.155552671e+09", damaged(norm("+14155552671"), Scientific)},
		{"US", "4,155552671E+9", damaged(norm("+14155552671"), Scientific)},
		{"US", "4.155552671E9", damaged(norm("+14155552671"), Scientific)},
		{"US", "1.4155552671E+10", damaged(norm("+14155552671"), Scientific)},
		{"GB", "4.42079460958E+11", damaged(norm("+442079460958"), Scientific)},
		{"GB", "+4.42079460958E+11", damaged(norm("+442079460958"), Scientific)},
		{"US", "4.47E+11", damaged(invalid, Scientific)},       // digits rounded away
		{"US", "4.15555267E+9", damaged(invalid, Scientific)},  // the last digit is a padded zero
		{"US", "4.155552671E+5", damaged(invalid, Scientific)}, // not a whole number
		{"US", "4.155552671E-9", damaged(invalid, Scientific)},
		{"US", "4.42079460958E+11", damaged(invalid, Scientific)}, // complete, but not valid from the US
		{"US", "1.5E+123", damaged(invalid, Scientific)},
		{"US", "0E+0", damaged(invalid, Scientific)},
		{"US", "4155552671.0", damaged(norm("+14155552671"), DecimalZero)},
		{"US", "4155552671,00", damaged(norm("+14155552671"), DecimalZero)},
		{"US", "14155552671.000", damaged(norm("+14155552671"), DecimalZero)},
		{"GB", "7400123456.0", damaged(norm("+447400123456"), DecimalZero)},
		{"US", "415555267.0", damaged(invalid, DecimalZero)},
		{"US", "4155552671.5", invalid}, // not float formatting: read as typed, too long
		{"IT", "612345678", damaged(norm("+390612345678"), LostLeadingZero)},
		{"IT", "612345678,0", damaged(norm("+390612345678"), LostLeadingZero)},
		{"IT", "0612345678", norm("+390612345678")},
		{"US", "11442079460958", damaged(norm("+442079460958"), LostLeadingZero)}, // 011 44 …
		{"IT", "6123", invalid},
		{"IT", "612 345 678", invalid}, // typed with spaces: it was text, no zero was lost
		{"GB", "2079460958", norm("+442079460958")},
	})
}

func TestNewRegion(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"US", "US", true}, {"us", "US", true}, {"gB", "GB", true}, {"za", "ZA", true},
		{"", "", false}, {"XX", "", false}, {"ZZ", "", false}, {"001", "", false}, {"USA", "", false},
	} {
		n, err := New(c.in)
		if (err == nil) != c.ok {
			t.Errorf("New(%q) error = %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && n.Region() != c.want {
			t.Errorf("New(%q).Region() = %q, want %q", c.in, n.Region(), c.want)
		}
	}
}

func TestZeroNormalizer(t *testing.T) {
	var n Normalizer
	for _, c := range []struct {
		raw  string
		want Result
	}{
		{"+14155552671", valid("+14155552671")},
		{"+44 20 7946 0958 x12", withExt("+442079460958", "12")},
		{"(415) 555-2671", invalid},
		{"4155552671.0", damaged(invalid, DecimalZero)},
		{" ", empty},
	} {
		if got := n.Normalize(c.raw); got != c.want {
			t.Errorf("zero Normalizer: Normalize(%q) = %+v, want %+v", c.raw, got, c.want)
		}
	}
	if n.Region() != "" {
		t.Errorf("zero Normalizer: Region() = %q, want none", n.Region())
	}
}

func TestStrings(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{NoDamage.String(), "none"}, {Scientific.String(), "scientific"},
		{DecimalZero.String(), "decimal_zero"}, {LostLeadingZero.String(), "lost_leading_zero"},
		{Damage(9).String(), "damage(9)"},
		{Empty.String(), "empty"}, {Valid.String(), "valid"}, {Normalized.String(), "normalized"},
		{Invalid.String(), "invalid"}, {Status(9).String(), "status(9)"},
	} {
		if c.got != c.want {
			t.Errorf("String() = %q, want %q", c.got, c.want)
		}
	}
}

func TestMemo(t *testing.T) {
	n, _ := New("GB")
	cases := []struct {
		raw      string
		memoised bool // needs phonenumbers itself; plain numbers take the fast path every time
	}{
		{"020 7946 0958", false},
		{"'0412", false},
		{"4.47E+11", false},
		{" ", false},
		{"020 7946 0958 x12", false},
		{"0800 BUY NOW", false},
		{"0800 flowers", true},
		{"Tel: 020 7946 0958", true},
		{"020 7946 0958 ext 12#", true},
	}
	memoised := 0
	for _, c := range cases {
		first := n.Normalize(c.raw)
		if again := n.Normalize(c.raw); again != first {
			t.Errorf("Normalize(%q) = %+v, then %+v", c.raw, first, again)
		}
		fresh, _ := New("GB")
		if uncached, _ := fresh.normalize(c.raw, true); uncached != first {
			t.Errorf("Normalize(%q) cached %+v, computed %+v", c.raw, first, uncached)
		}
		if _, ok := n.cache[c.raw]; ok != c.memoised {
			t.Errorf("Normalize(%q) memoised: %v, want %v", c.raw, ok, c.memoised)
		}
		if c.memoised {
			memoised++
		}
	}
	if len(n.cache) != memoised {
		t.Errorf("cache holds %d entries, want %d", len(n.cache), memoised)
	}
}

func TestMemoIsBounded(t *testing.T) {
	n, _ := New("US")
	for i := range cacheLimit + 10 {
		// Lower-case words after digits: the slow path, whose answers are
		// memoised, and each quickly invalid.
		n.Normalize("12 " + strings.Map(func(r rune) rune { return 'a' + r - '0' }, strconv.Itoa(i)) + " later")
		if len(n.cache) > cacheLimit {
			t.Fatalf("cache grew to %d entries, limit %d", len(n.cache), cacheLimit)
		}
	}
	if len(n.cache) == 0 || len(n.cache) >= cacheLimit {
		t.Errorf("cache holds %d entries after passing the limit, want it restarted", len(n.cache))
	}
	for _, c := range []struct {
		raw  string
		want Result
	}{
		{strings.Repeat("1", maxInput+1), invalid},
		{strings.Repeat(" ", maxInput) + "4155552671", norm("+14155552671")},
	} {
		if got := n.Normalize(c.raw); got != c.want {
			t.Errorf("Normalize(%d bytes) = %+v, want %+v", len(c.raw), got, c.want)
		}
		if _, ok := n.cache[c.raw]; ok {
			t.Errorf("a %d-byte value, longer than phonenumbers accepts, was cached", len(c.raw))
		}
	}
}

func TestNormalizeConcurrent(t *testing.T) {
	n, _ := New("US")
	inputs := []string{"(415) 555-2671", "1-800-FLOWERS", "4.155552671E+9", "n/a", "+44 20 7946 0958 x4"}
	want := make([]Result, len(inputs))
	for i, raw := range inputs {
		want[i], _ = n.normalize(raw, true)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % len(inputs)
				if got := n.Normalize(inputs[k]); got != want[k] {
					t.Errorf("Normalize(%q) = %+v, want %+v", inputs[k], got, want[k])
					return
				}
			}
		})
	}
	wg.Wait()
}
