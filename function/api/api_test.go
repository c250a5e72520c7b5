package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"contactprep/function/api"
	"contactprep/function/genesys"
	"contactprep/function/internal/emutest"
)

// countingDoer counts the token and add-contacts requests a Server makes.
type countingDoer struct{ tokens, addContacts atomic.Int32 }

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	switch {
	case r.URL.Path == "/oauth/token":
		d.tokens.Add(1)
	case r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/contacts"):
		d.addContacts.Add(1)
	}
	return http.DefaultClient.Do(r)
}

// fixture is an API server in front of an emulated org.
type fixture struct {
	org   *emutest.Org
	url   string
	store *api.MemoryStore
	doer  *countingDoer
}

func start(t *testing.T, change func(*api.Config)) *fixture {
	t.Helper()
	org := emutest.Start(t)
	bases, err := genesys.DevBases(org.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{org: org, store: api.NewMemoryStore(), doer: &countingDoer{}}
	cfg := api.Config{
		Mode:             api.ModeGenesys,
		Genesys:          &genesys.Client{HTTP: f.doer, Bases: bases, Retry: genesys.Retry{Attempts: 3, Base: time.Millisecond, Cap: 5 * time.Millisecond, Budget: 3 * time.Second}},
		OAuthClientID:    emutest.Admin,
		ServiceClientID:  emutest.Admin,
		ServiceSecret:    emutest.Secret,
		ExternalSourceID: "source-1",
		MaxFileBytes:     4096,
		DryRunWait:       5 * time.Second,
		PollEvery:        20 * time.Millisecond,
		Store:            f.store,
	}
	// The page's origin is the server's, as PAGE_ORIGIN says in a deployment.
	srv := httptest.NewUnstartedServer(nil)
	f.url = "http://" + srv.Listener.Addr().String()
	cfg.Origin = f.url
	if change != nil {
		change(&cfg)
	}
	srv.Config.Handler = api.New(cfg)
	srv.Start()
	t.Cleanup(srv.Close)
	return f
}

// answer is a response read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("status %d, body %q: %v", a.status, a.body, err)
	}
}

func (f *fixture) do(t *testing.T, method, path string, body io.Reader, headers ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1] // as a client may send any
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, res.Header, b}
}

// submission builds a POST /api/imports body.
func submission(t *testing.T, settings any, file string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	s, _ := json.Marshal(settings)
	mw.WriteField("settings", string(s))
	fw, _ := mw.CreateFormFile("file", "contacts-001.csv")
	io.WriteString(fw, file)
	mw.Close()
	return &b, mw.FormDataContentType()
}

func (f *fixture) submit(t *testing.T, token string, settings any, file string, headers ...string) answer {
	t.Helper()
	body, ct := submission(t, settings, file)
	headers = append(headers, "Content-Type", ct)
	if token != "" {
		headers = append(headers, "Authorization", "Bearer "+token)
	}
	return f.do(t, "POST", "/api/imports", body, headers...)
}

const cleanFile = "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone,Account ID,Account Name\n" +
	"C1,Ann,Lee,+4915112345678,A1,Acme\n" +
	"C2,Bo,Kim,+14155550123,A1,Acme\n"

func TestConfigEndpoint(t *testing.T) {
	f := start(t, nil)
	a := f.do(t, "GET", "/api/config", nil)
	var c map[string]any
	a.json(t, &c)
	want := map[string]any{"authMode": "genesys", "region": "local", "loginUrl": f.org.URL, "clientId": emutest.Admin, "maxFileBytes": 4096.0}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("config %s = %v, want %v", k, c[k], v)
		}
	}
	if len(c) != len(want) {
		t.Errorf("config has %v, want only %v", c, want)
	}
}

func TestOrigins(t *testing.T) {
	f := start(t, func(c *api.Config) { c.Origins = []string{"http://page.test:5173"} })
	tests := []struct {
		name, method, origin string
		headers              []string
		status               int
		allowOrigin          string
	}{
		{"no origin (not a browser)", "GET", "", nil, 200, ""},
		{"own origin", "GET", f.url, nil, 200, ""},
		{"configured origin", "GET", "http://page.test:5173", nil, 200, "http://page.test:5173"},
		{"other origin", "GET", "http://evil.test", nil, 403, ""},
		{"own origin on another port", "GET", strings.Replace(f.url, "127.0.0.1:", "127.0.0.1:1", 1), nil, 403, ""},
		{"preflight from the configured origin", "OPTIONS", "http://page.test:5173", []string{"Access-Control-Request-Method", "POST"}, 204, "http://page.test:5173"},
		{"preflight from another origin", "OPTIONS", "http://evil.test", []string{"Access-Control-Request-Method", "POST"}, 403, ""},
		// The own origin is the configured one: a Host header naming another
		// site does not make that site the API's own.
		{"another origin with a forged Host", "GET", "http://evil.test", []string{"Host", "evil.test"}, 403, ""},
		{"preflight with a forged Host", "OPTIONS", "http://evil.test", []string{"Host", "evil.test", "Access-Control-Request-Method", "POST"}, 403, ""},
		{"own origin with another Host", "GET", f.url, []string{"Host", "evil.test"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := tt.headers
			if tt.origin != "" {
				headers = append(headers, "Origin", tt.origin)
			}
			a := f.do(t, tt.method, "/api/config", nil, headers...)
			if a.status != tt.status || a.header.Get("Access-Control-Allow-Origin") != tt.allowOrigin {
				t.Errorf("status %d, Allow-Origin %q; want %d, %q", a.status, a.header.Get("Access-Control-Allow-Origin"), tt.status, tt.allowOrigin)
			}
		})
	}
}

func TestAuthGenesysMode(t *testing.T) {
	f := start(t, nil)
	reader := f.org.UserToken(t, emutest.Reader)
	tests := []struct {
		name    string
		token   string
		status  int
		code    string
		missing int
	}{
		{"no token", "", 401, "unauthorized", 0},
		{"unknown token", "not-a-token", 401, "unauthorized", 0},
		{"without import permissions", reader, 403, "missing_permission", len(genesys.ImportPermissions)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.submit(t, tt.token, map[string]any{}, cleanFile)
			var e struct {
				Code    string
				Missing []string
			}
			a.json(t, &e)
			if a.status != tt.status || e.Code != tt.code || len(e.Missing) != tt.missing {
				t.Errorf("status %d %+v; want %d %s with %d missing", a.status, e, tt.status, tt.code, tt.missing)
			}
			if tt.status == 401 && a.header.Get("WWW-Authenticate") != "Bearer" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if len(f.org.Contacts()) != 0 {
		t.Error("contacts imported")
	}
}

func TestAuthServiceMode(t *testing.T) {
	f := start(t, func(c *api.Config) {
		c.Mode = api.ModeService
		c.DevToken = "dev-token-1"
	})
	tests := []struct {
		name    string
		headers []string
		status  int
	}{
		{"no credentials", nil, 401},
		{"wrong development token", []string{"Authorization", "Bearer dev-token-2"}, 401},
		{"a Genesys token is not enough", []string{"Authorization", "Bearer " + f.org.UserToken(t, emutest.Admin)}, 401},
		{"invalid Access JWT", []string{"Cf-Access-Jwt-Assertion", "a.b.c"}, 401},
		{"development token", []string{"Authorization", "Bearer dev-token-1"}, 202},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.submit(t, "", map[string]any{}, cleanFile, tt.headers...)
			if a.status != tt.status {
				t.Errorf("status %d, body %s; want %d", a.status, a.body, tt.status)
			}
		})
	}
	// A second import and a status read reuse the service token.
	a := f.submit(t, "", map[string]any{"division": "div-2"}, cleanFile, "Authorization", "Bearer dev-token-1")
	var job api.JobView
	a.json(t, &job)
	if a := f.do(t, "GET", "/api/imports/"+job.ID, nil, "Authorization", "Bearer dev-token-1"); a.status != 200 {
		t.Errorf("status read: %d", a.status)
	}
	if n := f.doer.tokens.Load(); n != 1 {
		t.Errorf("%d token requests, want 1 (cached)", n)
	}
}

// TestServiceTokenRefusedIsForgotten: a cached token Genesys refuses is dropped, so
// the next request signs in afresh.
func TestServiceTokenRefusedIsForgotten(t *testing.T) {
	f := start(t, func(c *api.Config) {
		c.Mode = api.ModeService
		c.DevToken = "dev"
	})
	ctx := context.Background()
	f.store.Put(ctx, tokenKey(t, f), `{"token":"revoked","expires":"2999-01-01T00:00:00Z"}`, time.Hour)
	if a := f.do(t, "GET", "/api/imports/x-1", nil, "Authorization", "Bearer dev"); a.status != 401 {
		t.Fatalf("with a revoked token: %d %s", a.status, a.body)
	}
	if a := f.do(t, "GET", "/api/imports/x-1", nil, "Authorization", "Bearer dev"); a.status != 404 {
		t.Fatalf("after forgetting it: %d %s", a.status, a.body)
	}
}

// tokenKey finds the store key of the service token by signing in once.
func tokenKey(t *testing.T, f *fixture) string {
	t.Helper()
	f.do(t, "GET", "/api/imports/x-1", nil, "Authorization", "Bearer dev")
	keys := f.store.Keys()
	for _, k := range keys {
		if strings.HasPrefix(k, "token:") {
			return k
		}
	}
	t.Fatalf("no token in the store: %v", keys)
	return ""
}
