package api_test

import (
	"net/http"
	"testing"

	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

const (
	importSettingsPath = "/api/v2/externalcontacts/import/settings"
	csvSettingsPath    = "/api/v2/externalcontacts/import/csv/settings"
	csvJobsPath        = "/api/v2/externalcontacts/import/csv/jobs"
	contactListsPath   = "/api/v2/outbound/contactlists"
)

// TestCreatesActThenFail: Genesys makes the settings and the job but the gateway
// answers 502 or 504; the function looks each up instead of making it again.
func TestCreatesActThenFail(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	f.org.AddFault(t, emulator.Fault{Path: importSettingsPath, Method: "POST", Status: http.StatusBadGateway, Act: true})
	f.org.AddFault(t, emulator.Fault{Path: csvSettingsPath, Method: "POST", Status: http.StatusGatewayTimeout, Act: true})
	f.org.AddFault(t, emulator.Fault{Path: csvJobsPath, Method: "POST", Status: http.StatusBadGateway, Act: true})
	a := f.submit(t, tok, map[string]any{}, cleanFile)
	if a.status != http.StatusAccepted || faultsLeft(t, f) != 0 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if is, cs, jobs := f.org.ImportSettingsCount(), f.org.CSVSettingsCount(), f.org.JobCount(); is != 1 || cs != 1 || jobs != 1 {
		t.Errorf("%d import settings, %d CSV settings, %d jobs; want one of each", is, cs, jobs)
	}
}

// TestCreateFailedBeforeActingIsSentAgain: a 502 that came before Genesys acted is
// found out by the lookup, and the create is sent again.
func TestCreateFailedBeforeActingIsSentAgain(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	f.org.AddFault(t, emulator.Fault{Path: importSettingsPath, Method: "POST", Status: http.StatusBadGateway})
	f.org.AddFault(t, emulator.Fault{Path: csvJobsPath, Method: "POST", Status: http.StatusGatewayTimeout})
	a := f.submit(t, tok, map[string]any{}, cleanFile)
	if a.status != http.StatusAccepted || faultsLeft(t, f) != 0 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if is, jobs := f.org.ImportSettingsCount(), f.org.JobCount(); is != 1 || jobs != 1 {
		t.Errorf("%d import settings, %d jobs; want one of each", is, jobs)
	}
}

// TestListCreateActThenFail: the list is made but its answer lost, to the function (a
// 504) or to the page (closed before it saved the id): either way one list.
func TestListCreateActThenFail(t *testing.T) {
	f, tok := outboundFixture(t)
	f.org.AddFault(t, emulator.Fault{Path: contactListsPath, Method: "POST", Status: http.StatusGatewayTimeout, Act: true})
	first := f.createList(t, tok, "Leads 2026-05 (1 of 2)")
	if n := f.org.ContactListCount(); n != 1 || faultsLeft(t, f) != 0 {
		t.Fatalf("%d lists after a 504 that came after the list was made", n)
	}
	again := f.createList(t, tok, "Leads 2026-05 (1 of 2)") // the page asks again with the key it kept
	if n := f.org.ContactListCount(); n != 1 || again != first {
		t.Errorf("asked again: list %s, %d lists; want %s alone", again, n, first)
	}
	if other := f.createList(t, tok, "Leads 2026-05 (2 of 2)"); other == first || f.org.ContactListCount() != 2 {
		t.Errorf("another list of the sending was not made")
	}
}
