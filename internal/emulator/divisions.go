package emulator

import (
	"net/http"
	"strconv"
)

// Division is a division of the emulated org.
type Division struct {
	ID   string
	Name string
	Home bool // the org's home (default) division
}

// DefaultDivisions are the divisions of DefaultConfig's org: a home division and
// two more, so that choosing one is a real choice.
func DefaultDivisions() []Division {
	return []Division{
		{ID: "6b6a3bd0-1b7e-4a8f-9c51-0d3e1f2a4b5c", Name: "Home", Home: true},
		{ID: "a1f0c9e2-3d4b-4c5a-8e6f-7a8b9c0d1e2f", Name: "Sales EMEA"},
		{ID: "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", Name: "Support Americas"},
	}
}

// handleDivisionsPermitted answers GET /api/v2/authorization/divisionspermitted/paged/me
// (AuthorizationApi.md get_authorization_divisionspermitted_paged_me): the org's divisions
// in which the token's user holds permission (a required query parameter), a page at a
// time (pageNumber from 1, pageSize default 25), as a DivsPermittedEntityListing of
// AuthzDivision. The emulated user holds a permission in every division or in none.
func (s *Server) handleDivisionsPermitted(w http.ResponseWriter, r *http.Request) {
	_, held, ok := s.bearer(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	permission := q.Get("permission")
	if permission == "" {
		badRequest(w, "The permission parameter is required.")
		return
	}
	page, size := 1, 25
	for name, v := range map[string]*int{"pageNumber": &page, "pageSize": &size} {
		if raw := q.Get(name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 {
				badRequest(w, "The "+name+" parameter must be a positive number.")
				return
			}
			*v = n
		}
	}
	type authzDivision struct {
		ID           string `json:"id"`
		Name         string `json:"name"`
		Description  string `json:"description"`
		HomeDivision bool   `json:"homeDivision"`
		SelfURI      string `json:"selfUri"`
	}
	var permitted []authzDivision
	if hasPermission(held, permission) && !s.isWithheld(permission) {
		for _, d := range s.cfg.Divisions {
			permitted = append(permitted, authzDivision{d.ID, d.Name, "", d.Home, "/api/v2/authorization/divisions/" + d.ID})
		}
	}
	from := min((page-1)*size, len(permitted))
	entities := permitted[from:min(from+size, len(permitted))]
	if entities == nil {
		entities = []authzDivision{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"entities": entities, "pageSize": size, "pageNumber": page, "total": len(permitted),
		"pageCount": (len(permitted) + size - 1) / size, "allDivsPermitted": false,
	})
}

// division returns the org's division with id.
func (s *Server) division(id string) (Division, bool) {
	for _, d := range s.cfg.Divisions {
		if d.ID == id {
			return d, true
		}
	}
	return Division{}, false
}
