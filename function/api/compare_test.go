package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
	"contactprep/shared/orgcheck"
)

// "Compare with my org" finds, with view permissions only, a contact the row
// updates, one under another Contact ID with the row's e-mail or phone, and
// an Account Name the org has as an organization made by hand or under
// another Account ID; a busy Genesys' Retry-After reaches the page.
func TestCompareWithMyOrg(t *testing.T) {
	f := start(t, nil)
	if err := f.org.Seed(emulator.Seed{
		Organizations: []map[string]any{{"name": "Office Mart"}, {"name": "Acme", "externalId": "A-OLD", "externalSource": "source-1"},
			{"name": "Beta", "externalId": "A-2", "externalSource": "source-1"}},
		Contacts: []map[string]any{
			{"externalId": "K1", "externalSource": "source-1", "firstName": "Ann", "workEmail": "ann@example.com"},
			{"externalId": "CRM-77", "externalSource": "crm", "firstName": "Dee", "workEmail": "dee@example.com", "cellPhone": map[string]any{"display": "+14155550199"}},
		},
	}); err != nil {
		t.Fatal(err)
	}
	tok := f.org.UserToken(t, emutest.Admin)
	rows := []orgcheck.Row{
		{Table: 0, ContactID: "K1", Emails: []string{"ann@example.com"}, AccountID: "A-9", AccountName: "office mart"},
		{Table: 1, ContactID: "K4", Emails: []string{"dee@example.com"}, AccountID: "A-1", AccountName: "Acme"},
		{Table: 2, ContactID: "K5", Phones: []string{"+14155550199"}, AccountID: "A-2", AccountName: "Beta"},
		{Table: 3, ContactID: "K6"},
	}
	body, _ := json.Marshal(map[string]any{"rows": rows})
	a := f.do(t, "POST", "/api/org/compare", strings.NewReader(string(body)), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	var got struct{ Answers []orgcheck.Answer }
	a.json(t, &got)
	want := []orgcheck.Answer{
		{Table: 0, Exists: true, Account: orgcheck.HandMade},
		{Table: 1, SameEmail: true, Account: orgcheck.OtherID},
		{Table: 2, SamePhone: true},
		{Table: 3},
	}
	if a.status != http.StatusOK || len(got.Answers) != len(want) {
		t.Fatalf("compare: %d %s", a.status, a.body)
	}
	for i, w := range want {
		if got.Answers[i] != w {
			t.Errorf("row %d: %+v, want %+v", i, got.Answers[i], w)
		}
	}

	f.org.AddFault(t, emulator.Fault{Path: "/api/v2/externalcontacts/identifierlookup", Status: 429, RetryAfter: 30, Times: -1})
	a = f.do(t, "POST", "/api/org/compare", strings.NewReader(string(body)), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "30" {
		t.Errorf("busy: %d %s, Retry-After %q", a.status, a.body, a.header.Get("Retry-After"))
	}
	f.org.ClearFaults()

	reader := f.org.UserToken(t, emutest.Reader)
	a = f.do(t, "POST", "/api/org/compare", strings.NewReader(string(body)), "Authorization", "Bearer "+reader, "Content-Type", "application/json")
	if a.status != http.StatusForbidden || !strings.Contains(string(a.body), "externalContacts:contact:view") {
		t.Errorf("without view permissions: %d %s", a.status, a.body)
	}
	many, _ := json.Marshal(map[string]any{"rows": make([]orgcheck.Row, orgcheck.MaxLookups+1)})
	if a := f.do(t, "POST", "/api/org/compare", strings.NewReader(string(many)), "Authorization", "Bearer "+tok); a.status != http.StatusBadRequest {
		t.Errorf("too many lookups: %d", a.status)
	}
}
