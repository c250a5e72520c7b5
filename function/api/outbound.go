package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"contactprep/function/genesys"
	"contactprep/shared/csvread"
	"contactprep/shared/field"
	"contactprep/shared/recheck"
	"contactprep/shared/schema"
)

// Limits of the outbound routes.
const (
	// maxPartBytes is the largest CSV body: the engine's outbound parts are at most
	// 10,000,000 bytes, which leaves a Worker room to re-check one.
	maxPartBytes = 10_000_000
	// maxListNameRunes bounds a new list's name.
	maxListNameRunes = 256
	// idColumnHeader carries the contact id column's name (percent-encoded when not
	// plain ASCII, as browsers send only ASCII in headers): never in the URL.
	idColumnHeader = "X-Contact-Id-Column"
	// defaultExportWait is how long the mapping route waits for Genesys' export.
	defaultExportWait = 2 * time.Minute
)

func (s *Server) routeOutbound() {
	const lists = "/api/outbound/contactlists"
	s.mux.HandleFunc("POST "+lists, s.handleCreateList)
	s.mux.HandleFunc("GET "+lists+"/{id}", s.handleGetList)
	s.mux.HandleFunc("POST "+lists+"/{id}/uploads", s.handleListUpload)
	s.mux.HandleFunc("GET "+lists+"/{id}/importstatus", s.handleImportStatus)
	s.mux.HandleFunc("POST "+lists+"/{id}/mapping", s.handleMapping)
	s.mux.HandleFunc("POST "+lists+"/{id}/contacts", s.handleAddContacts)
	s.mux.HandleFunc("GET "+lists, s.handleContactLists)
	s.mux.HandleFunc("GET /api/outbound/dnclists", s.handleDNCLists)
	s.mux.HandleFunc("POST /api/outbound/dnclists/{id}/entries", s.handleDNCEntries)
}

// partLimit is the largest CSV body the outbound routes read.
func (s *Server) partLimit() int64 {
	return min(s.cfg.MaxFileBytes, maxPartBytes)
}

// ListView is a contact list as the page sees it.
type ListView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size *int   `json:"size,omitempty"`
}

// NewList is the body of POST /api/outbound/contactlists.
type NewList struct {
	Name         string   `json:"name"`
	Columns      []string `json:"columns"`
	PhoneColumns []string `json:"phoneColumns"`
	// Key is unique to this list of this sending, chosen and kept by the page before
	// it asks: the list is named with it, so asking again (after a failure, or from a
	// page closed before it saved the list's id) finds the list instead of making
	// a second one.
	Key string `json:"key"`
}

// Limits of a list's sending key.
const (
	minListKeyLen = 6
	maxListKeyLen = 40
)

// genesysName is the list's name in Genesys: the admin's, then the sending's key.
func (l *NewList) genesysName() string {
	return strings.TrimSpace(l.Name) + " #" + l.Key
}

// problem says what Genesys would refuse about the list, or "".
func (l *NewList) problem() string {
	if name := strings.TrimSpace(l.Name); name == "" || utf8.RuneCountInString(name) > maxListNameRunes {
		return fmt.Sprintf("name must have 1 to %d characters", maxListNameRunes)
	}
	if len(l.Key) < minListKeyLen || !plainID(l.Key, false) || len(l.Key) > maxListKeyLen {
		return fmt.Sprintf("key must be %d to %d letters, digits or hyphens, unique to this list of this sending", minListKeyLen, maxListKeyLen)
	}
	if len(l.Columns) == 0 {
		return "columns must name at least one column"
	}
	for i, c := range l.Columns {
		if !utf8.ValidString(c) {
			return fmt.Sprintf("the name of column %d is not UTF-8", i+1)
		}
	}
	if problems := schema.ListHeaderProblems(l.Columns); len(problems) > 0 {
		return problems[0].Message()
	}
	if len(l.PhoneColumns) == 0 {
		// Genesys refuses a list without phone columns unless it has e-mail or WhatsApp
		// columns (genesys.md §7), which this function does not make.
		return "phoneColumns must name at least one column"
	}
	for _, p := range l.PhoneColumns {
		found := false
		for _, c := range l.Columns {
			found = found || c == p
		}
		if !found {
			return "phoneColumns must be among the columns"
		}
	}
	return ""
}

// handleCreateList is POST /api/outbound/contactlists: the page calls it only after
// the admin confirmed creating the list.
func (s *Server) handleCreateList(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxSettingsBytes {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the request is too large")
		return
	}
	token := s.genesysToken(w, r, genesys.OutboundPermissions)
	if token == "" {
		return
	}
	var req NewList
	if !readSmallJSON(w, r, &req, "send JSON {name, key, columns, phoneColumns}") {
		return
	}
	if problem := req.problem(); problem != "" {
		writeError(w, http.StatusBadRequest, "bad_request", problem)
		return
	}
	phones := make([]genesys.PhoneColumn, len(req.PhoneColumns))
	for i, p := range req.PhoneColumns {
		phones[i] = genesys.PhoneColumn{ColumnName: p, Type: schema.PhoneType(p)}
	}
	name := req.genesysName()
	// A list of this sending's name was made by an earlier ask whose answer was lost.
	l, found, err := s.cfg.Genesys.ContactListByName(r.Context(), token, name)
	if err != nil {
		s.genesysFailed(w, r, err, "looking for the contact list (nothing was created)")
		return
	}
	if !found {
		l, err = s.cfg.Genesys.CreateContactList(r.Context(), token, name, req.Columns, phones)
	}
	if err != nil {
		s.genesysFailed(w, r, err, "creating the contact list")
		return
	}
	writeJSON(w, http.StatusOK, ListView{ID: l.ID, Name: l.Name})
}

// listID returns the path's contact list id, or answers 404 itself.
func listID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !plainID(id, false) {
		writeError(w, http.StatusNotFound, "not_found", "no such contact list")
		return "", false
	}
	return id, true
}

// handleGetList is GET /api/outbound/contactlists/{id}.
func (s *Server) handleGetList(w http.ResponseWriter, r *http.Request) {
	id, ok := listID(w, r)
	if !ok {
		return
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	l, err := s.cfg.Genesys.ContactList(r.Context(), token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the contact list")
		return
	}
	writeJSON(w, http.StatusOK, ListView{ID: l.ID, Name: l.Name, Size: &l.Size})
}

// ImportStatusView is a list upload's progress as the page sees it: Genesys' own, and
// whether it is done, which Genesys does not say in one word.
type ImportStatusView struct {
	genesys.ImportStatus
	Done bool `json:"done"`
}

// handleImportStatus is GET /api/outbound/contactlists/{id}/importstatus.
func (s *Server) handleImportStatus(w http.ResponseWriter, r *http.Request) {
	id, ok := listID(w, r)
	if !ok {
		return
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	st, err := s.cfg.Genesys.ContactListImportStatus(r.Context(), token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the progress of the contact list's upload")
		return
	}
	writeJSON(w, http.StatusOK, ImportStatusView{ImportStatus: st, Done: st.Done()})
}

// idColumn reads the contact id column's name from its header, or answers 400 itself.
func idColumn(w http.ResponseWriter, r *http.Request) (string, bool) {
	raw := r.Header.Get(idColumnHeader)
	name := raw
	if strings.Contains(raw, "%") {
		if dec, err := url.PathUnescape(raw); err == nil {
			name = dec
		}
	}
	if field.Trim(name) == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > schema.ListMaxHeaderChars {
		writeError(w, http.StatusBadRequest, "bad_request", "name the contact id column in the "+idColumnHeader+" header")
		return "", false
	}
	return name, true
}

// rowsRequest is a checked outbound request carrying CSV rows.
type rowsRequest struct {
	token, listID, idColumn string
	list                    genesys.ContactList
	data                    []byte
	check                   recheck.Result
}

// readRows authenticates, reads and re-checks a CSV body against the contact list's
// columns, answering the request itself (and returning false) when it cannot go on.
// maxRows > 0 refuses more rows with 413.
func (s *Server) readRows(w http.ResponseWriter, r *http.Request, fileName string, maxRows int) (*rowsRequest, bool) {
	limit := s.partLimit()
	if r.ContentLength > limit {
		s.partTooLarge(w, limit)
		return nil, false
	}
	id, ok := listID(w, r)
	if !ok {
		return nil, false
	}
	idCol, ok := idColumn(w, r)
	if !ok {
		return nil, false
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "text/csv") &&
		!strings.HasPrefix(strings.ToLower(ct), "application/octet-stream") {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "send the rows as text/csv")
		return nil, false
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return nil, false
	}
	data, over, err := readSized(r.Body, limit, r.ContentLength)
	switch {
	case over:
		s.partTooLarge(w, limit)
		return nil, false
	case err != nil:
		writeError(w, http.StatusBadRequest, "bad_request", "the body cannot be read")
		return nil, false
	}
	list, err := s.cfg.Genesys.ContactList(r.Context(), token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the contact list (nothing was added)")
		return nil, false
	}
	columns := list.ColumnNames
	if columns == nil {
		columns = []string{}
	}
	check := recheck.CheckOutbound(fileName, data, recheck.Outbound{IDColumn: idCol, Columns: columns, MaxBytes: limit})
	if maxRows > 0 && check.Rows > maxRows {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("the batch has %d rows; send at most %d per request", check.Rows, maxRows))
		return nil, false
	}
	if !check.OK() {
		writeJSON(w, http.StatusUnprocessableEntity, Refusal{
			Code:            "file_refused",
			Message:         fmt.Sprintf("the rows have %d problems to fix before they can be added", check.Errors),
			Rows:            check.Rows,
			Errors:          check.Errors,
			Findings:        check.Findings,
			FindingsDropped: check.Dropped,
		})
		return nil, false
	}
	return &rowsRequest{token: token, listID: id, idColumn: idCol, list: list, data: data, check: check}, true
}

func (s *Server) partTooLarge(w http.ResponseWriter, limit int64) {
	writeError(w, http.StatusRequestEntityTooLarge, "too_large",
		fmt.Sprintf("the part is larger than %d bytes; send smaller parts", limit))
}

// handleListUpload is POST /api/outbound/contactlists/{id}/uploads: one part of a
// list, re-checked, then sent to Genesys' contact list upload.
func (s *Server) handleListUpload(w http.ResponseWriter, r *http.Request) {
	name := cleanFileName(r.Header.Get("X-File-Name"))
	req, ok := s.readRows(w, r, name, 0)
	if !ok {
		return
	}
	if err := s.cfg.Genesys.UploadContactList(r.Context(), req.token, req.listID, req.idColumn, name, req.data); err != nil {
		s.genesysFailed(w, r, err, "uploading the part to the contact list")
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Rows int `json:"rows"`
	}{req.check.Rows})
}

// AddedContacts is the answer of POST …/contacts: each row's id and the contact id
// Genesys gave it.
type AddedContacts struct {
	Rows    int         `json:"rows"`
	Mapping [][2]string `json:"mapping"`
}

// handleAddContacts is POST /api/outbound/contactlists/{id}/contacts: at most 1,000
// rows through the contacts API, each with its own id as the contact id.
func (s *Server) handleAddContacts(w http.ResponseWriter, r *http.Request) {
	req, ok := s.readRows(w, r, "contacts.csv", genesys.MaxContactsPerRequest)
	if !ok {
		return
	}
	contacts := contactsOf(req.data, req.idColumn)
	added, err := s.cfg.Genesys.AddContacts(r.Context(), req.token, req.listID, contacts)
	if err != nil {
		doing := "adding the contacts (nothing was added)"
		if len(added) > 0 {
			doing = fmt.Sprintf("adding the contacts (%d of %d were added; sending the batch again replaces them)", len(added), len(contacts))
		}
		s.genesysFailed(w, r, err, doing)
		return
	}
	out := AddedContacts{Rows: len(contacts), Mapping: make([][2]string, len(added))}
	for i, c := range added {
		lead := c.Data[req.idColumn]
		if lead == "" {
			lead = contacts[i].ID // Genesys answers in order
		}
		out.Mapping[i] = [2]string{field.Trim(lead), c.ID}
	}
	writeJSON(w, http.StatusOK, out)
}

// contactsOf turns a checked CSV into contacts whose id is their id column's value.
func contactsOf(data []byte, idColumn string) []genesys.DialerContact {
	rd := csvread.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), ',')
	head, _ := rd.Read()
	header := make([]string, len(head))
	key := 0
	for i, h := range head {
		header[i] = string(h)
		if header[i] == idColumn {
			key = i
		}
	}
	var out []genesys.DialerContact
	for {
		rec, err := rd.Read()
		if err != nil {
			return out
		}
		if len(rec) == 1 && len(rec[0]) == 0 {
			continue
		}
		c := genesys.DialerContact{Data: make(map[string]string, len(rec)), Callable: true}
		for i, v := range rec {
			c.Data[header[i]] = string(v)
		}
		c.ID = field.Trim(string(rec[key]))
		out = append(out, c)
	}
}
