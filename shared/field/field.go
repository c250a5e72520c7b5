// Package field checks single values against Genesys' rules: e-mail, URL, boolean, E.164 syntax, length and formula prefixes.
//
// It is deliberately small and has no dependencies beyond the standard library, so
// the submission function can re-check files without linking phone metadata.
package field

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Trim removes leading and trailing white space, including the no-break spaces
// spreadsheets like to leave behind.
func Trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f', 0xA0, 0x2007, 0x202F, 0xFEFF, 0x3000:
			return true
		}
		return false
	})
}

// Len counts characters (runes), the unit of Genesys' length limits.
func Len(s string) int { return utf8.RuneCountInString(s) }

// E164 reports whether s is syntactically E.164: a plus, a non-zero digit, and
// 7 to 14 more digits. It says nothing about whether the number exists.
func E164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MaxExtensionDigits is the longest extension: Genesys keeps an extension as a
// whole number (genesys.md §3), and 18 digits always fit its 64 bits.
const MaxExtensionDigits = 18

// Extension reports whether s is a phone extension Genesys accepts: 1 to
// MaxExtensionDigits digits.
func Extension(s string) bool {
	if s == "" || len(s) > MaxExtensionDigits {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Email reports whether s is a plausible single e-mail address: one @, a
// non-empty local part without spaces, and a domain with a dot and a
// letter-only top-level label. It is the check Genesys' API applies in spirit,
// not RFC 5322 in full: quoted local parts and IP literals are refused.
func Email(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || at > 64 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		if byteClass[local[i]]&localBad != 0 {
			return false
		}
	}
	return Hostname(domain) && strings.IndexByte(domain, '.') > 0
}

// Hostname reports whether s is a DNS name: dot-separated labels of letters,
// digits and inner hyphens, ending in a top-level label of letters (or a
// punycode label). Non-ASCII letters are allowed for internationalised names.
func Hostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	// One pass over the bytes, a table lookup each: every cell of a website
	// or e-mail column comes here. A '.' is never part of a multi-byte
	// character, so labels end at the same places as when split.
	labels, start := 0, 0 // start: of the current label
	for i := 0; ; i++ {
		if i == len(s) || s[i] == '.' {
			if n := i - start; n == 0 || n > 63 || s[start] == '-' || s[i-1] == '-' {
				return false
			}
			labels++
			if i == len(s) {
				break
			}
			start = i + 1
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if byteClass[c]&hostByte == 0 {
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			return false
		}
		i += size - 1
	}
	tld := s[start:]
	if len(tld) >= 4 && strings.EqualFold(tld[:4], "xn--") {
		return true
	}
	for i := 0; i < len(tld); i++ {
		if c := tld[i]; c >= '0' && c <= '9' || c == '-' {
			return false
		}
	}
	return labels > 1 || strings.EqualFold(s, "localhost")
}

// URL checks an absolute http or https URL. When s lacks only the scheme
// ("www.example.com/x"), fixed is the https form and ok is true.
func URL(s string) (fixed string, ok bool) {
	rest := ""
	switch {
	case hasPrefixFold(s, "https://"):
		rest = s[8:]
	case hasPrefixFold(s, "http://"):
		rest = s[7:]
	case strings.Contains(s, "://"):
		return "", false
	default:
		if checkAuthority(s) {
			return "https://" + s, true
		}
		return "", false
	}
	if !checkAuthority(rest) {
		return "", false
	}
	return s, true
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case; prefix is lower case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// checkAuthority checks host[:port][/path…] with no white space anywhere.
func checkAuthority(s string) bool {
	end := len(s) // where the host[:port] ends: the first '/', '?' or '#'
	for i := 0; i < len(s); i++ {
		switch byteClass[s[i]] & (urlBad | hostEnd) {
		case 0:
		case hostEnd:
			end = min(end, i)
		default:
			return false
		}
	}
	host := s[:end]
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		port := host[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '+' {
			return false
		}
		host = host[:i]
	}
	return Hostname(host)
}

// Bool reads the ways spreadsheets say yes and no and returns "true" or "false".
// An empty value is not a boolean; callers treat empty as "not given".
func Bool(s string) (string, bool) {
	// The words are short: lower-case them on the stack, not the heap.
	var buf [8]byte
	if len(s) > len(buf) {
		return "", false
	}
	lower := buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	if len(s) == 3 && s[0]|0x20 == 's' && s[1:] == "\u00cd" {
		lower = append(lower[:1], "\u00ed"...) // "SÍ"
	}
	switch string(lower) {
	case "true", "yes", "y", "1", "x", "on", "t", "wahr", "ja", "oui", "si", "sí":
		return "true", true
	case "false", "no", "n", "0", "off", "f", "falsch", "nein", "non":
		return "false", true
	}
	return "", false
}

// FormulaPrefix reports whether a spreadsheet would read s as a formula when
// the exported file is opened: it starts with = + - @ or a tab or carriage return.
func FormulaPrefix(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// Defused returns s as a cell of a report meant for a spreadsheet
// (findings.csv, rejected.csv) that the spreadsheet shows and never runs:
// with an apostrophe before it when it starts like a formula, as OWASP
// advises against CSV injection. Undefused reads it back.
func Defused(s string) string {
	if FormulaPrefix(s) {
		return "'" + s
	}
	return s
}

// Undefused returns b without the apostrophe Defused puts before a value
// that starts like a formula, so that a report's rows, fixed and imported
// again, read as they were written. Any other apostrophe is the value's own.
func Undefused(b []byte) []byte {
	if len(b) > 1 && b[0] == '\'' && FormulaPrefix(string(b[1:2])) {
		return b[1:]
	}
	return b
}

// Scientific reports whether s looks like a number Excel rewrote in scientific
// notation ("4.47E+11", "1,23457E+11"), which means digits may be lost.
func Scientific(s string) bool {
	e := 0
	for e < len(s) && s[e]|0x20 != 'e' {
		e++
	}
	if e == 0 || e >= len(s)-1 {
		return false
	}
	mant, exp := s[:e], s[e+1:]
	if exp[0] == '+' || exp[0] == '-' {
		exp = exp[1:]
	}
	if exp == "" || strings.Trim(exp, "0123456789") != "" {
		return false
	}
	dot := false
	digits := 0
	for i := 0; i < len(mant); i++ {
		switch c := mant[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !dot:
			dot = true
		case c == '-' && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}

// byteClass sorts ASCII bytes for the checks above: one lookup a byte
// instead of a dozen comparisons.
var byteClass = func() (class [256]uint8) {
	for c := range 128 {
		b := byte(c)
		if b <= ' ' || b == 0x7f || strings.IndexByte(`"(),:;<>[]\`, b) >= 0 {
			class[c] |= localBad
		}
		if b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' {
			class[c] |= hostByte
		}
		if strings.IndexByte(" \t\r\n\"<>\\^`{|}", b) >= 0 {
			class[c] |= urlBad
		}
		if b == '/' || b == '?' || b == '#' {
			class[c] |= hostEnd
		}
	}
	return class
}()

const (
	localBad = 1 << iota // not allowed in an e-mail address's local part
	hostByte             // allowed in a host name's label
	urlBad               // not allowed anywhere in a URL
	hostEnd              // ends a URL's host[:port]
)
