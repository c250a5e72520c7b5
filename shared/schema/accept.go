package schema

import (
	"strings"

	"contactprep/shared/field"
	"contactprep/shared/finding"
)

// Verdict is what Genesys does with one value of a column: the single
// definition the engine exports by, the server's re-check and the emulator's
// trial run import by.
type Verdict uint8

const (
	Taken   Verdict = iota // imported as it is
	AsTyped                // imported as typed, but not usable as a number: a phone not in E.164 cannot be searched, dialled reliably or sent SMS
	Refused                // the row is not imported
)

// Accept says what Genesys does with v, a trimmed, non-empty value of column c,
// and, unless the value is simply taken, the finding that says why. A phone is
// taken in E.164 and kept as typed otherwise (genesys.md §1); an extension is
// a whole number; e-mail addresses, web addresses and yes/no values must be
// valid; no value may exceed the column's limit.
func (c *Column) Accept(v string) (Verdict, finding.Code) {
	// A character takes at least a byte, so most values need no counting.
	if c.MaxLen > 0 && len(v) > c.MaxLen && field.Len(v) > c.MaxLen {
		return Refused, finding.ValueTooLong
	}
	switch c.Kind {
	case Phone:
		if !field.E164(v) {
			return AsTyped, finding.PhoneInvalid
		}
	case Extension:
		if !field.Extension(v) {
			return Refused, finding.PhoneExtension
		}
	case Email:
		if !field.Email(v) {
			return Refused, finding.EmailInvalid
		}
	case URL:
		if fixed, ok := field.URL(v); !ok || fixed != v {
			return Refused, finding.URLInvalid
		}
	case Bool:
		if v != "true" && v != "false" {
			return Refused, finding.BoolInvalid
		}
	}
	return Taken, ""
}

// JSON paths of the bulk import's mapping (genesys.md §2) with a meaning beyond
// "put the cell here".
const (
	ContactKeyPath  = "externalId"                      // the contact's key (Contact ID)
	AccountPrefix   = "externalOrganization."           // fields of the contact's organization
	AccountKeyPath  = "externalOrganization.externalId" // the organization's key (Account ID)
	AccountNamePath = "externalOrganization.name"
)

// Path is the JSON path the bulk import's mapping fills from column c:
// "externalId", "workPhone.display", "externalOrganization.name"; "" for a
// column with none.
func (c *Column) Path() string {
	switch {
	case c.Key && c.Part == Contact:
		return ContactKeyPath
	case c.Key && c.Part == Account:
		return AccountKeyPath
	case c.JSONPath == "":
		return ""
	case c.Part == Account:
		return AccountPrefix + c.JSONPath
	}
	return c.JSONPath
}

// ForPath returns the catalog's column for a bulk import JSON path, whose kind
// and limit say what the field accepts (Accept). Every phone's extension is an
// extension, though the catalog has a column for the work phone's only.
func ForPath(path string) (Column, bool) {
	for _, c := range Catalog() {
		if c.Path() == path {
			return c, true
		}
	}
	if phone, ok := strings.CutSuffix(path, ".extension"); ok {
		if c, ok := ForPath(phone + ".display"); ok && c.Kind == Phone {
			return Column{Header: c.Header + " Extension", Kind: Extension, Part: c.Part, PhoneOf: c.Header}, true
		}
	}
	return Column{}, false
}
