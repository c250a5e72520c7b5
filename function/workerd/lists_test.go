//go:build unix

package workerd_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

// TestWorkerExistingListsAndDNC: through the built Worker, the admin's contact lists
// are listed with their sizes, a month-2 batch updates the month-1 list, and Lead IDs
// reach a custom DNC list by PATCH, which the Worker's fetch must carry.
func TestWorkerExistingListsAndDNC(t *testing.T) {
	org := emutest.Start(t)
	var list emulator.ContactListSeed
	list.Name, list.ColumnNames = "Leads May", []string{"Lead ID", "First Name", "Mobile"}
	if err := json.Unmarshal([]byte(`{"phoneColumns": [{"columnName": "Mobile"}], "generated": {"idColumn": "Lead ID", "prefix": "M", "width": 6, "count": 2}}`), &list); err != nil {
		t.Fatal(err)
	}
	seeded, err := org.SeedLists(emulator.Seed{ContactLists: []emulator.ContactListSeed{list},
		DNCLists: []emulator.DNCListSeed{{Name: "Lead IDs", DncSourceType: "rds_custom", CustomExclusionColumn: "Lead ID"}}})
	if err != nil {
		t.Fatal(err)
	}
	w := startWorker(t, org.URL)
	auth := []string{"Authorization", "Bearer " + org.UserToken(t, emutest.Admin), "Origin", w.url}

	var lists struct {
		Lists []struct {
			ID   string
			Size int
		}
	}
	a := w.do(t, "GET", "/api/outbound/contactlists", nil, auth...)
	a.decode(t, &lists)
	if a.status != 200 || len(lists.Lists) != 1 || lists.Lists[0].Size != 2 {
		t.Fatalf("lists: %d %s", a.status, a.body)
	}
	month1 := seeded.ContactLists[0].ID
	a = w.do(t, "POST", "/api/outbound/contactlists/"+month1+"/contacts", strings.NewReader(leadRows("M", 3)),
		append([]string{"Content-Type", "text/csv", "X-Contact-Id-Column", "Lead ID"}, auth...)...)
	if a.status != 200 || len(org.ContactListContacts(month1)) != 3 {
		t.Fatalf("month 2: %d %s, %d contacts", a.status, a.body, len(org.ContactListContacts(month1)))
	}
	dnc := seeded.DNCLists[0].ID
	a = w.do(t, "POST", "/api/outbound/dnclists/"+dnc+"/entries", strings.NewReader(`{"entries":["M000000","M000002"]}`),
		append([]string{"Content-Type", "application/json"}, auth...)...)
	if got := org.DNCEntries(dnc); a.status != 200 || !slices.Equal(got, []string{"M000000", "M000002"}) {
		t.Fatalf("DNC: %d %s, entries %v", a.status, a.body, got)
	}
}
