package phone

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestDigitDFA(t *testing.T) {
	d, err := compileDigitDFA([]string{`\d{3}`, `1(?:2|34)`, ``, `[2-9]\d?`, `(?:0|1)*`}, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		digits        string
		whole, prefix uint32
	}{
		{"", 0b10100, 0b10100},
		{"1", 0b10000, 0b10100},
		{"12", 0b00010, 0b10110},
		{"123", 0b00001, 0b10111},
		{"134", 0b00011, 0b10111},
		{"1345", 0b00000, 0b10111},
		{"5", 0b01000, 0b11100},
		{"56", 0b01000, 0b11100},
		{"567", 0b00001, 0b11101},
		{"0", 0b10000, 0b10100},
		{"0110", 0b10000, 0b10101},
		{"9999", 0, 0b11101},
	} {
		whole, prefix := d.runPrefixes([]byte(c.digits))
		if whole != c.whole || prefix != c.prefix {
			t.Errorf("run(%q) = %05b, %05b, want %05b, %05b", c.digits, whole, prefix, c.whole, c.prefix)
		}
	}

	for _, c := range []struct {
		pattern string
		want    error
	}{
		{`^1`, errUnsupported},
		{`1\b`, errUnsupported},
		{`\d{40}`, errTooManyStates},
	} {
		if _, err := compileDigitDFA([]string{c.pattern}, 30); !errors.Is(err, c.want) {
			t.Errorf("compileDigitDFA(%q) error = %v, want %v", c.pattern, err, c.want)
		}
	}
	if _, err := compileDigitDFA([]string{`1(`}, 30); err == nil {
		t.Error("compileDigitDFA accepted a malformed pattern")
	}
	if d, err := compileDigitDFA([]string{`[^\d\D]`}, 30); err != nil {
		t.Errorf("a pattern matching nothing: %v", err)
	} else if whole, prefix := d.runPrefixes([]byte("1")); whole|prefix != 0 {
		t.Errorf("a pattern matching nothing matched: %b %b", whole, prefix)
	}
}

// TestDigitDFAMatchesRegexp checks every national number pattern and leading
// digits pattern of the metadata against package regexp, as phonenumbers
// applies them, on example numbers, their prefixes and damaged variants.
func TestDigitDFAMatchesRegexp(t *testing.T) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	checked := 0
	for _, m := range coll.GetMetadata() {
		var patterns []string
		var inputs []string
		for _, desc := range descs(m) {
			patterns = append(patterns, desc.GetNationalNumberPattern())
			if ex := desc.GetExampleNumber(); ex != "" {
				inputs = append(inputs, ex, ex[:len(ex)-1], ex+"0", mutateDigits(rng, ex), mutateDigits(rng, ex))
			}
		}
		for range 6 {
			inputs = append(inputs, randomDigits(rng, rng.IntN(18)))
		}
		inputs = append(inputs, "")
		leading := m.GetLeadingDigits()
		patterns = append(patterns, leading)
		d, err := compileDigitDFA(patterns, maxPlanStates)
		if err != nil {
			t.Fatalf("%s: %v", m.GetId(), err)
		}
		for k, p := range patterns {
			whole := regexp.MustCompile("^(?:" + p + ")$")
			prefix := regexp.MustCompile("^(?:" + p + ")")
			for _, in := range inputs {
				gotWhole, gotPrefix := d.runPrefixes([]byte(in))
				if d.run([]byte(in)) != gotWhole {
					t.Errorf("%s on %q: run and runPrefixes differ", m.GetId(), in)
				}
				if gotWhole&(1<<k) != 0 != whole.MatchString(in) {
					t.Errorf("%s pattern %d %q on %q: DFA says %v", m.GetId(), k, p, in, gotWhole&(1<<k) != 0)
				}
				if k == leadingBit && leading != "" && gotPrefix&(1<<k) != 0 != prefix.MatchString(in) {
					t.Errorf("%s leading digits %q on %q: DFA says %v", m.GetId(), p, in, gotPrefix&(1<<k) != 0)
				}
				checked++
			}
		}
	}
	t.Logf("%d pattern checks", checked)
}
