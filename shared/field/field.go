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
		c := local[i]
		if c <= ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\' || c == 0x7f {
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
	// One pass over the labels, without splitting: every cell of a website or
	// e-mail column comes here.
	labels, tld := 0, ""
	for rest := s; ; {
		l := rest
		dot := strings.IndexByte(rest, '.')
		if dot >= 0 {
			l, rest = rest[:dot], rest[dot+1:]
		}
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if c < utf8.RuneSelf {
				if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
					return false
				}
				continue
			}
			r, size := utf8.DecodeRuneInString(l[i:])
			if r == utf8.RuneError {
				return false
			}
			i += size - 1
		}
		labels++
		if dot < 0 {
			tld = l
			break
		}
	}
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
		switch s[i] {
		case ' ', '\t', '\r', '\n', '"', '<', '>', '\\', '^', '`', '{', '|', '}':
			return false
		case '/', '?', '#':
			end = min(end, i)
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

// Scientific reports whether s looks like a number Excel rewrote in scientific
// notation ("4.47E+11", "1,23457E+11"), which means digits may be lost.
func Scientific(s string) bool {
	e := strings.IndexAny(s, "eE")
	if e <= 0 || e == len(s)-1 {
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
