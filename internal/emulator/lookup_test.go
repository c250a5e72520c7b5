package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
)

func TestLookups(t *testing.T) {
	h := newHarness(t, testConfig())
	orgs := []map[string]any{{"name": "Office Mart"}, {"name": "Office Depot", "externalId": "A-1", "externalSource": "src"}}
	for i := range 30 {
		orgs = append(orgs, map[string]any{"name": "Shop " + strconv.Itoa(i)})
	}
	if err := h.s.Seed(Seed{Organizations: orgs, Contacts: []map[string]any{
		{"externalId": "CRM-77", "externalSource": "src", "firstName": "Dee", "workEmail": "Dee@Example.com", "cellPhone": map[string]any{"display": "+1 415 555 0104"}},
	}}); err != nil {
		t.Fatal(err)
	}
	tok := h.admin()
	lookup := func(body map[string]any) (int, map[string]any) {
		rec := h.do("POST", "/api/v2/externalcontacts/identifierlookup/contacts", tok, body)
		var c map[string]any
		json.Unmarshal(rec.Body.Bytes(), &c)
		return rec.Code, c
	}
	for _, body := range []map[string]any{
		{"type": "Email", "value": " dee@example.com"},
		{"type": "Phone", "value": "+14155550104"},
		{"type": "ExternalId", "value": "CRM-77", "externalSource": map[string]any{"id": "src"}},
	} {
		if code, c := lookup(body); code != http.StatusOK || c["firstName"] != "Dee" {
			t.Errorf("%v: %d %v", body, code, c)
		}
	}
	for body, want := range map[string]int{
		`{"type":"Email","value":"ann@example.com"}`:                               http.StatusNotFound,
		`{"type":"ExternalId","value":"CRM-77","externalSource":{"id":"another"}}`: http.StatusNotFound,
		`{"type":"Phone","value":"4155550104"}`:                                    http.StatusBadRequest,
		`{"type":"Fax","value":"1"}`:                                               http.StatusBadRequest,
	} {
		var b map[string]any
		json.Unmarshal([]byte(body), &b)
		if code, _ := lookup(b); code != want {
			t.Errorf("%s: %d, want %d", body, code, want)
		}
	}

	var page struct {
		Entities             []map[string]any
		Total, PageCount     int
		PageSize, PageNumber int
	}
	h.ok("GET", "/api/v2/externalcontacts/organizations?q=office+mart", tok, nil, &page)
	if page.Total != 1 || page.Entities[0]["name"] != "Office Mart" || page.Entities[0]["externalIds"] != nil {
		t.Errorf("office mart: %+v", page)
	}
	h.ok("GET", "/api/v2/externalcontacts/organizations?q=shop&pageSize=25&pageNumber=2", tok, nil, &page)
	if page.Total != 30 || len(page.Entities) != 5 || page.PageCount != 2 || page.PageSize != 25 || page.PageNumber != 2 {
		t.Errorf("second page: total %d, %d entities, %d pages", page.Total, len(page.Entities), page.PageCount)
	}
	if rec := h.do("GET", "/api/v2/externalcontacts/organizations?q=shop&pageSize=100&pageNumber=11", tok, nil); rec.Code != http.StatusBadRequest {
		t.Errorf("beyond the first 1,000 records: %d", rec.Code)
	}
}
