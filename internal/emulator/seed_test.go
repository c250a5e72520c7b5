package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// A seeded organization made by hand refuses the rows that would make a new
// organization of its name; one imported under an Account ID takes members.
func TestTrialRunRefusesRowsForAHandMadeOrganization(t *testing.T) {
	h := newHarness(t, testConfig())
	rec := h.do("POST", "/_emulator/seed", "", Seed{
		Organizations: []map[string]any{{"name": "Office Mart"}, {"name": "Acme", "externalId": "A-1"}},
		Contacts:      []map[string]any{{"firstName": "Old", "lastName": "Timer", "workEmail": "ann@example.com"}},
	})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("seed: %d %s", rec.Code, rec.Body)
	}
	if orgs := h.s.Organizations(); len(orgs) != 2 || !handMade(orgs[0]) && !handMade(orgs[1]) {
		t.Fatalf("organizations %v", orgs)
	}
	tok := h.admin()
	file := header +
		"C-1,Ann,Lee,,,ann@example.com,,A-9,office mart\n" + // line 2: a new organization of the hand-made one's name
		"C-2,Bob,Ray,,,,,A-1,Acme\n" + // line 3: the imported organization
		"C-3,Cy,Ito,,,,,,\n" // line 4: no organization
	id := h.startJob(tok, h.upload(tok, []byte(file)), h.csvSettingsFor(tok, standardMappings...))
	h.clock.advance(h.s.cfg.DryRunDelay)
	v := h.job(tok, id)
	if *v.Metadata.DryRunSuccessCount != 2 || *v.Metadata.DryRunFailedCount != 1 {
		t.Fatalf("dry run %d/%d, want 2/1", *v.Metadata.DryRunSuccessCount, *v.Metadata.DryRunFailedCount)
	}
	rows := h.report(v.Metadata.DryRunReportDownloadURL)
	if len(rows) != 4 || rows[1][0] != "2" || rows[1][1] != "Failed" || !strings.Contains(rows[1][2], "created by hand") || rows[2][1] != "Success" {
		t.Errorf("report %v", rows)
	}
	if rec := h.do("POST", "/_emulator/seed", "", Seed{Organizations: []map[string]any{{"externalId": "A-2"}}}); rec.Code != http.StatusBadRequest {
		t.Errorf("an organization without a name: %d", rec.Code)
	}
}
