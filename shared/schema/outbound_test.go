package schema

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/finding"
)

func TestPhoneHeader(t *testing.T) {
	for h, want := range map[string]bool{
		"Mobile": true, "Home Phone": true, "Homephone": true, "Cell #": true, "Cellular": true, "Tel": true,
		"Tel. 2": true, "tel2": true, "Telephone": true, "Telefon": true, "Teléfono móvil": true, "Handy": true,
		"Work_Phone": true, "PHONE NUMBER": true, "Mobilnummer": true,
		"Hotel": false, "Excellence": false, "Phone Type": false, "Mobile Opt In": false, "Phone Ext": false,
		"Phone Extension": false, "Television": false, "Lead ID": false, "Email": false, "": false, "Intel": false,
		"Phone Status": false, "DNC Phone": false,
	} {
		if got := PhoneHeader(h); got != want {
			t.Errorf("PhoneHeader(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestContactList(t *testing.T) {
	l := ContactList([]string{" Lead ID ", "Mobile", "", "Name", "Mobile", "Fax Line"}, "Lead ID", nil, 0)
	if got := l.Headers(); !slices.Equal(got, []string{"Lead ID", "Mobile", "Name", "Fax Line"}) {
		t.Fatalf("headers %q", got)
	}
	id, mobile := l.Columns[0], l.Columns[1]
	if !id.Key || !id.Required || id.Kind != ID || mobile.Kind != Phone || l.Columns[2].Kind != Text || l.Key(Contact) != 0 {
		t.Errorf("columns %+v", l.Columns)
	}
	for _, c := range l.Columns {
		if c.MaxLen != ListMaxValueChars || c.Part != Contact {
			t.Errorf("%s: max %d, part %v", c.Header, c.MaxLen, c.Part)
		}
	}
	if !l.Template || l.ListSize != ListSize || l.MaxBytes != OutboundMaxBytes || l.Name != Outbound {
		t.Errorf("target %+v", l)
	}
	given := ContactList([]string{"Lead ID", "Mobile", "Fax Line"}, "Lead ID", []string{"Fax Line", "Lead ID"}, 7)
	if given.Columns[1].Kind != Text || given.Columns[2].Kind != Phone || given.Columns[0].Kind != ID || given.ListSize != 7 {
		t.Errorf("phones given: %+v", given)
	}
	if o, ok := New(Outbound); !ok || o.Name != Outbound || len(o.Columns) != 0 {
		t.Errorf("New(outbound) = %+v, %v", o, ok)
	}
}

func TestListHeaderProblems(t *testing.T) {
	long := strings.Repeat("é", ListMaxHeaderChars+1)
	got := ListHeaderProblems([]string{"Lead ID", "Mobile", " mobile ", "", long, strings.Repeat("é", ListMaxHeaderChars)})
	want := []HeaderProblem{
		{Code: finding.HeaderDuplicate, Column: 2, First: 1},
		{Code: finding.MalformedRow, Column: 3},
		{Code: finding.HeaderTooLong, Column: 4, Count: ListMaxHeaderChars + 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems %+v, want %+v", got, want)
	}
	many := make([]string, ListMaxColumns+1)
	for i := range many {
		many[i] = fmt.Sprint("c", i)
	}
	if got := ListHeaderProblems(many); len(got) != 1 || got[0].Code != finding.TooManyColumns || !strings.Contains(got[0].Message(), "51 columns") {
		t.Errorf("51 columns: %+v", got)
	}
	if got := ListHeaderProblems(many[:ListMaxColumns]); len(got) != 0 {
		t.Errorf("50 columns: %+v", got)
	}
	l := ContactList([]string{"Lead ID", "Mobile", "MOBILE"}, "Lead ID", nil, 0)
	if !slices.Equal(l.Headers(), []string{"Lead ID", "Mobile"}) || l.ListIndex(" mobile") != 1 {
		t.Errorf("contact list %q", l.Headers())
	}
}

func TestPhoneType(t *testing.T) {
	for column, want := range map[string]string{"Home Phone": "home", "Work Phone": "work", "Office": "work", "Mobile": "cell", "Tel 2": "cell"} {
		if got := PhoneType(column); got != want {
			t.Errorf("PhoneType(%q) = %q, want %q", column, got, want)
		}
	}
}

// TestHeaderTarget: a header is looked for by the template's columns, its
// own fields too, unless the target is a contact list or the template has
// no names; else by the catalog's.
func TestHeaderTarget(t *testing.T) {
	template := []string{"Member No", "Contact First Name"}
	for _, c := range []struct {
		name     string
		template []string
		want     string
	}{
		{Legacy, nil, "Contact ID"},
		{Bulk, template, "Member No"},
		{Legacy, template, "Member No"},
		{Outbound, template, "Contact ID"},
		{Legacy, []string{" ", ""}, "Contact ID"},
		{"nonsense", nil, "Contact ID"},
	} {
		got := HeaderTarget(c.name, c.template)
		if got.Columns[0].Header != c.want || got.Name == Outbound {
			t.Errorf("%s %q: %s's first column %q, want %q", c.name, c.template, got.Name, got.Columns[0].Header, c.want)
		}
	}
}

func TestGuessIDColumn(t *testing.T) {
	for _, tt := range []struct {
		headers []string
		want    string
	}{
		{[]string{"Name", "Customer ID", "Lead ID"}, "Lead ID"},
		{[]string{"Name", "LeadId", "id"}, "LeadId"},
		{[]string{"Phone", "Mobile Lead_ID "}, "Mobile Lead_ID "},
		{[]string{"Paid", "Customer ID ", "Record ID"}, "Customer ID "},
		{[]string{"Valid", "Grid", "ID"}, "ID"},
		{[]string{"Kunden-Nr", "Name"}, "Kunden-Nr"},
		{[]string{"Misleading", "Lead", "x-id"}, "x-id"},
		{nil, ""},
	} {
		if got := GuessIDColumn(tt.headers); got != tt.want {
			t.Errorf("GuessIDColumn(%q) = %q, want %q", tt.headers, got, tt.want)
		}
	}
}
