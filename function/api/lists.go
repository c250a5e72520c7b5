package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	"contactprep/shared/listfit"
)

// The admin's existing contact lists and DNC lists, for a sending into lists of an
// earlier month and for keeping Lead IDs or numbers from being dialled (issue 26).

// ExistingList is a contact list of the org as the page picks it: its name, how many
// contacts it holds (includeSize) and its columns, which the page checks against the
// file's (listfit.ColumnProblems).
type ExistingList struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Size         int      `json:"size"`
	Columns      []string `json:"columns"`
	PhoneColumns []string `json:"phoneColumns"`
}

// Lists answers GET /api/outbound/contactlists: every contact list the signed-in admin
// may see; More says the org has more than the function reads.
type Lists struct {
	Lists []ExistingList `json:"lists"`
	More  bool           `json:"more,omitempty"`
}

// handleContactLists is GET /api/outbound/contactlists.
func (s *Server) handleContactLists(w http.ResponseWriter, r *http.Request) {
	token := s.genesysToken(w, r, []string{"outbound:contactList:view"})
	if token == "" {
		return
	}
	lists, more, err := s.cfg.Genesys.ContactLists(r.Context(), token)
	if err != nil {
		s.genesysFailed(w, r, err, "listing the contact lists")
		return
	}
	out := Lists{Lists: make([]ExistingList, 0, len(lists)), More: more}
	for _, l := range lists {
		e := ExistingList{ID: l.ID, Name: l.Name, Size: l.Size, Columns: l.ColumnNames, PhoneColumns: []string{}}
		if e.Columns == nil {
			e.Columns = []string{}
		}
		for _, p := range l.PhoneColumns {
			e.PhoneColumns = append(e.PhoneColumns, p.ColumnName)
		}
		out.Lists = append(out.Lists, e)
	}
	writeJSON(w, http.StatusOK, out)
}

// DNCListView is a DNC list as the page picks it: Takes is what it takes through the
// API (listfit.DNCPhone, DNCEmail, DNCCustom) or "" for none.
type DNCListView struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Size   int    `json:"size"`
	Takes  string `json:"takes"`
	Column string `json:"column,omitempty"` // a custom list's exclusion column
}

// handleDNCLists is GET /api/outbound/dnclists.
func (s *Server) handleDNCLists(w http.ResponseWriter, r *http.Request) {
	token := s.genesysToken(w, r, []string{"outbound:dncList:view"})
	if token == "" {
		return
	}
	lists, more, err := s.cfg.Genesys.DNCLists(r.Context(), token)
	if err != nil {
		s.genesysFailed(w, r, err, "listing the DNC lists")
		return
	}
	out := struct {
		Lists []DNCListView `json:"lists"`
		More  bool          `json:"more,omitempty"`
	}{make([]DNCListView, 0, len(lists)), more}
	for _, l := range lists {
		out.Lists = append(out.Lists, DNCListView{ID: l.ID, Name: l.Name, Size: l.Size, Takes: l.Takes(), Column: l.CustomExclusionColumn})
	}
	writeJSON(w, http.StatusOK, out)
}

// maxDNCEntries is the most entries one request to the function carries.
const maxDNCEntries = 1000

// handleDNCEntries is POST /api/outbound/dnclists/{id}/entries with {"entries": [...]}:
// at most maxDNCEntries values, each of the kind the DNC list takes. Adding an entry
// again changes nothing, so a retried request is safe.
func (s *Server) handleDNCEntries(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !plainID(id, false) {
		writeError(w, http.StatusNotFound, "not_found", "no such DNC list")
		return
	}
	if r.ContentLength > maxSettingsBytes {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the request is too large")
		return
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	var req struct {
		Entries []string `json:"entries"`
	}
	if !readSmallJSON(w, r, &req, "send JSON {entries: [...]}, at least one") {
		return
	}
	if len(req.Entries) == 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "send JSON {entries: [...]}, at least one")
		return
	}
	if len(req.Entries) > maxDNCEntries {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("send at most %d entries per request", maxDNCEntries))
		return
	}
	l, err := s.cfg.Genesys.DNCList(r.Context(), token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the DNC list (nothing was added)")
		return
	}
	kind := l.Takes()
	if kind == "" {
		writeError(w, http.StatusConflict, "dnc_list_closed", "this DNC list takes no entries from here: only a list kept in Genesys Cloud itself (not one fed by a DNC service) takes them")
		return
	}
	for i, v := range req.Entries {
		if !listfit.DNCEntryOK(kind, v) {
			writeJSON(w, http.StatusUnprocessableEntity, apiError{Code: "entry_refused",
				Message: fmt.Sprintf("entry %d is not a %s this DNC list takes (nothing was added)", i+1, dncWhat(kind))})
			return
		}
	}
	if err := s.cfg.Genesys.AddToDNC(r.Context(), token, l, req.Entries); err != nil {
		s.genesysFailed(w, r, err, "adding to the DNC list")
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Added int `json:"added"`
	}{len(req.Entries)})
}

func dncWhat(kind string) string {
	switch kind {
	case listfit.DNCPhone:
		return "phone number with its country code"
	case listfit.DNCEmail:
		return "e-mail address"
	}
	return "value"
}

// readSmallJSON reads a JSON body of at most maxSettingsBytes into v, answering 413 or
// 400 (with usage) itself when it cannot.
func readSmallJSON(w http.ResponseWriter, r *http.Request, v any, usage string) bool {
	raw, over, err := readAtMost(r.Body, maxSettingsBytes)
	switch {
	case over:
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the request is too large")
	case err != nil || json.Unmarshal(raw, v) != nil:
		writeError(w, http.StatusBadRequest, "bad_request", usage)
	default:
		return true
	}
	return false
}
