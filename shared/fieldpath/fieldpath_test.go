package fieldpath_test

import (
	"strings"
	"testing"

	"contactprep/shared/fieldpath"
	"contactprep/shared/recheck"
	"contactprep/shared/schema"
)

// TestCatalogCovered: every path the catalog's headers map to is in the table, once,
// with its source.
func TestCatalogCovered(t *testing.T) {
	var headers []string
	for _, c := range schema.Catalog() {
		headers = append(headers, c.Header)
	}
	paths := fieldpath.Default()
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p.Field] || p.Source == "" || p.Target != p.Field {
			t.Errorf("%+v: repeated, without a source, or not sent as itself", p)
		}
		seen[p.Field] = true
	}
	for _, f := range recheck.CatalogFields(headers) {
		if !seen[f.Path] {
			t.Errorf("the catalog maps %q to %q, which the table lacks", f.Column, f.Path)
		}
	}
	for _, unknown := range []string{"externalId", "externalOrganization.externalId", "externalOrganization.websites"} {
		for _, p := range paths {
			if p.Field == unknown && !p.Unverified {
				t.Errorf("%s is not marked unverified", unknown)
			}
		}
	}
}

func TestOverrides(t *testing.T) {
	paths, err := fieldpath.Overrides(`{"externalId": "externalIds.value", "externalOrganization.websites": "externalOrganization.websites.0"}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := fieldpath.Target(paths, "externalId"); got != "externalIds.value" {
		t.Errorf("externalId goes to %q", got)
	}
	if got := fieldpath.Target(paths, "firstName"); got != "firstName" {
		t.Errorf("firstName goes to %q", got)
	}
	if got := fieldpath.Target(paths, "customField_c"); got != "customField_c" {
		t.Errorf("a field the table lacks goes to %q", got)
	}
	if d := fieldpath.Default(); fieldpath.Target(d, "externalId") != "externalId" {
		t.Error("an override changed the default table")
	}
	for text, want := range map[string]string{
		`{"nickname": "x"}`:        `"nickname"`,
		`{"externalId": "a[0].b"}`: `"a[0].b"`,
		`{"externalId": ""}`:       `"externalId"`,
		`["externalId"]`:           "JSON object",
	} {
		if _, err := fieldpath.Overrides(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error naming %s", text, err, want)
		}
	}
	if paths, err := fieldpath.Overrides("  "); err != nil || len(paths) != len(fieldpath.Default()) {
		t.Errorf("no overrides: %v", err)
	}
}
