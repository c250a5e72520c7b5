package phone

import (
	"flag"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

var fullDifferential = flag.Bool("phone.full", false, "run the fast/slow differential test over 1.5 million inputs (over a million of them on the fast path)")

// exampleNumber is one example national number from the metadata, for any
// region (or non-geographic entity) and number type.
type exampleNumber struct {
	region         string // "GB", or "" for a non-geographic entity
	code           string // country calling code: "44"
	nsn            string // "2079460958"
	nationalPrefix string // "0", or "" when the region has none
}

// differentialData is what the generator draws from: every region, every
// example number, and strings that may read as international prefixes.
type differentialData struct {
	regions  []string // every supported region, sorted, plus "" for the zero Normalizer
	examples []exampleNumber
	idd      map[string][]string // per region: prefixes to try as IDD
}

func loadDifferentialData(t testing.TB) *differentialData {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	d := &differentialData{idd: map[string][]string{}}
	common := []string{"0", "00", "000", "001", "0011", "0014", "0015", "0021", "0031", "009", "010", "011", "012", "019", "8", "810", "8810", "119", "99", "1"}
	for _, m := range coll.GetMetadata() {
		code := strconv.Itoa(int(m.GetCountryCode()))
		region := m.GetId()
		if region == regionNonGeo {
			region = ""
		}
		for _, desc := range descs(m) {
			if ex := desc.GetExampleNumber(); ex != "" {
				d.examples = append(d.examples, exampleNumber{region: region, code: code, nsn: ex, nationalPrefix: m.GetNationalPrefix()})
			}
		}
		if id := m.GetId(); id != regionNonGeo {
			d.regions = append(d.regions, id)
			prefixes := slices.Clone(common)
			if pref := strings.ReplaceAll(m.GetPreferredInternationalPrefix(), "~", ""); pref != "" {
				prefixes = append(prefixes, pref, pref)
			}
			if isDigits(m.GetInternationalPrefix()) {
				prefixes = append(prefixes, m.GetInternationalPrefix(), m.GetInternationalPrefix())
			}
			d.idd[id] = prefixes
		}
	}
	slices.Sort(d.regions)
	d.regions = append(d.regions, "")
	return d
}

// typedShape is one generated input: a default region and a text as parse
// receives it.
type typedShape struct {
	region, text string
}

// generate makes a number the way a sheet might hold it: an example number,
// often damaged (digits changed, added or lost), in one of the shapes people
// type (E.164, +CC with spaces, IDD, national with or without trunk prefix,
// country code without plus), with separators, sometimes an extension, and
// sometimes noise that must keep it off the fast path.
func (d *differentialData) generate(rng *rand.Rand) typedShape {
	ex := d.examples[rng.IntN(len(d.examples))]
	region := ex.region // numbers are mostly typed in their own country
	if region == "" || rng.IntN(3) == 0 {
		region = d.regions[rng.IntN(len(d.regions))]
	}
	nsn := mutateDigits(rng, ex.nsn)
	var text string
	switch rng.IntN(12) {
	case 0, 1:
		text = "+" + ex.code + nsn
	case 2:
		text = "+" + ex.code + " " + nsn
	case 3:
		text = "+" + ex.code + " (" + ex.nationalPrefix + ")" + nsn
	case 4, 5:
		idd := "00"
		if prefixes := d.idd[region]; prefixes != nil {
			idd = prefixes[rng.IntN(len(prefixes))]
		}
		text = idd + " " + ex.code + " " + nsn
	case 6, 7:
		text = ex.nationalPrefix + nsn
	case 8:
		text = nsn
	case 9:
		text = ex.code + nsn
	case 10:
		text = ex.code + ex.nationalPrefix + nsn
	default:
		text = randomDigits(rng, 1+rng.IntN(26))
		if rng.IntN(3) == 0 {
			text = "+" + text
		}
	}
	if rng.IntN(10) == 0 {
		text = spellDigits(rng, text)
	}
	text = separate(rng, text)
	if rng.IntN(5) == 0 {
		text += differentialExtensions[rng.IntN(len(differentialExtensions))]
	}
	if rng.IntN(12) == 0 {
		text = addNoise(rng, text)
	}
	if rng.IntN(40) == 0 {
		text = differentialNotes[rng.IntN(len(differentialNotes))]
	}
	return typedShape{region: region, text: text}
}

// spellDigits types some of the last digits as keypad letters, as vanity
// numbers are written: mostly capitals, sometimes lower case, sometimes with
// a digit after them or a letter for 0 or 1, which has none.
func spellDigits(rng *rand.Rand, text string) string {
	b := []byte(text)
	k := 2 + rng.IntN(6)
	lower := rng.IntN(4) == 0
	for i := len(b) - 1 - rng.IntN(2); i >= 0 && k > 0; i-- {
		letters, ok := keypad[b[i]]
		if !ok {
			if b[i] == '0' || b[i] == '1' {
				b[i] = 'O'
			}
			k--
			continue
		}
		b[i] = letters[rng.IntN(len(letters))]
		if lower {
			b[i] |= 0x20
		}
		k--
	}
	return string(b)
}

// differentialNotes are what people type where a number should be.
var differentialNotes = []string{
	"N/A", "n/a", "none", "TBD", "-", "--", "?", "unknown", "call after 5pm", "ask for ext 5", "x", "5", "12", "+",
	"+1", "１２", "٣", "no phone", "see notes", "0", "same as above", "CALL ME", "ABC 12", "1 2", "+4 4",
}

// mutateDigits damages a national number the ways typing does, or keeps it.
func mutateDigits(rng *rand.Rand, nsn string) string {
	b := []byte(nsn)
	switch rng.IntN(8) {
	case 0, 1: // as it is, valid
	case 2, 3: // other subscriber digits
		for i := max(0, len(b)-1-rng.IntN(5)); i < len(b); i++ {
			b[i] = byte('0' + rng.IntN(10))
		}
	case 4: // another area code or mobile prefix, often invalid
		for i := 0; i < min(len(b), 1+rng.IntN(3)); i++ {
			b[i] = byte('0' + rng.IntN(10))
		}
	case 5: // a digit lost
		if len(b) > 1 {
			i := rng.IntN(len(b))
			b = append(b[:i], b[i+1:]...)
		}
	case 6: // a digit too many
		i := rng.IntN(len(b) + 1)
		b = slices.Insert(b, i, byte('0'+rng.IntN(10)))
	default: // any digit
		b[rng.IntN(len(b))] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

func randomDigits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

// differentialSeparators are what people put between digits: those the fast
// path reads and some it must leave to phonenumbers.
var differentialSeparators = []string{
	" ", " ", " ", "-", "-", ".", "/", "(", ")", " (", ") ", " - ", "\u00a0", "\u2013", "\u2010", "\u2011", "\u2014", "\u2015", "\u2212", "\u00ad", "\u200b", "\u2060",
	"[", "]", "~", "\u30fc", "\t", "_", ",", "*",
}

// separate regroups text's characters with separators between them, and
// sometimes around them.
func separate(rng *rand.Rand, text string) string {
	if rng.IntN(4) == 0 {
		return text
	}
	var b strings.Builder
	every := 1 + rng.IntN(4)
	if rng.IntN(8) == 0 {
		b.WriteString(differentialSeparators[rng.IntN(len(differentialSeparators))])
	}
	for i := 0; i < len(text); i++ {
		if i > 0 && rng.IntN(every+1) == 0 {
			b.WriteString(differentialSeparators[rng.IntN(6)])
		} else if i > 0 && rng.IntN(30) == 0 {
			b.WriteString(differentialSeparators[rng.IntN(len(differentialSeparators))])
		}
		b.WriteByte(text[i])
	}
	if rng.IntN(8) == 0 {
		b.WriteString(differentialSeparators[rng.IntN(len(differentialSeparators))])
	}
	return b.String()
}

// differentialExtensions are extension suffixes: the forms the fast path
// splits off, and near misses it must not.
var differentialExtensions = []string{
	" x123", "x7", " X 45", " x.12", " x-12", " ext. 4410", " ext 3", " Ext: 12345", " EXT.81501", "ext12",
	" extn 55", " extension 99", " EXTENSION 1", " #123", "#9", " x123456789", " x1234567890",
	" ext 12345678901234567890", " ext 123456789012345678901", " xt 12", " ext.-12", " ext:-  3",
	"/x12", " / x12", " - x12", "\u00a0x12", " x 12#", " int 12", ";ext=123", ",,123", ",12", " next 12",
	" x١٢", " ｅｘｔ 12", " anexo 12", " x12 x34",
}

// addNoise puts in something the fast path must decline: letters, a label,
// a second plus, a vanity word.
func addNoise(rng *rand.Rand, text string) string {
	i := rng.IntN(len(text) + 1)
	noise := []string{"Tel: ", "a", "ab", "FLOWERS", "+", "++", "'", "\"", "&", "１", "٣", "tel:", ";phone-context=+1", ";isub=12"}[rng.IntN(14)]
	return text[:i] + noise + text[i:]
}

// TestFastEqualsSlow is the differential test: on every generated input the
// fast path takes, it must return exactly what phonenumbers (slowParse)
// does. go test runs a sample; -phone.full runs 1.5 million inputs, over a
// million of which take the fast path and are compared.
func TestFastEqualsSlow(t *testing.T) {
	inputs, d, normalizers := differentialSample(t)
	rng := rand.New(rand.NewPCG(11, 12))
	fast, failures := 0, 0
	statuses := map[Status]int{}
	extensions, vanity := 0, 0
	for range inputs {
		in := d.generate(rng)
		n := normalizers[in.region]
		got, ok := n.fastParse(in.text)
		if !ok {
			continue
		}
		fast++
		statuses[got.Status]++
		if got.Extension != "" {
			extensions++
		}
		if got.Vanity {
			vanity++
		}
		if want := n.slowParse(in.text); got != want {
			failures++
			t.Errorf("region %q: fastParse(%q) = %+v, phonenumbers reads %+v", in.region, in.text, got, want)
			if failures == 20 {
				t.FailNow()
			}
		}
	}
	t.Logf("%d inputs over %d regions: %d on the fast path (%d normalized, %d invalid, %d with extension, %d vanity), %d differences",
		inputs, len(d.regions), fast, statuses[Normalized], statuses[Invalid], extensions, vanity, failures)
	// The generator must reach both answers and both paths, or the test proves little.
	if fast < inputs/3 || statuses[Normalized] < fast/5 || statuses[Invalid] < fast/5 || extensions < fast/50 || vanity < fast/500 || inputs-fast < inputs/10 {
		t.Errorf("weak sample: %d inputs, %d fast, %v, %d extensions, %d vanity", inputs, fast, statuses, extensions, vanity)
	}
}

// differentialSample is how many generated values a test reads (a sample,
// 1.5 million with -phone.full), what they are drawn from, and a Normalizer
// for each region.
func differentialSample(t testing.TB) (int, *differentialData, map[string]*Normalizer) {
	inputs := 20000
	if *fullDifferential {
		inputs = 1_500_000
	}
	if testing.Short() {
		inputs = 2000
	}
	d := loadDifferentialData(t)
	normalizers := map[string]*Normalizer{}
	for _, r := range d.regions {
		normalizers[r] = newTestNormalizer(r)
	}
	return inputs, d, normalizers
}

// FuzzFastEqualsSlow checks the fast path against phonenumbers on any text.
func FuzzFastEqualsSlow(f *testing.F) {
	regions := append(slices.Sorted(func(yield func(string) bool) {
		for r := range phonenumbers.GetSupportedRegions() {
			if !yield(r) {
				return
			}
		}
	}), "")
	normalizers := make([]*Normalizer, len(regions))
	for i, r := range regions {
		normalizers[i] = newTestNormalizer(r)
	}
	for _, seed := range []string{"1-800-FLOWERS", "+44 800 BUY NOW", "0800 FLOWERS 1", "1-800-flowers", "N/A", "call after 5pm", "５"} {
		f.Add(seed, uint16(slices.Index(regions, "US")))
	}
	f.Fuzz(func(t *testing.T, text string, region uint16) {
		if len(text) > maxInput {
			return // normalize never passes longer text to parse
		}
		n := normalizers[int(region)%len(normalizers)]
		if got, ok := n.fastParse(text); ok {
			if want := n.slowParse(text); got != want {
				t.Fatalf("region %q: fastParse(%q) = %+v, phonenumbers reads %+v", n.region, text, got, want)
			}
		}
	})
}

// newTestNormalizer is New, or the zero Normalizer for region "".
func newTestNormalizer(region string) *Normalizer {
	if region == "" {
		return &Normalizer{}
	}
	n, err := New(region)
	if err != nil {
		panic(err)
	}
	return n
}
