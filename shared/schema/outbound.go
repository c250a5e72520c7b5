package schema

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"contactprep/shared/field"
	"contactprep/shared/finding"
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
// repeats of an earlier header (HeaderKey: Genesys ignores case) make no
// column. listSize 0 means ListSize.
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
		h = field.Trim(h)
		if h == "" || seen[HeaderKey(h)] {
			continue
		}
		seen[HeaderKey(h)] = true
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

// HeaderKey is what Genesys compares to tell a file's or a contact list's
// columns apart: the name trimmed, case ignored ("Mobile" and "mobile " are
// one column, genesys.md §2 and §4).
func HeaderKey(h string) string { return strings.ToLower(field.Trim(h)) }

// ListIndex returns the position of the contact list column named h, as
// Genesys matches names (HeaderKey), or -1.
func (t *Target) ListIndex(h string) int {
	key := HeaderKey(h)
	for i, c := range t.Columns {
		if HeaderKey(c.Header) == key {
			return i
		}
	}
	return -1
}

// HeaderProblem is one reason Genesys refuses a contact list's column names.
type HeaderProblem struct {
	Code   finding.Code // TooManyColumns, MalformedRow (a name empty), HeaderTooLong or HeaderDuplicate
	Column int          // 0-based; -1 for the names as a whole (TooManyColumns)
	First  int          // HeaderDuplicate: the earlier column of the same name
	Count  int          // TooManyColumns: the columns; HeaderTooLong: the name's characters
}

// Message says what is wrong, naming columns by their 1-based position.
func (p HeaderProblem) Message() string {
	switch p.Code {
	case finding.TooManyColumns:
		return fmt.Sprintf("%d columns; a contact list holds at most %d", p.Count, ListMaxColumns)
	case finding.HeaderTooLong:
		return fmt.Sprintf("the name of column %d has %d characters; a contact list allows %d", p.Column+1, p.Count, ListMaxHeaderChars)
	case finding.HeaderDuplicate:
		return fmt.Sprintf("columns %d and %d have the same name (Genesys compares names ignoring case)", p.First+1, p.Column+1)
	}
	return fmt.Sprintf("column %d has no name", p.Column+1)
}

// ListHeaderProblems checks the column names of a contact list against
// Genesys' rules (genesys.md §4): at most ListMaxColumns columns, each named,
// in at most ListMaxHeaderChars characters, no two the same ignoring case.
// The engine, the re-check and the function all check names here.
func ListHeaderProblems(names []string) []HeaderProblem {
	var out []HeaderProblem
	if len(names) > ListMaxColumns {
		out = append(out, HeaderProblem{Code: finding.TooManyColumns, Column: -1, Count: len(names)})
	}
	first := make(map[string]int, len(names))
	for i, h := range names {
		key := HeaderKey(h)
		j, dup := first[key]
		switch n := field.Len(h); {
		case key == "":
			out = append(out, HeaderProblem{Code: finding.MalformedRow, Column: i})
		case n > ListMaxHeaderChars:
			out = append(out, HeaderProblem{Code: finding.HeaderTooLong, Column: i, Count: n})
		case dup:
			out = append(out, HeaderProblem{Code: finding.HeaderDuplicate, Column: i, First: j})
		default:
			first[key] = i
		}
	}
	return out
}

// GuessIDColumn guesses which of a file's columns holds each contact's own id,
// for a contact list: the first named like a Lead ID ("Lead ID", "LeadId",
// "lead_id"), else the first whose name ends in the word ID ("Customer ID", "id"), else
// the first column; "" when there is none. The admin confirms or changes it.
func GuessIDColumn(headers []string) string {
	for _, h := range headers {
		if leadID(strings.ToLower(h)) {
			return h
		}
	}
	for _, h := range headers {
		l := strings.ToLower(strings.TrimSpace(h))
		if strings.HasSuffix(l, "id") {
			before, _ := utf8.DecodeLastRuneInString(l[:len(l)-2])
			if before == utf8.RuneError || before < 'a' || before > 'z' {
				return h
			}
		}
	}
	if len(headers) > 0 {
		return headers[0]
	}
	return ""
}

// leadID reports "lead" followed by "id", with at most one character between.
func leadID(l string) bool {
	for i := 0; ; {
		j := strings.Index(l[i:], "lead")
		if j < 0 {
			return false
		}
		rest := l[i+j+len("lead"):]
		if strings.HasPrefix(rest, "id") {
			return true
		}
		if _, n := utf8.DecodeRuneInString(rest); n > 0 && strings.HasPrefix(rest[n:], "id") {
			return true
		}
		i += j + 1
	}
}

// PhoneType guesses the kind of number a phone column holds from its name:
// "home", "work" or "cell". Genesys wants one per contact list phone column.
func PhoneType(column string) string {
	c := strings.ToLower(column)
	switch {
	case strings.Contains(c, "home"):
		return "home"
	case strings.Contains(c, "work"), strings.Contains(c, "office"), strings.Contains(c, "business"):
		return "work"
	}
	return "cell"
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
