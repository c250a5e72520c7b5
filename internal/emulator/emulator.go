// Package emulator plays the parts of Genesys Cloud that contactprep calls (login, API, file uploads) on one local http.Handler.
package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config says who may sign in and how the emulated org behaves. New gives every
// zero limit below its default, so only Clients and Users need filling in.
type Config struct {
	Clients []Client
	Users   []User
	// DryRunDelay is how long a new import job validates before its dry-run counts show.
	DryRunDelay time.Duration
	// ImportDelay is how long a continued job imports before it is Completed, and how
	// long a contact list upload stays in progress.
	ImportDelay time.Duration
	// TokenLifetime is the expires_in of issued tokens (default 24 hours, as Genesys).
	TokenLifetime time.Duration
	// MaxUploadBytes caps one stored file (default 60 MB: above the 50 MB import limit,
	// so an oversized file is reported by the upload details, as Genesys does).
	MaxUploadBytes int64
	// MaxStoredBytes caps all stored files together; the oldest go first (default 512 MB).
	MaxStoredBytes int64
	// MaxJSONBytes caps JSON request bodies (default 512,000, Genesys' quoted limit).
	MaxJSONBytes int64
	// ContactListLimit caps the contacts of one outbound contact list (default 1,000,000).
	ContactListLimit int
	// Faults are installed at start, as if posted to /_emulator/faults.
	Faults []Fault
	// BaseURL, if set, starts the absolute URLs the emulator hands out (upload, report
	// and export links); otherwise they are built from the request's Host.
	BaseURL string
	// Divisions are the org's divisions; an import job may name only one of these.
	Divisions []Division
}

// Client is an OAuth client of the emulated org.
type Client struct {
	ID     string
	Secret string // empty: a public client, usable only with authorization code and PKCE
	// RedirectURIs lists where /oauth/authorize may send the browser back. A port of "*"
	// matches any port, and a path ending in "/" matches every path below it.
	RedirectURIs []string
	// User is the ID of the user this client signs in on /oauth/authorize. Its
	// permissions also stand in for the roles of the client's client-credentials tokens.
	User string
}

// User is a person of the emulated org with the permissions their roles grant.
type User struct {
	ID          string
	Name        string
	Email       string
	Permissions []string // Genesys permission strings; "*" may stand for any of the three parts
}

// ImportPermissions are the permissions the External Contacts bulk import needs (genesys.md §6).
func ImportPermissions() []string {
	return []string{
		"externalContacts:importCsvUpload:add",
		"externalContacts:importCsvUpload:view",
		"externalContacts:importCsvSettings:add",
		"externalContacts:importCsvSettings:view",
		"externalContacts:importCsvJob:add",
		"externalContacts:importJob:view",
		"externalContacts:importJob:viewAll",
		"externalContacts:importJob:edit",
		"externalContacts:importSettings:*",
	}
}

// OutboundPermissions are the permissions the outbound contact list endpoints need.
func OutboundPermissions() []string {
	return []string{
		"outbound:contactList:add",
		"outbound:contactList:view",
		"outbound:contact:add",
		"outbound:contact:view",
	}
}

// DefaultConfig is the org `make run` talks to: one confidential client that also serves
// the browser (PKCE) from any port on 127.0.0.1 or localhost, signing in "Local Admin",
// who holds every permission contactprep needs.
func DefaultConfig() Config {
	const admin = "8f3c2a41-5d6e-4b7a-9c0d-1e2f3a4b5c6d"
	return Config{
		Clients: []Client{{
			ID:           "contactprep-local",
			Secret:       "local-secret",
			RedirectURIs: []string{"http://127.0.0.1:*/", "http://localhost:*/"},
			User:         admin,
		}},
		Users: []User{{
			ID:    admin,
			Name:  "Local Admin",
			Email: "admin@localhost",
			// And adding external contacts, which the divisions to import into are listed by.
			Permissions: slices.Concat(ImportPermissions(), OutboundPermissions(), DNCPermissions(), LookupPermissions(), []string{"externalContacts:contact:add"}),
		}},
		Divisions:   DefaultDivisions(),
		DryRunDelay: 2 * time.Second,
		ImportDelay: time.Second,
	}
}

// Server is the emulated org. It is safe for concurrent use.
type Server struct {
	cfg Config
	key []byte // signs the presigned-style URLs
	mux *http.ServeMux
	now func() time.Time

	mu             sync.Mutex
	clients        map[string]Client
	users          map[string]User
	tokens         map[string]token
	codes          map[string]authCode
	faults         []Fault
	withheld       []string // permissions no token carries, until reset
	uploads        map[string]*upload
	uploadOrder    []string // oldest first, for eviction
	storedBytes    int64
	importSettings []*importSettings
	csvSettings    []*csvSettings
	jobs           map[string]*job
	contacts       map[string]map[string]any // by external id
	orgs           map[string]map[string]any // by Account ID
	lists          map[string]*contactList
	dncLists       map[string]*dncList
}

// New starts an emulated org with no data.
func New(cfg Config) *Server {
	if cfg.TokenLifetime <= 0 {
		cfg.TokenLifetime = 24 * time.Hour
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 60 << 20
	}
	if cfg.MaxStoredBytes <= 0 {
		cfg.MaxStoredBytes = 512 << 20
	}
	if cfg.MaxJSONBytes <= 0 {
		cfg.MaxJSONBytes = 512000
	}
	if cfg.ContactListLimit <= 0 {
		cfg.ContactListLimit = 1000000
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	s := &Server{
		cfg:     cfg,
		key:     randomBytes(32),
		now:     time.Now,
		clients: make(map[string]Client),
		users:   make(map[string]User),
		tokens:  make(map[string]token),
		codes:   make(map[string]authCode),
	}
	for _, c := range cfg.Clients {
		s.clients[c.ID] = c
	}
	for _, u := range cfg.Users {
		s.users[u.ID] = u
	}
	s.resetData()
	s.faults = append(s.faults, cfg.Faults...)
	s.mux = s.routes()
	return s
}

// resetData forgets everything but clients, users and issued tokens. Callers hold s.mu
// or own s exclusively.
func (s *Server) resetData() {
	s.faults = nil
	s.withheld = nil
	s.uploads = make(map[string]*upload)
	s.uploadOrder = nil
	s.storedBytes = 0
	s.importSettings = nil
	s.csvSettings = nil
	s.jobs = make(map[string]*job)
	s.contacts = make(map[string]map[string]any)
	s.orgs = make(map[string]map[string]any)
	s.lists = make(map[string]*contactList)
	s.dncLists = make(map[string]*dncList)
}

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("POST /oauth/token", s.handleToken)
	m.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	for _, e := range endpoints {
		m.HandleFunc(e.method+" "+e.path, s.guard(e))
	}
	m.HandleFunc("PUT /_upload/{uploadId}", s.handlePutUpload)
	m.HandleFunc("GET /_reports/{jobId}/{report}", s.handleReport)
	m.HandleFunc("GET /_exports/{listId}", s.handleExportFile)

	m.HandleFunc("GET /_emulator/contacts", s.handleInspectContacts)
	m.HandleFunc("GET /_emulator/organizations", s.handleInspectOrganizations)
	m.HandleFunc("POST /_emulator/reset", s.handleReset)
	m.HandleFunc("POST /_emulator/seed", s.handleSeed)
	m.HandleFunc("GET /_emulator/dnclists/{dncListId}", s.handleInspectDNC)
	m.HandleFunc("GET /_emulator/faults", s.handleListFaults)
	m.HandleFunc("POST /_emulator/faults", s.handleAddFaults)
	m.HandleFunc("DELETE /_emulator/faults", s.handleClearFaults)
	m.HandleFunc("POST /_emulator/withheld", s.handleWithhold)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not.found", "The requested resource was not found.")
	})
	return m
}

// ServeHTTP answers as login.<region>, api.<region> and apps.<region> at once.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if allowCrossOrigin(w, r) {
		return
	}
	emulatorOnly := strings.HasPrefix(r.URL.Path, "/_emulator/")
	if !emulatorOnly {
		w.Header().Set("inin-correlation-id", newID())
		if s.injectFault(w, r) {
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// allowCrossOrigin lets contactprep's page, served from another local port, call the
// emulator as it calls Genesys. It answers preflight requests itself.
func allowCrossOrigin(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", "Retry-After, inin-correlation-id, ETag, Location")
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", r.Header.Get("Access-Control-Request-Headers"))
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// apiError is Genesys' error body (ErrorBody in its SDKs).
type apiError struct {
	Message   string `json:"message"`
	Code      string `json:"code"`
	Status    int    `json:"status"`
	ContextID string `json:"contextId"`
	Details   []any  `json:"details"`
	Errors    []any  `json:"errors"`
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, apiError{
		Message:   message,
		Code:      code,
		Status:    status,
		ContextID: w.Header().Get("inin-correlation-id"),
		Details:   []any{},
		Errors:    []any{},
	})
}

func badRequest(w http.ResponseWriter, message string) {
	writeError(w, http.StatusBadRequest, "bad.request", message)
}

func notFound(w http.ResponseWriter, message string) {
	writeError(w, http.StatusNotFound, "not.found", message)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // the status is sent; a failed write only means the caller left
}

// decodeJSON reads a JSON request body of at most MaxJSONBytes into v, answering 413 or
// 400 itself when it cannot.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.cfg.MaxJSONBytes)).Decode(v)
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "request.entity.too.large",
			fmt.Sprintf("The request body exceeds %d bytes.", s.cfg.MaxJSONBytes))
	default:
		badRequest(w, "The request could not be understood by the server due to malformed syntax.")
	}
	return false
}

// token is what an access token stands for.
type token struct {
	user    string
	client  string
	machine bool // client credentials: no user context
	expires time.Time
}

// bearer finds the request's token and the permissions it carries, answering 401 itself
// when there is none.
func (s *Server) bearer(w http.ResponseWriter, r *http.Request) (token, []string, bool) {
	scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(value) == "" {
		writeError(w, http.StatusUnauthorized, "authentication.required",
			"No authentication bearer token specified in authorization header.")
		return token{}, nil, false
	}
	s.mu.Lock()
	t, ok := s.tokens[strings.TrimSpace(value)]
	var perms []string
	for _, p := range s.users[t.user].Permissions {
		if !slices.Contains(s.withheld, p) {
			perms = append(perms, p)
		}
	}
	s.mu.Unlock()
	if !ok || !s.now().Before(t.expires) {
		writeError(w, http.StatusUnauthorized, "bad.credentials", "Invalid login credentials.")
		return token{}, nil, false
	}
	return t, perms, true
}

// allowAny passes requests whose token holds at least one of the permissions.
func (s *Server) allowAny(w http.ResponseWriter, r *http.Request, perms ...string) bool {
	_, held, ok := s.bearer(w, r)
	if !ok {
		return false
	}
	for _, p := range perms {
		if hasPermission(held, p) && !s.isWithheld(p) {
			return true
		}
	}
	writeError(w, http.StatusForbidden, "missing.any.permissions",
		"You are missing the following permission(s): "+strings.Join(perms, ", "))
	return false
}

// allowAll passes requests whose token holds every one of the permissions.
func (s *Server) allowAll(w http.ResponseWriter, r *http.Request, perms ...string) bool {
	_, held, ok := s.bearer(w, r)
	if !ok {
		return false
	}
	var missing []string
	for _, p := range perms {
		if !hasPermission(held, p) || s.isWithheld(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return true
	}
	writeError(w, http.StatusForbidden, "missing.permissions",
		"You are missing the following permission(s): "+strings.Join(missing, ", "))
	return false
}

func (s *Server) isWithheld(perm string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.withheld, perm)
}

// hasPermission matches domain:entity:action strings, any part of a held one being "*".
func hasPermission(held []string, want string) bool {
	w := strings.SplitN(want, ":", 3)
	for _, h := range held {
		p := strings.SplitN(h, ":", 3)
		if len(p) != 3 || len(w) != 3 {
			continue
		}
		match := true
		for i := range p {
			if p[i] != "*" && p[i] != w[i] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// baseURL is where the caller reached this server, so handed-out links work from there.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// signedURL makes an absolute link to path that only this server could have made, in
// the manner of an S3 presigned URL.
func (s *Server) signedURL(r *http.Request, path string) string {
	return s.baseURL(r) + path + "?X-Amz-Signature=" + s.sign(path)
}

func (s *Server) sign(path string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(path))
	return hex.EncodeToString(m.Sum(nil))
}

// signed passes requests to a link made by signedURL, answering 403 as S3 would otherwise.
func (s *Server) signed(w http.ResponseWriter, r *http.Request) bool {
	got := r.URL.Query().Get("X-Amz-Signature")
	if hmac.Equal([]byte(got), []byte(s.sign(r.URL.Path))) {
		return true
	}
	writeS3Error(w, http.StatusForbidden, "SignatureDoesNotMatch", "The request signature does not match.")
	return false
}

// newID makes a random version 4 UUID, the shape of every Genesys id.
func newID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
