package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Outbound DNC (do not contact) lists, from MyPureCloud/platform-client-sdk-python
// build/docs (SDK 257.1.0): DncList.md (the list), DncListEntityListing.md (a page of
// them), OutboundApi.md get_outbound_dnclists / get_outbound_dnclist (includeSize),
// post_outbound_dnclist_phonenumbers and post_outbound_dnclist_emailaddresses (a JSON
// array of strings; "Only Internal DNC lists may be appended to"), and
// patch_outbound_dnclist_customexclusioncolumns with DncPatchCustomExclusionColumnsRequest
// (action Add|Remove, customExclusionColumnEntries, expirationDateTime).
const dncListsPath = "/api/v2/outbound/dnclists"

// DNCPermissions are what reading DNC lists and adding to them need (OutboundApi.md).
func DNCPermissions() []string {
	return []string{"outbound:dncList:view", "outbound:dnc:add", "outbound:dnc:edit"}
}

// DNC list types and contact methods: dnc_list.py's allowed_values.
var (
	dncSourceTypes    = []string{"rds", "rds_custom", "dnc.com", "gryphon"}
	dncContactMethods = []string{"Email", "Phone", "Any", "WhatsApp"}
)

// dncList is a DNC list. Internal lists (rds: numbers or e-mail addresses by contact
// method; rds_custom: values of its customExclusionColumn, such as Lead IDs) take
// entries through the API; dnc.com and gryphon lists are fed by those services.
type dncList struct {
	id, name, sourceType, contactMethod, exclusionColumn string
	created                                              time.Time
	entries                                              map[string]bool
	order                                                []string
}

func (l *dncList) add(values []string) {
	for _, v := range values {
		if !l.entries[v] {
			l.entries[v] = true
			l.order = append(l.order, v)
		}
	}
}

func (l *dncList) remove(values []string) {
	for _, v := range values {
		if l.entries[v] {
			delete(l.entries, v)
			l.order = slices.DeleteFunc(l.order, func(o string) bool { return o == v })
		}
	}
}

// DNCListSeed is a DNC list an org holds before a test, as DncList.md spells its fields.
type DNCListSeed struct {
	Name                  string   `json:"name"`
	DncSourceType         string   `json:"dncSourceType"`
	ContactMethod         string   `json:"contactMethod,omitempty"`
	CustomExclusionColumn string   `json:"customExclusionColumn,omitempty"`
	Entries               []string `json:"entries,omitempty"`
}

// problem says why Genesys would refuse such a list (DncList.md: contactMethod is
// required for rds, customExclusionColumn for rds_custom), or "".
func (d DNCListSeed) problem() string {
	switch {
	case strings.TrimSpace(d.Name) == "":
		return "a DNC list needs a name"
	case !slices.Contains(dncSourceTypes, d.DncSourceType):
		return "dncSourceType must be one of " + strings.Join(dncSourceTypes, ", ")
	case d.DncSourceType == "rds" && !slices.Contains(dncContactMethods, d.ContactMethod):
		return "an rds DNC list needs a contactMethod: " + strings.Join(dncContactMethods, ", ")
	case d.DncSourceType == "rds_custom" && strings.TrimSpace(d.CustomExclusionColumn) == "":
		return "an rds_custom DNC list needs a customExclusionColumn"
	}
	return ""
}

type dncListView struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Version               int    `json:"version"`
	DateCreated           string `json:"dateCreated"`
	DncSourceType         string `json:"dncSourceType"`
	ContactMethod         string `json:"contactMethod,omitempty"`
	CustomExclusionColumn string `json:"customExclusionColumn,omitempty"`
	Size                  *int   `json:"size,omitempty"`
	SelfURI               string `json:"selfUri"`
}

// dncView shows a list as DncList.md; size only with includeSize=true. Callers hold s.mu.
func (s *Server) dncView(l *dncList, r *http.Request) dncListView {
	v := dncListView{ID: l.id, Name: l.name, Version: 1, DateCreated: timestamp(l.created), DncSourceType: l.sourceType,
		ContactMethod: l.contactMethod, CustomExclusionColumn: l.exclusionColumn, SelfURI: dncListsPath + "/" + l.id}
	if r.URL.Query().Get("includeSize") == "true" {
		n := len(l.entries)
		v.Size = &n
	}
	return v
}

// handleListDNCLists pages through the DNC lists, filtered by name and dncSourceType
// as get_outbound_dnclists documents.
func (s *Server) handleListDNCLists(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("dncSourceType")
	if kind != "" && !slices.Contains(dncSourceTypes, kind) {
		badRequest(w, "dncSourceType must be one of "+strings.Join(dncSourceTypes, ", ")+".")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeListing(w, r, s.dncLists, func(l *dncList) string { return l.name },
		func(l *dncList) bool { return kind == "" || l.sourceType == kind }, func(l *dncList) dncListView { return s.dncView(l, r) })
}

// dnc finds a DNC list, answering 404 itself when there is none. Callers hold s.mu.
func (s *Server) dnc(w http.ResponseWriter, id string) *dncList {
	l := s.dncLists[id]
	if l == nil {
		notFound(w, "DNC list "+id+" was not found.")
	}
	return l
}

func (s *Server) handleGetDNCList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.dnc(w, r.PathValue("dncListId")); l != nil {
		writeJSON(w, http.StatusOK, s.dncView(l, r))
	}
}

// maxDNCEntryLength bounds one entry. Genesys documents no length; this is the
// contact list value limit, which an entry taken from a contact list column meets.
const maxDNCEntryLength = maxListValueLength

// dncPhone is the shape of a phone number the emulator takes: digits with an optional
// leading "+". Genesys documents no format for DNC numbers; the emulator takes only
// numbers written without punctuation, never more than Genesys might.
var dncPhone = regexp.MustCompile(`^\+?[0-9]{3,20}$`)

// expirationFormat is "yyyy-MM-ddTHH:mmZ" (post_outbound_dnclist_phonenumbers).
const expirationFormat = "2006-01-02T15:04Z"

// entries reads a non-empty JSON array of non-empty strings, answering 400 itself.
func (s *Server) dncEntries(w http.ResponseWriter, r *http.Request, valid func(string) bool, what string) ([]string, bool) {
	var in []string
	if !s.decodeJSON(w, r, &in) {
		return nil, false
	}
	if len(in) == 0 {
		badRequest(w, "The body must be a non-empty array of "+what+".")
		return nil, false
	}
	for i, v := range in {
		if v == "" || len(v) > maxDNCEntryLength || !valid(v) {
			badRequest(w, fmt.Sprintf("Entry %d is not a valid %s.", i, strings.TrimSuffix(what, "es")))
			return nil, false
		}
	}
	return in, true
}

// validExpiration checks an optional expirationDateTime, answering 400 itself.
func validExpiration(w http.ResponseWriter, v string) bool {
	if v == "" {
		return true
	}
	if _, err := time.Parse(expirationFormat, v); err != nil {
		badRequest(w, "expirationDateTime must be in yyyy-MM-ddTHH:mmZ format.")
		return false
	}
	return true
}

// internalDNC finds an internal list of the given kind to add to, answering itself when
// it is not one. methods are the rds contact methods that take these entries.
func (s *Server) internalDNC(w http.ResponseWriter, r *http.Request, sourceType string, methods ...string) *dncList {
	l := s.dnc(w, r.PathValue("dncListId"))
	switch {
	case l == nil:
	case l.sourceType != "rds" && l.sourceType != "rds_custom":
		badRequest(w, "Only Internal DNC lists may be appended to.")
	case l.sourceType != sourceType || (sourceType == "rds" && !slices.Contains(methods, l.contactMethod)):
		badRequest(w, "DNC list "+l.id+" does not hold entries of this kind.")
	default:
		return l
	}
	return nil
}

// validEmail is the shape of an e-mail address the emulator takes.
func validEmail(v string) bool {
	at := strings.LastIndexByte(v, '@')
	return at > 0 && at < len(v)-1 && !strings.ContainsAny(v, " \t\r\n")
}

// handleAddDNC adds phone numbers (post_outbound_dnclist_phonenumbers) or e-mail
// addresses (post_outbound_dnclist_emailaddresses) to an rds list of a contact method
// that takes them.
func handleAddDNC(valid func(string) bool, what string, methods ...string) func(*Server, http.ResponseWriter, *http.Request) {
	return func(s *Server, w http.ResponseWriter, r *http.Request) {
		if !validExpiration(w, r.URL.Query().Get("expirationDateTime")) {
			return
		}
		values, ok := s.dncEntries(w, r, valid, what)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if l := s.internalDNC(w, r, "rds", methods...); l != nil {
			l.add(values)
			w.WriteHeader(http.StatusNoContent)
		}
	}
}

// handlePatchDNCCustom adds or removes entries of an rds_custom list's exclusion column.
func (s *Server) handlePatchDNCCustom(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Action                       string   `json:"action"`
		CustomExclusionColumnEntries []string `json:"customExclusionColumnEntries"`
		ExpirationDateTime           string   `json:"expirationDateTime"`
	}
	if !s.decodeJSON(w, r, &req) {
		return
	}
	// dnc_patch_custom_exclusion_columns_request.py allowed_values.
	if req.Action != "Add" && req.Action != "Remove" {
		badRequest(w, "action must be Add or Remove.")
		return
	}
	if !validExpiration(w, req.ExpirationDateTime) {
		return
	}
	if len(req.CustomExclusionColumnEntries) == 0 {
		badRequest(w, "customExclusionColumnEntries must not be empty.")
		return
	}
	for i, v := range req.CustomExclusionColumnEntries {
		if strings.TrimSpace(v) == "" || len(v) > maxDNCEntryLength {
			badRequest(w, fmt.Sprintf("Entry %d is not a valid entry.", i))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.dnc(w, r.PathValue("dncListId"))
	switch {
	case l == nil:
		return
	case l.sourceType != "rds_custom":
		badRequest(w, "DNC list "+l.id+" has no custom exclusion column.")
		return
	case req.Action == "Add":
		l.add(req.CustomExclusionColumnEntries)
	default:
		l.remove(req.CustomExclusionColumnEntries)
	}
	w.WriteHeader(http.StatusNoContent)
}

// DNCEntries copies the entries of a DNC list in the order they arrived.
func (s *Server) DNCEntries(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.dncLists[id]; l != nil {
		return slices.Clone(l.order)
	}
	return nil
}

// handleInspectDNC is GET /_emulator/dnclists/{dncListId}: the list's entries.
func (s *Server) handleInspectDNC(w http.ResponseWriter, r *http.Request) {
	entries := s.DNCEntries(r.PathValue("dncListId"))
	if entries == nil {
		s.mu.Lock()
		_, ok := s.dncLists[r.PathValue("dncListId")]
		s.mu.Unlock()
		if !ok {
			notFound(w, "no such DNC list")
			return
		}
		entries = []string{}
	}
	writeJSON(w, http.StatusOK, entries)
}
