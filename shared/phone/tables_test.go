package phone

import (
	"bytes"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"contactprep/shared/phone/internal/phonegen"
	"contactprep/shared/phone/libphone"
)

// Tests compare the fast path with the library whatever the build tags say.
func init() {
	if fallback == nil {
		fallback = libphone.Parse
	}
}

// descs lists a region's number descriptions in the order of the desc constants.
func descs(m *phonenumbers.PhoneMetadata) []*phonenumbers.PhoneNumberDesc {
	return []*phonenumbers.PhoneNumberDesc{
		m.GetGeneralDesc(), m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(), m.GetVoip(),
		m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail(), m.GetFixedLine(), m.GetMobile(),
	}
}

// TestTablesUpToDate regenerates tables_gen.go from the linked phonenumbers:
// tables from another version of the library would make the fast path
// disagree with the slow one.
func TestTablesUpToDate(t *testing.T) {
	want, err := phonegen.Source()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(phonegen.FileName)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./shared/phone", phonegen.FileName)
	}
}

// TestTablesMatchLibrary checks what the generated tables say against the
// library's answers, as the code reading them understands them.
func TestTablesMatchLibrary(t *testing.T) {
	if got, want := Regions(), slices.Sorted(maps.Keys(phonenumbers.GetSupportedRegions())); !slices.Equal(got, want) {
		t.Errorf("Regions() = %v, want %v", got, want)
	}
	if maxInput != phonenumbers.MAX_INPUT_STRING_LENGTH || minNSN != phonenumbers.MIN_LENGTH_FOR_NSN ||
		maxNSN != phonenumbers.MAX_LENGTH_FOR_NSN || maxCountryCode != phonenumbers.MAX_LENGTH_COUNTRY_CODE {
		t.Error("limits differ from phonenumbers'")
	}
	for _, r := range []lengthResult{isPossible, invalidCountryCode, tooShort, tooLong, isPossibleLocalOnly, invalidLength} {
		lib := []phonenumbers.ValidationResult{phonenumbers.IS_POSSIBLE, phonenumbers.INVALID_COUNTRY_CODE, phonenumbers.TOO_SHORT,
			phonenumbers.TOO_LONG, phonenumbers.IS_POSSIBLE_LOCAL_ONLY, phonenumbers.INVALID_LENGTH}[r]
		if int(lib) != int(r) {
			t.Errorf("lengthResult %d is phonenumbers' %d", r, lib)
		}
	}
	ix := plans()
	for code := range phonenumbers.GetSupportedCallingCodes() {
		c := ix.byCountry[code]
		if c == nil {
			t.Errorf("+%d has no entry", code)
			continue
		}
		regions := phonenumbers.GetRegionCodesForCountryCode(code)
		if len(c.regions) != len(regions) {
			t.Errorf("+%d: %d regions, want %d", code, len(c.regions), len(regions))
			continue
		}
		for i, slot := range c.regions {
			if slot == nil || slot.meta.id != regions[i] || slot.meta.code != code {
				t.Errorf("+%d region %d is not %s", code, i, regions[i])
			}
		}
	}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range coll.GetMetadata() {
		g := &regionTable[i]
		if g.id != m.GetId() || g.code != int(m.GetCountryCode()) {
			t.Fatalf("regionTable[%d] is %s +%d, want %s +%d", i, g.id, g.code, m.GetId(), m.GetCountryCode())
		}
		for k, d := range descs(m) {
			if g.descs[k].pattern != d.GetNationalNumberPattern() || len(g.descs[k].lengths) != len(d.PossibleLength) {
				t.Errorf("%s desc %d differs", g.id, k)
				continue
			}
			for j, l := range d.PossibleLength {
				if length(g.descs[k].lengths, j) != int(l) {
					t.Errorf("%s desc %d length %d is %d, want %d", g.id, k, j, length(g.descs[k].lengths, j), l)
				}
			}
		}
		if g.internationalPrefix != m.GetInternationalPrefix() || g.nationalPrefixForParsing != m.GetNationalPrefixForParsing() ||
			g.nationalPrefixTransformRule != m.GetNationalPrefixTransformRule() || g.leadingDigits != m.GetLeadingDigits() ||
			g.sameMobileAndFixedLine != m.GetSameMobileAndFixedLinePattern() {
			t.Errorf("%s: prefixes or flags differ", g.id)
		}
	}
}

// TestNoFallback checks that a build without the library refuses to guess:
// plain numbers still work, the rest panic with ErrNoFallback.
func TestNoFallback(t *testing.T) {
	saved := fallback
	defer func() { fallback = saved }()
	fallback = nil
	n, err := New("US")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Normalize("(415) 555-2671"); got != norm("+14155552671") {
		t.Errorf("fast path without fallback: %+v", got)
	}
	defer func() {
		if r := recover(); r != ErrNoFallback {
			t.Errorf("recovered %v, want ErrNoFallback", r)
		}
	}()
	n.Normalize("Tel: 1-800-356-9377")
	t.Error("a labelled number was read without the library")
}
