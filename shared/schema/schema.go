// Package schema describes the import files Genesys accepts: their columns, each column's kind, limit and JSON path.
package schema

import (
	"strings"
)

// Kind says how a column's values are checked and cleaned.
type Kind uint8

const (
	Text Kind = iota
	ID
	Name
	Phone
	Extension // the extension of the phone column named by Column.PhoneOf
	Email
	URL
	Bool
)

var kindNames = [...]string{"text", "id", "name", "phone", "extension", "email", "url", "bool"}

func (k Kind) String() string { return kindNames[k] }

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Part says which record a column belongs to: a row can carry a contact, an account, or both.
type Part uint8

const (
	Contact Part = iota
	Account
)

func (p Part) String() string {
	if p == Account {
		return "account"
	}
	return "contact"
}

// MarshalText writes the part's name.
func (p Part) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// Column is one target column. Header is spelled exactly as Genesys expects it.
type Column struct {
	Header   string `json:"header"`
	Kind     Kind   `json:"kind"`
	Part     Part   `json:"part"`
	JSONPath string `json:"jsonPath,omitempty"` // field of the ExternalContact / ExternalOrganization API object
	MaxLen   int    `json:"maxLen,omitempty"`   // in characters; 0 means no known limit
	Required bool   `json:"required,omitempty"` // required whenever the row carries this column's part
	Key      bool   `json:"key,omitempty"`      // the part's identity: Contact ID or Account ID
	PhoneOf  string `json:"phoneOf,omitempty"`  // for Extension columns: the header of their phone column
}

// Target is the set of columns an import file must have, in output order.
type Target struct {
	Name     string   `json:"name"`
	Columns  []Column `json:"columns"`
	MaxBytes int64    `json:"maxBytes"`           // the largest file Genesys accepts
	Template bool     `json:"template"`           // the columns are an org's sample file's, to be written exactly
	ListSize int      `json:"listSize,omitempty"` // outbound: the most contacts in one contact list
}

// Target names.
const (
	Legacy = "legacy" // the admin UI's Bulk CSV Import
	Bulk   = "bulk"   // the Bulk Import flow and its API
)

// File size limits of the targets (genesys.md §1 and §2).
const (
	LegacyMaxBytes = 10 << 20
	BulkMaxBytes   = 50 << 20
)

// New returns the built-in catalog for the named target ("legacy" or "bulk"),
// or an outbound target without columns yet (see ContactList).
func New(name string) (*Target, bool) {
	switch name {
	case Outbound:
		return ContactList(nil, "", nil, 0), true
	case Legacy, "":
		return &Target{Name: Legacy, Columns: Catalog(), MaxBytes: LegacyMaxBytes}, true
	case Bulk:
		return &Target{Name: Bulk, Columns: Catalog(), MaxBytes: BulkMaxBytes}, true
	}
	return nil, false
}

// FromTemplate makes a target whose columns are exactly the given header row (the
// org's own sample setup file). Headers the catalog knows keep its kind and limits;
// the rest are typed by their name.
func FromTemplate(name string, headers []string) *Target {
	t, ok := New(name)
	if !ok {
		t, _ = New(Legacy)
	}
	known := make(map[string]Column, len(t.Columns))
	for _, c := range t.Columns {
		known[c.Header] = c
	}
	cols := make([]Column, 0, len(headers))
	for _, h := range headers {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if c, ok := known[h]; ok {
			cols = append(cols, c)
			continue
		}
		cols = append(cols, typedByName(h))
	}
	t.Columns, t.Template = cols, true
	return t
}

// HeaderTarget returns the columns a header row is looked for by, and a
// workbook's sheets are scored against: the template's (an org's sample
// file, with its own fields) when one is given, else the catalog's, also for
// a contact list, whose columns are the file's own. An unknown name is the
// legacy target.
func HeaderTarget(name string, template []string) *Target {
	if name != Outbound && len(template) > 0 {
		if t := FromTemplate(name, template); len(t.Columns) > 0 {
			return t
		}
	}
	if t, ok := New(name); ok && name != Outbound {
		return t
	}
	t, _ := New(Legacy)
	return t
}

// typedByName guesses a column's kind and part from its header.
func typedByName(h string) Column {
	c := Column{Header: h, Kind: Text}
	l := strings.ToLower(h)
	if strings.HasPrefix(l, "account") || strings.HasPrefix(l, "organization") {
		c.Part = Account
	}
	switch {
	case strings.HasSuffix(l, "phone extension") || strings.HasSuffix(l, "phone ext"):
		c.Kind = Extension
		c.PhoneOf = strings.TrimSpace(h[:strings.LastIndex(l, " ext")])
	case strings.HasSuffix(l, "phone"):
		c.Kind, c.MaxLen = Phone, 512
	case strings.HasSuffix(l, "email") || strings.HasSuffix(l, "e-mail"):
		c.Kind, c.MaxLen = Email, 256
	case strings.HasSuffix(l, "website") || strings.HasSuffix(l, "url"):
		c.Kind, c.MaxLen = URL, 1000
	case strings.HasSuffix(l, "opt out") || strings.HasSuffix(l, "optout"):
		c.Kind = Bool
	}
	return c
}

// Index returns the position of the column with this exact header, or -1.
func (t *Target) Index(header string) int {
	for i, c := range t.Columns {
		if c.Header == header {
			return i
		}
	}
	return -1
}

// Key returns the position of the part's key column (Contact ID, Account ID), or -1.
func (t *Target) Key(p Part) int {
	for i, c := range t.Columns {
		if c.Key && c.Part == p {
			return i
		}
	}
	return -1
}

// Headers returns the column headers in output order.
func (t *Target) Headers() []string {
	h := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		h[i] = c.Header
	}
	return h
}
