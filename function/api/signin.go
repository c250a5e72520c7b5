package api

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"contactprep/function/genesys"
)

// maxSignInFormBytes bounds the body of POST /api/oauth/token: a code, a verifier
// and the page's URL.
const maxSignInFormBytes = 8 << 10

// signedIn is the answer of POST /api/oauth/token.
type signedIn struct {
	AccessToken string `json:"accessToken"`
	ExpiresIn   int    `json:"expiresIn"` // seconds
}

// handleSignIn is POST /api/oauth/token, the last step of the page's sign-in with
// Genesys Cloud (authorization code + PKCE). The page sends the code and its verifier
// here rather than to the login host, so it talks to its own origin only and its
// Content-Security-Policy names no other. The function adds its public client id and
// forwards them to the region's login host: no secret is involved, and the token is
// handed to the page, never kept or logged.
func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Mode != ModeGenesys {
		writeError(w, http.StatusNotFound, "not_found", "this function signs in to Genesys Cloud as a service: there is no sign-in to finish")
		return
	}
	if r.ContentLength > maxSignInFormBytes {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the sign-in request is too large")
		return
	}
	if mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mediaType != "application/x-www-form-urlencoded" {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "send the sign-in as application/x-www-form-urlencoded")
		return
	}
	body, over, err := readAtMost(r.Body, maxSignInFormBytes)
	switch {
	case over:
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the sign-in request is too large")
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "bad_request", "the sign-in request could not be read")
		return
	}
	form, err := url.ParseQuery(string(body))
	code, verifier, redirect := form.Get("code"), form.Get("code_verifier"), form.Get("redirect_uri")
	if err != nil || code == "" || verifier == "" || redirect == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "send code, code_verifier and redirect_uri")
		return
	}
	if !s.pageURL(redirect) {
		writeError(w, http.StatusBadRequest, "bad_request", "the sign-in must return to this page")
		return
	}
	t, err := s.cfg.Genesys.AuthorizationCode(r.Context(), s.cfg.OAuthClientID, code, verifier, redirect)
	if err != nil {
		s.signInFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, signedIn{AccessToken: t.AccessToken, ExpiresIn: t.ExpiresIn})
}

// signInFailed answers for a code Genesys did not exchange. A refused code (expired,
// used, or not this verifier's) means signing in again; a refused client means the
// function is set up wrong, which signing in again cannot fix.
func (s *Server) signInFailed(w http.ResponseWriter, r *http.Request, err error) {
	var e *genesys.Error
	if !errors.As(err, &e) || e.Status < 400 || e.Status >= 500 || e.Status == http.StatusTooManyRequests {
		s.genesysFailed(w, r, err, "finishing the sign-in")
		return
	}
	if e.Code == "invalid_client" || e.Code == "unauthorized_client" {
		writeError(w, http.StatusBadGateway, "genesys_refused",
			"Genesys Cloud does not accept this page's OAuth client: ask whoever set up this page to check its client id and redirect URI")
		return
	}
	unauthorized(w, "Genesys Cloud did not accept the sign-in (it may have taken too long): sign in again")
}

// pageURL reports whether raw is a URL on the function's own origin or on one of
// the configured origins: where the page's sign-in may return.
func (s *Server) pageURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Fragment != "" || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	origin := u.Scheme + "://" + u.Host
	if s.ownOrigin(origin) {
		return true
	}
	for _, o := range s.cfg.Origins {
		if strings.EqualFold(origin, o) {
			return true
		}
	}
	return false
}
