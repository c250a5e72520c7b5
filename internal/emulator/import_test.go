package emulator

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

const header = "External ID,First Name,Last Name,Work Phone,Mobile,Email,City,Account ID,Company\n"

func TestImportFlow(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	file := "\uFEFF" + header +
		"C-1,Ann,Lee,+14155550100,+447700900123,ann@example.com,Oslo,A-1,Acme\n" +
		"C-2,Bob,Ray,+4930123456,,,,A-1,Acme\n" +
		"C-3,Cy,Ito,,,,,,\n"
	uploadID := h.upload(tok, []byte(file))

	var details struct {
		UploadID         string
		ValidationResult validationResult
	}
	h.ok("GET", "/api/v2/externalcontacts/import/csv/uploads/"+uploadID+"/details", tok, nil, &details)
	if details.UploadID != uploadID || !details.ValidationResult.SeparatorValid ||
		!details.ValidationResult.FileEncodingValid || len(details.ValidationResult.Errors) != 0 {
		t.Fatalf("details = %+v", details)
	}
	var preview struct {
		Headers []string
		Entries [][]string
	}
	h.ok("GET", "/api/v2/externalcontacts/import/csv/uploads/"+uploadID+"/preview", tok, nil, &preview)
	if len(preview.Headers) != 9 || preview.Headers[0] != "External ID" || len(preview.Entries) != 3 || preview.Entries[1][3] != "+4930123456" {
		t.Errorf("preview = %+v", preview)
	}

	jobID := h.startJob(tok, uploadID, h.csvSettingsFor(tok, standardMappings...))
	if v := h.job(tok, jobID); v.Status != statusRunning || v.ExecutionStep != stepValidating || v.Metadata.DryRunSuccessCount != nil {
		t.Fatalf("new job = %+v", v)
	}
	if rec := h.setJobStatus(tok, jobID, "Continue"); rec.Code != http.StatusBadRequest {
		t.Errorf("Continue during validation: status %d", rec.Code)
	}
	h.clock.advance(h.s.cfg.DryRunDelay)
	v := h.job(tok, jobID)
	if v.Status != statusRunning || v.ExecutionStep != stepValidated || *v.Metadata.DryRunSuccessCount != 3 ||
		*v.Metadata.DryRunFailedCount != 0 || v.Metadata.FileName != "contacts.csv" {
		t.Fatalf("validated job = %+v", v)
	}
	if len(h.s.Contacts()) != 0 {
		t.Fatal("the dry run wrote to the store")
	}

	rec := h.setJobStatus(tok, jobID, "Continue")
	var reply struct{ JobID, Status string }
	if json.Unmarshal(rec.Body.Bytes(), &reply); rec.Code != http.StatusOK || reply.JobID != jobID || reply.Status != "Continue" {
		t.Fatalf("Continue: status %d, body %s", rec.Code, rec.Body)
	}
	if v := h.job(tok, jobID); v.Status != statusRunning || v.ExecutionStep != stepImporting {
		t.Errorf("continued job = %s/%s", v.Status, v.ExecutionStep)
	}
	h.clock.advance(h.s.cfg.ImportDelay)
	v = h.job(tok, jobID)
	if v.Status != statusCompleted || *v.Metadata.ImportSuccessCount != 3 || *v.Metadata.ImportFailedCount != 0 {
		t.Fatalf("completed job = %+v", v)
	}

	contacts := h.s.Contacts()
	if len(contacts) != 3 {
		t.Fatalf("%d contacts stored, want 3", len(contacts))
	}
	ann, _ := h.s.Contact("C-1")
	want := map[string]any{
		"firstName":         "Ann",
		"lastName":          "Lee",
		"workPhone.display": "+14155550100",
		"cellPhone.display": "+447700900123",
		"workEmail":         "ann@example.com",
		"address.city":      "Oslo",
		"type":              "Curated",
	}
	for path, value := range want {
		if got := lookup(ann, path); got != value {
			t.Errorf("C-1 %s = %v, want %v", path, got, value)
		}
	}
	ids := ann["externalIds"].([]any)[0].(map[string]any)
	if ids["value"] != "C-1" || lookup(ids, "externalSource.id") != "source-crm" {
		t.Errorf("C-1 externalIds = %v", ann["externalIds"])
	}
	cy, _ := h.s.Contact("C-3")
	if _, has := cy["externalOrganization"]; has {
		t.Errorf("C-3 has no Account ID but got an organization: %v", cy)
	}

	orgs := h.s.Organizations()
	if len(orgs) != 1 || orgs[0]["name"] != "Acme" {
		t.Fatalf("organizations = %v", orgs)
	}
	bob, _ := h.s.Contact("C-2")
	if lookup(ann, "externalOrganization.id") != orgs[0]["id"] || lookup(bob, "externalOrganization.id") != orgs[0]["id"] {
		t.Errorf("contacts not linked to organization %v", orgs[0]["id"])
	}

	var listed []map[string]any
	h.ok("GET", "/_emulator/contacts", "", nil, &listed)
	if len(listed) != 3 || listed[0]["firstName"] != "Ann" {
		t.Errorf("/_emulator/contacts = %v", listed)
	}
	rows := h.report(v.Metadata.ImportReportDownloadURL)
	if len(rows) != 4 || rows[1][0] != "2" || rows[1][1] != "Success" {
		t.Errorf("import report = %v", rows)
	}
}

// report downloads a report URL and parses the CSV.
func (h *harness) report(url string) [][]string {
	h.t.Helper()
	rec := h.do("GET", url, "", nil)
	if rec.Code != http.StatusOK {
		h.t.Fatalf("report %s: status %d", url, rec.Code)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		h.t.Fatal(err)
	}
	return rows
}

func TestDryRunRowFailures(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	file := header +
		"C-1,Ann,Lee,+14155550100,,,,,\n" + // line 2: fine
		"C-2,Bob,,+14155550101,,,,,\n" + // line 3: no last name
		"C-3,Cy,Ito,(415) 555-0102,,,,,\n" + // line 4: not E.164, kept as typed
		",Di,Fox,,,,,,\n" + // line 5: no External ID
		"C-5,Ed,\"Ng\nJr\",,,not-an-email,,,\n" + // lines 6-7: bad email, quoted newline
		"C-6,Flo,Orr\n" + // line 8: too few fields
		"C-7,Gus,Poe,,,,,A-9,\n" // line 9: account without a name
	id := h.startJob(tok, h.upload(tok, []byte(file)), h.csvSettingsFor(tok, standardMappings...))
	h.clock.advance(h.s.cfg.DryRunDelay)
	v := h.job(tok, id)
	if *v.Metadata.DryRunSuccessCount != 2 || *v.Metadata.DryRunFailedCount != 5 {
		t.Fatalf("dry run counts %d/%d, want 2/5", *v.Metadata.DryRunSuccessCount, *v.Metadata.DryRunFailedCount)
	}
	rows := h.report(v.Metadata.DryRunReportDownloadURL)
	want := []struct {
		line, status, problem string
	}{
		{"2", "Success", ""},
		{"3", "Failed", "lastName is missing"},
		{"4", "Success", ""},
		{"5", "Failed", "External ID is missing"},
		{"6", "Failed", `workEmail (column "Email") is not a valid email address`},
		{"8", "Failed", "3 fields; the header has 9"},
		{"9", "Failed", "externalOrganization.name is missing"},
	}
	if len(rows) != len(want)+1 || !reflect.DeepEqual(rows[0], []string{"lineNumber", "status", "errors"}) {
		t.Fatalf("report = %v", rows)
	}
	for i, w := range want {
		r := rows[i+1]
		if r[0] != w.line || r[1] != w.status || !strings.Contains(r[2], w.problem) || (w.problem == "") != (r[2] == "") {
			t.Errorf("report row %d = %v, want %+v", i+1, r, w)
		}
		for _, secret := range []string{"(415) 555-0102", "not-an-email", "Bob"} {
			if strings.Contains(r[2], secret) {
				t.Errorf("report row %d quotes a cell value: %s", i+1, r[2])
			}
		}
	}

	h.setJobStatus(tok, id, "Continue")
	h.clock.advance(h.s.cfg.ImportDelay)
	v = h.job(tok, id)
	if *v.Metadata.ImportSuccessCount != 2 || *v.Metadata.ImportFailedCount != 5 || len(h.s.Contacts()) != 2 {
		t.Errorf("import counts %d/%d with %d contacts", *v.Metadata.ImportSuccessCount, *v.Metadata.ImportFailedCount, len(h.s.Contacts()))
	}
}

func TestReimportUpdates(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	h.importFile(tok, header+
		"C-1,Ann,Lee,+14155550100,,ann@example.com,Oslo,A-1,Acme\n"+
		"C-2,Bob,Ray,,,,,,\n")
	first, _ := h.s.Contact("C-1")
	orgID := h.s.Organizations()[0]["id"]

	h.importFile(tok, header+
		"C-1,Ann,Lee-Smith,+14155550199,,,Oslo,A-1,Acme Corp\n"+
		"C-3,Cy,Ito,,,,,,\n")
	contacts := h.s.Contacts()
	if len(contacts) != 3 {
		t.Fatalf("%d contacts after re-import, want 3", len(contacts))
	}
	again, _ := h.s.Contact("C-1")
	if again["id"] != first["id"] {
		t.Errorf("re-import made a new contact: id %v, was %v", again["id"], first["id"])
	}
	if again["lastName"] != "Lee-Smith" || lookup(again, "workPhone.display") != "+14155550199" {
		t.Errorf("re-import did not update: %v", again)
	}
	if _, has := again["workEmail"]; has {
		t.Errorf("an empty cell should clear workEmail: %v", again)
	}
	orgs := h.s.Organizations()
	if len(orgs) != 1 || orgs[0]["id"] != orgID || orgs[0]["name"] != "Acme Corp" {
		t.Errorf("organizations after re-import = %v", orgs)
	}
}

func TestPermissions(t *testing.T) {
	h := newHarness(t, testConfig())
	admin := h.admin()
	reader := h.token("reader-app", "r3ader")
	const base = "/api/v2/externalcontacts/import"
	uploadBody := map[string]any{"fileName": "a.csv", "fileSize": 10}
	endpoints := []struct {
		method, path string
		body         any
	}{
		{"POST", base + "/csv/uploads", uploadBody},
		{"GET", base + "/csv/uploads/x/details", nil},
		{"GET", base + "/csv/uploads/x/preview", nil},
		{"POST", base + "/settings", map[string]any{}},
		{"GET", base + "/settings", nil},
		{"POST", base + "/csv/settings", map[string]any{}},
		{"GET", base + "/csv/settings", nil},
		{"POST", base + "/csv/jobs", map[string]any{}},
		{"GET", base + "/jobs/x", nil},
		{"PUT", base + "/jobs/x", map[string]any{"status": "Cancel"}},
		{"POST", "/api/v2/outbound/contactlists", map[string]any{}},
		{"POST", "/api/v2/outbound/contactlists/x/contacts", []any{}},
		{"POST", "/api/v2/outbound/contactlists/x/export", nil},
	}
	for _, e := range endpoints {
		t.Run(e.method+" "+e.path, func(t *testing.T) {
			if rec := h.do(e.method, e.path, "", e.body); rec.Code != http.StatusUnauthorized {
				t.Errorf("no token: status %d", rec.Code)
			}
			rec := h.do(e.method, e.path, reader, e.body)
			if rec.Code != http.StatusForbidden || !strings.HasPrefix(errorCode(t, rec), "missing.") {
				t.Errorf("reader: status %d, body %s", rec.Code, rec.Body)
			}
			if rec := h.do(e.method, e.path, admin, e.body); rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden {
				t.Errorf("admin: status %d", rec.Code)
			}
		})
	}
}

func TestUploadPut(t *testing.T) {
	file := []byte(header + "C-1,Ann,Lee,,,,,,\n")
	tests := []struct {
		name       string
		mangle     func(url string, headers []string) (string, []string)
		wantStatus int
		wantCode   string
	}{
		{"as told", func(u string, hs []string) (string, []string) { return u, hs }, 200, ""},
		{"no headers", func(u string, hs []string) (string, []string) { return u, nil }, 403, "SignatureDoesNotMatch"},
		{"other content type", func(u string, hs []string) (string, []string) {
			return u, append([]string{}, "Content-Type", "text/plain", hs[2], hs[3])
		}, 403, "SignatureDoesNotMatch"},
		{"no encryption header", func(u string, hs []string) (string, []string) { return u, hs[:2] }, 403, "SignatureDoesNotMatch"},
		{"tampered signature", func(u string, hs []string) (string, []string) { return u[:len(u)-4] + "0000", hs }, 403, "SignatureDoesNotMatch"},
		{"other upload", func(u string, hs []string) (string, []string) {
			return strings.Replace(u, "/_upload/", "/_upload/x", 1), hs
		}, 403, "SignatureDoesNotMatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			tok := h.admin()
			var u uploadReply
			h.ok("POST", "/api/v2/externalcontacts/import/csv/uploads", tok, map[string]any{"fileName": "a.csv", "fileSize": len(file)}, &u)
			var headers []string
			for _, hd := range u.UploadHeaders {
				headers = append(headers, hd.Name, hd.Value)
			}
			if len(headers) != 4 || !strings.HasPrefix(u.UploadURL, "http://example.com/_upload/"+u.UploadID+"?") {
				t.Fatalf("upload reply %+v", u)
			}
			target, hs := tt.mangle(u.UploadURL, headers)
			rec := h.do("PUT", target, "", file, hs...)
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantCode) {
				t.Fatalf("status %d body %s; want %d %s", rec.Code, rec.Body, tt.wantStatus, tt.wantCode)
			}
			details := h.do("GET", "/api/v2/externalcontacts/import/csv/uploads/"+u.UploadID+"/details", tok, nil)
			if stored := details.Code == http.StatusOK; stored != (tt.wantStatus == 200) {
				t.Errorf("details status %d after a PUT answered %d", details.Code, rec.Code)
			}
		})
	}
}

// TestUploadPutNeedsLength: S3 refuses a chunked presigned PUT, so the emulator does too.
func TestUploadPutNeedsLength(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	var u uploadReply
	h.ok("POST", "/api/v2/externalcontacts/import/csv/uploads", tok, map[string]any{"fileName": "a.csv", "fileSize": 3}, &u)
	target, _ := url.Parse(u.UploadURL)
	req := httptest.NewRequest("PUT", target.RequestURI(), io.MultiReader(strings.NewReader("a,b")))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("x-amz-server-side-encryption", "AES256")
	req.ContentLength = -1 // what a chunked body arrives as
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	if rec.Code != http.StatusLengthRequired || !strings.Contains(rec.Body.String(), "MissingContentLength") {
		t.Errorf("chunked PUT: status %d body %s; want 411 MissingContentLength", rec.Code, rec.Body)
	}
}

func TestUploadLimits(t *testing.T) {
	cfg := testConfig()
	cfg.MaxUploadBytes = 100
	cfg.MaxStoredBytes = 150
	h := newHarness(t, cfg)
	tok := h.admin()
	if rec := h.do("POST", "/api/v2/externalcontacts/import/csv/uploads", tok, map[string]any{"fileName": "a.csv", "fileSize": 50<<20 + 1}); rec.Code != http.StatusBadRequest {
		t.Errorf("announcing 50 MB + 1: status %d", rec.Code)
	}
	var u uploadReply
	h.ok("POST", "/api/v2/externalcontacts/import/csv/uploads", tok, map[string]any{"fileName": "a.csv", "fileSize": 101}, &u)
	rec := h.do("PUT", u.UploadURL, "", bytes.Repeat([]byte("a"), 101), "Content-Type", "text/csv", "x-amz-server-side-encryption", "AES256")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "EntityTooLarge") {
		t.Errorf("PUT over MaxUploadBytes: status %d body %s", rec.Code, rec.Body)
	}

	file := []byte(header + "C-1,Ann,Lee,,,,,,\n") // 80 bytes: two do not fit in 150
	older := h.upload(tok, file)
	newer := h.upload(tok, file)
	if rec := h.do("GET", "/api/v2/externalcontacts/import/csv/uploads/"+older+"/details", tok, nil); rec.Code != http.StatusNotFound {
		t.Errorf("evicted upload: status %d", rec.Code)
	}
	if rec := h.do("GET", "/api/v2/externalcontacts/import/csv/uploads/"+newer+"/details", tok, nil); rec.Code != http.StatusOK {
		t.Errorf("newest upload: status %d", rec.Code)
	}
}

func TestValidateCSV(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		separator bool
		encoding  bool
		errors    []validationError // messages compared by prefix
	}{
		{"good", header + "C-1,Ann,Lee,,,,,,\n", true, true, nil},
		{"BOM and CRLF", "\uFEFFa,b\r\n1,2\r\n", true, true, nil},
		{"Latin-1 on line 3", "a,b\n1,2\n3,Jos\xe9\n", true, false, []validationError{{3, "The file is not UTF-8"}}},
		{"semicolons", "a;b;c\n1;2;3\n", false, true, []validationError{{1, "The separator is not a comma"}}},
		{"tabs", "a\tb\n1\t2\n", false, true, []validationError{{1, "The separator is not a comma"}}},
		{"ragged rows", "a,b\n1,2\n1,2,3\n\n4\n", true, true, []validationError{{3, "The row has 3 fields"}, {5, "The row has 1 fields"}}},
		{"bare quote", "a,b\n1,x\"y\n", true, true, []validationError{{2, "The row is not well-formed CSV"}}},
		{"empty", "", true, true, []validationError{{1, "The file is empty"}}},
		{"unnamed and repeated columns", "a,,A\n1,2,3\n", true, true, []validationError{{1, "Column 2 of the header has no name"}, {1, "Columns 1 and 3 have the same name"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validateCSV([]byte(tt.file))
			if v.SeparatorValid != tt.separator || v.FileEncodingValid != tt.encoding || len(v.Errors) != len(tt.errors) {
				t.Fatalf("got %+v", v)
			}
			for i, e := range tt.errors {
				if v.Errors[i].LineNumber != e.LineNumber || !strings.HasPrefix(v.Errors[i].Message, e.Message) {
					t.Errorf("error %d = %+v, want %+v", i, v.Errors[i], e)
				}
			}
		})
	}

	big := validateCSV(append([]byte("a,b\n1,"), bytes.Repeat([]byte("x"), 50<<20)...))
	if len(big.Errors) != 1 || !strings.Contains(big.Errors[0].Message, "50 MB") {
		t.Errorf("a file over 50 MB: %+v", big.Errors)
	}
}

func TestBadUploadDetails(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	id := h.upload(tok, []byte("External ID;First Name\nC-1;Ann\n"))
	var d struct{ ValidationResult validationResult }
	h.ok("GET", "/api/v2/externalcontacts/import/csv/uploads/"+id+"/details", tok, nil, &d)
	if d.ValidationResult.SeparatorValid || len(d.ValidationResult.Errors) == 0 {
		t.Errorf("semicolon file details = %+v", d)
	}
	jobID := h.startJob(tok, id, h.csvSettingsFor(tok, standardMappings...))
	h.clock.advance(h.s.cfg.DryRunDelay)
	if v := h.job(tok, jobID); v.Status != statusFailed || v.StatusDetails == "" || v.Metadata.DryRunSuccessCount != nil {
		t.Errorf("job on a semicolon file = %+v", v)
	}

	id = h.upload(tok, []byte("a,b\n1,Jos\xe9\n"))
	h.ok("GET", "/api/v2/externalcontacts/import/csv/uploads/"+id+"/details", tok, nil, &d)
	if d.ValidationResult.FileEncodingValid || d.ValidationResult.Errors[0].LineNumber != 2 {
		t.Errorf("Latin-1 file details = %+v", d)
	}
}

func TestJobDecisions(t *testing.T) {
	file := []byte(header + "C-1,Ann,Lee,,,,,,\n")
	t.Run("cancel", func(t *testing.T) {
		h := newHarness(t, testConfig())
		tok := h.admin()
		id := h.startJob(tok, h.upload(tok, file), h.csvSettingsFor(tok, standardMappings...))
		h.clock.advance(h.s.cfg.DryRunDelay)
		if rec := h.setJobStatus(tok, id, "Cancel"); rec.Code != http.StatusOK {
			t.Fatalf("Cancel: status %d", rec.Code)
		}
		if v := h.job(tok, id); v.Status != statusCancelled {
			t.Errorf("cancelled job is %s", v.Status)
		}
		if rec := h.setJobStatus(tok, id, "Continue"); rec.Code != http.StatusBadRequest {
			t.Errorf("Continue after Cancel: status %d", rec.Code)
		}
		if len(h.s.Contacts()) != 0 {
			t.Error("a cancelled job imported contacts")
		}
	})
	t.Run("retry after fixing the file", func(t *testing.T) {
		h := newHarness(t, testConfig())
		tok := h.admin()
		var u uploadReply
		h.ok("POST", "/api/v2/externalcontacts/import/csv/uploads", tok, map[string]any{"fileName": "a.csv", "fileSize": 10}, &u)
		put := func(body string) {
			if rec := h.do("PUT", u.UploadURL, "", body, "Content-Type", "text/csv", "x-amz-server-side-encryption", "AES256"); rec.Code != 200 {
				t.Fatalf("PUT: %d", rec.Code)
			}
		}
		put("Contact,First Name,Last Name\nC-1,Ann,Lee\n")
		id := h.startJob(tok, u.UploadID, h.csvSettingsFor(tok, "First Name", "firstName", "Last Name", "lastName"))
		h.clock.advance(h.s.cfg.DryRunDelay)
		if v := h.job(tok, id); v.Status != statusFailed || !strings.Contains(v.StatusDetails, "External ID") {
			t.Fatalf("job without a key column = %+v", v)
		}
		put("External ID,First Name,Last Name\nC-1,Ann,Lee\n")
		if rec := h.setJobStatus(tok, id, "Retry"); rec.Code != http.StatusOK {
			t.Fatalf("Retry: status %d body %s", rec.Code, rec.Body)
		}
		h.clock.advance(h.s.cfg.DryRunDelay)
		if v := h.job(tok, id); v.Status != statusRunning || v.ExecutionStep != stepValidated || *v.Metadata.DryRunSuccessCount != 1 {
			t.Errorf("retried job = %+v", v)
		}
	})
	t.Run("bad decisions", func(t *testing.T) {
		h := newHarness(t, testConfig())
		tok := h.admin()
		id := h.startJob(tok, h.upload(tok, file), h.csvSettingsFor(tok, standardMappings...))
		for _, body := range []map[string]string{
			{"jobId": id, "status": "Pause"},
			{"jobId": "other", "status": "Continue"},
			{"jobId": id, "status": "Retry"},
		} {
			if rec := h.do("PUT", "/api/v2/externalcontacts/import/jobs/"+id, tok, body); rec.Code != http.StatusBadRequest {
				t.Errorf("%v: status %d", body, rec.Code)
			}
		}
		if rec := h.setJobStatus(tok, "missing", "Continue"); rec.Code != http.StatusNotFound {
			t.Errorf("unknown job: status %d", rec.Code)
		}
	})
}

func TestSettingsChecks(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	valid := func() map[string]any {
		return map[string]any{"name": "crm", "matchingCriteria": []string{"Email", "Phone"}, "mergeContacts": true,
			"externalSourceId": "src", "importFields": []map[string]any{{"name": "firstName", "included": true}}}
	}
	for name, change := range map[string]func(map[string]any){
		"no name":             func(m map[string]any) { delete(m, "name") },
		"no external source":  func(m map[string]any) { m["externalSourceId"] = " " },
		"no mergeContacts":    func(m map[string]any) { delete(m, "mergeContacts") },
		"no importFields":     func(m map[string]any) { delete(m, "importFields") },
		"unknown criterion":   func(m map[string]any) { m["matchingCriteria"] = []string{"Name"} },
		"repeated criterion":  func(m map[string]any) { m["matchingCriteria"] = []string{"Email", "Email"} },
		"unnamed importField": func(m map[string]any) { m["importFields"] = []map[string]any{{"included": true}} },
	} {
		body := valid()
		change(body)
		if rec := h.do("POST", "/api/v2/externalcontacts/import/settings", tok, body); rec.Code != http.StatusBadRequest {
			t.Errorf("import settings with %s: status %d", name, rec.Code)
		}
	}
	var created importSettings
	h.ok("POST", "/api/v2/externalcontacts/import/settings", tok, valid(), &created)
	if created.ID == "" || created.SelfURI != importSettingsPath+"/"+created.ID || !*created.MergeContacts {
		t.Errorf("created settings = %+v", created)
	}
	var list struct{ Entities []importSettings }
	h.ok("GET", "/api/v2/externalcontacts/import/settings", tok, nil, &list)
	if len(list.Entities) != 1 || list.Entities[0].ID != created.ID {
		t.Errorf("settings listing = %+v", list)
	}

	mapping := func(src, dst string) []csvMapping { return []csvMapping{{src, dst}} }
	for name, body := range map[string]map[string]any{
		"unknown settings":  {"externalSettingsId": "nope", "mappings": mapping("a", "firstName")},
		"no mappings":       {"externalSettingsId": created.ID},
		"empty source":      {"externalSettingsId": created.ID, "mappings": mapping("", "firstName")},
		"bad path":          {"externalSettingsId": created.ID, "mappings": mapping("a", "workPhone..display")},
		"repeated target":   {"externalSettingsId": created.ID, "mappings": append(mapping("a", "firstName"), csvMapping{"b", "firstName"})},
		"bracket in target": {"externalSettingsId": created.ID, "mappings": mapping("a", "externalIds[0].value")},
	} {
		if rec := h.do("POST", "/api/v2/externalcontacts/import/csv/settings", tok, body); rec.Code != http.StatusBadRequest {
			t.Errorf("CSV settings with %s: status %d", name, rec.Code)
		}
	}
	var cs csvSettings
	h.ok("POST", "/api/v2/externalcontacts/import/csv/settings", tok,
		map[string]any{"externalSettingsId": created.ID, "mappings": mapping("First", "firstName")}, &cs)
	var got csvSettings
	h.ok("GET", "/api/v2/externalcontacts/import/csv/settings/"+cs.ID, tok, nil, &got)
	if !reflect.DeepEqual(got, cs) || got.ExternalSettingsID != created.ID {
		t.Errorf("CSV settings read back %+v, created %+v", got, cs)
	}
}

func TestImportFieldsExclude(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	var is struct{ ID string }
	h.ok("POST", "/api/v2/externalcontacts/import/settings", tok, map[string]any{
		"name": "crm", "mergeContacts": false, "externalSourceId": "src",
		"importFields": []map[string]any{{"name": "workPhone", "included": false}},
	}, &is)
	var cs struct{ ID string }
	h.ok("POST", "/api/v2/externalcontacts/import/csv/settings", tok, map[string]any{"externalSettingsId": is.ID,
		"mappings": []csvMapping{{"First Name", "firstName"}, {"Last Name", "lastName"}, {"Work Phone", "workPhone.display"}}}, &cs)
	id := h.startJob(tok, h.upload(tok, []byte(header+"C-1,Ann,Lee,not a phone,,,,,\n")), cs.ID)
	h.clock.advance(h.s.cfg.DryRunDelay)
	h.setJobStatus(tok, id, "Continue")
	c, ok := h.s.Contact("C-1")
	if !ok || c["workPhone"] != nil {
		t.Errorf("excluded field imported: %v", c)
	}
}

func TestDocumentPaths(t *testing.T) {
	doc := map[string]any{"address": "flat"}
	applyFields(doc, []fieldValue{
		{"address.city", "Oslo"},
		{"workPhone.display", "+4722000000"},
		{"workPhone.extension", int64(12)},
		{"firstName", "Ann"},
	})
	want := map[string]any{
		"address":   map[string]any{"city": "Oslo"},
		"workPhone": map[string]any{"display": "+4722000000", "extension": int64(12)},
		"firstName": "Ann",
	}
	if !reflect.DeepEqual(doc, want) {
		t.Fatalf("after set: %v", doc)
	}
	clone := cloneDoc(doc)
	applyFields(doc, []fieldValue{{"address.city", nil}, {"workPhone.display", nil}, {"missing.path", nil}})
	want = map[string]any{"workPhone": map[string]any{"extension": int64(12)}, "firstName": "Ann"}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("after clear: %v", doc)
	}
	if lookup(clone, "address.city") != "Oslo" {
		t.Error("cloneDoc shares maps with its source")
	}
}

func TestFieldRules(t *testing.T) {
	tests := []struct {
		target, value string
		want          any // nil: rejected
	}{
		{"workPhone.display", "+14155550100", "+14155550100"},
		{"workPhone.display", "14155550100", "14155550100"}, // not E.164: kept as typed, as Genesys does
		{"cellPhone.display", "call after 5pm", "call after 5pm"},
		{"homePhone.display", strings.Repeat("1", 513), nil},
		{"workPhone.extension", "123", int64(123)},
		{"workPhone.extension", "12a", nil},
		{"cellPhone.extension", "1234567890123456789", nil},
		{"workPhone.acceptsSMS", "TRUE", true},
		{"workPhone.acceptsSMS", "yes", nil},
		{"surveyOptOut", "false", false},
		{"workEmail", "ann@example.com", "ann@example.com"},
		{"personalEmail", "Ann <ann@example.com>", nil},
		{"otherEmail", "ann", nil},
		{"twitterId.screenName", "@ann_lee", "@ann_lee"},
		{"twitterId.screenName", "ann lee", nil},
		{"whatsAppId.phoneNumber.display", "4722000000", "4722000000"},
		{"whatsAppId.phoneNumber.display", "+4722000000", nil},
		{"whatsAppId.phoneNumber", "4722000000", nil},
		{"workPhone", "+14155550100", nil},
		{"externalSystemUrl", "https://crm.example/c/1", "https://crm.example/c/1"},
		{"externalSystemUrl", "ftp://crm.example/c/1", nil},
		{"address.state", strings.Repeat("x", 50), strings.Repeat("x", 50)},
		{"address.state", strings.Repeat("x", 51), nil},
		{"firstName", strings.Repeat("é", 1000), strings.Repeat("é", 1000)},
		{"firstName", strings.Repeat("é", 1001), nil},
		{"customField", "anything", "anything"},
	}
	for _, tt := range tests {
		var problems []string
		got := collect([]string{tt.value}, []column{{0, "Col", tt.target, ruleFor(tt.target)}}, "", &problems)
		if tt.want == nil {
			if len(problems) != 1 || len(got) != 0 {
				t.Errorf("%s %q: accepted as %v", tt.target, tt.value, got)
			}
			continue
		}
		if len(problems) != 0 || len(got) != 1 || got[0].value != tt.want {
			t.Errorf("%s %q: got %v, problems %v", tt.target, tt.value, got, problems)
		}
	}
}

// TestConcurrentImports runs whole imports side by side; with -race it also proves the
// locking.
func TestConcurrentImports(t *testing.T) {
	h := newHarness(t, testConfig())
	h.s.cfg.DryRunDelay, h.s.cfg.ImportDelay = 0, 0
	tok := h.admin()
	settings := h.csvSettingsFor(tok, standardMappings...)
	const workers = 8
	done := make(chan error, workers)
	for w := range workers {
		go func() {
			file := fmt.Sprintf("%sW-%d,Ann,Lee,+14155550100,,,,A-1,Acme\n", header, w)
			var u uploadReply
			rec := h.do("POST", "/api/v2/externalcontacts/import/csv/uploads", tok, map[string]any{"fileName": "a.csv", "fileSize": len(file)})
			json.Unmarshal(rec.Body.Bytes(), &u)
			h.do("PUT", u.UploadURL, "", file, "Content-Type", "text/csv", "x-amz-server-side-encryption", "AES256")
			rec = h.do("POST", "/api/v2/externalcontacts/import/csv/jobs", tok, map[string]any{"uploadId": u.UploadID, "settingsId": settings})
			var created struct{ Job struct{ ID string } }
			json.Unmarshal(rec.Body.Bytes(), &created)
			h.do("GET", "/api/v2/externalcontacts/import/jobs/"+created.Job.ID, tok, nil)
			rec = h.do("PUT", "/api/v2/externalcontacts/import/jobs/"+created.Job.ID, tok, map[string]string{"status": "Continue"})
			h.do("GET", "/_emulator/contacts", "", nil)
			if rec.Code != http.StatusOK {
				done <- fmt.Errorf("worker %d: Continue answered %d: %s", w, rec.Code, rec.Body)
				return
			}
			done <- nil
		}()
	}
	for range workers {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if n, orgs := len(h.s.Contacts()), len(h.s.Organizations()); n != workers || orgs != 1 {
		t.Errorf("%d contacts and %d organizations, want %d and 1", n, orgs, workers)
	}
}
