package schema

import "testing"

// TestSynonymsDistinct fails on a name given to two columns, or to a header
// the catalog does not have: the later would silently win.
func TestSynonymsDistinct(t *testing.T) {
	headers := map[string]bool{}
	for _, c := range Catalog() {
		headers[c.Header] = true
	}
	seen := map[string]string{}
	for _, s := range synonymNames {
		if !headers[s.header] {
			t.Errorf("synonyms for %q: no such catalog column", s.header)
		}
		for _, n := range s.names {
			k := synonymKey(n)
			if k == "" {
				t.Errorf("%q folds to nothing", n)
			}
			if h, ok := seen[k]; ok && h != s.header {
				t.Errorf("%q means both %q and %q", n, h, s.header)
			}
			seen[k] = s.header
		}
	}
}

func TestSynonym(t *testing.T) {
	for name, want := range map[string]string{
		"Kunden-Nr":          "Contact ID",
		"Kunden-Nr.":         "Contact ID",
		"Firmen-ID":          "Account ID",
		"Telefon":            "Contact Work Phone",
		"Ort":                "Contact City",
		"Société":            "Account Name",
		"SOCIETE":            "Account Name",
		"Teléfono":           "Contact Work Phone",
		"Telefono":           "Contact Work Phone",
		"Straße":             "Contact Address 1",
		"Strasse":            "Contact Address 1",
		"N° client":          "Contact ID",
		"Nº cliente":         "Contact ID",
		"Código postal":      "Contact Postal Code",
		"Telemóvel":          "Contact Cell Phone",
		"Achternaam":         "Contact Last Name",
		"Cognome":            "Contact Last Name",
		"Città":              "Contact City",
		"Ragione sociale":    "Account Name",
		"E-Mail":             "Contact Work Email",
		"Correo electrónico": "Contact Work Email",
		"Mobile Phone":       "Contact Cell Phone",
	} {
		if got, ok := Synonym(name); !ok || got != want {
			t.Errorf("Synonym(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"Name", "Titel", "Poste", "Notes", ""} {
		if got, ok := Synonym(name); ok {
			t.Errorf("Synonym(%q) = %q; want none: it is ambiguous or unknown", name, got)
		}
	}
}
