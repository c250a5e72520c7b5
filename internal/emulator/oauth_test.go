package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestClientCredentials(t *testing.T) {
	tests := []struct {
		name       string
		user, pass string // Basic credentials; none when user is ""
		form       string
		wantStatus int
		wantError  string
	}{
		{"valid", "app", "s3cret", "grant_type=client_credentials", 200, ""},
		{"wrong secret", "app", "nope", "grant_type=client_credentials", 401, "invalid_client"},
		{"unknown client", "ghost", "s3cret", "grant_type=client_credentials", 401, "invalid_client"},
		{"public client has no secret", "browser", "", "grant_type=client_credentials", 401, "invalid_client"},
		{"no Basic auth", "", "", "grant_type=client_credentials", 401, "invalid_client"},
		{"no grant type", "app", "s3cret", "", 400, "invalid_request"},
		{"password grant", "app", "s3cret", "grant_type=password", 400, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			req := httptest.NewRequest("POST", "/oauth/token", strings.NewReader(tt.form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.user != "" {
				req.SetBasicAuth(tt.user, tt.pass)
			}
			rec := httptest.NewRecorder()
			h.s.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if tt.wantError != "" {
				if body["error"] != tt.wantError || body["error_description"] == "" {
					t.Errorf("body %v, want error %s with a description", body, tt.wantError)
				}
				return
			}
			if body["token_type"] != "bearer" || body["expires_in"] != float64(86400) || body["access_token"] == "" {
				t.Errorf("token reply %v", body)
			}
		})
	}
}

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // RFC 7636 appendix B

// authorize runs /oauth/authorize and returns the redirect's query.
func (h *harness) authorize(client, redirect, challenge, method string) (int, url.Values) {
	h.t.Helper()
	q := url.Values{
		"response_type": {"code"}, "client_id": {client}, "redirect_uri": {redirect},
		"code_challenge": {challenge}, "code_challenge_method": {method}, "state": {"xyz"},
	}
	rec := h.do("GET", "/oauth/authorize?"+q.Encode(), "", nil)
	if rec.Code != http.StatusFound {
		return rec.Code, nil
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		h.t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; !strings.HasPrefix(redirect, got) {
		h.t.Errorf("redirected to %s, want %s", got, redirect)
	}
	return rec.Code, loc.Query()
}

func (h *harness) exchange(form url.Values) (*httptest.ResponseRecorder, map[string]any) {
	h.t.Helper()
	req := httptest.NewRequest("POST", "/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	var body map[string]any
	json.Unmarshal(rec.Body.Bytes(), &body)
	return rec, body
}

func codeForm(code, verifier, client, redirect string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
		"client_id": {client}, "redirect_uri": {redirect}}
}

func TestAuthorizationCodeWithPKCE(t *testing.T) {
	h := newHarness(t, testConfig())
	const redirect = "https://app.example/callback"
	challenge := pkceChallenge(verifier)
	if challenge != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Fatalf("S256 challenge %s differs from RFC 7636 appendix B", challenge)
	}
	status, q := h.authorize("browser", redirect, challenge, "S256")
	if status != http.StatusFound || q.Get("code") == "" || q.Get("state") != "xyz" {
		t.Fatalf("authorize: status %d, query %v", status, q)
	}
	rec, body := h.exchange(codeForm(q.Get("code"), verifier, "browser", redirect))
	if rec.Code != http.StatusOK || body["token_type"] != "bearer" {
		t.Fatalf("exchange: status %d, body %v", rec.Code, body)
	}
	tok := body["access_token"].(string)

	var me struct {
		ID            string
		Name          string
		Authorization struct{ Permissions []string }
	}
	h.ok("GET", "/api/v2/users/me?expand=authorization", tok, nil, &me)
	if me.ID != adminID || me.Name != "Admin" || !slices.Contains(me.Authorization.Permissions, "externalContacts:importCsvJob:add") {
		t.Errorf("users/me = %+v", me)
	}

	rec, body = h.exchange(codeForm(q.Get("code"), verifier, "browser", redirect))
	if rec.Code != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Errorf("second use of a code: status %d, body %v", rec.Code, body)
	}
}

func TestAuthorizationCodeRejected(t *testing.T) {
	const redirect = "https://app.example/callback"
	other := strings.Repeat("a", 43)
	tests := []struct {
		name       string
		form       func(code string) url.Values
		wait       time.Duration
		wantStatus int
		wantError  string
	}{
		{"wrong verifier", func(c string) url.Values { return codeForm(c, other, "browser", redirect) }, 0, 400, "invalid_grant"},
		{"verifier too short", func(c string) url.Values { return codeForm(c, "short", "browser", redirect) }, 0, 400, "invalid_grant"},
		{"other redirect", func(c string) url.Values { return codeForm(c, verifier, "browser", redirect+"2") }, 0, 400, "invalid_grant"},
		{"other client", func(c string) url.Values { return codeForm(c, verifier, "app", redirect) }, 0, 400, "invalid_grant"},
		{"unknown client", func(c string) url.Values { return codeForm(c, verifier, "ghost", redirect) }, 0, 401, "invalid_client"},
		{"unknown code", func(string) url.Values { return codeForm("nope", verifier, "browser", redirect) }, 0, 400, "invalid_grant"},
		{"expired code", func(c string) url.Values { return codeForm(c, verifier, "browser", redirect) }, 6 * time.Minute, 400, "invalid_grant"},
		{"no verifier", func(c string) url.Values { return codeForm(c, "", "browser", redirect) }, 0, 400, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			_, q := h.authorize("browser", redirect, pkceChallenge(verifier), "S256")
			h.clock.advance(tt.wait)
			rec, body := h.exchange(tt.form(q.Get("code")))
			if rec.Code != tt.wantStatus || body["error"] != tt.wantError {
				t.Errorf("status %d, body %v; want %d %s", rec.Code, body, tt.wantStatus, tt.wantError)
			}
		})
	}
}

func TestAuthorizeChecks(t *testing.T) {
	challenge := pkceChallenge(verifier)
	tests := []struct {
		name       string
		client     string
		redirect   string
		challenge  string
		method     string
		wantStatus int
		wantError  string // in the redirect
	}{
		{"any port on 127.0.0.1", "app", "http://127.0.0.1:5173/app/", challenge, "S256", 302, ""},
		{"unknown client", "ghost", "https://app.example/callback", challenge, "S256", 400, ""},
		{"unregistered redirect", "browser", "https://evil.example/callback", challenge, "S256", 400, ""},
		{"no challenge", "browser", "https://app.example/callback", "", "S256", 302, "invalid_request"},
		{"plain method", "browser", "https://app.example/callback", challenge, "plain", 302, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			status, q := h.authorize(tt.client, tt.redirect, tt.challenge, tt.method)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d", status, tt.wantStatus)
			}
			if status == http.StatusFound {
				if q.Get("error") != tt.wantError || (tt.wantError == "") == (q.Get("code") == "") {
					t.Errorf("redirect query %v, want error %q", q, tt.wantError)
				}
			}
		})
	}

	h := newHarness(t, testConfig())
	rec := h.do("GET", "/oauth/authorize?response_type=token&client_id=browser&redirect_uri="+
		url.QueryEscape("https://app.example/callback"), "", nil)
	if loc := rec.Header().Get("Location"); !strings.Contains(loc, "error=unsupported_response_type") {
		t.Errorf("response_type=token redirected to %q", loc)
	}
}

func TestRedirectAllowed(t *testing.T) {
	patterns := []string{"http://127.0.0.1:*/", "http://localhost:8080/cb", "https://app.example/callback"}
	tests := []struct {
		uri  string
		want bool
	}{
		{"http://127.0.0.1:5173/", true},
		{"http://127.0.0.1:9/deep/page?x=1", true},
		{"http://127.0.0.1/", true},
		{"https://127.0.0.1:5173/", false},
		{"http://127.0.0.2:5173/", false},
		{"http://localhost:8080/cb", true},
		{"http://localhost:8081/cb", false},
		{"http://localhost:8080/cb/more", false},
		{"https://app.example/callback", true},
		{"https://app.example:444/callback", false},
		{"https://app.example/callback#frag", false},
		{"javascript:alert(1)", false},
		{"/relative", false},
	}
	for _, tt := range tests {
		if got := redirectAllowed(patterns, tt.uri); got != tt.want {
			t.Errorf("redirectAllowed(%q) = %v, want %v", tt.uri, got, tt.want)
		}
	}
}

func TestUsersMe(t *testing.T) {
	h := newHarness(t, testConfig())
	tests := []struct {
		name       string
		token      string
		target     string
		wantStatus int
		wantCode   string
	}{
		{"no token", "", "/api/v2/users/me", 401, "authentication.required"},
		{"unknown token", "forged", "/api/v2/users/me", 401, "bad.credentials"},
		{"client credentials have no user", h.admin(), "/api/v2/users/me", 400, "bad.request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := h.do("GET", tt.target, tt.token, nil)
			if rec.Code != tt.wantStatus || errorCode(t, rec) != tt.wantCode {
				t.Errorf("status %d body %s; want %d %s", rec.Code, rec.Body, tt.wantStatus, tt.wantCode)
			}
		})
	}

	_, q := h.authorize("browser", "https://app.example/callback", pkceChallenge(verifier), "S256")
	_, body := h.exchange(codeForm(q.Get("code"), verifier, "browser", "https://app.example/callback"))
	tok := body["access_token"].(string)
	var plain map[string]any
	h.ok("GET", "/api/v2/users/me", tok, nil, &plain)
	if _, has := plain["authorization"]; has || plain["id"] != adminID {
		t.Errorf("users/me without expand = %v", plain)
	}
	h.clock.advance(25 * time.Hour)
	if rec := h.do("GET", "/api/v2/users/me", tok, nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("expired token: status %d", rec.Code)
	}
}

func TestHasPermission(t *testing.T) {
	tests := []struct {
		held []string
		want string
		ok   bool
	}{
		{[]string{"externalContacts:importJob:view"}, "externalContacts:importJob:view", true},
		{[]string{"externalContacts:importJob:view"}, "externalContacts:importJob:edit", false},
		{[]string{"externalContacts:importSettings:*"}, "externalContacts:importSettings:viewAll", true},
		{[]string{"externalContacts:*:*"}, "externalContacts:importCsvJob:add", true},
		{[]string{"*:*:*"}, "outbound:contact:add", true},
		{[]string{"externalContacts"}, "externalContacts:importJob:view", false},
		{nil, "externalContacts:importJob:view", false},
	}
	for _, tt := range tests {
		if got := hasPermission(tt.held, tt.want); got != tt.ok {
			t.Errorf("hasPermission(%v, %s) = %v", tt.held, tt.want, got)
		}
	}
}

func TestCrossOriginPreflight(t *testing.T) {
	h := newHarness(t, testConfig())
	rec := h.do("OPTIONS", "/api/v2/externalcontacts/import/csv/uploads", "", nil,
		"Origin", "http://127.0.0.1:5173",
		"Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "authorization, content-type")
	if rec.Code != http.StatusNoContent ||
		rec.Header().Get("Access-Control-Allow-Origin") != "http://127.0.0.1:5173" ||
		rec.Header().Get("Access-Control-Allow-Headers") != "authorization, content-type" {
		t.Errorf("preflight: status %d, headers %v", rec.Code, rec.Header())
	}
	rec = h.do("GET", "/api/v2/users/me", "", nil, "Origin", "http://127.0.0.1:5173")
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "Retry-After") {
		t.Errorf("cross-origin GET: status %d, headers %v", rec.Code, rec.Header())
	}
}
