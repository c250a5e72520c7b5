package emulator

import (
	"net/http"
	"strings"
)

// importSettings is Genesys' ContactImportSettings: how imported rows meet existing contacts.
type importSettings struct {
	ID               string        `json:"id"`
	Name             string        `json:"name"`
	MatchingCriteria []string      `json:"matchingCriteria"`
	MergeContacts    *bool         `json:"mergeContacts"`
	ExternalSourceID string        `json:"externalSourceId"`
	ImportFields     []importField `json:"importFields"`
	DateCreated      string        `json:"dateCreated"`
	SelfURI          string        `json:"selfUri"`
}

type importField struct {
	Name     string `json:"name"`
	Included bool   `json:"included"`
}

// excludes reports whether the settings leave out the field at a mapping's target path:
// an importFields entry naming the path or its first part with included false.
func (is *importSettings) excludes(target string) bool {
	top, _, _ := strings.Cut(target, ".")
	for _, f := range is.ImportFields {
		if !f.Included && (f.Name == target || f.Name == top) {
			return true
		}
	}
	return false
}

// csvSettings is Genesys' CsvSettings: which file column goes to which contact field.
type csvSettings struct {
	ID                 string       `json:"id"`
	ExternalSettingsID string       `json:"externalSettingsId"`
	Mappings           []csvMapping `json:"mappings"`
	SelfURI            string       `json:"selfUri"`
}

type csvMapping struct {
	SourceField string `json:"sourceField"`
	TargetField string `json:"targetField"`
}

const (
	importSettingsPath = "/api/v2/externalcontacts/import/settings"
	csvSettingsPath    = "/api/v2/externalcontacts/import/csv/settings"
)

func (s *Server) handleCreateImportSettings(w http.ResponseWriter, r *http.Request) {
	var is importSettings
	if !s.decodeJSON(w, r, &is) {
		return
	}
	if problem := is.problem(); problem != "" {
		badRequest(w, problem)
		return
	}
	if is.MatchingCriteria == nil {
		is.MatchingCriteria = []string{}
	}
	is.ID = newID()
	is.DateCreated = timestamp(s.now())
	is.SelfURI = importSettingsPath + "/" + is.ID
	s.mu.Lock()
	s.importSettings = append(s.importSettings, &is)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, is)
}

func (is *importSettings) problem() string {
	switch {
	case strings.TrimSpace(is.Name) == "":
		return "name is required."
	case strings.TrimSpace(is.ExternalSourceID) == "":
		return "externalSourceId is required."
	case is.MergeContacts == nil:
		return "mergeContacts is required."
	case is.ImportFields == nil:
		return "importFields is required."
	}
	seen := map[string]bool{}
	for _, c := range is.MatchingCriteria {
		if c != "Email" && c != "Phone" {
			return "matchingCriteria may hold only Email and Phone."
		}
		if seen[c] {
			return "matchingCriteria names " + c + " twice."
		}
		seen[c] = true
	}
	for _, f := range is.ImportFields {
		if strings.TrimSpace(f.Name) == "" {
			return "Every importFields entry needs a name."
		}
	}
	return ""
}

func (s *Server) handleListImportSettings(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	s.mu.Lock()
	entities := []importSettings{}
	for _, is := range s.importSettings {
		if name == "" || strings.Contains(strings.ToLower(is.Name), strings.ToLower(name)) {
			entities = append(entities, *is)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, listing(entities, importSettingsPath))
}

func (s *Server) handleGetImportSettings(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	is := s.findImportSettings(r.PathValue("settingsId"))
	s.mu.Unlock()
	if is == nil {
		notFound(w, "Import settings "+r.PathValue("settingsId")+" were not found.")
		return
	}
	writeJSON(w, http.StatusOK, is)
}

func (s *Server) findImportSettings(id string) *importSettings {
	return findByID(s.importSettings, id)
}

func (s *Server) handleCreateCSVSettings(w http.ResponseWriter, r *http.Request) {
	var cs csvSettings
	if !s.decodeJSON(w, r, &cs) {
		return
	}
	if problem := cs.problem(); problem != "" {
		badRequest(w, problem)
		return
	}
	cs.ID = newID()
	cs.SelfURI = csvSettingsPath + "/" + cs.ID
	s.mu.Lock()
	known := s.findImportSettings(cs.ExternalSettingsID) != nil
	if known {
		s.csvSettings = append(s.csvSettings, &cs)
	}
	s.mu.Unlock()
	if !known {
		badRequest(w, "externalSettingsId "+cs.ExternalSettingsID+" names no import settings.")
		return
	}
	writeJSON(w, http.StatusOK, cs)
}

func (cs *csvSettings) problem() string {
	if len(cs.Mappings) == 0 {
		return "mappings are required."
	}
	targets := map[string]bool{}
	for _, m := range cs.Mappings {
		switch {
		case strings.TrimSpace(m.SourceField) == "" || m.TargetField == "":
			return "Every mapping needs a sourceField and a targetField."
		case !validTargetPath(m.TargetField):
			return "targetField " + m.TargetField + " is not a JSON path of letters, digits and dots."
		case targets[m.TargetField]:
			return "Two mappings have the targetField " + m.TargetField + "."
		}
		targets[m.TargetField] = true
	}
	return ""
}

// validTargetPath accepts dot paths such as workPhone.display.
func validTargetPath(p string) bool {
	for _, part := range strings.Split(p, ".") {
		if part == "" {
			return false
		}
		for _, c := range part {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}

func (s *Server) handleListCSVSettings(w http.ResponseWriter, r *http.Request) {
	external := r.URL.Query().Get("externalSettingsId")
	s.mu.Lock()
	entities := []csvSettings{}
	for _, cs := range s.csvSettings {
		if external == "" || cs.ExternalSettingsID == external {
			entities = append(entities, *cs)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, listing(entities, csvSettingsPath))
}

func (s *Server) handleGetCSVSettings(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	cs := s.findCSVSettings(r.PathValue("settingsId"))
	s.mu.Unlock()
	if cs == nil {
		notFound(w, "CSV settings "+r.PathValue("settingsId")+" were not found.")
		return
	}
	writeJSON(w, http.StatusOK, cs)
}

func (s *Server) findCSVSettings(id string) *csvSettings {
	return findByID(s.csvSettings, id)
}

func (is *importSettings) entityID() string { return is.ID }
func (cs *csvSettings) entityID() string    { return cs.ID }

// findByID returns the entity with the id, or the zero value (nil).
func findByID[T interface{ entityID() string }](entities []T, id string) T {
	for _, e := range entities {
		if e.entityID() == id {
			return e
		}
	}
	var none T
	return none
}

// listing is Genesys' cursor-paged entity listing, always one page here.
func listing[T any](entities []T, self string) any {
	return struct {
		Entities []T    `json:"entities"`
		SelfURI  string `json:"selfUri"`
	}{entities, self}
}
