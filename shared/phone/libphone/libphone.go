// Package libphone is phone's slow path: nyaruka/phonenumbers itself, the only package that links it.
//
// Package phone reads the common shapes of numbers from tables generated
// from the library's metadata and hands everything else to Parse. Native
// builds link it into phone by default; the browser's engine module is built
// with -tags nolibphone and reaches Parse in a second module (wasm/phone),
// fetched only when a value needs it, because the library, its protobuf
// runtime and its regexps would double the page's first download.
package libphone

import (
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// Parse reads text, a trimmed value without Excel marks, for region (the
// default country, "" for none): it splits off an extension, refuses words
// posing as vanity letters, and hands the rest to phonenumbers. valid is
// false when the text is not a valid number, and then the other results are
// empty; vanity says letters were read as keypad digits.
func Parse(text, region string) (e164, ext string, valid, vanity bool) {
	start := strings.IndexFunc(text, isNumberStart)
	if start < 0 {
		return "", "", false, false
	}
	// Text before the first digit or plus is a label ("Tel:"): phonenumbers
	// skips it too.
	body := trimTrailingJunk(cutSecondNumber(text[start:]))
	number := body
	if mayHaveExtension(body) {
		number, ext = phonenumbers.MaybeSeparateExtensionFromPhone(body)
	}
	// phonenumbers reads three or more letters as a vanity number. Letters
	// after a ';' belong to RFC 3966 parameters (;isub=, ;phone-context=),
	// which it drops instead.
	digits, _, _ := strings.Cut(number, ";")
	vanity = countLetters(digits) >= 3
	if vanity && hasWords(digits) {
		return "", "", false, false
	}
	num, err := phonenumbers.Parse(number, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", "", false, false
	}
	if ext == "" {
		ext = num.GetExtension() // one inside RFC 3966 parameters
	}
	// phonenumbers maps only Arabic-Indic and full-width digits to ASCII; an
	// extension in other digits could not be dialled, as the number could not.
	if ext = phonenumbers.NormalizeDigitsOnly(ext); ext != "" && !isDigits(ext) {
		return "", "", false, false
	}
	return phonenumbers.Format(num, phonenumbers.E164), ext, true, vanity
}

// isNumberStart matches what phonenumbers lets a number begin with.
func isNumberStart(r rune) bool { return r == '+' || unicode.IsDigit(r) }

// cutSecondNumber drops a second alternative such as the "/x2303" of
// "(530) 583-6985 x302/x2303", as phonenumbers does before parsing.
func cutSecondNumber(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '/' && s[i] != '\\' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == 'x' {
			return s[:i]
		}
	}
	return s
}

// trimTrailingJunk drops trailing characters that are neither letters nor
// digits nor '#' (which may end an extension), so "x12." still reads as an
// extension. libphonenumber means to do this, but its Go port's pattern never
// matches.
func trimTrailingJunk(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return r != '#' && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// mayHaveExtension is a cheap test that saves the extension regexp on the
// common plain number: every extension form has a letter or one of these marks.
func mayHaveExtension(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsLetter(r) || r == '#' || r == ';' || r == ',' || r == '~'
	}) >= 0
}

// countLetters counts ASCII letters, the ones phonenumbers maps to keypad digits.
func countLetters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			n++
		}
	}
	return n
}

// hasWords reports a space-separated token of two or more letters that is
// not all capitals: "0412 call me" is a note, not a vanity number. Vanity
// letters are written in capitals (0800 BUY NOW) or joined to the digits
// (1-800-flowers).
func hasWords(s string) bool {
	for _, tok := range strings.FieldsFunc(s, unicode.IsSpace) {
		tok = strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(tok) < 2 {
			continue
		}
		lower, letters := false, true
		for _, r := range tok {
			letters = letters && unicode.IsLetter(r)
			lower = lower || unicode.IsLower(r)
		}
		if letters && lower {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
