package phone

import (
	"strconv"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// fastParse is parse for the shapes most cells have: digits with an optional
// leading plus and separators ("+1 (415) 555-2671", "020 7946 0958",
// "0011 44 20 7946 0958"), perhaps with an extension (" x123", " ext. 12").
// It replays phonenumbers' Parse, IsValidNumber and Format(E164) step by step
// on the plan tables instead of the library's regexps, so its answer is the
// library's own at a fraction of the cost. ok is false for any other shape
// (letters, other extension forms, RFC 3966, other punctuation, too few or
// too many digits) and for a step the tables do not cover; parse then asks
// phonenumbers. TestFastEqualsSlow and FuzzFastEqualsSlow hold the two equal.
func (n *Normalizer) fastParse(text string) (r Result, ok bool) {
	return n.fastParseTo(text, nil)
}

// fastParseTo is fastParse, appending the E.164 form it makes to *dst when
// dst is not nil (AppendNormalize).
func (n *Normalizer) fastParseTo(text string, dst *[]byte) (r Result, ok bool) {
	number, ext := splitExtension(text)
	if r, ok = n.fastParseNumber(number, dst); ok {
		if r.Status == Normalized {
			r.Extension = ext
		}
		return r, true
	}
	// Two more shapes whose answer is certain: notes such as "N/A", "none" or
	// "call after 5pm", which phonenumbers does not find viable (it needs two
	// digits), and vanity numbers such as "1-800-FLOWERS".
	if countDigits(text) < 2 {
		return Result{Status: Invalid}, true
	}
	if keyed, ok := vanityDigits(text); ok {
		if r, ok = n.fastParseNumber(keyed, dst); ok && r.Status == Normalized {
			r.Vanity = true
		}
		return r, ok
	}
	return Result{}, false
}

// countDigits counts the decimal digits of text in any script (\p{Nd}, the
// digits phonenumbers' patterns count), stopping at two.
func countDigits(text string) int {
	n := 0
	for _, r := range text {
		if (r < utf8.RuneSelf && isDigit(byte(r))) || (r >= utf8.RuneSelf && unicode.IsDigit(r)) {
			if n++; n == 2 {
				break
			}
		}
	}
	return n
}

// vanityDigits spells "1-800-FLOWERS" or "+44 800 BUY NOW" as the digits
// phonenumbers dials ("18003569377"): three or more digits (a plus first,
// separators between), then three or more capital letters read as keypad
// digits, with spaces, dashes or dots, and no digit after the first letter.
// With no digit after the letters there is no extension, and capitals are
// never taken for words; lower-case letters, letters between digits and
// other marks are left to phonenumbers.
func vanityDigits(text string) (string, bool) {
	var buf [maxDigits + 1]byte
	out := buf[:0]
	digits, letters := 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '+' && i == 0:
		case isDigit(c) && letters == 0:
			digits++
		case c >= 'A' && c <= 'Z' && digits >= 3:
			letters++
			c = keypadDigit[c-'A']
		case c == ' ' || c == '-' || c == '.' || ((c == '(' || c == ')') && letters == 0):
			continue
		default:
			return "", false
		}
		if len(out) == cap(out) {
			return "", false
		}
		out = append(out, c)
	}
	if letters < 3 {
		return "", false
	}
	return string(out), true
}

// keypadDigit is the digit of each capital letter on a phone's keypad.
const keypadDigit = "22233344455566677778889999"

// fastParseNumber is fastParse for a number without extension.
func (n *Normalizer) fastParseNumber(text string, dst *[]byte) (r Result, ok bool) {
	var buf [maxDigits]byte
	digits, plus, ok := plainDigits(text, buf[:0])
	if !ok || len(digits) < 3 {
		// Two digits or fewer go through a different viability rule.
		return Result{}, false
	}
	ix := plans()
	var homePlan *plan
	if n.home != nil {
		if homePlan = n.home.get(); homePlan == nil {
			return Result{}, false
		}
	}

	// maybeExtractCountryCode. Stripping a prefix may write the national
	// number into work[0], then work[1].
	var work [2][maxDigits + 8]byte
	var c *country
	national := digits
	switch {
	case plus:
		if c, national = splitCountryCode(&ix.byCountry, digits); c == nil {
			// phonenumbers then retries without the plus.
			return Result{}, false
		}
	case homePlan == nil:
		// Without a default region phonenumbers needs a plus.
		return Result{}, false
	default:
		if slots, matched := homePlan.international.match(digits); matched && (slots[1] == len(digits) || digits[slots[1]] != '0') {
			rest := digits[slots[1]:]
			if len(rest) <= 2 { // too short after the IDD
				return Result{Status: Invalid}, true
			}
			if c, national = splitCountryCode(&ix.byCountry, rest); c == nil {
				return Result{Status: Invalid}, true
			}
		} else if stripped, ok := homePlan.stripHomeCountryCode(digits, work[0][:0]); ok {
			c, national = ix.byCountry[homePlan.code], stripped
		}
	}

	// parseHelper: the national prefix is stripped by the rules of the main
	// region of the country code found, or else of the default region.
	p := homePlan
	if c != nil {
		if len(c.regions) == 0 {
			return Result{}, false
		}
		if p = c.regions[0].get(); p == nil {
			return Result{}, false
		}
	} else {
		c = ix.byCountry[homePlan.code]
	}
	if len(national) < minNSN {
		return Result{Status: Invalid}, true
	}
	potential := p.stripNationalPrefix(national, work[1][:0])
	if len(potential) > maxDigits {
		return Result{}, false
	}
	switch p.lengthCheck[len(potential)] {
	case tooShort, isPossibleLocalOnly, invalidLength:
		// The original could be a valid short number: keep it.
	default:
		national = potential
	}
	if len(national) < minNSN || len(national) > maxNSN {
		return Result{Status: Invalid}, true
	}

	// IsValidNumber: the region of the number, then its types.
	valid, known := c.isValid(national)
	if !known {
		return Result{}, false
	}
	if !valid {
		return Result{Status: Invalid}, true
	}
	// Format(E164). Text already in that form is returned as it is, which
	// spares an allocation for sheets that are clean already.
	var out [1 + 3 + maxNSN]byte
	e164 := append(strconv.AppendInt(append(out[:0], '+'), int64(c.code), 10), national...)
	if string(e164) == text {
		return Result{E164: text, Status: Normalized}, true
	}
	if dst != nil {
		at := len(*dst)
		*dst = append(*dst, e164...)
		return Result{E164: unsafe.String(&(*dst)[at], len(e164)), Status: Normalized}, true
	}
	return Result{E164: string(e164), Status: Normalized}, true
}

// splitExtension splits "415-555-2671 x123" or "… ext. 123" into the number
// and the extension's digits, as MaybeSeparateExtensionFromPhone does for
// these forms: spaces, then "x", "#" or "ext", "extn", "extension" in any
// case, an optional '.' or ':', spaces or dashes, and the digits ending the
// text, at most 9 after the one-letter labels and 20 after the words (the
// library's limits; more and it sees no extension). A digit must come right
// before the spaces, so no "/x" reads as a second number. Other text comes
// back whole with no extension, and then holds a letter or '#' that keeps
// it off the fast path.
func splitExtension(text string) (number, ext string) {
	end := len(text)
	i := end
	for i > 0 && isDigit(text[i-1]) {
		i--
	}
	if i == end {
		return text, ""
	}
	digits := text[i:]
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '-') {
		i--
	}
	if i > 0 && (text[i-1] == '.' || text[i-1] == ':') {
		i--
	}
	maxExt := 20
	switch j := i - 1; {
	case j >= 0 && (text[j] == 'x' || text[j] == 'X' || text[j] == '#'):
		i, maxExt = j, 9
	case hasSuffixFold(text[:i], "extension"):
		i -= len("extension")
	case hasSuffixFold(text[:i], "extn"):
		i -= len("extn")
	case hasSuffixFold(text[:i], "ext"):
		i -= len("ext")
	default:
		return text, ""
	}
	if len(digits) > maxExt {
		return text, ""
	}
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if i == 0 || !isDigit(text[i-1]) {
		return text, ""
	}
	return text[:i], digits
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case; suffix is lower case.
func hasSuffixFold(s, suffix string) bool {
	if len(s) < len(suffix) {
		return false
	}
	s = s[len(s)-len(suffix):]
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != suffix[i] {
			return false
		}
	}
	return true
}

// plainDigits appends the ASCII digits of text to buf when text is a plain
// number: digits, one plus before them, and separators phonenumbers strips
// (ASCII " -.()/" and the Unicode spaces and dashes people paste). Anything
// else, or more digits than buf holds, is not plain.
func plainDigits(text string, buf []byte) (digits []byte, plus, ok bool) {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; plainClass[c] {
		case plainDigit:
			if len(buf) == cap(buf) {
				return nil, false, false
			}
			buf = append(buf, c)
		case plainPlus:
			if plus || len(buf) > 0 {
				return nil, false, false
			}
			plus = true
		case plainSeparator:
		case plainOther:
			return nil, false, false
		default: // the first byte of a multi-byte character
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isPlainSeparator(r) {
				return nil, false, false
			}
			i += size - 1
		}
	}
	return buf, plus, true
}

// plainClass sorts bytes for plainDigits.
var plainClass = func() (class [256]uint8) {
	for c := range class {
		switch {
		case isDigit(byte(c)):
			class[c] = plainDigit
		case c == '+':
			class[c] = plainPlus
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
			class[c] = plainSeparator
		case c >= utf8.RuneSelf:
			class[c] = plainMultiByte
		}
	}
	return class
}()

const (
	plainOther = iota
	plainDigit
	plainPlus
	plainSeparator
	plainMultiByte
)

// isPlainSeparator lists the non-ASCII characters of phonenumbers'
// VALID_PUNCTUATION that people paste between digits and that are not
// letters (unlike the katakana long mark, which the vanity check would see):
// no-break space, soft hyphen, zero-width space, word joiner, dashes, minus.
func isPlainSeparator(r rune) bool {
	switch r {
	case '\u00a0', '\u00ad', '\u200b', '\u2060', '\u2212':
		return true
	}
	return r >= '\u2010' && r <= '\u2015'
}

// splitCountryCode is extractCountryCode: the shortest leading 1 to 3
// digits that are a known country code, and the digits after it.
func splitCountryCode(byCountry *[1000]*country, digits []byte) (*country, []byte) {
	if len(digits) == 0 || digits[0] == '0' {
		return nil, digits
	}
	code := 0
	for i := 0; i < maxCountryCode && i < len(digits); i++ {
		code = code*10 + int(digits[i]-'0')
		if c := byCountry[code]; c != nil {
			return c, digits[i+1:]
		}
	}
	return nil, digits
}

// stripHomeCountryCode is the last step of maybeExtractCountryCode: digits
// that start with the default region's own country code lose it when the
// rest reads better as a national number, or the whole is too long. The
// result may be written to buf.
func (p *plan) stripHomeCountryCode(digits, buf []byte) ([]byte, bool) {
	if len(digits) < len(p.codeText) || string(digits[:len(p.codeText)]) != p.codeText {
		return nil, false
	}
	national := p.stripNationalPrefix(digits[len(p.codeText):], buf)
	fullValid := p.isNationalNumber(digits)
	nationalValid := p.isNationalNumber(national)
	if (!fullValid && nationalValid) || p.lengthCheck[len(digits)] == tooLong {
		return national, true
	}
	return nil, false
}

// isValid is IsValidNumber for nsn under this country code: the number's
// region as GetRegionCodeForNumber picks it (the only region of the code, or
// the first whose leading digits, or lacking those whose patterns, fit nsn),
// then that region's number types. known is false when a region's tables
// could not be built.
func (c *country) isValid(nsn []byte) (valid, known bool) {
	switch len(c.regions) {
	case 0:
		return false, false
	case 1:
		p := c.regions[0].get()
		return p != nil && p.code == c.code && p.isValid(nsn), p != nil
	}
	for _, slot := range c.regions {
		p := slot.get()
		if p == nil {
			return false, false
		}
		if p.leading {
			if p.hasLeadingDigits(nsn) {
				return p.code == c.code && p.isValid(nsn), true
			}
		} else if p.isValid(nsn) {
			return p.code == c.code, true
		}
	}
	return false, true
}
