package api

import (
	"net/http"

	"contactprep/function/genesys"
)

// handleDivisions is GET /api/divisions: the divisions the signed-in admin may
// add external contacts in, for the page to ask which one the new contacts go
// to (a contact's division is fixed at creation).
func (s *Server) handleDivisions(w http.ResponseWriter, r *http.Request) {
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	divisions, err := s.cfg.Genesys.DivisionsPermitted(r.Context(), token, genesys.AddContactPermission)
	if err != nil {
		s.genesysFailed(w, r, err, "reading your divisions")
		return
	}
	if divisions == nil {
		divisions = []genesys.Division{}
	}
	writeJSON(w, http.StatusOK, struct {
		Divisions []genesys.Division `json:"divisions"`
	}{divisions})
}
