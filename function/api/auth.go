package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"contactprep/function/access"
	"contactprep/function/genesys"
)

// bearer returns the request's bearer token, or "".
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

func unauthorized(w http.ResponseWriter, message string) {
	w.Header().Set("WWW-Authenticate", "Bearer")
	writeError(w, http.StatusUnauthorized, "unauthorized", message)
}

// genesysToken authenticates the caller and returns the token to call Genesys with,
// or answers the request itself and returns "". With permissions (before an import
// or creating a list), an admin's token must hold every one of them.
func (s *Server) genesysToken(w http.ResponseWriter, r *http.Request, permissions []string) string {
	if s.cfg.Mode == ModeService {
		if !s.callerAllowed(w, r) {
			return ""
		}
		token, err := s.serviceToken(r.Context())
		if err != nil {
			s.genesysFailed(w, r, err, "signing the service client in")
			return ""
		}
		return token
	}
	token := bearer(r)
	if token == "" {
		unauthorized(w, "sign in with Genesys Cloud first")
		return ""
	}
	if len(permissions) == 0 {
		return token // Genesys checks it on every call
	}
	me, err := s.cfg.Genesys.Me(r.Context(), token)
	if err != nil {
		s.genesysFailed(w, r, err, "checking the sign-in")
		return ""
	}
	if missing := genesys.Missing(me.Authorization.Permissions, permissions); len(missing) > 0 {
		writeJSON(w, http.StatusForbidden, apiError{
			Code:    "missing_permission",
			Message: "your Genesys Cloud roles lack permissions this needs",
			Missing: missing,
		})
		return ""
	}
	return token
}

// callerAllowed checks a service-mode caller: a valid Cloudflare Access JWT, or the
// development token when one is configured (only against a local Genesys).
func (s *Server) callerAllowed(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.DevToken != "" {
		if t := bearer(r); t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.cfg.DevToken)) == 1 {
			return true
		}
	}
	jwt := r.Header.Get("Cf-Access-Jwt-Assertion")
	if jwt == "" || s.cfg.Access == nil {
		unauthorized(w, "this API is behind Cloudflare Access: sign in through Access first")
		return false
	}
	err := s.cfg.Access.Verify(r.Context(), jwt)
	switch {
	case errors.Is(err, access.ErrInvalid):
		unauthorized(w, "the Cloudflare Access token is not valid: sign in through Access again")
		return false
	case err != nil:
		writeError(w, http.StatusBadGateway, "access_unavailable", "the Cloudflare Access keys could not be read")
		return false
	}
	return true
}

// tokenMargin is how long before its expiry a cached service token is replaced.
const tokenMargin = 5 * time.Minute

type cachedToken struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
}

// serviceTokenKey names the cached token by a hash of the client and org, never by
// the client's secret.
func (s *Server) serviceTokenKey() string {
	sum := sha256.Sum256([]byte(s.cfg.Genesys.Bases.API + "\n" + s.cfg.ServiceClientID))
	return "token:" + hex.EncodeToString(sum[:16])
}

// serviceToken returns the service client's token, from the store while it has more
// than tokenMargin left, else a new one.
func (s *Server) serviceToken(ctx context.Context) (string, error) {
	key := s.serviceTokenKey()
	if raw, ok, err := s.cfg.Store.Get(ctx, key); err == nil && ok {
		var c cachedToken
		if json.Unmarshal([]byte(raw), &c) == nil && time.Until(c.Expires) > tokenMargin && c.Token != "" {
			return c.Token, nil
		}
	}
	t, err := s.cfg.Genesys.ClientCredentials(ctx, s.cfg.ServiceClientID, s.cfg.ServiceSecret)
	if err != nil {
		return "", err
	}
	lifetime := time.Duration(t.ExpiresIn) * time.Second
	if ttl := lifetime - tokenMargin; ttl >= minStoreTTL {
		raw, _ := json.Marshal(cachedToken{Token: t.AccessToken, Expires: time.Now().Add(lifetime)})
		s.cfg.Store.Put(ctx, key, string(raw), ttl) // a failed put only costs a sign-in later
	}
	return t.AccessToken, nil
}

// forgetServiceToken drops a cached token Genesys no longer accepts.
func (s *Server) forgetServiceToken(ctx context.Context) {
	if s.cfg.Mode == ModeService {
		s.cfg.Store.Delete(ctx, s.serviceTokenKey())
	}
}

// minStoreTTL is the shortest expiry Workers KV accepts.
const minStoreTTL = time.Minute
