package phone

import (
	"strconv"
	"strings"
	"sync"
)

// plan is one region's numbering plan compiled from phonenumbers' metadata
// into tables the fast path reads without regexps: a DFA over all number
// type patterns at once, the possible lengths as bit masks, and the prefix
// patterns for a backtracker that picks the matches regexp would.
type plan struct {
	code     int    // country calling code
	codeText string // the code in digits: "44"

	types *digitDFA // the descs in descs' order, then the leading digits if any
	// byLength[n]: the descs whose possible lengths allow n digits (all of
	// them for a desc that lists none, as phonenumbers reads an empty list).
	byLength [maxNSN + 1]uint32
	// validTypes: the descs after the general one whose match makes a number
	// valid, in getNumberTypeHelper's terms (mobile only when its pattern is
	// not the fixed line one).
	validTypes uint32
	leading    bool // the region has leading digits telling it apart from others sharing its code

	// lengthCheck[n] is testNumberLength(n digits, UNKNOWN) for n up to maxDigits.
	lengthCheck [maxDigits + 1]lengthResult

	international *prefixRegexp  // nil for non-geographic entities, which have none
	national      *prefixRegexp  // the national prefix for parsing, nil when there is none
	transform     []templatePart // the national prefix transform rule, nil when there is none
}

// The descs in the order getNumberTypeHelper tries them; bit k of the DFA's
// masks is desc k, and bit leadingBit the region's leading digits.
const (
	generalDesc = iota
	premiumRateDesc
	tollFreeDesc
	sharedCostDesc
	voipDesc
	personalNumberDesc
	pagerDesc
	uanDesc
	voicemailDesc
	fixedLineDesc
	mobileDesc
	leadingBit
	descCount = leadingBit // the descs of a region in regionTable
)

// lengthResult is phonenumbers' ValidationResult, as testNumberLength gives it.
type lengthResult uint8

const (
	isPossible lengthResult = iota
	invalidCountryCode
	tooShort
	tooLong
	isPossibleLocalOnly
	invalidLength
)

const (
	maxDigits = 24 // the most digits the fast path reads: IDD, country code and number
	// maxPlanStates bounds one region's DFA; the largest in the metadata has
	// about 500 states, so this only guards against future metadata.
	maxPlanStates = 1 << 14
)

// compilePlan builds the tables for one region's metadata ("001" for a
// non-geographic entity such as +800). An error means the metadata has
// something the tables do not cover; numbers of the region then go to
// phonenumbers.
func compilePlan(m *regionMeta) (*plan, error) {
	if m.missingDesc {
		return nil, errUnsupported // phonenumbers itself would fail on it
	}
	p := &plan{code: m.code}
	p.codeText = strconv.Itoa(p.code)
	var patterns []string
	for k, d := range m.descs {
		patterns = append(patterns, d.pattern)
		for n := range p.byLength {
			if len(d.lengths) == 0 || hasLength(d.lengths, n) {
				p.byLength[n] |= 1 << k
			}
		}
	}
	if ld := m.leadingDigits; ld != "" {
		patterns = append(patterns, ld)
		p.leading = true
	}
	var err error
	if p.types, err = compileDigitDFA(patterns, maxPlanStates); err != nil {
		return nil, err
	}
	p.validTypes = 1<<premiumRateDesc | 1<<tollFreeDesc | 1<<sharedCostDesc | 1<<voipDesc |
		1<<personalNumberDesc | 1<<pagerDesc | 1<<uanDesc | 1<<voicemailDesc | 1<<fixedLineDesc
	if !m.sameMobileAndFixedLine {
		p.validTypes |= 1 << mobileDesc
	}

	general := m.descs[generalDesc]
	if len(general.lengths) == 0 {
		return nil, errUnsupported // testNumberLength would index an empty list
	}
	for n := range p.lengthCheck {
		p.lengthCheck[n] = testLength(general.lengths, m.localOnly, n)
	}

	if m.id != regionNonGeo {
		// parseHelper looks the prefix up with regexFor(pattern) and
		// accepts only a match at the very start.
		if p.international, err = compilePrefixRegexp(m.internationalPrefix); err != nil {
			return nil, err
		}
	}
	if npp := m.nationalPrefixForParsing; npp != "" {
		// phonenumbers matches "^(?:" + npp + ")": at the start, as prefixRegexp does.
		if p.national, err = compilePrefixRegexp(npp); err != nil {
			return nil, err
		}
		if rule := m.nationalPrefixTransformRule; rule != "" {
			if p.transform, err = parseTemplate(rule); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// hasLength reports whether lengths, possible lengths one a byte as
// regionTable holds them, lists n.
func hasLength(lengths string, n int) bool {
	for i := 0; i < len(lengths); i++ {
		if length(lengths, i) == n {
			return true
		}
	}
	return false
}

// length is the i-th of lengths: a byte read as a signed number, since the
// metadata writes -1 for "no length at all".
func length(lengths string, i int) int { return int(int8(lengths[i])) }

// testLength is phonenumbers' testNumberLength for the general desc (the
// UNKNOWN type), which is how parsing calls it.
func testLength(possible, localOnly string, n int) lengthResult {
	if length(possible, 0) == -1 {
		return invalidLength
	}
	if hasLength(localOnly, n) {
		return isPossibleLocalOnly
	}
	switch {
	case length(possible, 0) == n:
		return isPossible
	case length(possible, 0) > n:
		return tooShort
	case length(possible, len(possible)-1) < n:
		return tooLong
	case hasLength(possible[1:], n):
		return isPossible
	}
	return invalidLength
}

// isValid is getNumberTypeHelper(nsn) != UNKNOWN: nsn matches the general
// desc and one of the types, possible lengths included.
func (p *plan) isValid(nsn []byte) bool {
	if len(nsn) >= len(p.byLength) {
		return false
	}
	descs := p.types.run(nsn) & p.byLength[len(nsn)]
	return descs&(1<<generalDesc) != 0 && descs&p.validTypes != 0
}

// hasLeadingDigits reports whether the region's leading digits pattern
// matches the start of nsn.
func (p *plan) hasLeadingDigits(nsn []byte) bool {
	_, prefix := p.types.runPrefixes(nsn)
	return prefix&(1<<leadingBit) != 0
}

// isNationalNumber is the general desc's pattern alone, without lengths:
// the "national number rule" parsing checks prefixes against.
func (p *plan) isNationalNumber(digits []byte) bool {
	return p.types.run(digits)&(1<<generalDesc) != 0
}

// stripNationalPrefix is maybeStripNationalPrefixAndCarrierCode: it returns
// number without its national prefix (or transformed by the region's rule),
// or number itself when there is none or removing it would spoil the number.
// The result may be written to buf.
func (p *plan) stripNationalPrefix(number, buf []byte) []byte {
	if len(number) == 0 || p.national == nil {
		return number
	}
	slots, ok := p.national.match(number)
	if !ok {
		return number
	}
	viable := p.isNationalNumber(number)
	last := 2 * p.national.groups // the last group's start, or the match's with no groups
	if p.transform == nil || slots[last] < 0 {
		if viable && !p.isNationalNumber(number[slots[1]:]) {
			return number
		}
		return number[slots[1]:]
	}
	out := buf[:0]
	for _, part := range p.transform {
		out = append(out, part.literal...)
		if g := part.group; g >= 0 && 2*g+1 < 2*p.national.groups+2 && slots[2*g] >= 0 {
			out = append(out, number[slots[2*g]:slots[2*g+1]]...)
		}
	}
	out = append(out, number[slots[1]:]...)
	if viable && !p.isNationalNumber(out) {
		return number
	}
	return out
}

// templatePart is a piece of a transform rule such as "268$1": literal
// digits, then a group's text (group -1: none).
type templatePart struct {
	literal string
	group   int
}

// parseTemplate reads a replacement template the way regexp.Expand does, for
// the forms the metadata uses: digits and $n. Others are refused.
func parseTemplate(rule string) ([]templatePart, error) {
	var parts []templatePart
	for rule != "" {
		i := 0
		for i < len(rule) && rule[i] != '$' {
			if !isDigit(rule[i]) {
				return nil, errUnsupported
			}
			i++
		}
		part := templatePart{literal: rule[:i], group: -1}
		rule = rule[i:]
		if rule != "" { // a '$': regexp takes the longest name after it
			j := 1
			for j < len(rule) && (isDigit(rule[j]) || rule[j] == '_' || (rule[j]|0x20 >= 'a' && rule[j]|0x20 <= 'z')) {
				j++
			}
			name := rule[1:j]
			if name == "" || !isDigits(name) || len(name) > 2 {
				return nil, errUnsupported
			}
			part.group = atoi(name)
			rule = rule[j:]
		}
		parts = append(parts, part)
	}
	return parts, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// regionNonGeo is phonenumbers' region for country codes of no region (+800).
const regionNonGeo = "001"

// planSlot builds a plan on first use: most sheets touch a handful of regions.
type planSlot struct {
	once sync.Once
	meta *regionMeta
	plan *plan // nil when the metadata is not covered
}

func (s *planSlot) get() *plan {
	if s == nil {
		return nil // a region phonenumbers has no metadata for
	}
	s.once.Do(func() {
		p, err := compilePlan(s.meta)
		if err == nil {
			s.plan = p
		}
	})
	return s.plan
}

// country is a country calling code with its regions in phonenumbers'
// order, the main region first (none, were the metadata ever to list a code
// without regions).
type country struct {
	code    int
	regions []*planSlot
}

// planIndex holds every region's and country code's slot; the plans inside
// are built on first use.
type planIndex struct {
	byRegion  map[string]*planSlot // the supported regions
	byCountry [1000]*country
}

// plans indexes the generated tables (tables_gen.go) on first use. Nothing
// is parsed: the tables are static data in the binary.
var plans = sync.OnceValue(func() *planIndex {
	ix := &planIndex{byRegion: map[string]*planSlot{}}
	slots := make([]planSlot, len(regionTable))
	for i := range regionTable {
		slots[i].meta = &regionTable[i]
	}
	for _, id := range strings.Fields(supportedRegions) {
		ix.byRegion[id] = nil // supported, if without metadata
	}
	for i := range slots {
		if _, supported := ix.byRegion[regionTable[i].id]; supported {
			ix.byRegion[regionTable[i].id] = &slots[i]
		}
	}
	for i := range countryTable {
		m := &countryTable[i]
		c := &country{code: m.code}
		for _, r := range m.regions {
			var slot *planSlot // nil: phonenumbers has no metadata either
			if r >= 0 {
				slot = &slots[r]
			}
			c.regions = append(c.regions, slot)
		}
		ix.byCountry[m.code] = c
	}
	return ix
})

// RegionOfCallingCode returns the main region of a country calling code
// ("FR" for 33, "US" for 1), and whether the code is one.
func RegionOfCallingCode(code int) (string, bool) {
	if code <= 0 || code >= len(plans().byCountry) {
		return "", false
	}
	c := plans().byCountry[code]
	if c == nil || len(c.regions) == 0 || c.regions[0] == nil || c.regions[0].meta.id == regionNonGeo {
		return "", false
	}
	return c.regions[0].meta.id, true
}

// descMeta is a number description: its national number pattern and its
// possible lengths, one a byte, -1 as 0xff ("" when it lists none).
type descMeta struct {
	pattern, lengths string
}

// regionMeta is what the fast path reads of a region's metadata.
type regionMeta struct {
	id          string // "GB", or "001" for a non-geographic entity
	code        int    // country calling code
	missingDesc bool   // a desc is missing: phonenumbers fails on the region
	descs       [descCount]descMeta
	localOnly   string // the general desc's local-only possible lengths

	leadingDigits          string
	sameMobileAndFixedLine bool

	internationalPrefix         string
	nationalPrefixForParsing    string
	nationalPrefixTransformRule string
}

// countryMeta is a country calling code's regions as indexes into regionTable.
type countryMeta struct {
	code    int
	regions []int16
}

// Regions lists the regions New accepts, sorted.
func Regions() []string { return strings.Fields(supportedRegions) }
