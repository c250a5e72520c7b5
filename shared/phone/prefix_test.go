package phone

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestPrefixRegexp(t *testing.T) {
	for _, c := range []struct {
		pattern, digits string
		want            []int // regexp's FindStringSubmatchIndex; nil: no match at the start
	}{
		{`0|01`, "012", []int{0, 1}}, // the first alternative wins, not the longest
		{`01|0`, "012", []int{0, 2}},
		{`0(1)?`, "02", []int{0, 1, -1, -1}},
		{`0(1)?`, "012", []int{0, 2, 1, 2}},
		{`^(?:([457]\d{6})$|1)`, "4561234", []int{0, 7, 0, 7}},
		{`^(?:([457]\d{6})$|1)`, "14561234", []int{0, 1, -1, -1}},
		{`^(?:([457]\d{6})$|1)`, "45612345", nil},
		{`(?:0|90)(?:(1[245]|2[1-35])(\d{10,11}))?`, "0211234567890", []int{0, 13, 1, 3, 3, 13}},
		{`(?:0|90)(?:(1[245]|2[1-35])(\d{10,11}))?`, "021123", []int{0, 1, -1, -1, -1, -1}},
		{`\d*?1`, "0011", []int{0, 3}},
		{`(?:0*)*1`, "001", []int{0, 3}},
		{`1\b`, "12", nil},
		{`12\b`, "12", []int{0, 2}},
		{`2`, "12", nil}, // matched at the start only
		{``, "12", []int{0, 0}},
		{`00`, "0012", []int{0, 2}}, // plain strings are compared directly
		{`00`, "0", nil},
		{`011`, "0101", nil},
		{`[08]`, "70", nil}, // turned away on the first digit
		{`[08]`, "80", []int{0, 1}},
		{`1?`, "2", []int{0, 0}}, // can match nothing, so any first digit will do
		{`1?`, "", []int{0, 0}},
	} {
		re, err := compilePrefixRegexp(c.pattern)
		if err != nil {
			t.Fatalf("compilePrefixRegexp(%q): %v", c.pattern, err)
		}
		slots, ok := re.match([]byte(c.digits))
		if got := slots[:2*re.groups+2]; ok != (c.want != nil) || ok && !slices.Equal(got, c.want) {
			t.Errorf("%q on %q = %v %v, want %v", c.pattern, c.digits, got, ok, c.want)
		}
		if std := regexp.MustCompile(c.pattern).FindStringSubmatchIndex(c.digits); (std != nil && std[0] == 0) != (c.want != nil) || c.want != nil && !slices.Equal(std, c.want) {
			t.Errorf("the test is wrong: regexp finds %q in %q at %v", c.pattern, c.digits, std)
		}
	}
	for _, pattern := range []string{`(1)(2)(3)(4)`, `1(`} {
		if _, err := compilePrefixRegexp(pattern); err == nil {
			t.Errorf("compilePrefixRegexp(%q) accepted it", pattern)
		}
	}
}

// TestPrefixRegexpMatchesRegexp checks every international and national
// prefix pattern of the metadata against package regexp, used as
// phonenumbers uses it, on digits that start with likely prefixes.
func TestPrefixRegexpMatchesRegexp(t *testing.T) {
	d := loadDifferentialData(t)
	coll, _ := phonenumbers.MetadataCollection()
	rng := rand.New(rand.NewPCG(9, 10))
	checked := 0
	for _, m := range coll.GetMetadata() {
		if m.GetId() == regionNonGeo {
			continue
		}
		var inputs []string
		for range 40 {
			ex := d.examples[rng.IntN(len(d.examples))]
			head := d.idd[m.GetId()][rng.IntN(len(d.idd[m.GetId()]))]
			switch rng.IntN(4) {
			case 0:
				head = m.GetNationalPrefix()
			case 1:
				head = randomDigits(rng, rng.IntN(6))
			}
			inputs = append(inputs, head+ex.code+mutateDigits(rng, ex.nsn), head+mutateDigits(rng, ex.nsn))
		}
		// Each pattern as the plan compiles it and as phonenumbers does.
		patterns := [][2]string{{m.GetInternationalPrefix(), m.GetInternationalPrefix()}}
		if npp := m.GetNationalPrefixForParsing(); npp != "" {
			patterns = append(patterns, [2]string{npp, "^(?:" + npp + ")"})
		}
		for _, pair := range patterns {
			p := pair[0]
			re, err := compilePrefixRegexp(p)
			if err != nil {
				t.Fatalf("%s %q: %v", m.GetId(), p, err)
			}
			std := regexp.MustCompile(pair[1])
			for _, in := range inputs {
				want := std.FindStringSubmatchIndex(in)
				if want != nil && want[0] != 0 {
					want = nil // phonenumbers takes a match at the start only
				}
				slots, ok := re.match([]byte(in))
				if got := slots[:2*re.groups+2]; ok != (want != nil) || ok && !slices.Equal(got, want) {
					t.Errorf("%s %q on %q = %v %v, regexp finds %v", m.GetId(), p, in, got, ok, want)
				}
				checked++
			}
		}
	}
	t.Logf("%d prefix checks", checked)
}

func TestParseTemplate(t *testing.T) {
	for _, c := range []struct {
		rule string
		want []templatePart
	}{
		{"$1", []templatePart{{"", 1}}},
		{"268$1", []templatePart{{"268", 1}}},
		{"$2", []templatePart{{"", 2}}},
		{"9$1$2", []templatePart{{"9", 1}, {"", 2}}},
		{"$12", []templatePart{{"", 12}}}, // regexp reads the longest name
		{"0549", []templatePart{{"0549", -1}}},
	} {
		got, err := parseTemplate(c.rule)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("parseTemplate(%q) = %v, %v, want %v", c.rule, got, err, c.want)
		}
	}
	for _, rule := range []string{"${1}", "$a", "$1a", "x$1", "$$1", "$", "$123"} {
		if got, err := parseTemplate(rule); err == nil {
			t.Errorf("parseTemplate(%q) = %v, want it refused", rule, got)
		}
	}
}
