// Package fieldpath is the one table of Genesys field paths the CSV import sends, each with where it comes from, and a deployment's overrides of them.
//
// The engine names a contact's fields by the paths of Genesys' ExternalContact model
// (schema.Column.Path). Most are the SDK's own; a few cannot be checked
// without a real org (genesys.md §7): those are marked Unverified, and a deployment
// can send another path for any field without a rebuild (Overrides).
package fieldpath

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"contactprep/shared/schema"
)

// Path is one field the import can fill.
type Path struct {
	Field      string // the engine's name for it: "workPhone.display", "externalOrganization.name"
	Target     string // the targetField (and importFields name) Genesys is sent
	Source     string // where Target comes from
	Unverified bool   // no documentation says it; confirm on a real org (function/README.md)
}

// SDK model docs in MyPureCloud/platform-client-sdk-python build/docs (257.1.0).
const (
	contactDoc = "ExternalContact.md"
	orgDoc     = "ExternalContact.md externalOrganization, ExternalOrganization.md"
	phoneDoc   = "PhoneNumber.md"
	addressDoc = "ContactAddress.md"
)

// unverified are the paths no documentation gives (genesys.md §7).
var unverified = map[string]string{
	schema.ContactKeyPath:             "genesys.md §7: the model has only externalIds[]; the CSV importer's path for the contact's key is not documented",
	schema.AccountKeyPath:             "genesys.md §7: the model has only externalIds[]; the path for the organization's key is not documented",
	schema.AccountPrefix + "websites": orgDoc + ": websites is a list of strings; whether one cell fills it is not documented",
}

// Default is the table as built: every path the catalog's columns fill (schema.Catalog),
// each sent as itself.
func Default() []Path {
	var paths []Path
	for _, c := range schema.Catalog() {
		field := c.Path()
		if field == "" {
			continue
		}
		p := Path{Field: field, Target: field, Source: source(field)}
		if why, ok := unverified[field]; ok {
			p.Source, p.Unverified = why, true
		}
		paths = append(paths, p)
	}
	return paths
}

// source names the SDK docs a documented path is read from.
func source(field string) string {
	doc := contactDoc
	if strings.HasPrefix(field, schema.AccountPrefix) {
		doc, field = orgDoc, strings.TrimPrefix(field, schema.AccountPrefix)
	}
	switch {
	case strings.HasPrefix(field, "address."):
		doc += ", " + addressDoc
	case strings.HasSuffix(field, ".display"), strings.HasSuffix(field, ".extension"):
		doc += ", " + phoneDoc
	}
	return doc
}

// Overrides reads a deployment's overrides, a JSON object from a field to the path to
// send for it, such as {"externalId": "externalIds.value"}, and returns the table with
// them applied. Empty text is no overrides. An unknown field or a target that is not
// a dot path of letters, digits and underscores is an error naming it.
func Overrides(text string) ([]Path, error) {
	paths := Default()
	if strings.TrimSpace(text) == "" {
		return paths, nil
	}
	var over map[string]string
	if err := json.Unmarshal([]byte(text), &over); err != nil {
		return nil, fmt.Errorf("the field path overrides are not a JSON object of strings: %v", err)
	}
	for field, target := range over {
		i := slices.IndexFunc(paths, func(p Path) bool { return p.Field == field })
		switch {
		case i < 0:
			return nil, fmt.Errorf("the field path overrides name %q, which is not a field the import sends", field)
		case !Valid(target):
			return nil, fmt.Errorf("the field path override of %q, %q, is not a dot path of letters, digits and underscores", field, target)
		}
		paths[i].Target = target
		paths[i].Source = "this deployment's override (GENESYS_FIELD_PATHS)"
	}
	return paths, nil
}

// Target is the path to send for field: the table's, or field itself for a field the
// table does not hold.
func Target(paths []Path, field string) string {
	if i := slices.IndexFunc(paths, func(p Path) bool { return p.Field == field }); i >= 0 {
		return paths[i].Target
	}
	return field
}

// Valid accepts dot paths of letters, digits and underscores, such as workPhone.display.
func Valid(p string) bool {
	if p == "" {
		return false
	}
	for _, part := range strings.Split(p, ".") {
		if part == "" {
			return false
		}
		for _, c := range part {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}
