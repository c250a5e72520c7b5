package emulator

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func (h *harness) createList(tok string, columns ...string) string {
	h.t.Helper()
	var l contactListView
	h.ok("POST", "/api/v2/outbound/contactlists", tok, map[string]any{
		"name": "leads", "columnNames": columns,
		"phoneColumns": []phoneColumn{{ColumnName: "Phone", Type: "cell"}},
	}, &l)
	if l.ID == "" || l.Size != nil || l.ImportStatus != nil || len(l.ColumnNames) != len(columns) {
		h.t.Fatalf("created list %+v", l)
	}
	return l.ID
}

func contactsBody(listID string, from, n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{
			"id": fmt.Sprintf("L-%d", from+i), "contactListId": listID,
			"data": map[string]string{"Lead ID": fmt.Sprintf("L-%d", from+i), "Phone": "+14155550100"},
		}
	}
	return out
}

func TestAddContacts(t *testing.T) {
	cfg := testConfig()
	cfg.ContactListLimit = 1500
	h := newHarness(t, cfg)
	tok := h.admin()
	id := h.createList(tok, "Lead ID", "Name", "Phone")

	var added []DialerContact
	h.ok("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, contactsBody(id, 0, 1000), &added)
	if len(added) != 1000 || added[0].ID != "L-0" || added[0].ContactListID != id || !added[0].Callable {
		t.Fatalf("added %d contacts, first %+v", len(added), added[0])
	}
	rec := h.do("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, contactsBody(id, 1000, 1001))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("1,001 contacts: status %d", rec.Code)
	}
	rec = h.do("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, contactsBody(id, 1000, 501))
	if rec.Code != http.StatusBadRequest || errorCode(t, rec) != "contact.list.size.limit.exceeded" {
		t.Errorf("over the list limit: status %d, body %s", rec.Code, rec.Body)
	}
	h.ok("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, contactsBody(id, 500, 1000), &added) // 500 new, 500 replaced

	bad := []map[string]any{
		{"data": map[string]string{"Unknown": "x"}},
		{"data": map[string]string{}},
		{"contactListId": "other", "data": map[string]string{"Name": "x"}},
		{"data": map[string]string{"Name": strings.Repeat("x", 513)}},
	}
	for _, c := range bad {
		if rec := h.do("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, []any{c}); rec.Code != http.StatusBadRequest {
			t.Errorf("%v: status %d", c, rec.Code)
		}
	}
	if rec := h.do("POST", "/api/v2/outbound/contactlists/missing/contacts", tok, contactsBody("missing", 0, 1)); rec.Code != http.StatusNotFound {
		t.Errorf("unknown list: status %d", rec.Code)
	}
	var l contactListView
	h.ok("GET", "/api/v2/outbound/contactlists/"+id+"?includeSize=true", tok, nil, &l)
	if l.Size == nil || *l.Size != 1500 || len(h.s.ContactListContacts(id)) != 1500 {
		t.Errorf("list size %v, want 1500", l.Size)
	}
	// Genesys counts a list only when asked (OutboundApi.md get_outbound_contactlist).
	var unasked contactListView
	h.ok("GET", "/api/v2/outbound/contactlists/"+id, tok, nil, &unasked)
	if unasked.Size != nil || unasked.ImportStatus != nil {
		t.Errorf("size or import status sent unasked: %+v", unasked)
	}
}

func multipartUpload(t *testing.T, fields map[string]string, file string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", "leads.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(file))
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func TestContactListUpload(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		idColumn  string
		wantState string // IN_PROGRESS ends at 100 percent: Genesys documents no other state
		wantSize  int
	}{
		{"lead ids", "\uFEFFLead ID,Name,Phone\nL-1,Ann,+14155550100\nL-2,\"Bob, Jr\",+14155550101\n", "Lead ID", "IN_PROGRESS", 2},
		{"generated ids", "Name,Phone\nAnn,+14155550100\n", "", "IN_PROGRESS", 1},
		{"unknown column", "Lead ID,Nickname\nL-1,Ann\n", "Lead ID", "FAILED", 0},
		{"ragged row", "Lead ID,Name\nL-1\n", "Lead ID", "FAILED", 0},
		{"over the limit", "Lead ID\nL-1\nL-2\nL-3\nL-4\n", "Lead ID", "FAILED", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.ContactListLimit = 3
			h := newHarness(t, cfg)
			tok := h.admin()
			id := h.createList(tok, "Lead ID", "Name", "Phone")
			ctype, body := multipartUpload(t, map[string]string{"id": id, "fileType": "contactlist", "contact-id-name": tt.idColumn}, tt.file)
			if rec := h.do("POST", "/uploads/v2/contactlist", tok, body, "Content-Type", ctype); rec.Code != http.StatusOK {
				t.Fatalf("upload: status %d body %s", rec.Code, rec.Body)
			}
			var st importStatus
			h.ok("GET", "/api/v2/outbound/contactlists/"+id+"/importstatus", tok, nil, &st)
			if tt.wantState == "IN_PROGRESS" && (st.State != "IN_PROGRESS" || st.PercentComplete != 0) {
				t.Errorf("status right after the upload = %+v", st)
			}
			h.clock.advance(h.s.cfg.ImportDelay)
			h.ok("GET", "/api/v2/outbound/contactlists/"+id+"/importstatus", tok, nil, &st)
			done := st.State == "IN_PROGRESS" && st.PercentComplete == 100 && st.CompletedRecords == st.TotalRecords
			if st.State != tt.wantState || (st.State == "FAILED") != (st.FailureReason != "") || (st.State == "IN_PROGRESS") != done {
				t.Errorf("status = %+v, want %s", st, tt.wantState)
			}
			var l contactListView
			h.ok("GET", "/api/v2/outbound/contactlists/"+id+"?includeImportStatus=true", tok, nil, &l)
			if l.ImportStatus == nil || *l.ImportStatus != st {
				t.Errorf("the list's importStatus %+v, want %+v", l.ImportStatus, st)
			}
			contacts := h.s.ContactListContacts(id)
			if len(contacts) != tt.wantSize {
				t.Fatalf("%d contacts, want %d", len(contacts), tt.wantSize)
			}
			if tt.idColumn != "" && tt.wantSize > 0 && (contacts[0].ID != "L-1" || contacts[1].Data["Name"] != "Bob, Jr") {
				t.Errorf("contacts = %+v", contacts)
			}
		})
	}

	h := newHarness(t, testConfig())
	tok := h.admin()
	id := h.createList(tok, "Lead ID", "Phone")
	for name, fields := range map[string]map[string]string{
		"wrong fileType":         {"id": id, "fileType": "dnclist", "contact-id-name": "Lead ID"},
		"unknown contact-id-col": {"id": id, "fileType": "contactlist", "contact-id-name": "Nope"},
	} {
		ctype, body := multipartUpload(t, fields, "Lead ID\nL-1\n")
		if rec := h.do("POST", "/uploads/v2/contactlist", tok, body, "Content-Type", ctype); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, rec.Code)
		}
	}
	if rec := h.do("POST", "/uploads/v2/contactlist", tok, "Lead ID\nL-1\n", "Content-Type", "text/csv"); rec.Code != http.StatusBadRequest {
		t.Errorf("not multipart: status %d", rec.Code)
	}
}

func TestContactListExport(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	id := h.createList(tok, "Lead ID", "Name", "Phone")
	if rec := h.do("GET", "/api/v2/outbound/contactlists/"+id+"/export", tok, nil); rec.Code != http.StatusNotFound {
		t.Errorf("export before it was requested: status %d", rec.Code)
	}
	h.ok("POST", "/api/v2/outbound/contactlists/"+id+"/contacts", tok, []map[string]any{
		{"id": "L-1", "data": map[string]string{"Lead ID": "L-1", "Name": `Ann "A" Lee`, "Phone": "+14155550100"}},
		{"id": "L-2", "data": map[string]string{"Lead ID": "L-2", "Phone": "+14155550101"}, "callable": false,
			"phoneNumberStatus": map[string]any{"Phone": map[string]any{"callable": false}}},
	}, nil)
	h.ok("POST", "/api/v2/outbound/contactlists/"+id+"/export", tok, nil, nil)
	var export struct{ URI, ExportTimestamp string }
	h.ok("GET", "/api/v2/outbound/contactlists/"+id+"/export?download=false", tok, nil, &export)
	if export.URI == "" || export.ExportTimestamp == "" {
		t.Fatalf("export reply %+v", export)
	}
	rec := h.do("GET", export.URI, "", nil)
	body := rec.Body.String()
	// A real export quotes the list's own column names twice (genesys.md §7).
	if rec.Code != http.StatusOK || !strings.HasPrefix(body, "\uFEFF\"inin-outbound-id\",\"\"\"Lead ID\"\"\",\"\"\"Name\"\"\",\"\"\"Phone\"\"\",\"ContactCallable\",") {
		t.Fatalf("export file: status %d, starts %q", rec.Code, body[:min(len(body), 80)])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"inin-outbound-id", `"Lead ID"`, `"Name"`, `"Phone"`, "ContactCallable", "ContactableByVoice", "ContactableBySms", "ContactableByEmail", "ZipCodeAutomaticTimeZone",
			"CallRecordLastAttempt-Phone", "CallRecordLastResult-Phone", "CallRecordLastAgentWrapup-Phone", "SmsLastAttempt-Phone", "SmsLastResult-Phone",
			"Callable-Phone", "ContactableByVoice-Phone", "ContactableBySms-Phone", "AutomaticTimeZone-Phone"},
		{"L-1", "L-1", `Ann "A" Lee`, "+14155550100", "1", "1", "1", "1", "", "", "", "", "", "", "1", "1", "1", ""},
		{"L-2", "L-2", "", "+14155550101", "0", "1", "1", "1", "", "", "", "", "", "", "0", "0", "1", ""},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("export rows\n%v\nwant\n%v", rows, want)
	}
	// Exports requested one after another, however fast, are told apart by their timestamps.
	seen := map[string]bool{export.ExportTimestamp: true}
	for range 5 {
		h.ok("POST", "/api/v2/outbound/contactlists/"+id+"/export", tok, nil, nil)
		var next struct{ ExportTimestamp string }
		h.ok("GET", "/api/v2/outbound/contactlists/"+id+"/export?download=false", tok, nil, &next)
		if seen[next.ExportTimestamp] {
			t.Errorf("a new export has the timestamp of an earlier one: %s", next.ExportTimestamp)
		}
		seen[next.ExportTimestamp] = true
	}
	if rec := h.do("GET", strings.Replace(export.URI, "Signature=", "Signature=0", 1), "", nil); rec.Code != http.StatusForbidden {
		t.Errorf("tampered export link: status %d", rec.Code)
	}
	reader := h.token("reader-app", "r3ader")
	if rec := h.do("GET", "/api/v2/outbound/contactlists/"+id+"/export", reader, nil); rec.Code != http.StatusForbidden || errorCode(t, rec) != "missing.permissions" {
		t.Errorf("reader export: status %d", rec.Code)
	}
}

func TestContactListChecks(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprint("c", i)
	}
	for name, body := range map[string]map[string]any{
		"no name":             {"columnNames": []string{"a"}},
		"no columns":          {"name": "x"},
		"51 columns":          {"name": "x", "columnNames": many},
		"repeated column":     {"name": "x", "columnNames": []string{"Phone", "phone"}},
		"long column":         {"name": "x", "columnNames": []string{strings.Repeat("c", 129)}},
		"phone not a column":  {"name": "x", "columnNames": []string{"a"}, "phoneColumns": []phoneColumn{{ColumnName: "b"}}},
		"e-mail not a column": {"name": "x", "columnNames": []string{"a"}, "emailColumns": []channelColumn{{ColumnName: "b"}}},
		"no way to reach":     {"name": "x", "columnNames": []string{"a"}},
	} {
		if rec := h.do("POST", "/api/v2/outbound/contactlists", tok, body); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, rec.Code)
		}
	}
	for name, body := range map[string]map[string]any{
		"e-mail only":   {"name": "x", "columnNames": []string{"a"}, "emailColumns": []channelColumn{{ColumnName: "a", Type: "work"}}},
		"WhatsApp only": {"name": "x", "columnNames": []string{"a"}, "whatsAppColumns": []channelColumn{{ColumnName: "a"}}},
	} {
		if rec := h.do("POST", "/api/v2/outbound/contactlists", tok, body); rec.Code != http.StatusOK {
			t.Errorf("%s: status %d %s", name, rec.Code, rec.Body)
		}
	}
}
