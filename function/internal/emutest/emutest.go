// Package emutest runs the Genesys emulator on loopback for the function's tests, with an org of one admin and one user without import permissions, and three divisions.
package emutest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"contactprep/internal/emulator"
)

// The org's OAuth clients: Admin signs in a user holding every import and outbound permission,
// Reader one holding none. Both are confidential (their secret is Secret) and also
// sign users in with PKCE.
const (
	Admin  = "contactprep-admin"
	Reader = "contactprep-reader"
	Secret = "test-secret"
)

// Divisions are the org's: the admin may add contacts in each, the reader in none.
var Divisions = []emulator.Division{{ID: "div-1", Name: "Home", Home: true}, {ID: "div-2", Name: "Sales EMEA"}, {ID: "div-3", Name: "Support Americas"}}

// Org is a running emulator.
type Org struct {
	*emulator.Server
	URL string // http://127.0.0.1:port
}

// Start runs an emulator until the test ends. Dry runs and imports take 100 ms.
func Start(t testing.TB) *Org {
	t.Helper()
	const admin, reader = "user-admin", "user-reader"
	redirect := []string{"http://127.0.0.1:*/"}
	s := emulator.New(emulator.Config{
		Clients: []emulator.Client{
			{ID: Admin, Secret: Secret, RedirectURIs: redirect, User: admin},
			{ID: Reader, Secret: Secret, RedirectURIs: redirect, User: reader},
		},
		Users: []emulator.User{
			{ID: admin, Name: "Admin", Permissions: slices.Concat(emulator.ImportPermissions(), emulator.OutboundPermissions(), emulator.DNCPermissions(), emulator.LookupPermissions(), []string{"externalContacts:contact:add"})},
			{ID: reader, Name: "Reader", Permissions: []string{"directory:user:view"}},
		},
		Divisions:   Divisions,
		DryRunDelay: 100 * time.Millisecond,
		ImportDelay: 100 * time.Millisecond,
	})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &Org{Server: s, URL: srv.URL}
}

// UserToken signs the client's user in as a browser would (authorization code with
// PKCE) and returns the access token.
func (o *Org) UserToken(t testing.TB, client string) string {
	t.Helper()
	const redirect = "http://127.0.0.1:1/callback"
	code, verifier := o.AuthorizationCode(t, client, redirect)
	return o.token(t, url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"code_verifier": {verifier},
		"client_id":     {client},
		"redirect_uri":  {redirect},
	}, "")
}

// AuthorizationCode runs the browser's half of a PKCE sign-in (/oauth/authorize,
// which the emulator approves at once) and returns the code it sent back to redirect
// and the verifier that goes with it.
func (o *Org) AuthorizationCode(t testing.TB, client, redirect string) (code, verifier string) {
	t.Helper()
	verifier = base64.RawURLEncoding.EncodeToString(randomBytes(32))
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {client},
		"redirect_uri":          {redirect},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
		"state":                 {"s"},
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Get(o.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err == nil {
		code = back.Query().Get("code")
	}
	if code == "" {
		t.Fatalf("authorize: status %d, no code", res.StatusCode)
	}
	return code, verifier
}

// ServiceToken gets a client-credentials token for the client.
func (o *Org) ServiceToken(t testing.TB, client string) string {
	t.Helper()
	return o.token(t, url.Values{"grant_type": {"client_credentials"}}, client)
}

func (o *Org) token(t testing.TB, form url.Values, basicClient string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, o.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicClient != "" {
		req.SetBasicAuth(basicClient, Secret)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: status %d", res.StatusCode)
	}
	return tok.AccessToken
}

// AddFault installs a fault or fails the test.
func (o *Org) AddFault(t testing.TB, f emulator.Fault) {
	t.Helper()
	if err := o.Server.AddFault(f); err != nil {
		t.Fatal(err)
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
