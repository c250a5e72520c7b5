package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a test clock; tests move it instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const (
	adminID  = "user-admin"
	readerID = "user-reader"
)

// testConfig has a confidential client signing in an admin with every permission, one
// signing in a reader without import permissions, and a public browser client.
func testConfig() Config {
	return Config{
		Clients: []Client{
			{ID: "app", Secret: "s3cret", User: adminID, RedirectURIs: []string{"http://127.0.0.1:*/"}},
			{ID: "reader-app", Secret: "r3ader", User: readerID},
			{ID: "browser", User: adminID, RedirectURIs: []string{"https://app.example/callback"}},
		},
		Users: []User{
			{ID: adminID, Name: "Admin", Permissions: slices.Concat(ImportPermissions(), OutboundPermissions(), DNCPermissions(), LookupPermissions())},
			{ID: readerID, Name: "Reader", Permissions: []string{"directory:user:view"}},
		},
		DryRunDelay: 2 * time.Second,
		ImportDelay: time.Second,
	}
}

type harness struct {
	t     *testing.T
	s     *Server
	clock *clock
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	s := New(cfg)
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s.now = c.now
	return &harness{t: t, s: s, clock: c}
}

// do sends a request straight to the handler. body may be nil, a string or []byte (sent
// as is) or anything else (sent as JSON). headers come in name, value pairs.
func (h *harness) do(method, target, token string, body any, headers ...string) *httptest.ResponseRecorder {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	if u, err := url.Parse(target); err == nil && u.IsAbs() {
		target = u.RequestURI()
	}
	req := httptest.NewRequest(method, target, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	return rec
}

// ok sends a request that must answer 200 and decodes its JSON into out.
func (h *harness) ok(method, target, token string, body, out any) {
	h.t.Helper()
	rec := h.do(method, target, token, body)
	if rec.Code != http.StatusOK {
		h.t.Fatalf("%s %s: status %d, body %s", method, target, rec.Code, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			h.t.Fatalf("%s %s: %v in %s", method, target, err, rec.Body)
		}
	}
}

// token gets a client-credentials token.
func (h *harness) token(client, secret string) string {
	h.t.Helper()
	req := httptest.NewRequest("POST", "/oauth/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(client, secret)
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &tok) != nil {
		h.t.Fatalf("token for %s: status %d, body %s", client, rec.Code, rec.Body)
	}
	return tok.AccessToken
}

func (h *harness) admin() string { return h.token("app", "s3cret") }

type uploadReply struct {
	UploadID      string         `json:"uploadId"`
	UploadURL     string         `json:"uploadUrl"`
	UploadHeaders []uploadHeader `json:"uploadHeaders"`
}

// upload announces and PUTs a file the way contactprep does, returning the upload id.
func (h *harness) upload(tok string, file []byte) string {
	h.t.Helper()
	var u uploadReply
	h.ok("POST", "/api/v2/externalcontacts/import/csv/uploads", tok,
		map[string]any{"fileName": "contacts.csv", "fileSize": len(file)}, &u)
	var headers []string
	for _, hd := range u.UploadHeaders {
		headers = append(headers, hd.Name, hd.Value)
	}
	if rec := h.do("PUT", u.UploadURL, "", file, headers...); rec.Code != http.StatusOK {
		h.t.Fatalf("PUT upload: status %d, body %s", rec.Code, rec.Body)
	}
	return u.UploadID
}

// csvSettingsFor creates import settings and CSV settings with the mappings
// (sourceField, targetField pairs), returning the CSV settings id.
func (h *harness) csvSettingsFor(tok string, pairs ...string) string {
	h.t.Helper()
	var is struct{ ID string }
	h.ok("POST", "/api/v2/externalcontacts/import/settings", tok, map[string]any{
		"name": "crm", "matchingCriteria": []string{"Email"}, "mergeContacts": false,
		"externalSourceId": "source-crm", "importFields": []any{},
	}, &is)
	var mappings []csvMapping
	for i := 0; i+1 < len(pairs); i += 2 {
		mappings = append(mappings, csvMapping{pairs[i], pairs[i+1]})
	}
	var cs struct{ ID string }
	h.ok("POST", "/api/v2/externalcontacts/import/csv/settings", tok,
		map[string]any{"externalSettingsId": is.ID, "mappings": mappings}, &cs)
	return cs.ID
}

// standardMappings map the columns of the test files.
var standardMappings = []string{
	"External ID", "externalId",
	"First Name", "firstName",
	"Last Name", "lastName",
	"Work Phone", "workPhone.display",
	"Mobile", "cellPhone.display",
	"Email", "workEmail",
	"City", "address.city",
	"Account ID", "externalOrganization.externalId",
	"Company", "externalOrganization.name",
}

func (h *harness) startJob(tok, uploadID, settingsID string) string {
	h.t.Helper()
	var created struct {
		Job struct{ ID string } `json:"job"`
	}
	h.ok("POST", "/api/v2/externalcontacts/import/csv/jobs", tok,
		map[string]any{"uploadId": uploadID, "settingsId": settingsID}, &created)
	if created.Job.ID == "" {
		h.t.Fatal("job reply has no job.id")
	}
	return created.Job.ID
}

func (h *harness) job(tok, id string) jobView {
	h.t.Helper()
	var v jobView
	h.ok("GET", "/api/v2/externalcontacts/import/jobs/"+id, tok, nil, &v)
	return v
}

func (h *harness) setJobStatus(tok, id, status string) *httptest.ResponseRecorder {
	h.t.Helper()
	return h.do("PUT", "/api/v2/externalcontacts/import/jobs/"+id, tok, map[string]string{"jobId": id, "status": status})
}

// importFile runs the whole flow to Completed and returns the job.
func (h *harness) importFile(tok string, file string) jobView {
	h.t.Helper()
	id := h.startJob(tok, h.upload(tok, []byte(file)), h.csvSettingsFor(tok, standardMappings...))
	h.clock.advance(h.s.cfg.DryRunDelay)
	if rec := h.setJobStatus(tok, id, "Continue"); rec.Code != http.StatusOK {
		h.t.Fatalf("Continue: status %d, body %s", rec.Code, rec.Body)
	}
	h.clock.advance(h.s.cfg.ImportDelay)
	v := h.job(tok, id)
	if v.Status != statusCompleted {
		h.t.Fatalf("job is %s/%s (%s), want Completed", v.Status, v.ExecutionStep, v.StatusDetails)
	}
	return v
}

// errorCode decodes the code of a Genesys error body.
func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body %q: %v", rec.Body, err)
	}
	if e.Status != rec.Code {
		t.Errorf("error body status %d, response status %d", e.Status, rec.Code)
	}
	return e.Code
}

// lookup follows a dot path through a decoded document.
func lookup(doc map[string]any, path string) any {
	var v any = doc
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
