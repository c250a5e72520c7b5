package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	codeLifetime = 5 * time.Minute
	// maxGrants bounds the tokens and codes kept, so a client looping on /oauth/token
	// cannot grow the emulator without end.
	maxGrants = 10000
)

// authCode is an authorization code waiting to be exchanged for a token.
type authCode struct {
	client    string
	redirect  string
	challenge string
	user      string
	expires   time.Time
}

// oauthError is the error body of the OAuth endpoints (RFC 6749 §5.2).
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, oauthError{Error: code, Description: description})
}

// handleToken issues tokens for the client-credentials and authorization-code grants.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "the form body could not be read")
		return
	}
	switch grant := r.PostForm.Get("grant_type"); grant {
	case "client_credentials":
		s.clientCredentials(w, r)
	case "authorization_code":
		s.exchangeCode(w, r)
	case "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type "+grant+" is not supported")
	}
}

func (s *Server) clientCredentials(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client authentication (HTTP Basic) is required")
		return
	}
	s.mu.Lock()
	c, known := s.clients[id]
	s.mu.Unlock()
	if !known || c.Secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client not found or secret wrong")
		return
	}
	s.issueToken(w, token{user: c.User, client: c.ID, machine: true})
}

func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	code, verifier := f.Get("code"), f.Get("code_verifier")
	clientID, redirect := f.Get("client_id"), f.Get("redirect_uri")
	if basicID, _, ok := r.BasicAuth(); ok && clientID == "" {
		clientID = basicID
	}
	if code == "" || verifier == "" || clientID == "" || redirect == "" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "code, code_verifier, client_id and redirect_uri are required")
		return
	}
	s.mu.Lock()
	c, codeKnown := s.codes[code]
	delete(s.codes, code) // a code is good for one attempt (RFC 6749 §4.1.2)
	client, clientKnown := s.clients[clientID]
	s.mu.Unlock()
	if !clientKnown {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client not found")
		return
	}
	if _, secret, ok := r.BasicAuth(); ok && subtle.ConstantTimeCompare([]byte(secret), []byte(client.Secret)) != 1 {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client secret wrong")
		return
	}
	switch {
	case !codeKnown || !s.now().Before(c.expires):
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "authorization code unknown, used or expired")
	case c.client != clientID:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "authorization code was issued to another client")
	case c.redirect != redirect:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri differs from the authorization request")
	case !verifierValid(verifier) || pkceChallenge(verifier) != c.challenge:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
	default:
		s.issueToken(w, token{user: c.user, client: clientID})
	}
}

func (s *Server) issueToken(w http.ResponseWriter, t token) {
	now := s.now()
	t.expires = now.Add(s.cfg.TokenLifetime)
	access := base64.RawURLEncoding.EncodeToString(randomBytes(32))
	s.mu.Lock()
	if len(s.tokens) >= maxGrants {
		for k, old := range s.tokens {
			if !now.Before(old.expires) || len(s.tokens) >= maxGrants {
				delete(s.tokens, k)
			}
		}
	}
	s.tokens[access] = t
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}{access, "bearer", int64(s.cfg.TokenLifetime / time.Second)})
}

// handleAuthorize signs the client's user in without asking (a development org) and
// sends the browser back with a code, after the checks Genesys makes first.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	client, known := s.clients[q.Get("client_id")]
	s.mu.Unlock()
	redirect := q.Get("redirect_uri")
	if !known {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(redirect)
	if err != nil || !redirectAllowed(client.RedirectURIs, redirect) {
		http.Error(w, "redirect_uri is not registered for this client", http.StatusBadRequest)
		return
	}
	reply := back.Query()
	if state := q.Get("state"); state != "" {
		reply.Set("state", state)
	}
	challenge := q.Get("code_challenge")
	switch {
	case q.Get("response_type") != "code":
		reply.Set("error", "unsupported_response_type")
	case q.Get("code_challenge_method") != "S256" || !challengeValid(challenge):
		reply.Set("error", "invalid_request")
		reply.Set("error_description", "a code_challenge with code_challenge_method S256 is required")
	default:
		code := base64.RawURLEncoding.EncodeToString(randomBytes(24))
		now := s.now()
		s.mu.Lock()
		for k, old := range s.codes {
			if !now.Before(old.expires) || len(s.codes) >= maxGrants {
				delete(s.codes, k)
			}
		}
		s.codes[code] = authCode{
			client:    client.ID,
			redirect:  redirect,
			challenge: challenge,
			user:      client.User,
			expires:   now.Add(codeLifetime),
		}
		s.mu.Unlock()
		reply.Set("code", code)
	}
	back.RawQuery = reply.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// redirectAllowed matches uri against the client's registered patterns (see Client).
func redirectAllowed(patterns []string, uri string) bool {
	u, err := url.Parse(uri)
	if err != nil || !u.IsAbs() || u.Fragment != "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	for _, p := range patterns {
		if p == uri {
			return true
		}
		scheme, rest, ok := strings.Cut(p, "://")
		if !ok || scheme != u.Scheme {
			continue
		}
		hostPort, path, _ := strings.Cut(rest, "/")
		path = "/" + path
		host, port, hasPort := strings.Cut(hostPort, ":")
		if host != u.Hostname() {
			continue
		}
		if port != "*" && (hasPort || u.Port() != "") && port != u.Port() {
			continue
		}
		uriPath := u.EscapedPath()
		if uriPath == "" {
			uriPath = "/"
		}
		if uriPath == path || (strings.HasSuffix(path, "/") && strings.HasPrefix(uriPath, path)) {
			return true
		}
	}
	return false
}

// verifierValid checks RFC 7636 §4.1: 43 to 128 unreserved characters.
func verifierValid(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, c := range []byte(v) {
		if !unreserved(c) {
			return false
		}
	}
	return true
}

// challengeValid checks the shape of an S256 challenge: 43 base64url characters.
func challengeValid(c string) bool {
	if len(c) != 43 {
		return false
	}
	for _, b := range []byte(c) {
		if !unreserved(b) || b == '.' || b == '~' {
			return false
		}
	}
	return true
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// handleMe answers /api/v2/users/me, with the permissions when expand=authorization.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	t, perms, ok := s.bearer(w, r)
	if !ok {
		return
	}
	if t.machine {
		badRequest(w, "This request requires a user context. Client credentials cannot be used for requests to this resource.")
		return
	}
	s.mu.Lock()
	u := s.users[t.user]
	s.mu.Unlock()
	type authorization struct {
		Permissions []string `json:"permissions"`
	}
	me := struct {
		ID            string         `json:"id"`
		Name          string         `json:"name"`
		Email         string         `json:"email,omitempty"`
		State         string         `json:"state"`
		Authorization *authorization `json:"authorization,omitempty"`
		SelfURI       string         `json:"selfUri"`
	}{ID: u.ID, Name: u.Name, Email: u.Email, State: "active", SelfURI: "/api/v2/users/" + u.ID}
	for _, e := range r.URL.Query()["expand"] {
		for _, part := range strings.Split(e, ",") {
			if part == "authorization" {
				me.Authorization = &authorization{Permissions: append([]string{}, perms...)}
			}
		}
	}
	writeJSON(w, http.StatusOK, me)
}
