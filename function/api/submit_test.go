package api_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"contactprep/function/api"
	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
	"contactprep/shared/finding"
)

// waitJob polls GET /api/imports/{id} until done says so.
func (f *fixture) waitJob(t *testing.T, token, id string, done func(api.JobView) bool) api.JobView {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		a := f.do(t, "GET", "/api/imports/"+id, nil, "Authorization", "Bearer "+token)
		var job api.JobView
		a.json(t, &job)
		if a.status != 200 {
			t.Fatalf("job status: %d %s", a.status, a.body)
		}
		if done(job) || time.Now().After(deadline) {
			return job
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestImportEndToEnd is the admin's whole path: submit, see the dry-run counts,
// continue, and find the contacts in the org with E.164 phones; then submit the same
// file again and get the same job.
func TestImportEndToEnd(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	file := strings.Replace(cleanFile, "Account Name\n", "Account Name,Notes\n", 1)
	file = strings.ReplaceAll(file, "Acme\n", "Acme,\n")
	a := f.submit(t, tok, map[string]any{"division": "div-1"}, file)
	var job api.JobView
	a.json(t, &job)
	if a.status != http.StatusAccepted || job.Status != "Running" || job.ExecutionStep != "Validated" ||
		job.DryRun == nil || job.DryRun.Success != 2 || job.DryRun.Failed != 0 || job.DryRun.ReportURL == "" || job.Rows != 2 {
		t.Fatalf("submit: %d %s", a.status, a.body)
	}
	if len(job.Warnings) != 1 || job.Warnings[0].Code != finding.UnknownColumn || job.Warnings[0].Column != "Notes" {
		t.Errorf("warnings %+v, want the unmapped Notes column", job.Warnings)
	}
	key := a.header.Get("Idempotency-Key")
	if len(key) != 64 {
		t.Errorf("Idempotency-Key %q", key)
	}
	if len(f.org.Contacts()) != 0 {
		t.Fatal("contacts imported before continue")
	}

	c := f.do(t, "POST", "/api/imports/"+job.ID+"/continue", nil, "Authorization", "Bearer "+tok)
	if c.status != http.StatusAccepted {
		t.Fatalf("continue: %d %s", c.status, c.body)
	}
	done := f.waitJob(t, tok, job.ID, func(j api.JobView) bool { return j.Status == "Completed" })
	if done.Import == nil || done.Import.Success != 2 || done.Import.ReportURL == "" {
		t.Fatalf("after continue: %+v", done)
	}
	contacts := f.org.Contacts()
	phones := map[string]any{}
	for _, c := range contacts {
		ids := c["externalIds"].([]any)
		id := ids[0].(map[string]any)["value"].(string)
		phones[id] = c["cellPhone"].(map[string]any)["display"]
		if c["division"].(map[string]any)["id"] != "div-1" {
			t.Errorf("contact %s in division %v", id, c["division"])
		}
	}
	if len(contacts) != 2 || phones["C1"] != "+4915112345678" || phones["C2"] != "+14155550123" {
		t.Errorf("contacts in the org: %v", phones)
	}
	if orgs := f.org.Organizations(); len(orgs) != 1 || orgs[0]["name"] != "Acme" {
		t.Errorf("organizations in the org: %v", orgs)
	}

	again := f.submit(t, tok, map[string]any{"division": "div-1", "fileName": "renamed.csv"}, file)
	var same api.JobView
	again.json(t, &same)
	if again.status != http.StatusOK || !same.Existing || same.ID != job.ID || same.Status != "Completed" || again.header.Get("Idempotency-Key") != key {
		t.Errorf("resubmit: %d %s; want the first job %s", again.status, again.body, job.ID)
	}
	other := f.submit(t, tok, map[string]any{"division": "div-2"}, file)
	var second api.JobView
	other.json(t, &second)
	if other.status != http.StatusAccepted || second.ID == job.ID {
		t.Errorf("other settings: %d %s; want a new job", other.status, other.body)
	}
}

func TestDecisions(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	var job api.JobView
	f.submit(t, tok, map[string]any{}, cleanFile).json(t, &job)
	steps := []struct {
		path   string
		status int
		want   string
	}{
		{"/cancel", 202, "Cancelled"},
		{"/cancel", 202, "Cancelled"}, // a repeated click
		{"/continue", 409, "Cancelled"},
	}
	for _, s := range steps {
		a := f.do(t, "POST", "/api/imports/"+job.ID+s.path, nil, "Authorization", "Bearer "+tok)
		var v struct {
			api.JobView
			Job api.JobView
		}
		a.json(t, &v)
		if v.Status == "" {
			v.JobView = v.Job
		}
		if a.status != s.status || v.Status != s.want {
			t.Errorf("%s: %d %s; want %d %s", s.path, a.status, a.body, s.status, s.want)
		}
	}
	if len(f.org.Contacts()) != 0 {
		t.Error("a cancelled job imported contacts")
	}
	// A resubmit after a cancel imports anew.
	var again api.JobView
	a := f.submit(t, tok, map[string]any{}, cleanFile)
	a.json(t, &again)
	if a.status != http.StatusAccepted || again.ID == job.ID {
		t.Errorf("resubmit after cancel: %d %s", a.status, a.body)
	}
	for _, path := range []string{"/api/imports/..%2Fx", "/api/imports/a%20b/continue", "/api/imports/" + strings.Repeat("a", 65)} {
		if a := f.do(t, "GET", path, nil, "Authorization", "Bearer "+tok); a.status != 404 {
			t.Errorf("GET %s: %d", path, a.status)
		}
	}
}

func TestRefusals(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	type findingKey struct {
		Row  int
		Code finding.Code
	}
	tests := []struct {
		name     string
		settings any
		file     string
		status   int
		code     string
		findings []findingKey
	}{
		{name: "broken file", settings: map[string]any{},
			file:   "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone,Contact Work Email\nC1,Ann,,0151 12345678,ann@\nC1,Bo,Kim,+4915112345678,\nC3,Cy\n",
			status: 422, code: "file_refused",
			findings: []findingKey{{1, finding.MissingRequired}, {1, finding.EmailInvalid}, {1, finding.DuplicateContactID}, {2, finding.DuplicateContactID}, {3, finding.MalformedRow}}},
		{name: "not UTF-8", settings: map[string]any{}, file: "Contact ID,Contact First Name,Contact Last Name\nC1,J\xfcrgen,Lee\n",
			status: 422, code: "file_refused", findings: []findingKey{{0, finding.EncodingInvalid}}},
		{name: "mapping naming a missing column", settings: map[string]any{"mapping": []map[string]string{
			{"column": "ID", "field": "externalId"}, {"column": "Contact First Name", "field": "firstName"}, {"column": "Contact Last Name", "field": "lastName"}}},
			file: cleanFile, status: 422, code: "file_refused", findings: []findingKey{{0, finding.MissingColumn}, {0, finding.UnknownColumn}, {0, finding.UnknownColumn}, {0, finding.UnknownColumn}, {0, finding.UnknownColumn}}},
		{name: "unknown matching criterion", settings: map[string]any{"matchingCriteria": []string{"Name"}}, file: cleanFile, status: 400, code: "bad_request"},
		{name: "division that is not an id", settings: map[string]any{"division": "../x"}, file: cleanFile, status: 400, code: "bad_request"},
		{name: "settings not JSON", settings: "x", file: cleanFile, status: 400, code: "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.submit(t, tok, tt.settings, tt.file)
			var r api.Refusal
			a.json(t, &r)
			if a.status != tt.status || r.Code != tt.code {
				t.Fatalf("%d %s; want %d %s", a.status, a.body, tt.status, tt.code)
			}
			var got []findingKey
			for _, f := range r.Findings {
				got = append(got, findingKey{f.Row, f.Code})
				if f.Original != "" || f.Suggested != "" {
					t.Errorf("finding %+v carries cell values", f)
				}
			}
			if len(got) != len(tt.findings) {
				t.Fatalf("findings %v, want %v", got, tt.findings)
			}
			for i := range got {
				if got[i] != tt.findings[i] {
					t.Errorf("finding %d: %v, want %v", i, got[i], tt.findings[i])
				}
			}
		})
	}
	if len(f.org.Contacts()) != 0 {
		t.Error("contacts imported")
	}
}

func TestRequestShape(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	// A file over MaxFileBytes (4096) in a request within its allowance for the
	// settings, and one whose request is over the allowance too.
	body, overCT := submission(t, map[string]any{}, cleanFile+strings.Repeat("C9,Zed,Zu,,,\n", 400))
	over, _ := io.ReadAll(body)
	body, ct := submission(t, map[string]any{}, cleanFile+strings.Repeat("C9,Zed,Zu,,,\n", 8000))
	raw, _ := io.ReadAll(body)
	tests := []struct {
		name   string
		body   io.Reader
		ct     string
		status int
	}{
		{"file over the limit", bytes.NewReader(over), overCT, 413},
		{"request over the limit, announced", bytes.NewReader(raw), ct, 413},
		{"request over the limit, chunked", io.MultiReader(bytes.NewReader(raw)), ct, 413},
		{"not multipart", strings.NewReader(cleanFile), "text/csv", 415},
		{"no file part", func() io.Reader { b, _ := submission(t, map[string]any{}, ""); return b }(), ct, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.do(t, "POST", "/api/imports", tt.body, "Content-Type", tt.ct, "Authorization", "Bearer "+tok)
			if a.status != tt.status {
				t.Errorf("%d %s; want %d", a.status, a.body, tt.status)
			}
		})
	}
	// Oversized is refused before anything else, credentials included.
	if a := f.do(t, "POST", "/api/imports", bytes.NewReader(raw), "Content-Type", ct); a.status != 413 {
		t.Errorf("oversized without credentials: %d", a.status)
	}
}

// TestGenesysFaults: a rate limit is waited out; a Genesys that keeps failing gets a
// clear answer, imports nothing and leaves the file free to be sent again.
func TestGenesysFaults(t *testing.T) {
	const uploads = "/api/v2/externalcontacts/import/csv/uploads"
	tests := []struct {
		name   string
		fault  emulator.Fault
		status int
		code   string
	}{
		{"429 then success", emulator.Fault{Path: uploads, Method: "POST", Status: 429, RetryAfter: 1}, 202, ""},
		{"503 twice then success", emulator.Fault{Path: uploads, Method: "POST", Status: 503, Times: 2}, 202, ""},
		{"persistent 500 on the job", emulator.Fault{Path: "/api/v2/externalcontacts/import/csv/jobs", Status: 500, Times: -1}, 502, "genesys_unavailable"},
		{"persistent 503 on the upload", emulator.Fault{Path: "/_upload/", Status: 503, Times: -1}, 502, "genesys_unavailable"},
		{"long Retry-After handed to the page", emulator.Fault{Path: uploads, Status: 429, RetryAfter: 120, Times: -1}, 429, "genesys_busy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := start(t, nil)
			tok := f.org.UserToken(t, emutest.Admin)
			f.org.AddFault(t, tt.fault)
			a := f.submit(t, tok, map[string]any{}, cleanFile)
			var e struct{ Code, Message string }
			a.json(t, &e)
			if a.status != tt.status || e.Code != tt.code {
				t.Fatalf("%d %s; want %d %s", a.status, a.body, tt.status, tt.code)
			}
			if tt.status == 429 && a.header.Get("Retry-After") != "120" {
				t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
			}
			if tt.status == 502 && !strings.Contains(e.Message, "nothing was imported") {
				t.Errorf("message %q does not say nothing was imported", e.Message)
			}
			if tt.status == 202 {
				return
			}
			if len(f.org.Contacts()) != 0 {
				t.Error("contacts imported")
			}
			f.org.ClearFaults()
			if a := f.submit(t, tok, map[string]any{}, cleanFile); a.status != 202 {
				t.Errorf("resubmit once Genesys is back: %d %s", a.status, a.body)
			}
		})
	}
}

// TestConcurrentResubmit: the same file sent again while the first is on its way is
// told to wait rather than imported twice.
func TestConcurrentResubmit(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	// The first submission's upload is held long enough for the second to be answered.
	f.org.AddFault(t, emulator.Fault{Path: "/api/v2/externalcontacts/import/csv/uploads", Method: "POST", Delay: 3 * time.Second})
	var first answer
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		first = f.submit(t, tok, map[string]any{}, cleanFile)
	}()
	// The first is on its way once its upload has met the fault.
	for faultsLeft(t, f) > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	second := f.submit(t, tok, map[string]any{}, cleanFile)
	wg.Wait()
	if first.status != 202 || second.status != 409 || second.header.Get("Retry-After") == "" {
		t.Errorf("first %d, second %d %s; want 202 and 409", first.status, second.status, second.body)
	}
}

// TestSettingsReused: a second file with the same mapping reuses the settings, and
// settings deleted in Genesys meanwhile are made again.
func TestSettingsReused(t *testing.T) {
	f := start(t, nil)
	tok := f.org.UserToken(t, emutest.Admin)
	first := f.submit(t, tok, map[string]any{}, cleanFile)
	second := f.submit(t, tok, map[string]any{}, strings.Replace(cleanFile, "C2,", "C3,", 1))
	if first.status != 202 || second.status != 202 {
		t.Fatalf("submits: %d, %d", first.status, second.status)
	}
	if n := f.org.CSVSettingsCount(); n != 1 {
		t.Errorf("%d CSV settings made, want 1 reused", n)
	}
	f.org.Reset()
	if a := f.submit(t, tok, map[string]any{}, strings.Replace(cleanFile, "C2,", "C4,", 1)); a.status != 202 {
		t.Fatalf("submit after the settings are gone: %d %s", a.status, a.body)
	}
	if n := f.org.CSVSettingsCount(); n != 1 {
		t.Errorf("%d CSV settings after a reset, want 1 new", n)
	}
}
