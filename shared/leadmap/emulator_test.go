package leadmap

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"contactprep/internal/emulator"
)

// emulatorExport fills a contact list in the emulator through the contacts API
// (n contacts with their Lead ID as id, and one without a Lead ID) and returns
// the list's id and the export file the emulator serves, byte for byte.
func emulatorExport(t *testing.T, n int) (string, []byte) {
	t.Helper()
	cfg := emulator.Config{
		Clients: []emulator.Client{{ID: "app", Secret: "s3cret", User: "admin"}},
		Users:   []emulator.User{{ID: "admin", Name: "Admin", Permissions: emulator.OutboundPermissions()}},
	}
	s := emulator.New(cfg)
	do := func(method, target, token string, body any) []byte {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		if method == "POST" && strings.HasPrefix(target, "/oauth/") {
			rd = strings.NewReader("grant_type=client_credentials")
		}
		r := httptest.NewRequest(method, target, rd)
		switch {
		case strings.HasPrefix(target, "/oauth/"):
			r.SetBasicAuth("app", "s3cret")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		case token != "":
			r.Header.Set("Authorization", "Bearer "+token)
			r.Header.Set("Content-Type", "application/json")
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("%s %s: status %d: %s", method, target, w.Code, w.Body)
		}
		return w.Body.Bytes()
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(do("POST", "/oauth/token", "", nil), &tok)
	var list struct{ ID string }
	json.Unmarshal(do("POST", "/api/v2/outbound/contactlists", tok.AccessToken, map[string]any{
		"name": "leads", "columnNames": []string{"Lead ID", "Name", "Phone"},
		"phoneColumns": []map[string]string{{"columnName": "Phone", "type": "cell"}},
	}), &list)
	for from := 0; from < n; from += 1000 {
		var batch []map[string]any
		for i := from; i < min(n, from+1000); i++ {
			lead := fmt.Sprintf("L%07d", i+1)
			batch = append(batch, map[string]any{"id": lead, "contactListId": list.ID,
				"data": map[string]string{"Lead ID": lead, "Name": `Ann "A", ` + lead, "Phone": "+14155550100"}})
		}
		do("POST", "/api/v2/outbound/contactlists/"+list.ID+"/contacts", tok.AccessToken, batch)
	}
	do("POST", "/api/v2/outbound/contactlists/"+list.ID+"/contacts", tok.AccessToken,
		[]map[string]any{{"contactListId": list.ID, "data": map[string]string{"Name": "no lead"}}})
	do("POST", "/api/v2/outbound/contactlists/"+list.ID+"/export", tok.AccessToken, nil)
	var exp struct{ URI string }
	json.Unmarshal(do("GET", "/api/v2/outbound/contactlists/"+list.ID+"/export?download=false", tok.AccessToken, nil), &exp)
	u, err := url.Parse(exp.URI)
	if err != nil || u.Path == "" {
		t.Fatalf("export uri %q: %v", exp.URI, err)
	}
	return list.ID, do("GET", u.RequestURI(), "", nil)
}

// TestEmulatorExport reads an export made by the emulator's own code (a BOM,
// every field quoted, inin-outbound-id and system columns) into a complete mapping.
func TestEmulatorExport(t *testing.T) {
	const n = 2500
	listID, export := emulatorExport(t, n)
	if !bytes.HasPrefix(export, utf8BOM) {
		t.Fatalf("the emulator's export does not start with a BOM: %q", export[:min(len(export), 40)])
	}
	var b bytes.Buffer
	st, err := Convert(NewWriter(&b, "Lead ID"), bytes.NewReader(export), "Lead ID", listID)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Contacts: n + 1, Mapped: n, NoLeadID: 1}) {
		t.Errorf("stats %+v", st)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 || strings.Join(rows[0], ",") != "Lead ID,contact_list_id,genesys_contact_id" {
		t.Fatalf("%d mapping rows, header %q", len(rows), rows[0])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		// The API path gave each contact its Lead ID as id.
		if r[1] != listID || r[2] != r[0] || seen[r[0]] {
			t.Fatalf("mapping row %q", r)
		}
		seen[r[0]] = true
	}
	for i := range n {
		if lead := fmt.Sprintf("L%07d", i+1); !seen[lead] {
			t.Fatalf("%s is not in the mapping", lead)
		}
	}
}
