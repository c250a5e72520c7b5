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

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
