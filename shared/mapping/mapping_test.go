package mapping

import (
	"testing"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

func targetHeaders(m *Mapping) []string {
	out := make([]string, len(m.Source))
	for s, t := range m.To {
		if t >= 0 {
			out[s] = m.Target.Columns[t].Header
		}
	}
	return out
}

func TestMap(t *testing.T) {
	legacy, _ := schema.New(schema.Legacy)
	for _, c := range []struct {
		name      string
		source    []string
		overrides []Override
		want      []string // target per source column; "" unmapped
		how       []How
	}{
		{"exact", []string{"Contact ID", "Contact First Name", "Contact Last Name"}, nil,
			[]string{"Contact ID", "Contact First Name", "Contact Last Name"}, []How{Exact, Exact, Exact}},
		{"folded", []string{"contact_id", "CONTACT FIRST NAME", " contact-last-name "}, nil,
			[]string{"Contact ID", "Contact First Name", "Contact Last Name"}, []How{Folded, Folded, Folded}},
		{"synonyms", []string{"Lead ID", "Given Name", "Surname", "E-mail", "Mobile", "Cell", "Company"}, nil,
			[]string{"Contact ID", "Contact First Name", "Contact Last Name", "Contact Work Email", "Contact Cell Phone", "Contact Work Phone", "Account Name"},
			[]How{Synonym, Synonym, Synonym, Synonym, Synonym, Synonym, Synonym}},
		{"German", []string{"Kunden-Nr", "Firmen-ID", "Telefon", "Ort", "Straße", "PLZ"}, nil,
			[]string{"Contact ID", "Account ID", "Contact Work Phone", "Contact City", "Contact Address 1", "Contact Postal Code"},
			[]How{Synonym, Synonym, Synonym, Synonym, Synonym, Synonym}},
		{"French, Spanish, Portuguese, Dutch, Italian", []string{"Société", "Teléfono", "Telemóvel", "Voornaam", "Cognome", "Città"}, nil,
			[]string{"Account Name", "Contact Work Phone", "Contact Cell Phone", "Contact First Name", "Contact Last Name", "Contact City"},
			[]How{Synonym, Synonym, Synonym, Synonym, Synonym, Synonym}},
		{"prefix-less catalog names", []string{"Work Phone", "City", "Account Website"}, nil,
			[]string{"Contact Work Phone", "Contact City", "Account Website"}, []How{Folded, Folded, Exact}},
		{"explicit wins and can ignore", []string{"Ref", "Mobile", "Notes"},
			[]Override{{"Ref", "Contact ID"}, {"Mobile", "Contact Other Phone"}, {"Notes", ""}},
			[]string{"Contact ID", "Contact Other Phone", ""}, []How{Explicit, Explicit, Unmapped}},
		{"exact beats synonym for the same target", []string{"Phone", "Contact Work Phone"}, nil,
			[]string{"Contact Cell Phone", "Contact Work Phone"}, []How{Synonym, Exact}},
		{"duplicate email spills to the next email column", []string{"Email", "Email"}, nil,
			[]string{"Contact Work Email", "Contact Personal Email"}, []How{Synonym, Synonym}},
		{"unknown and blank", []string{"Favourite Colour", ""}, nil, []string{"", ""}, []How{Unmapped, Unmapped}},
	} {
		m := Map(c.source, legacy, c.overrides)
		got := targetHeaders(m)
		for i := range c.want {
			if got[i] != c.want[i] || m.How[i] != c.how[i] {
				t.Errorf("%s: column %q → %q (%s), want %q (%s)", c.name, c.source[i], got[i], m.How[i], c.want[i], c.how[i])
			}
		}
	}
}

func TestFindings(t *testing.T) {
	legacy, _ := schema.New(schema.Legacy)
	m := Map([]string{"ID", "First Name", "Shoe Size", "ID"}, legacy, nil)
	got := map[finding.Code]int{}
	for _, f := range m.Findings("a.csv") {
		if f.File != "a.csv" || f.Row != 0 {
			t.Errorf("finding %+v: want file a.csv row 0", f)
		}
		got[f.Code]++
	}
	want := map[finding.Code]int{
		finding.HeaderMapped:    2, // ID, First Name
		finding.UnknownColumn:   2, // Shoe Size, the second ID
		finding.HeaderDuplicate: 1,
		finding.MissingColumn:   1, // Contact Last Name
	}
	for code, n := range want {
		if got[code] != n {
			t.Errorf("%s: %d findings, want %d (all: %v)", code, got[code], n, got)
		}
	}
}

func TestTemplateTyping(t *testing.T) {
	tpl := schema.FromTemplate(schema.Legacy, []string{"Contact ID", "Contact First Name", "Contact Last Name", "Contact Fax Phone", "Account Billing Email", "Contact Blog URL", "Notes"})
	kinds := map[string]schema.Kind{"Contact Fax Phone": schema.Phone, "Account Billing Email": schema.Email, "Contact Blog URL": schema.URL, "Notes": schema.Text, "Contact ID": schema.ID}
	for h, k := range kinds {
		i := tpl.Index(h)
		if i < 0 || tpl.Columns[i].Kind != k {
			t.Errorf("%s: kind %v, want %v", h, tpl.Columns[i].Kind, k)
		}
	}
	if p := tpl.Columns[tpl.Index("Account Billing Email")].Part; p != schema.Account {
		t.Errorf("Account Billing Email is part %v, want account", p)
	}
	m := Map([]string{"fax phone"}, tpl, nil)
	if m.To[0] < 0 || tpl.Columns[m.To[0]].Header != "Contact Fax Phone" {
		t.Errorf("fax phone mapped to %v", m.To[0])
	}
}

func TestParseOverride(t *testing.T) {
	o, err := ParseOverride("Ref=No = Contact ID")
	if err != nil || o.Source != "Ref=No" || o.Target != "Contact ID" {
		t.Errorf("got %+v, %v", o, err)
	}
	if _, err := ParseOverride("no equals"); err == nil {
		t.Error("want an error for a pair without =")
	}
}
