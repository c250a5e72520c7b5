package phone

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isBlank is what trimming removes: Unicode spaces (NBSP included) and the
// invisible characters that ride along with copied text.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\u2060' || r == '\uFEFF'
}

// trimBlank removes blanks from both ends. Most values start and end with a
// visible ASCII character, which cannot be blank, so the rune-by-rune trim
// (costly under WebAssembly) is skipped for them.
func trimBlank(s string) string {
	if s != "" && isVisibleASCII(s[0]) && isVisibleASCII(s[len(s)-1]) {
		return s
	}
	return strings.TrimFunc(s, isBlank)
}

// isVisibleASCII: printable ASCII other than space. A UTF-8 string ending in
// such a byte ends in that character.
func isVisibleASCII(c byte) bool { return c > ' ' && c < utf8.RuneSelf }

// foldWidth maps full-width ASCII (０-９, ＋, ｅｘｔ) and the ideographic space
// to ASCII, so the Excel, extension and vanity checks see ASCII only.
func foldWidth(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Map(foldRune, s)
		}
	}
	return s
}

func foldRune(r rune) rune {
	switch {
	case r >= '\uFF01' && r <= '\uFF5E':
		return r - '\uFF01' + '!'
	case r == '\u3000':
		return ' '
	}
	return r
}

// unwrapExcelText removes the marks that make a spreadsheet keep digits as
// text: a leading apostrophe ('0412 345 678) or a ="…" formula.
func unwrapExcelText(s string) string {
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = s[2 : len(s)-1]
	} else if r, size := utf8.DecodeRuneInString(s); r == '\'' || r == '\u2018' || r == '\u2019' {
		s = s[size:]
	}
	return trimBlank(s)
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
