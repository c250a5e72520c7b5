package phone

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// typedNumber is a generated input together with the clean text it was made
// from: the digits (and '+') phonenumbers must be given to agree with Normalize.
type typedNumber struct {
	region  string
	raw     string
	clean   string
	ext     string
	damage  Damage // Scientific or DecimalZero when raw is an Excel float
	vanity  bool   // some digits were typed as keypad letters
	numeric bool   // raw holds nothing but digits once trimmed (Excel may have lost a 0)
	native  bool   // only decorations phonenumbers reads by itself
}

var testRegions = []string{"US", "GB", "DE", "FR", "AU", "JP", "IN", "BR", "NL", "ZA", "IT"}

// internationalPrefix is the prefix dialled to call abroad from each test region.
var internationalPrefix = map[string]string{
	"US": "011", "GB": "00", "DE": "00", "FR": "00", "AU": "0011", "JP": "010",
	"IN": "00", "BR": "0021", "NL": "00", "ZA": "00", "IT": "00",
}

var (
	numberTypes = []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE}
	separators  = []string{" ", " ", "-", ".", "/", "\u00a0", "\u2013", "(", ")", " - "}
	extForms    = []string{" x", "x", " X", " ext. ", " ext ", " Ext: ", " #", ";ext=", " extension ", " EXT."}
	blanks      = []string{"", "", " ", "\u00a0", "\t", "\u200b", "  "}
	keypad      = map[byte]string{'2': "ABC", '3': "DEF", '4': "GHI", '5': "JKL", '6': "MNO", '7': "PQRS", '8': "TUV", '9': "WXYZ"}
)

// generateTyped makes a number the way an admin or a spreadsheet might type it.
func generateTyped(rng *rand.Rand) typedNumber {
	for {
		t, ok := tryGenerateTyped(rng)
		if ok {
			return t
		}
	}
}

func tryGenerateTyped(rng *rand.Rand) (typedNumber, bool) {
	home := testRegions[rng.IntN(len(testRegions))]
	example := phonenumbers.GetExampleNumberForType(home, numberTypes[rng.IntN(len(numberTypes))])
	if example == nil {
		return typedNumber{}, false
	}
	// Vary the last digits so the numbers differ; some become invalid, which
	// the checks must see too.
	nsn := []byte(phonenumbers.GetNationalSignificantNumber(example))
	for i := max(0, len(nsn)-1-rng.IntN(4)); i < len(nsn); i++ {
		nsn[i] = byte('0' + rng.IntN(10))
	}
	cc := strconv.Itoa(int(example.GetCountryCode()))
	t := typedNumber{region: home}
	switch rng.IntN(4) {
	case 0: // +CC NSN, read from anywhere
		t.region = testRegions[rng.IntN(len(testRegions))]
		t.clean = "+" + cc + string(nsn)
	case 1: // international prefix of the default region
		t.region = testRegions[rng.IntN(len(testRegions))]
		t.clean = internationalPrefix[t.region] + cc + string(nsn)
	case 2: // national, with the trunk prefix
		num := &phonenumbers.PhoneNumber{}
		if phonenumbers.ParseToNumber("+"+cc+string(nsn), home, num) != nil {
			return typedNumber{}, false
		}
		t.clean = phonenumbers.NormalizeDigitsOnly(phonenumbers.Format(num, phonenumbers.NATIONAL))
	default: // national significant number alone
		t.clean = string(nsn)
	}
	if rng.IntN(5) == 0 && !strings.HasPrefix(t.clean, "+") {
		return excelFloat(rng, t), true
	}
	return decorate(rng, t), true
}

// excelFloat prints t.clean as a spreadsheet prints a number: scientific or
// with a decimal fraction of zeros.
func excelFloat(rng *rand.Rand, t typedNumber) typedNumber {
	digits := strings.TrimLeft(t.clean, "0")
	if len(digits) < 2 {
		digits = t.clean
	}
	mark := []string{".", ","}[rng.IntN(2)]
	t.clean, t.numeric = digits, true
	if rng.IntN(2) == 0 {
		t.damage = DecimalZero
		t.raw = digits + mark + strings.Repeat("0", 1+rng.IntN(3))
	} else {
		t.damage = Scientific
		// Excel drops the mantissa's trailing zeros, so those numbers come out short.
		t.raw = digits[:1] + mark + strings.TrimRight(digits[1:], "0") + "E+" + strconv.Itoa(len(digits)-1)
		if strings.HasSuffix(digits[1:], "0") || len(digits) == 1 {
			t.clean = ""
		}
	}
	t.raw = blanks[rng.IntN(len(blanks))] + t.raw + blanks[rng.IntN(len(blanks))]
	return t
}

func decorate(rng *rand.Rand, t typedNumber) typedNumber {
	text := t.clean
	plain := true
	if rng.IntN(4) == 0 {
		if letters, ok := vanityLetters(rng, text); ok {
			text, t.vanity, plain = letters, true, false
		}
	}
	if rng.IntN(4) != 0 {
		text = regroup(rng, text)
		plain = plain && !strings.ContainsFunc(text, func(r rune) bool { return r < '0' || r > '9' })
	}
	if rng.IntN(6) == 0 {
		text = fullWidth(text)
	}
	if rng.IntN(4) == 0 {
		t.ext = strconv.Itoa(1 + rng.IntN(99999))
		text += extForms[rng.IntN(len(extForms))] + t.ext
		plain = false
	}
	t.native = true
	switch rng.IntN(8) {
	case 0:
		text, t.native = "'"+text, false
	case 1:
		text, t.native = `="`+text+`"`, false
	}
	if rng.IntN(3) == 0 {
		text = blanks[rng.IntN(len(blanks))] + text + blanks[rng.IntN(len(blanks))]
		t.native = false
	}
	t.raw = text
	t.numeric = plain && !strings.HasPrefix(t.clean, "+")
	return t
}

// vanityLetters spells the last three to five digits as capitals, if they are 2-9.
func vanityLetters(rng *rand.Rand, s string) (string, bool) {
	k := 3 + rng.IntN(3)
	if len(s) < k+3 {
		return s, false
	}
	b := []byte(s)
	for i := len(b) - k; i < len(b); i++ {
		letters, ok := keypad[b[i]]
		if !ok {
			return s, false
		}
		b[i] = letters[rng.IntN(len(letters))]
	}
	return string(b), true
}

// regroup puts separators between characters, never at the ends.
func regroup(rng *rand.Rand, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && rng.IntN(3) == 0 {
			b.WriteString(separators[rng.IntN(len(separators))])
		}
		b.WriteByte(s[i])
	}
	// One dot between digits and zeros would read as Excel's float formatting.
	if _, _, ok := repairExcelNumber(b.String()); ok {
		return strings.ReplaceAll(b.String(), ".", " ")
	}
	return b.String()
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r <= '~' {
			return r - '!' + '\uFF01'
		}
		return r
	}, s)
}
