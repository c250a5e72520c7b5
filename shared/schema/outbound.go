package schema

import (
	"strings"
	"unicode/utf8"
)

// Outbound is the target of dialer contact lists (genesys.md §4): its columns
// are the input's own, so it is made from a header row by ContactList.
const Outbound = "outbound"

// Contact list limits (genesys.md §4).
const (
	OutboundMaxBytes   = 10_000_000 // an upload part: fits one Worker request with room to re-check it
	ListSize           = 1_000_000  // contacts in one list
	ListMaxColumns     = 50
	ListMaxHeaderChars = 128
	ListMaxValueChars  = 512
)

// ContactList makes the outbound target for a header row: one column per
// header, trimmed, in order. The id column is the key, required on every row;
// phone columns are the headers named in phones, or when phones is nil those
// whose name says they hold phone numbers (PhoneHeader). Empty headers and
// repeats of an earlier header make no column. listSize 0 means ListSize.
func ContactList(headers []string, idColumn string, phones []string, listSize int) *Target {
	if listSize <= 0 {
		listSize = ListSize
	}
	isPhone := map[string]bool{}
	for _, p := range phones {
		isPhone[strings.TrimSpace(p)] = true
	}
	t := &Target{Name: Outbound, MaxBytes: OutboundMaxBytes, Template: true, ListSize: listSize}
	seen := map[string]bool{}
	for _, h := range headers {
		h = strings.TrimSpace(h)
		if h == "" || seen[h] {
			continue
		}
		seen[h] = true
		c := Column{Header: h, Kind: Text, Part: Contact, MaxLen: ListMaxValueChars}
		switch {
		case h == idColumn:
			c.Kind, c.Key, c.Required = ID, true, true
		case phones == nil && PhoneHeader(h), isPhone[h]:
			c.Kind = Phone
		}
		t.Columns = append(t.Columns, c)
	}
	return t
}

// phoneWords start the words that name a phone column, in the languages CRM
// exports come in; "phone" counts anywhere ("Homephone").
var phoneWords = []string{"mobil", "cell", "handy", "movil", "móvil", "telefon", "teléfono", "telephone", "portable"}

// notPhoneWords name columns about a phone rather than holding one.
var notPhoneWords = []string{"type", "status", "extension", "ext", "consent", "opt", "ok", "dnc", "callable"}

// PhoneHeader reports whether a header names a column of phone numbers:
// "Mobile", "Home Phone", "Cell #", "Tel", "Tel2", but not "Hotel",
// "Excellence" or "Phone Type".
func PhoneHeader(h string) bool {
	l := strings.ToLower(strings.TrimSpace(h))
	for _, w := range notPhoneWords {
		if wordAt(l, w, true) {
			return false
		}
	}
	if strings.Contains(l, "phone") {
		return true
	}
	for _, w := range phoneWords {
		if wordAt(l, w, false) {
			return true
		}
	}
	// "tel" alone or numbered ("Tel 2", "tel2"), not the start of "television".
	return wordAt(strings.TrimRight(l, "0123456789 "), "tel", true)
}

// wordAt reports whether w starts a word of s, and when whole is set, ends it too.
func wordAt(s, w string, whole bool) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j+len(w):])
		if !isWordRune(before) && (!whole || !isWordRune(after)) {
			return true
		}
		i = j + 1
	}
}

// isWordRune reports a letter or digit; RuneError stands for the end of the string.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
}
