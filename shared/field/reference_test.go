package field

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The checks above are written for speed: one pass, a table lookup a byte.
// These are the same rules written plainly, the way they are specified; the
// fuzz target holds the two equal.

func refHostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") || !utf8.ValidString(l) {
			return false
		}
		for _, r := range l {
			if r < utf8.RuneSelf && !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) >= 4 && strings.EqualFold(tld[:4], "xn--") {
		return true
	}
	if strings.ContainsAny(tld, "0123456789-") {
		return false
	}
	return len(labels) > 1 || strings.EqualFold(s, "localhost")
}

func refEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || len(s) > 254 || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; c <= ' ' || c == 0x7f || strings.IndexByte(`"(),:;<>[]\`, c) >= 0 {
			return false
		}
	}
	return refHostname(domain) && strings.IndexByte(domain, '.') > 0
}

func refURL(s string) (string, bool) {
	lower := strings.ToLower(s)
	rest := ""
	switch {
	case strings.HasPrefix(lower, "https://"):
		rest = s[8:]
	case strings.HasPrefix(lower, "http://"):
		rest = s[7:]
	case strings.Contains(s, "://"):
		return "", false
	default:
		if refAuthority(s) {
			return "https://" + s, true
		}
		return "", false
	}
	if !refAuthority(rest) {
		return "", false
	}
	return s, true
}

func refAuthority(s string) bool {
	if strings.ContainsAny(s, " \t\r\n\"<>\\^`{|}") {
		return false
	}
	host := s
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndex(host, "@"); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndex(host, ":"); i >= 0 {
		port := host[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || strings.HasPrefix(port, "+") {
			return false
		}
		host = host[:i]
	}
	return refHostname(host)
}

func refScientific(s string) bool {
	e := strings.IndexAny(s, "eE")
	if e <= 0 || e == len(s)-1 {
		return false
	}
	mant, exp := s[:e], strings.TrimLeft(s[e+1:e+2], "+-")+s[e+2:]
	if exp == "" || strings.Trim(exp, "0123456789") != "" {
		return false
	}
	mant = strings.TrimPrefix(mant, "-")
	if strings.Count(mant, ".")+strings.Count(mant, ",") > 1 {
		return false
	}
	return strings.Trim(mant, "0123456789.,") == "" && strings.ContainsAny(mant, "0123456789")
}

var referenceSeeds = []string{
	"jane.doe@example.com", "müller@exämple.de", "a@b.com; c@d.com", "jane@-example.com", "x@xn--p1ai",
	"https://crm.example.com/c/123", "www.example.com", "http://localhost:8080/x", "user@host:99999/x", "ftp://x.y",
	"4.47E+11", "1,23457E+11", "-1.5e-3", "E+11", "1e", "-e5", "4.4.7E+1", "a-b.c-d.ef", "exa\xffmple.com", "1.2.3.4",
}

func TestReferenceSeeds(t *testing.T) {
	for _, s := range referenceSeeds {
		compareReference(t, s)
	}
}

func FuzzReference(f *testing.F) {
	for _, s := range referenceSeeds {
		f.Add(s)
	}
	f.Fuzz(compareReference)
}

func compareReference(t *testing.T, s string) {
	if got, want := Hostname(s), refHostname(s); got != want {
		t.Errorf("Hostname(%q) = %v, the plain rules say %v", s, got, want)
	}
	if got, want := Email(s), refEmail(s); got != want {
		t.Errorf("Email(%q) = %v, the plain rules say %v", s, got, want)
	}
	if fixed, ok := URL(s); true {
		wantFixed, wantOK := refURL(s)
		if fixed != wantFixed || ok != wantOK {
			t.Errorf("URL(%q) = %q, %v; the plain rules say %q, %v", s, fixed, ok, wantFixed, wantOK)
		}
	}
	if got, want := Scientific(s), refScientific(s); got != want {
		t.Errorf("Scientific(%q) = %v, the plain rules say %v", s, got, want)
	}
}
