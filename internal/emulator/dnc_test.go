package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// seedLists seeds through /_emulator/seed, as the Chromium tests do, and returns the ids.
func (h *harness) seedLists(seed Seed) Seeded {
	h.t.Helper()
	rec := h.do("POST", "/_emulator/seed", "", seed)
	var out Seeded
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
		h.t.Fatalf("seed: %d %s", rec.Code, rec.Body)
	}
	return out
}

// A month-1 list, seeded with its contacts and a raised limit, takes month 2: contacts
// whose id it holds are updated, new ones added, up to its own limit.
func TestSeededListUpdatesByContactID(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	var seed ContactListSeed
	if err := json.Unmarshal([]byte(`{"name": "Leads May", "columnNames": ["Lead ID", "Name", "Phone"],
		"phoneColumns": [{"columnName": "Phone", "type": "cell"}], "limit": 1200,
		"contacts": [{"id": "X-1", "data": {"Lead ID": "X-1", "Name": "Old"}}],
		"generated": {"idColumn": "Lead ID", "prefix": "L-", "width": 1, "first": 0, "count": 999}}`), &seed); err != nil {
		t.Fatal(err)
	}
	got := h.seedLists(Seed{ContactLists: []ContactListSeed{seed}, DNCLists: []DNCListSeed{{Name: "Lead IDs", DncSourceType: "rds_custom", CustomExclusionColumn: "Lead ID"}}})
	if len(got.ContactLists) != 1 || len(got.DNCLists) != 1 {
		t.Fatalf("seeded %+v", got)
	}
	id := got.ContactLists[0].ID

	var page struct {
		Entities []contactListView `json:"entities"`
		Total    int               `json:"total"`
	}
	h.ok("GET", "/api/v2/outbound/contactlists?includeSize=true&name=Leads", tok, nil, &page)
	if page.Total != 1 || page.Entities[0].ID != id || page.Entities[0].Size == nil || *page.Entities[0].Size != 1000 {
		t.Fatalf("listing %+v", page)
	}
	page.Entities = nil
	h.ok("GET", "/api/v2/outbound/contactlists", tok, nil, &page)
	if page.Entities[0].Size != nil {
		t.Errorf("size given unasked")
	}

	// L-500 … L-998 exist (499 updates), L-999 … L-1199 are new (201 adds): 1,201 > 1,200.
	body := contactsBody(id, 500, 700)
	rec := h.do("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, body)
	if rec.Code != http.StatusBadRequest || errorCode(t, rec) != "contact.list.size.limit.exceeded" {
		t.Fatalf("over the raised limit: %d %s", rec.Code, rec.Body)
	}
	var added []DialerContact
	h.ok("POST", "/api/v2/outbound/contactlists/"+id+"/contacts?priority=false&doNotQueue=true", tok, body[:699], &added)
	contacts := h.s.ContactListContacts(id)
	if len(added) != 699 || len(contacts) != 1200 || contacts[501].Data["Phone"] != "+14155550100" || contacts[0].Data["Name"] != "Old" {
		t.Fatalf("after the update: %d answered, %d in the list, %+v", len(added), len(contacts), contacts[501])
	}
	if rec := h.do("POST", "/api/v2/outbound/contactlists/"+id+"/contacts?clearSystemData=yes", tok, body[:1]); rec.Code != http.StatusBadRequest {
		t.Errorf("clearSystemData=yes: %d", rec.Code)
	}

	// A seed over the list's limit, or with a column the list lacks, makes nothing.
	for _, bad := range []string{
		`{"name": "Full", "columnNames": ["Lead ID", "Phone"], "phoneColumns": [{"columnName": "Phone"}], "limit": 2, "generated": {"idColumn": "Lead ID", "count": 3}}`,
		`{"name": "Odd", "columnNames": ["Lead ID", "Phone"], "phoneColumns": [{"columnName": "Phone"}], "contacts": [{"id": "1", "data": {"Other": "x"}}]}`,
	} {
		var s ContactListSeed
		json.Unmarshal([]byte(bad), &s)
		if rec := h.do("POST", "/_emulator/seed", "", Seed{ContactLists: []ContactListSeed{s}}); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
	h.ok("GET", "/api/v2/outbound/contactlists", tok, nil, &page)
	if page.Total != 1 {
		t.Errorf("a refused seed made a list: %d lists", page.Total)
	}
}

// DNC lists take entries of their own kind only, as OutboundApi.md documents: phone
// numbers and e-mail addresses into rds lists of that contact method, custom exclusion
// values (Lead IDs) into rds_custom lists, nothing into dnc.com or gryphon lists.
func TestDNCLists(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	got := h.seedLists(Seed{DNCLists: []DNCListSeed{
		{Name: "Phones", DncSourceType: "rds", ContactMethod: "Phone", Entries: []string{"+14155550100"}},
		{Name: "Lead IDs", DncSourceType: "rds_custom", CustomExclusionColumn: "Lead ID"},
		{Name: "Emails", DncSourceType: "rds", ContactMethod: "Email"},
		{Name: "National", DncSourceType: "gryphon"},
	}})
	phones, leads, emails, national := got.DNCLists[0].ID, got.DNCLists[1].ID, got.DNCLists[2].ID, got.DNCLists[3].ID
	path := func(id, what string) string { return "/api/v2/outbound/dnclists/" + id + "/" + what }

	var page struct {
		Entities []dncListView `json:"entities"`
		Total    int           `json:"total"`
	}
	h.ok("GET", "/api/v2/outbound/dnclists?includeSize=true&dncSourceType=rds", tok, nil, &page)
	if page.Total != 2 || page.Entities[1].Name != "Phones" || *page.Entities[1].Size != 1 || page.Entities[1].ContactMethod != "Phone" {
		t.Fatalf("rds lists %+v", page)
	}

	for _, tt := range []struct {
		method, target string
		body           any
		want           int
	}{
		{"POST", path(phones, "phonenumbers"), []string{"+14155550100", "14155550101"}, http.StatusNoContent},
		{"POST", path(phones, "phonenumbers") + "?expirationDateTime=2027-01-31T00:00Z", []string{"+14155550102"}, http.StatusNoContent},
		{"POST", path(phones, "phonenumbers") + "?expirationDateTime=2027-01-31", []string{"+14155550103"}, http.StatusBadRequest},
		{"POST", path(phones, "phonenumbers"), []string{"(415) 555-0100"}, http.StatusBadRequest},
		{"POST", path(phones, "phonenumbers"), []string{}, http.StatusBadRequest},
		{"POST", path(phones, "emailaddresses"), []string{"a@example.com"}, http.StatusBadRequest},
		{"POST", path(emails, "emailaddresses"), []string{"a@example.com"}, http.StatusNoContent},
		{"POST", path(emails, "phonenumbers"), []string{"+14155550100"}, http.StatusBadRequest},
		{"POST", path(national, "phonenumbers"), []string{"+14155550100"}, http.StatusBadRequest},
		{"PATCH", path(leads, "customexclusioncolumns"), map[string]any{"action": "Add", "customExclusionColumnEntries": []string{"L-1", "L-2", "L-1"}}, http.StatusNoContent},
		{"PATCH", path(leads, "customexclusioncolumns"), map[string]any{"action": "add", "customExclusionColumnEntries": []string{"L-3"}}, http.StatusBadRequest},
		{"PATCH", path(phones, "customexclusioncolumns"), map[string]any{"action": "Add", "customExclusionColumnEntries": []string{"L-3"}}, http.StatusBadRequest},
		{"POST", path("missing", "phonenumbers"), []string{"+14155550100"}, http.StatusNotFound},
	} {
		if rec := h.do(tt.method, tt.target, tok, tt.body); rec.Code != tt.want {
			t.Errorf("%s %s %v: %d %s, want %d", tt.method, tt.target, tt.body, rec.Code, rec.Body, tt.want)
		}
	}
	if got := h.s.DNCEntries(phones); !slices.Equal(got, []string{"+14155550100", "14155550101", "+14155550102"}) {
		t.Errorf("phones %v", got)
	}
	if got := h.s.DNCEntries(leads); !slices.Equal(got, []string{"L-1", "L-2"}) {
		t.Errorf("lead ids %v", got)
	}
	var inspected []string
	h.ok("GET", "/_emulator/dnclists/"+emails, "", nil, &inspected)
	if !slices.Equal(inspected, []string{"a@example.com"}) {
		t.Errorf("inspected %v", inspected)
	}
	if rec := h.do("POST", "/_emulator/seed", "", Seed{DNCLists: []DNCListSeed{{Name: "x", DncSourceType: "rds"}}}); rec.Code != http.StatusBadRequest {
		t.Errorf("rds without a contact method: %d", rec.Code)
	}
}
