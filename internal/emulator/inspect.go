package emulator

import "net/http"

// Contacts copies the stored external contacts, ordered by external id.
func (s *Server) Contacts() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedDocs(s.contacts)
}

// Contact copies the external contact with the given external id.
func (s *Server) Contact(externalID string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.contacts[externalID]
	if !ok {
		return nil, false
	}
	return cloneDoc(c), true
}

// Organizations copies the stored external organizations, ordered by Account ID.
func (s *Server) Organizations() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedDocs(s.orgs)
}

// CSVSettingsCount is how many CSV settings the org holds, so tests can see settings reused.
func (s *Server) CSVSettingsCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.csvSettings)
}

// ImportSettingsCount is how many import settings the org holds.
func (s *Server) ImportSettingsCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.importSettings)
}

// JobCount is how many import jobs the org holds.
func (s *Server) JobCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}

// ContactListCount is how many outbound contact lists the org holds.
func (s *Server) ContactListCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lists)
}

// Reset forgets all data and faults; clients, users and issued tokens stay valid.
func (s *Server) Reset() {
	s.mu.Lock()
	s.resetData()
	s.mu.Unlock()
}

func (s *Server) handleInspectContacts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Contacts())
}

func (s *Server) handleInspectOrganizations(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Organizations())
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

// Withhold takes permissions away from every user and client until Reset, so a test
// can see what an admin lacking one of them meets. /api/v2/users/me no longer lists
// them, and every endpoint needing one refuses it, even to a holder of a wildcard.
func (s *Server) Withhold(perms ...string) {
	s.mu.Lock()
	s.withheld = append(s.withheld, perms...)
	s.mu.Unlock()
}

// handleWithhold takes {"permissions": [...]}, as Withhold.
func (s *Server) handleWithhold(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Permissions []string `json:"permissions"`
	}
	if !s.decodeJSON(w, r, &req) {
		return
	}
	s.Withhold(req.Permissions...)
	w.WriteHeader(http.StatusNoContent)
}
