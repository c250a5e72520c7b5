package api_test

import (
	"net/url"
	"strings"
	"testing"

	"contactprep/function/api"
	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

// signIn posts a sign-in form to POST /api/oauth/token from the page's own origin.
func (f *fixture) signIn(t *testing.T, form url.Values, headers ...string) answer {
	t.Helper()
	headers = append([]string{"Content-Type", "application/x-www-form-urlencoded", "Origin", f.url}, headers...)
	return f.do(t, "POST", "/api/oauth/token", strings.NewReader(form.Encode()), headers...)
}

func signInForm(code, verifier, redirect string) url.Values {
	return url.Values{"code": {code}, "code_verifier": {verifier}, "redirect_uri": {redirect}}
}

func TestSignIn(t *testing.T) {
	f := start(t, nil)
	page := f.url + "/signed-in.html"
	code, verifier := f.org.AuthorizationCode(t, emutest.Admin, page)
	a := f.signIn(t, signInForm(code, verifier, page))
	var got struct {
		AccessToken string
		ExpiresIn   int
	}
	a.json(t, &got)
	if a.status != 200 || got.AccessToken == "" || got.ExpiresIn <= 0 {
		t.Fatalf("status %d, body %s", a.status, a.body)
	}
	if cc := a.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q: a token must not be cached", cc)
	}
	// The token is the admin's own: it submits a file.
	if a := f.submit(t, got.AccessToken, map[string]any{}, cleanFile); a.status != 202 {
		t.Errorf("submitting with the token: %d %s", a.status, a.body)
	}
}

func TestSignInRefused(t *testing.T) {
	f := start(t, nil)
	page := f.url + "/signed-in.html"
	used, usedVerifier := f.org.AuthorizationCode(t, emutest.Admin, page)
	if a := f.signIn(t, signInForm(used, usedVerifier, page)); a.status != 200 {
		t.Fatalf("first exchange: %d %s", a.status, a.body)
	}
	code, verifier := f.org.AuthorizationCode(t, emutest.Admin, page)
	wrongVerifier, _ := f.org.AuthorizationCode(t, emutest.Admin, page)
	tests := []struct {
		name    string
		form    url.Values
		headers []string
		status  int
		code    string
	}{
		{"a used code", signInForm(used, usedVerifier, page), nil, 401, "unauthorized"},
		{"another code's verifier", signInForm(wrongVerifier, verifier, page), nil, 401, "unauthorized"},
		{"no code", signInForm("", verifier, page), nil, 400, "bad_request"},
		{"no verifier", signInForm(code, "", page), nil, 400, "bad_request"},
		{"a redirect to another site", signInForm(code, verifier, "https://evil.test/signed-in.html"), nil, 400, "bad_request"},
		{"a redirect to another port", signInForm(code, verifier, strings.Replace(page, "127.0.0.1:", "127.0.0.1:1", 1)), nil, 400, "bad_request"},
		{"JSON instead of a form", signInForm(code, verifier, page), []string{"Content-Type", "application/json"}, 415, "unsupported_media_type"},
		{"from another origin", signInForm(code, verifier, page), []string{"Origin", "http://evil.test"}, 403, "origin_refused"},
		{"a redirect to the site a forged Host names", signInForm(code, verifier, "http://evil.test/signed-in.html"), []string{"Host", "evil.test"}, 400, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.signIn(t, tt.form, tt.headers...)
			var e struct{ Code, Message, AccessToken string }
			a.json(t, &e)
			if a.status != tt.status || e.Code != tt.code || e.AccessToken != "" {
				t.Errorf("status %d %+v; want %d %s", a.status, e, tt.status, tt.code)
			}
		})
	}
	// The refusals above that the function made itself never reached Genesys: the
	// code is still good.
	if a := f.signIn(t, signInForm(code, verifier, page)); a.status != 200 {
		t.Errorf("the code after the refusals: %d %s", a.status, a.body)
	}
}

func TestSignInTooLarge(t *testing.T) {
	f := start(t, nil)
	page := f.url + "/"
	form := signInForm("c", strings.Repeat("v", 10<<10), page)
	if a := f.signIn(t, form); a.status != 413 {
		t.Errorf("status %d %s, want 413", a.status, a.body)
	}
}

func TestSignInGenesysFailures(t *testing.T) {
	tests := []struct {
		name     string
		clientID string
		fault    *emulator.Fault
		status   int
		code     string
	}{
		{"login host failing", emutest.Admin, &emulator.Fault{Path: "/oauth/token", Status: 503, Times: -1}, 502, "genesys_unavailable"},
		{"client unknown to Genesys", "not-a-client", nil, 502, "genesys_refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := start(t, func(c *api.Config) { c.OAuthClientID = tt.clientID })
			page := f.url + "/"
			code, verifier := f.org.AuthorizationCode(t, emutest.Admin, page)
			if tt.fault != nil {
				f.org.AddFault(t, *tt.fault)
			}
			a := f.signIn(t, signInForm(code, verifier, page))
			var e struct{ Code, Message string }
			a.json(t, &e)
			if a.status != tt.status || e.Code != tt.code {
				t.Errorf("status %d %+v; want %d %s", a.status, e, tt.status, tt.code)
			}
			if strings.Contains(e.Message, code) || strings.Contains(e.Message, verifier) {
				t.Errorf("message %q repeats what was sent", e.Message)
			}
		})
	}
}

func TestSignInServiceMode(t *testing.T) {
	f := start(t, func(c *api.Config) {
		c.Mode = api.ModeService
		c.DevToken = "dev"
	})
	a := f.signIn(t, signInForm("c", "v", f.url+"/"))
	if a.status != 404 {
		t.Errorf("status %d %s, want 404", a.status, a.body)
	}
}
