// Package api is the submission function's HTTP API under /api/: the page's settings and sign-in, submitting a file for import after re-checking it, and the import job's status and decisions.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"contactprep/function/access"
	"contactprep/function/genesys"
	"contactprep/shared/fieldpath"
)

// Sign-in modes.
const (
	// ModeGenesys: the page signs the admin in with Genesys Cloud; the function calls
	// Genesys with the admin's own token and stores no secret.
	ModeGenesys = "genesys"
	// ModeService: the function calls Genesys as a client-credentials OAuth client;
	// callers prove themselves with a Cloudflare Access JWT.
	ModeService = "service"
)

// Config is what the API needs; ConfigFromEnv builds it from the Worker's variables.
type Config struct {
	Mode    string
	Genesys *genesys.Client
	// OAuthClientID is the public client the page signs admins in with (genesys mode).
	OAuthClientID string
	// ServiceClientID and ServiceSecret are the client-credentials client (service mode).
	ServiceClientID, ServiceSecret string
	// Access verifies callers' Cloudflare Access JWTs (service mode).
	Access *access.Verifier
	// DevToken, in service mode against a local Genesys only, is a bearer token
	// accepted in place of an Access JWT.
	DevToken string
	// ExternalSourceID is the External Source the imported contacts are keyed under.
	ExternalSourceID string
	// FieldPaths are the Genesys paths the import sends each field to; nil is
	// fieldpath.Default().
	FieldPaths []fieldpath.Path
	// Origin is the function's own origin, where the page is served
	// (PAGE_ORIGIN): set, never read from a request, whose Host a client
	// chooses. Empty, only Origins are the page's.
	Origin string
	// Origins are origins other than the function's own that may call the API.
	Origins []string
	// MaxFileBytes is the largest file accepted.
	MaxFileBytes int64
	// DryRunWait is how long a submission waits for the dry run before it answers with
	// a job to poll; PollEvery is how often it looks meanwhile.
	DryRunWait time.Duration
	PollEvery  time.Duration
	// ExportWait is how long the mapping route waits for a contact list's export.
	ExportWait time.Duration
	// Store keeps idempotency keys, created settings and the service token.
	Store Store
	// Logf writes one line of the function's log; nil logs nothing.
	Logf func(format string, args ...any)
}

// Server answers the API.
type Server struct {
	cfg Config
	mux *http.ServeMux
}

// New returns the API handler.
func New(cfg Config) *Server {
	if cfg.PollEvery <= 0 {
		cfg.PollEvery = time.Second
	}
	if cfg.FieldPaths == nil {
		cfg.FieldPaths = fieldpath.Default()
	}
	if cfg.ExportWait <= 0 {
		cfg.ExportWait = defaultExportWait
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /api/config", s.handleConfig)
	s.mux.HandleFunc("POST /api/oauth/token", s.handleSignIn)
	s.mux.HandleFunc("GET /api/divisions", s.handleDivisions)
	s.mux.HandleFunc("POST /api/imports", s.handleSubmit)
	s.mux.HandleFunc("GET /api/imports/{id}", s.handleJob)
	s.mux.HandleFunc("POST /api/imports/{id}/continue", s.handleDecision(genesys.Continue))
	s.mux.HandleFunc("POST /api/imports/{id}/cancel", s.handleDecision(genesys.Cancel))
	s.mux.HandleFunc("GET /api/imports/{id}/report", s.handleReport)
	s.mux.HandleFunc("POST /api/org/compare", s.handleCompare)
	s.routeOutbound()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such API endpoint")
	})
	return s
}

// statusRecorder remembers the status for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// ServeHTTP applies the origin policy, then routes. It logs method, path, status and
// time only: never headers, query strings or bodies.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if s.allowOrigin(rec, r) {
		s.mux.ServeHTTP(rec, r)
	}
	if s.cfg.Logf != nil {
		s.cfg.Logf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Millisecond))
	}
}

// allowOrigin lets requests from the function's own origin, from the configured
// origins, and without an Origin (not from a browser) through. It answers others with
// 403 and no CORS headers, so the browser refuses the page the answer too, and it
// answers allowed preflight requests itself.
func (s *Server) allowOrigin(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	own := s.ownOrigin(origin)
	allowed := own
	for _, o := range s.cfg.Origins {
		allowed = allowed || strings.EqualFold(origin, o)
	}
	if !allowed {
		writeError(w, http.StatusForbidden, "origin_refused", "this API answers only its own page")
		return false
	}
	h := w.Header()
	if !own {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", "Retry-After, Idempotency-Key")
	}
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Cf-Access-Jwt-Assertion, X-Contact-Id-Column, X-File-Name")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	return true
}

// ownOrigin reports whether origin is the function's own, as configured.
func (s *Server) ownOrigin(origin string) bool {
	return s.cfg.Origin != "" && strings.EqualFold(origin, s.cfg.Origin)
}

// Config is the part of the settings the page needs, all of it public.
type publicConfig struct {
	AuthMode     string `json:"authMode"`
	Region       string `json:"region"`
	LoginURL     string `json:"loginUrl"`
	ClientID     string `json:"clientId,omitempty"`
	MaxFileBytes int64  `json:"maxFileBytes"`
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) {
	c := publicConfig{
		AuthMode:     s.cfg.Mode,
		Region:       s.cfg.Genesys.Bases.Region,
		LoginURL:     s.cfg.Genesys.Bases.Login,
		MaxFileBytes: s.cfg.MaxFileBytes,
	}
	if s.cfg.Mode == ModeGenesys {
		c.ClientID = s.cfg.OAuthClientID
	}
	writeJSON(w, http.StatusOK, c)
}

// apiError is the body of every error answer: a stable code for the page and a
// message for the admin. Neither ever holds a token, a secret or contact data.
type apiError struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Missing []string `json:"missing,omitempty"` // permissions, for missing_permission
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, apiError{Code: code, Message: message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // the status is sent; a failed write only means the caller left
}

// genesysFailed answers for a Genesys call that failed. doing says what was being
// done, and whether anything was imported, for the admin.
func (s *Server) genesysFailed(w http.ResponseWriter, r *http.Request, err error, doing string) {
	var e *genesys.Error
	if !errors.As(err, &e) {
		writeError(w, http.StatusBadGateway, "genesys_unavailable", doing+": "+err.Error())
		return
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		s.forgetServiceToken(r.Context())
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeError(w, http.StatusUnauthorized, "unauthorized", doing+": Genesys Cloud did not accept the sign-in; sign in again")
	case e.Status == http.StatusForbidden:
		// Missing names what the call requires, for the admin to ask for; a 403 may
		// also mean no access to the division, which the message says.
		writeJSON(w, http.StatusForbidden, apiError{Code: "missing_permission", Missing: e.Permissions,
			Message: doing + ": Genesys Cloud refused it for lack of a permission or division access"})
	case e.Status == http.StatusNotFound:
		writeError(w, http.StatusNotFound, "not_found", doing+": Genesys Cloud does not know it")
	case e.Status == http.StatusTooManyRequests:
		after := max(int(e.RetryAfter/time.Second), 1)
		w.Header().Set("Retry-After", strconv.Itoa(after))
		writeError(w, http.StatusTooManyRequests, "genesys_busy", fmt.Sprintf("%s: Genesys Cloud asks to wait %d s; try again then", doing, after))
	case e.Status == 0 || e.Status >= 500:
		writeError(w, http.StatusBadGateway, "genesys_unavailable", fmt.Sprintf("%s: Genesys Cloud did not answer properly after %d attempts (%s)", doing, e.Attempts, statusText(e)))
	default:
		writeError(w, http.StatusBadGateway, "genesys_refused", fmt.Sprintf("%s: Genesys Cloud refused it (%s)", doing, statusText(e)))
	}
}

func statusText(e *genesys.Error) string {
	switch {
	case e.Status == 0:
		return "no answer"
	case e.Code != "":
		return fmt.Sprintf("%d %s", e.Status, e.Code)
	}
	return strconv.Itoa(e.Status)
}
