package genesys_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"contactprep/function/genesys"
	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

// sleeper records the waits of a client instead of waiting.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func newClient(t *testing.T, base string) (*genesys.Client, *sleeper) {
	t.Helper()
	bases, err := genesys.DevBases(base, "")
	if err != nil {
		t.Fatal(err)
	}
	s := &sleeper{}
	return &genesys.Client{HTTP: http.DefaultClient, Bases: bases, Retry: genesys.DefaultRetry, Sleep: s.sleep}, s
}

const csv = "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone\nC1,Ann,Lee,+4915112345678\nC2,Bo,Kim,\n"

var mappings = []genesys.Mapping{
	{SourceField: "Contact ID", TargetField: "externalId"},
	{SourceField: "Contact First Name", TargetField: "firstName"},
	{SourceField: "Contact Last Name", TargetField: "lastName"},
	{SourceField: "Contact Cell Phone", TargetField: "cellPhone.display"},
}

// TestImportFlow walks the whole CSV import against the emulator: upload, checks,
// settings, job, dry run, Continue, and the contacts in the org.
func TestImportFlow(t *testing.T) {
	org := emutest.Start(t)
	c, _ := newClient(t, org.URL)
	ctx := context.Background()
	tok := org.UserToken(t, emutest.Admin)

	me, err := c.Me(ctx, tok)
	if err != nil || me.ID == "" {
		t.Fatalf("Me: %+v, %v", me, err)
	}
	if missing := genesys.Missing(me.Authorization.Permissions, genesys.ImportPermissions); len(missing) != 0 {
		t.Fatalf("admin misses %v", missing)
	}
	up, err := c.CreateUpload(ctx, tok, "contacts.csv", int64(len(csv)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PutFile(ctx, up, []byte(csv)); err != nil {
		t.Fatal(err)
	}
	v, err := c.UploadDetails(ctx, tok, up.ID)
	if err != nil || !v.FileEncodingValid || !v.SeparatorValid || len(v.Errors) != 0 {
		t.Fatalf("details %+v, %v", v, err)
	}
	isID, err := c.CreateImportSettings(ctx, tok, genesys.ImportSettings{Name: "t", MatchingCriteria: []string{}, ExternalSourceID: "src", ImportFields: []genesys.ImportField{}})
	if err != nil {
		t.Fatal(err)
	}
	csID, err := c.CreateCSVSettings(ctx, tok, genesys.CSVSettings{ExternalSettingsID: isID, Mappings: mappings})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.CSVSettingsByID(ctx, tok, csID); err != nil || got.ExternalSettingsID != isID || len(got.Mappings) != len(mappings) {
		t.Fatalf("CSVSettingsByID: %+v, %v", got, err)
	}
	jobID, err := c.CreateJob(ctx, tok, up.ID, csID, "div-1", "contacts.csv")
	if err != nil {
		t.Fatal(err)
	}
	job := waitFor(t, c, tok, jobID, genesys.Job.DryRunDone)
	if job.Status != genesys.StatusRunning || job.ExecutionStep != genesys.StepValidated ||
		*job.Metadata.DryRunSuccessCount != 2 || *job.Metadata.DryRunFailedCount != 0 || job.Metadata.DryRunReportDownloadURL == "" {
		t.Fatalf("after the dry run: %+v", job)
	}
	if len(org.Contacts()) != 0 {
		t.Fatal("contacts imported before Continue")
	}
	if err := c.UpdateJob(ctx, tok, jobID, genesys.Continue); err != nil {
		t.Fatal(err)
	}
	job = waitFor(t, c, tok, jobID, genesys.Job.Ended)
	if job.Status != genesys.StatusCompleted || *job.Metadata.ImportSuccessCount != 2 {
		t.Fatalf("after Continue: %+v", job)
	}
	contact, ok := org.Contact("C1")
	if !ok || contact["cellPhone"].(map[string]any)["display"] != "+4915112345678" {
		t.Fatalf("C1 in the org: %v", contact)
	}
}

func waitFor(t *testing.T, c *genesys.Client, tok, id string, done func(genesys.Job) bool) genesys.Job {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		job, err := c.Job(context.Background(), tok, id)
		if err != nil {
			t.Fatal(err)
		}
		if done(job) || time.Now().After(deadline) {
			return job
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestClientCredentials(t *testing.T) {
	org := emutest.Start(t)
	c, _ := newClient(t, org.URL)
	tok, err := c.ClientCredentials(context.Background(), emutest.Admin, emutest.Secret)
	if err != nil || tok.AccessToken == "" || tok.ExpiresIn <= 0 {
		t.Fatalf("token %+v, %v", tok, err)
	}
	_, err = c.ClientCredentials(context.Background(), emutest.Admin, "wrong")
	if genesys.StatusOf(err) != http.StatusUnauthorized || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("wrong secret: %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q shows the secret", err)
	}
}

func TestAuthorizationCode(t *testing.T) {
	org := emutest.Start(t)
	c, _ := newClient(t, org.URL)
	ctx := context.Background()
	const redirect = "http://127.0.0.1:9/signed-in.html"
	code, verifier := org.AuthorizationCode(t, emutest.Admin, redirect)
	tok, err := c.AuthorizationCode(ctx, emutest.Admin, code, verifier, redirect)
	if err != nil || tok.AccessToken == "" || tok.ExpiresIn <= 0 {
		t.Fatalf("token %+v, %v", tok, err)
	}
	if _, err := c.Me(ctx, tok.AccessToken); err != nil {
		t.Errorf("the token does not sign in: %v", err)
	}
	// The emulator, as Genesys, takes each code for one attempt: one code per case.
	second, _ := org.AuthorizationCode(t, emutest.Admin, redirect)
	third, thirdVerifier := org.AuthorizationCode(t, emutest.Admin, redirect)
	tests := []struct {
		name, code, verifier, redirect string
	}{
		{"the same code again", code, verifier, redirect},
		{"another code's verifier", second, verifier, redirect},
		{"another redirect", third, thirdVerifier, "http://127.0.0.1:9/elsewhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.AuthorizationCode(ctx, emutest.Admin, tt.code, tt.verifier, tt.redirect)
			var e *genesys.Error
			if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Code != "invalid_grant" || e.Attempts != 1 {
				t.Errorf("got %v, want one attempt refused with 400 invalid_grant", err)
			}
		})
	}
}

func TestAuthErrors(t *testing.T) {
	org := emutest.Start(t)
	c, _ := newClient(t, org.URL)
	ctx := context.Background()
	if _, err := c.Me(ctx, "not-a-token"); genesys.StatusOf(err) != http.StatusUnauthorized {
		t.Errorf("unknown token: %v", err)
	}
	reader := org.UserToken(t, emutest.Reader)
	me, err := c.Me(ctx, reader)
	if err != nil {
		t.Fatal(err)
	}
	if missing := genesys.Missing(me.Authorization.Permissions, genesys.ImportPermissions); !slices.Equal(missing, genesys.ImportPermissions) {
		t.Errorf("reader misses %v", missing)
	}
	if _, err := c.CreateUpload(ctx, reader, "a.csv", 10); genesys.StatusOf(err) != http.StatusForbidden {
		t.Errorf("reader creating an upload: %v", err)
	}
}

func TestMissing(t *testing.T) {
	tests := []struct {
		held, want, missing []string
	}{
		{[]string{"a:b:c"}, []string{"a:b:c"}, nil},
		{[]string{"a:*:*"}, []string{"a:b:c", "a:x:y"}, nil},
		{[]string{"a:b:*"}, []string{"a:b:c", "a:x:c"}, []string{"a:x:c"}},
		{[]string{"*:*:*"}, []string{"a:b:c"}, nil},
		{[]string{"a:b"}, []string{"a:b:c"}, []string{"a:b:c"}},
		{nil, []string{"a:b:c"}, []string{"a:b:c"}},
	}
	for _, tt := range tests {
		if got := genesys.Missing(tt.held, tt.want); !slices.Equal(got, tt.missing) {
			t.Errorf("Missing(%v, %v) = %v, want %v", tt.held, tt.want, got, tt.missing)
		}
	}
}

func TestRetry(t *testing.T) {
	const uploads = "/api/v2/externalcontacts/import/csv/uploads"
	tests := []struct {
		name       string
		faults     []emulator.Fault
		wantStatus int             // 0: success
		wantWaits  []time.Duration // exact waits; nil: see wantCount
		wantCount  int             // number of waits when they are jittered
		wantAfter  time.Duration   // Error.RetryAfter
	}{
		{name: "429 waits its Retry-After, then succeeds",
			faults:    []emulator.Fault{{Path: uploads, Status: 429, RetryAfter: 2, Times: 2}},
			wantWaits: []time.Duration{2 * time.Second, 2 * time.Second}},
		{name: "503 backs off, then succeeds",
			faults:    []emulator.Fault{{Path: uploads, Status: 503, Times: 3}},
			wantCount: 3},
		{name: "persistent 502 gives up after the attempts",
			faults:     []emulator.Fault{{Path: uploads, Status: 502, Times: -1}},
			wantStatus: 502, wantCount: 4},
		{name: "a Retry-After beyond the budget is handed back",
			faults:     []emulator.Fault{{Path: uploads, Status: 429, RetryAfter: 60}},
			wantStatus: 429, wantWaits: []time.Duration{}, wantAfter: time.Minute},
		{name: "400 is not retried",
			faults:     []emulator.Fault{{Path: uploads, Status: 400, Times: -1}},
			wantStatus: 400, wantWaits: []time.Duration{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := emutest.Start(t)
			c, s := newClient(t, org.URL)
			tok := org.UserToken(t, emutest.Admin)
			for _, f := range tt.faults {
				org.AddFault(t, f)
			}
			_, err := c.CreateUpload(context.Background(), tok, "a.csv", 10)
			if got := genesys.StatusOf(err); got != tt.wantStatus || (tt.wantStatus == 0) != (err == nil) {
				t.Fatalf("status %d (%v), want %d", got, err, tt.wantStatus)
			}
			switch {
			case tt.wantWaits != nil && !slices.Equal(s.waits, tt.wantWaits):
				t.Errorf("waits %v, want %v", s.waits, tt.wantWaits)
			case tt.wantWaits == nil && len(s.waits) != tt.wantCount:
				t.Errorf("waits %v, want %d of them", s.waits, tt.wantCount)
			}
			for i, w := range s.waits {
				full := min(genesys.DefaultRetry.Base<<i, genesys.DefaultRetry.Cap)
				if tt.wantWaits == nil && (w > full || w < full/2) {
					t.Errorf("wait %d = %v: outside the backoff [%v, %v]", i, w, full/2, full)
				}
			}
			var e *genesys.Error
			if errors.As(err, &e) && e.RetryAfter != tt.wantAfter {
				t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, tt.wantAfter)
			}
		})
	}
}

// TestNetworkErrorRetried: no answer at all is retried like a 5xx.
func TestNetworkErrorRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, s := newClient(t, url)
	_, err := c.Me(context.Background(), "t")
	if genesys.StatusOf(err) != 0 || err == nil || len(s.waits) != genesys.DefaultRetry.Attempts-1 {
		t.Fatalf("err %v after waits %v", err, s.waits)
	}
}

func TestPutFileRefusesOtherHosts(t *testing.T) {
	c, _ := newClient(t, "http://127.0.0.1:1")
	for _, u := range []string{"http://example.com/upload", "ftp://127.0.0.1/x", "::"} {
		err := c.PutFile(context.Background(), genesys.Upload{URL: u}, []byte("x"))
		var e *genesys.Error
		if !errors.As(err, &e) || e.Code != "storage.url.refused" {
			t.Errorf("PutFile to %q: %v", u, err)
		}
	}
}

func TestBases(t *testing.T) {
	for _, region := range []string{"eu-west-1", "mypurecloud.ie", " EU-WEST-1 "} {
		b, err := genesys.RegionBases(region)
		if err != nil || b.API != "https://api.mypurecloud.ie" || b.Login != "https://login.mypurecloud.ie" || b.Apps != "https://apps.mypurecloud.ie" || b.Region != "eu-west-1" {
			t.Errorf("RegionBases(%q) = %+v, %v", region, b, err)
		}
	}
	for _, region := range []string{"", "evil.example", "api.mypurecloud.ie", "127.0.0.1"} {
		if _, err := genesys.RegionBases(region); err == nil {
			t.Errorf("RegionBases(%q) accepted", region)
		}
	}
	for base, ok := range map[string]bool{
		"http://127.0.0.1:8787":     true,
		"http://127.0.0.2:8787/":    true,
		"http://localhost:1":        true,
		"http://[::1]:8787":         true,
		"http://10.0.0.1:8787":      false,
		"http://example.com":        false,
		"http://127.0.0.1.nip.io":   false,
		"http://127.0.0.1:1/api/v2": false,
		"file:///etc/passwd":        false,
		"http://u@127.0.0.1:1":      false,
	} {
		if _, err := genesys.DevBases(base, ""); (err == nil) != ok {
			t.Errorf("DevBases(%q): %v, want ok %v", base, err, ok)
		}
		if _, err := genesys.DevBases("http://127.0.0.1:1", "", base); (err == nil) != ok {
			t.Errorf("DevBases with apps %q: %v, want ok %v", base, err, ok)
		}
	}
	if b, _ := genesys.DevBases("http://127.0.0.1:1/", ""); b.Apps != "http://127.0.0.1:1" {
		t.Errorf("apps base defaults to %q, want the API base", b.Apps)
	}
}
