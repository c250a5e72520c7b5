package emulator

import (
	"net/http"
	"strings"
	"testing"
)

type divisionListing struct {
	Entities []struct {
		ID           string
		Name         string
		HomeDivision bool
	}
	PageNumber, PageSize, Total, PageCount int
}

func TestDivisionsPermitted(t *testing.T) {
	cfg := testConfig()
	cfg.Divisions = DefaultDivisions()
	cfg.Users[0].Permissions = append(cfg.Users[0].Permissions, "externalContacts:contact:add")
	h := newHarness(t, cfg)
	tok := h.admin()
	const path = "/api/v2/authorization/divisionspermitted/paged/me"

	var all divisionListing
	h.ok("GET", path+"?permission=externalContacts:contact:add", tok, nil, &all)
	if len(all.Entities) != 3 || all.Total != 3 || all.PageCount != 1 || !all.Entities[0].HomeDivision || all.Entities[1].Name != "Sales EMEA" {
		t.Errorf("listing %+v", all)
	}
	var second divisionListing
	h.ok("GET", path+"?permission=externalContacts:contact:add&pageSize=2&pageNumber=2", tok, nil, &second)
	if len(second.Entities) != 1 || second.Entities[0].Name != "Support Americas" || second.PageCount != 2 {
		t.Errorf("second page %+v", second)
	}
	// A permission the user lacks (or one withheld) lists none; no permission is a 400.
	var none divisionListing
	h.ok("GET", path+"?permission=routing:queue:view", tok, nil, &none)
	if len(none.Entities) != 0 || none.Total != 0 {
		t.Errorf("without the permission: %+v", none)
	}
	h.s.Withhold("externalContacts:contact:add")
	h.ok("GET", path+"?permission=externalContacts:contact:add", tok, nil, &none)
	if len(none.Entities) != 0 {
		t.Errorf("withheld: %+v", none)
	}
	for _, q := range []string{"", "?permission=externalContacts:contact:add&pageSize=0"} {
		if rec := h.do("GET", path+q, tok, nil); rec.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d", q, rec.Code)
		}
	}
}

func TestJobDivisionMustBeTheOrgs(t *testing.T) {
	cfg := testConfig()
	cfg.Divisions = DefaultDivisions()
	h := newHarness(t, cfg)
	tok := h.admin()
	settings := h.csvSettingsFor(tok, standardMappings...)
	upload := h.upload(tok, []byte("External ID,First Name,Last Name\nC1,Ann,Lee\n"))
	rec := h.do("POST", "/api/v2/externalcontacts/import/csv/jobs", tok,
		map[string]any{"uploadId": upload, "settingsId": settings, "division": map[string]string{"id": "no-such-division"}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "no-such-division") {
		t.Errorf("unknown division: status %d %s", rec.Code, rec.Body)
	}
	sales := DefaultDivisions()[1].ID
	h.ok("POST", "/api/v2/externalcontacts/import/csv/jobs", tok,
		map[string]any{"uploadId": upload, "settingsId": settings, "division": map[string]string{"id": sales}}, nil)
}
