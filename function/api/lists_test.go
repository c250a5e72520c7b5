package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/function/api"
	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

// seedMonth1 gives the org a month-1 contact list holding L0000000 … L0000002 and DNC
// lists of each kind.
func seedMonth1(t *testing.T, f *fixture) emulator.Seeded {
	t.Helper()
	var list emulator.ContactListSeed
	json.Unmarshal([]byte(`{"name": "Leads May", "columnNames": ["Lead ID", "First Name", "Mobile", "Home"],
		"phoneColumns": [{"columnName": "Mobile", "type": "cell"}, {"columnName": "Home", "type": "home"}],
		"generated": {"idColumn": "Lead ID", "prefix": "L", "width": 7, "count": 3}}`), &list)
	seeded, err := f.org.SeedLists(emulator.Seed{ContactLists: []emulator.ContactListSeed{list}, DNCLists: []emulator.DNCListSeed{
		{Name: "Phones", DncSourceType: "rds", ContactMethod: "Phone"},
		{Name: "Lead IDs", DncSourceType: "rds_custom", CustomExclusionColumn: "Lead ID"},
		{Name: "National", DncSourceType: "gryphon"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return seeded
}

// The admin's lists come with their sizes and columns; a month-2 batch sent into the
// month-1 list updates the contacts it holds and adds the others.
func TestExistingListsTakeMonthTwo(t *testing.T) {
	f, tok := outboundFixture(t)
	seeded := seedMonth1(t, f)
	month1 := seeded.ContactLists[0].ID
	var got api.Lists
	a := f.do(t, "GET", "/api/outbound/contactlists", nil, "Authorization", "Bearer "+tok)
	a.json(t, &got)
	if a.status != 200 || len(got.Lists) != 1 || got.Lists[0].ID != month1 || got.Lists[0].Size != 3 ||
		!slices.Equal(got.Lists[0].PhoneColumns, []string{"Mobile", "Home"}) || len(got.Lists[0].Columns) != 4 {
		t.Fatalf("lists: %d %s", a.status, a.body)
	}
	if a := f.rows(t, tok, month1, "contacts", leads("L", 5)); a.status != 200 {
		t.Fatalf("month 2: %d %s", a.status, a.body)
	}
	contacts := f.org.ContactListContacts(month1)
	if len(contacts) != 5 || contacts[0].Data["First Name"] != "Ann" {
		t.Errorf("after month 2: %d contacts, first %+v", len(contacts), contacts[0])
	}

	f.org.Withhold("outbound:contactList:view")
	a = f.do(t, "GET", "/api/outbound/contactlists", nil, "Authorization", "Bearer "+f.org.UserToken(t, emutest.Admin))
	if a.status != 403 || !strings.Contains(string(a.body), "outbound:contactList:view") {
		t.Errorf("without outbound:contactList:view: %d %s", a.status, a.body)
	}
}

// A DNC list takes the entries of its kind: phone numbers in E.164, Lead IDs into a
// custom list; a list fed by a DNC service takes none, and nothing of a refused
// request is added.
func TestDNCEntries(t *testing.T) {
	f, tok := outboundFixture(t)
	seeded := seedMonth1(t, f)
	phones, leadIDs, national := seeded.DNCLists[0].ID, seeded.DNCLists[1].ID, seeded.DNCLists[2].ID
	var got struct{ Lists []api.DNCListView }
	a := f.do(t, "GET", "/api/outbound/dnclists", nil, "Authorization", "Bearer "+tok)
	a.json(t, &got)
	if a.status != 200 || len(got.Lists) != 3 || got.Lists[0].Takes != "custom" || got.Lists[0].Column != "Lead ID" ||
		got.Lists[1].Takes != "" || got.Lists[2].Takes != "phone" {
		t.Fatalf("DNC lists: %d %s", a.status, a.body)
	}
	send := func(id string, entries ...string) answer {
		body, _ := json.Marshal(map[string]any{"entries": entries})
		return f.do(t, "POST", "/api/outbound/dnclists/"+id+"/entries", strings.NewReader(string(body)), "Authorization", "Bearer "+tok)
	}
	many := make([]string, 700) // two requests to Genesys
	for i := range many {
		many[i] = fmt.Sprintf("+4915112%06d", i)
	}
	for _, tt := range []struct {
		id      string
		entries []string
		status  int
	}{
		{phones, many, 200},
		{phones, []string{"+14155550100", "(415) 555-0101"}, 422},
		{leadIDs, []string{"L0000001", "L0000002"}, 200},
		{national, []string{"+14155550100"}, 409},
		{phones, nil, 400},
	} {
		if a := send(tt.id, tt.entries...); a.status != tt.status {
			t.Errorf("%s %d entries: %d %s, want %d", tt.id, len(tt.entries), a.status, a.body, tt.status)
		}
	}
	if n := len(f.org.DNCEntries(phones)); n != 700 {
		t.Errorf("%d phone numbers in the DNC list, want 700", n)
	}
	if got := f.org.DNCEntries(leadIDs); !slices.Equal(got, []string{"L0000001", "L0000002"}) {
		t.Errorf("Lead IDs %v", got)
	}
}
