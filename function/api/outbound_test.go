package api_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"contactprep/function/api"
	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
	"contactprep/shared/finding"
)

const leadHeader = "Lead ID,First Name,Mobile,Home\n"

var leadColumns = []string{"Lead ID", "First Name", "Mobile", "Home"}

// outboundFixture has room for a batch of 1,000 long rows.
func outboundFixture(t *testing.T) (*fixture, string) {
	t.Helper()
	f := start(t, func(c *api.Config) { c.MaxFileBytes = 2 << 20 })
	return f, f.org.UserToken(t, emutest.Admin)
}

// createList makes a contact list with leadColumns through the function, its key
// made from its name.
func (f *fixture) createList(t *testing.T, tok, name string) string {
	t.Helper()
	key := fmt.Sprintf("k%x", sha256.Sum256([]byte(name)))[:12]
	a := f.askList(t, tok, map[string]any{"name": name, "key": key, "columns": leadColumns, "phoneColumns": []string{"Mobile", "Home"}})
	var l api.ListView
	a.json(t, &l)
	if a.status != 200 || l.ID == "" || l.Name != name+" #"+key {
		t.Fatalf("create list: %d %s", a.status, a.body)
	}
	return l.ID
}

// askList posts a list to create.
func (f *fixture) askList(t *testing.T, tok string, list map[string]any) answer {
	t.Helper()
	body, _ := json.Marshal(list)
	return f.do(t, "POST", "/api/outbound/contactlists", strings.NewReader(string(body)), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
}

// rows posts CSV rows to one of a list's row routes.
func (f *fixture) rows(t *testing.T, tok, list, route, csv string, headers ...string) answer {
	t.Helper()
	headers = append([]string{"Authorization", "Bearer " + tok, "Content-Type", "text/csv", "X-Contact-Id-Column", "Lead ID"}, headers...)
	return f.do(t, "POST", "/api/outbound/contactlists/"+list+"/"+route, strings.NewReader(csv), headers...)
}

// leads makes n clean rows with ids from prefix.
func leads(prefix string, n int) string {
	var b strings.Builder
	b.WriteString(leadHeader)
	for i := range n {
		fmt.Fprintf(&b, "%s%07d,Ann,+4915112%06d,\n", prefix, i, i)
	}
	return b.String()
}

// listIDs are the contact ids of a list in the emulated org, in arrival order.
func listIDs(f *fixture, list string) []string {
	var ids []string
	for _, c := range f.org.ContactListContacts(list) {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestOutboundListCreateAndRead(t *testing.T) {
	f, tok := outboundFixture(t)
	id := f.createList(t, tok, "Leads 2026-05 (1)")
	a := f.do(t, "GET", "/api/outbound/contactlists/"+id, nil, "Authorization", "Bearer "+tok)
	var l struct {
		ID, Name string
		Size     *int
	}
	a.json(t, &l)
	if a.status != 200 || l.ID != id || l.Size == nil || *l.Size != 0 {
		t.Errorf("get list: %d %s", a.status, a.body)
	}

	t.Run("bad lists are refused before Genesys sees them", func(t *testing.T) {
		many := make([]string, 51)
		for i := range many {
			many[i] = fmt.Sprint("C", i)
		}
		for name, body := range map[string]any{
			"no name":               map[string]any{"name": " ", "key": "key-001", "columns": []string{"A"}, "phoneColumns": []string{"A"}},
			"no key":                map[string]any{"name": "x", "columns": []string{"A"}, "phoneColumns": []string{"A"}},
			"short key":             map[string]any{"name": "x", "key": "k1", "columns": []string{"A"}, "phoneColumns": []string{"A"}},
			"key not plain":         map[string]any{"name": "x", "key": "key 001", "columns": []string{"A"}, "phoneColumns": []string{"A"}},
			"51 columns":            map[string]any{"name": "x", "key": "key-001", "columns": many, "phoneColumns": []string{"C0"}},
			"repeated column":       map[string]any{"name": "x", "key": "key-001", "columns": []string{"Lead ID", "lead id"}, "phoneColumns": []string{"Lead ID"}},
			"phone not a column":    map[string]any{"name": "x", "key": "key-001", "columns": []string{"A"}, "phoneColumns": []string{"B"}},
			"no phone column":       map[string]any{"name": "x", "key": "key-001", "columns": []string{"A"}},
			"header over 128 chars": map[string]any{"name": "x", "key": "key-001", "columns": []string{strings.Repeat("h", 129)}, "phoneColumns": []string{strings.Repeat("h", 129)}},
		} {
			raw, _ := json.Marshal(body)
			if a := f.do(t, "POST", "/api/outbound/contactlists", strings.NewReader(string(raw)), "Authorization", "Bearer "+tok); a.status != 400 {
				t.Errorf("%s: %d %s", name, a.status, a.body)
			}
		}
	})

	t.Run("without outbound permissions creating is 403 naming them", func(t *testing.T) {
		raw, _ := json.Marshal(map[string]any{"name": "x", "columns": []string{"A"}})
		a := f.do(t, "POST", "/api/outbound/contactlists", strings.NewReader(string(raw)), "Authorization", "Bearer "+f.org.UserToken(t, emutest.Reader))
		var e struct {
			Code    string
			Missing []string
		}
		a.json(t, &e)
		if a.status != 403 || e.Code != "missing_permission" || !slices.Contains(e.Missing, "outbound:contactList:add") {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("an unknown list is 404", func(t *testing.T) {
		if a := f.do(t, "GET", "/api/outbound/contactlists/0b7d3c1e-0000-4000-8000-000000000000", nil, "Authorization", "Bearer "+tok); a.status != 404 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
}

func TestOutboundUploadPath(t *testing.T) {
	f, tok := outboundFixture(t)
	list := f.createList(t, tok, "Leads upload")
	a := f.rows(t, tok, list, "uploads", "\xEF\xBB\xBF"+leads("L", 3))
	var up struct{ Rows int }
	a.json(t, &up)
	if a.status != 200 || up.Rows != 3 {
		t.Fatalf("upload: %d %s", a.status, a.body)
	}
	var st api.ImportStatusView
	deadline := time.Now().Add(5 * time.Second)
	for !st.Done && time.Now().Before(deadline) {
		s := f.do(t, "GET", "/api/outbound/contactlists/"+list+"/importstatus", nil, "Authorization", "Bearer "+tok)
		s.json(t, &st)
		if s.status != 200 {
			t.Fatalf("importstatus: %d %s", s.status, s.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st.State != "IN_PROGRESS" || st.TotalRecords != 3 || st.CompletedRecords != 3 || st.PercentComplete != 100 {
		t.Errorf("import status %+v", st)
	}
	if ids := listIDs(f, list); !slices.Equal(ids, []string{"L0000000", "L0000001", "L0000002"}) {
		t.Errorf("contact ids in the list: %v, want the Lead IDs", ids)
	}

	t.Run("a part whose header the list lacks is 422", func(t *testing.T) {
		a := f.rows(t, tok, list, "uploads", "Lead ID,Nickname\nL9,Zed\n")
		var r api.Refusal
		a.json(t, &r)
		if a.status != 422 || len(r.Findings) != 1 || r.Findings[0].Code != finding.UnknownColumn || r.Findings[0].Column != "Nickname" {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("the id column travels in a header, and must", func(t *testing.T) {
		a := f.do(t, "POST", "/api/outbound/contactlists/"+list+"/uploads", strings.NewReader(leads("M", 1)), "Authorization", "Bearer "+tok)
		if a.status != 400 {
			t.Errorf("without %s: %d %s", "X-Contact-Id-Column", a.status, a.body)
		}
	})

	t.Run("a part over the limit is 413 unread", func(t *testing.T) {
		small := start(t, nil) // 4,096 bytes
		a := small.rows(t, tok, list, "uploads", leads("B", 200))
		if a.status != 413 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
}

func TestOutboundContacts(t *testing.T) {
	f, tok := outboundFixture(t)
	list := f.createList(t, tok, "Leads API")

	a := f.rows(t, tok, list, "contacts", leads("L", 3))
	var added api.AddedContacts
	a.json(t, &added)
	want := [][2]string{{"L0000000", "L0000000"}, {"L0000001", "L0000001"}, {"L0000002", "L0000002"}}
	if a.status != 200 || added.Rows != 3 || !slices.Equal(added.Mapping, want) {
		t.Fatalf("contacts: %d %s", a.status, a.body)
	}
	// The list's size, which Genesys counts only when asked (includeSize).
	var l api.ListView
	f.do(t, "GET", "/api/outbound/contactlists/"+list, nil, "Authorization", "Bearer "+tok).json(t, &l)
	if l.Size == nil || *l.Size != 3 {
		t.Errorf("list size %v, want 3", l.Size)
	}
	got := f.org.ContactListContacts(list)
	if len(got) != 3 || got[1].Data["Mobile"] != "+4915112000001" || got[1].Data["Lead ID"] != "L0000001" || !got[1].Callable {
		t.Errorf("contacts in the list: %+v", got)
	}

	t.Run("the same batch again replaces, never duplicates", func(t *testing.T) {
		if a := f.rows(t, tok, list, "contacts", leads("L", 3)); a.status != 200 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		if n := len(listIDs(f, list)); n != 3 {
			t.Errorf("%d contacts after resending, want 3", n)
		}
	})

	t.Run("1,001 rows is 413 and nothing is added", func(t *testing.T) {
		before := f.doer.addContacts.Load()
		a := f.rows(t, tok, list, "contacts", leads("X", 1001))
		var e struct{ Code string }
		a.json(t, &e)
		if a.status != 413 || e.Code != "too_large" {
			t.Errorf("%d %s", a.status, a.body)
		}
		if f.doer.addContacts.Load() != before || len(listIDs(f, list)) != 3 {
			t.Error("contacts were sent to Genesys")
		}
	})

	t.Run("1,000 long rows go out in requests under Genesys' JSON limit", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(leadHeader)
		name := strings.Repeat("n", 500)
		for i := range 1000 {
			fmt.Fprintf(&b, "W%04d,%s,,\n", i, name)
		}
		before := f.doer.addContacts.Load()
		a := f.rows(t, tok, list, "contacts", b.String())
		var added api.AddedContacts
		a.json(t, &added)
		if a.status != 200 || added.Rows != 1000 || len(added.Mapping) != 1000 || added.Mapping[999] != [2]string{"W0999", "W0999"} {
			t.Fatalf("%d rows %d, %d mapped", a.status, added.Rows, len(added.Mapping))
		}
		if n := f.doer.addContacts.Load() - before; n < 2 {
			t.Errorf("%d add-contacts requests for ~560 KB of JSON, want at least 2", n)
		}
		if n := len(listIDs(f, list)); n != 1003 {
			t.Errorf("%d contacts in the list, want 1003", n)
		}
	})

	t.Run("a bad batch is 422 naming rows and columns, never values", func(t *testing.T) {
		bad := leadHeader + "D1,Ann,+49 151 99887766,\nD1,Bo,,\n,Cy,,+4930\nD4,\"" + strings.Repeat("z", 513) + "\",,\n"
		a := f.rows(t, tok, list, "contacts", bad)
		var r api.Refusal
		a.json(t, &r)
		type rc struct {
			Row    int
			Column string
			Code   finding.Code
		}
		var gotF []rc
		for _, x := range r.Findings {
			gotF = append(gotF, rc{x.Row, x.Column, x.Code})
		}
		wantF := []rc{
			{1, "Lead ID", finding.DuplicateContactID},
			{2, "Lead ID", finding.DuplicateContactID},
			{3, "Lead ID", finding.MissingRequired},
			{4, "First Name", finding.ValueTooLong},
		}
		if a.status != 422 || r.Code != "file_refused" || r.Rows != 4 || !slices.Equal(gotF, wantF) {
			t.Errorf("%d %s\nfindings %v\nwant     %v", a.status, a.body, gotF, wantF)
		}
		for _, v := range []string{"0151 99887766", "Ann", "+4930", "zzzz"} {
			if strings.Contains(string(a.body), v) {
				t.Errorf("the answer carries the value %q", v)
			}
		}
		if slices.Contains(listIDs(f, list), "D4") {
			t.Error("a row of the refused batch was added")
		}
	})

	t.Run("429 and 5xx are retried", func(t *testing.T) {
		path := "/api/v2/outbound/contactlists/" + list + "/contacts"
		f.org.AddFault(t, emulator.Fault{Path: path, Method: "POST", Status: 429, RetryAfter: 1})
		f.org.AddFault(t, emulator.Fault{Path: path, Method: "POST", Status: 503})
		a := f.rows(t, tok, list, "contacts", leads("R", 2))
		if a.status != 200 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		if left := faultsLeft(t, f); left != 0 {
			t.Errorf("%d faults left: the retries never met them", left)
		}
		if ids := listIDs(f, list); !slices.Contains(ids, "R0000000") || !slices.Contains(ids, "R0000001") {
			t.Error("the retried batch is not in the list")
		}
	})

	t.Run("persistent 5xx is 502, and the batch can be sent again", func(t *testing.T) {
		path := "/api/v2/outbound/contactlists/" + list + "/contacts"
		f.org.AddFault(t, emulator.Fault{Path: path, Method: "POST", Status: 503, Times: -1})
		a := f.rows(t, tok, list, "contacts", leads("P", 2))
		var e struct{ Code, Message string }
		a.json(t, &e)
		if a.status != 502 || e.Code != "genesys_unavailable" || !strings.Contains(e.Message, "nothing was added") {
			t.Errorf("%d %s", a.status, a.body)
		}
		f.org.ClearFaults()
		if a := f.rows(t, tok, list, "contacts", leads("P", 2)); a.status != 200 {
			t.Errorf("again: %d %s", a.status, a.body)
		}
	})
}

// faultsLeft counts the emulator's faults not yet met.
func faultsLeft(t *testing.T, f *fixture) int {
	t.Helper()
	res, err := http.Get(f.org.URL + "/_emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list []any
	json.NewDecoder(res.Body).Decode(&list)
	return len(list)
}

// TestOutboundMapping builds lead-id-mapping.csv from the emulator's export (UTF-8
// BOM, every header and value quoted, system columns) for both submission paths.
func TestOutboundMapping(t *testing.T) {
	f, tok := outboundFixture(t)
	list := f.createList(t, tok, "Leads mapping")
	if a := f.rows(t, tok, list, "uploads", leads("U", 2)); a.status != 200 {
		t.Fatalf("upload: %d %s", a.status, a.body)
	}
	if a := f.rows(t, tok, list, "contacts", leadHeader+"A1,\"Lee, \"\"Al\"\"\",+14155550123,\n"); a.status != 200 {
		t.Fatalf("contacts: %d %s", a.status, a.body)
	}
	a := f.rows(t, tok, list, "mapping", "")
	want := "Lead ID,contact_list_id,genesys_contact_id\n" +
		"U0000000," + list + ",U0000000\n" +
		"U0000001," + list + ",U0000001\n" +
		"A1," + list + ",A1\n"
	if a.status != 200 || string(a.body) != want || !strings.HasPrefix(a.header.Get("Content-Type"), "text/csv") {
		t.Errorf("mapping: %d %q\nwant %q", a.status, a.body, want)
	}
	if cd := a.header.Get("Content-Disposition"); !strings.Contains(cd, "lead-id-mapping.csv") {
		t.Errorf("Content-Disposition %q", cd)
	}

	t.Run("contacts added after an export are in the next mapping", func(t *testing.T) {
		if a := f.rows(t, tok, list, "contacts", leads("N", 1)); a.status != 200 {
			t.Fatalf("contacts: %d %s", a.status, a.body)
		}
		a := f.rows(t, tok, list, "mapping", "")
		if a.status != 200 || !strings.HasSuffix(string(a.body), "N0000000,"+list+",N0000000\n") || strings.Count(string(a.body), "\n") != 5 {
			t.Errorf("%d %q", a.status, a.body)
		}
	})

	t.Run("an id column the list lacks is 400", func(t *testing.T) {
		a := f.rows(t, tok, list, "mapping", "", "X-Contact-Id-Column", "Kunden%2DNr")
		if a.status != 400 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("a failing export start is retried", func(t *testing.T) {
		f.org.AddFault(t, emulator.Fault{Path: "/api/v2/outbound/contactlists/" + list + "/export", Method: "POST", Status: 502})
		a := f.rows(t, tok, list, "mapping", "")
		if a.status != 200 || strings.Count(string(a.body), "\n") != 5 || faultsLeft(t, f) != 0 {
			t.Errorf("%d %q", a.status, a.body)
		}
	})

	t.Run("an export still being made may answer 400, and is waited for", func(t *testing.T) {
		// Genesys' terraform provider waits through 400 as through 404 (genesys.md §7).
		f.org.AddFault(t, emulator.Fault{Path: "/api/v2/outbound/contactlists/" + list + "/export", Method: "GET", Status: 400, Times: 2})
		a := f.rows(t, tok, list, "mapping", "")
		if a.status != 200 || strings.Count(string(a.body), "\n") != 5 || faultsLeft(t, f) != 0 {
			t.Errorf("%d %q", a.status, a.body)
		}
	})

	t.Run("an empty list maps to the header alone", func(t *testing.T) {
		empty := f.createList(t, tok, "Leads empty")
		a := f.rows(t, tok, empty, "mapping", "")
		if a.status != 200 || string(a.body) != "Lead ID,contact_list_id,genesys_contact_id\n" {
			t.Errorf("%d %q", a.status, a.body)
		}
	})
}

// TestOutboundIDColumnEncoded: a non-ASCII column name travels percent-encoded, as
// browsers send only ASCII in headers.
func TestOutboundIDColumnEncoded(t *testing.T) {
	f, tok := outboundFixture(t)
	body, _ := json.Marshal(map[string]any{"name": "Kunden", "key": "kunden-1", "columns": []string{"Kunden-Nr.", "Straße", "Telefon"}, "phoneColumns": []string{"Telefon"}})
	a := f.do(t, "POST", "/api/outbound/contactlists", strings.NewReader(string(body)), "Authorization", "Bearer "+tok)
	var l api.ListView
	a.json(t, &l)
	a = f.rows(t, tok, l.ID, "contacts", "Kunden-Nr.,Straße,Telefon\nK1,Hauptstraße 1,+4930123456\n", "X-Contact-Id-Column", "Kunden-Nr.")
	if a.status != 200 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	a = f.rows(t, tok, l.ID, "mapping", "", "X-Contact-Id-Column", "Stra%C3%9Fe")
	if a.status != 200 || !strings.HasPrefix(string(a.body), "Straße,contact_list_id,genesys_contact_id\nHauptstraße 1,"+l.ID+",K1\n") {
		t.Errorf("%d %q", a.status, a.body)
	}
}
