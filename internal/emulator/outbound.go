package emulator

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Outbound contact list limits (genesys.md §4).
const (
	contactListsPath      = "/api/v2/outbound/contactlists"
	maxListColumns        = 50
	maxColumnNameLength   = 128
	maxListValueLength    = 512
	maxContactsPerRequest = 1000
	maxFormFieldBytes     = 4096
)

// contactList is an outbound (dialer) contact list.
type contactList struct {
	id           string
	name         string
	columns      []string
	phoneColumns []phoneColumn
	emailColumns []channelColumn
	whatsApp     []channelColumn
	created      time.Time
	contacts     map[string]*DialerContact
	order        []string // contact ids in the order they arrived, for exports
	upload       *listUpload
	exported     time.Time // zero until an export is requested
	limit        int       // the most contacts it holds: a raised limit, else Config.ContactListLimit
}

type phoneColumn struct {
	ColumnName string `json:"columnName"`
	Type       string `json:"type,omitempty"`
}

// channelColumn is an e-mail or WhatsApp column (EmailColumn.md, WhatsAppColumn.md).
type channelColumn struct {
	ColumnName string `json:"columnName"`
	Type       string `json:"type,omitempty"`
}

// listUpload is the latest CSV upload into a list.
type listUpload struct {
	started time.Time
	total   int
	failure string
}

// DialerContact is a contact of an outbound contact list.
type DialerContact struct {
	ID                string                       `json:"id"`
	ContactListID     string                       `json:"contactListId"`
	Data              map[string]string            `json:"data"`
	Callable          bool                         `json:"callable"`
	PhoneNumberStatus map[string]phoneNumberStatus `json:"phoneNumberStatus,omitempty"`
	ContactableStatus map[string]json.RawMessage   `json:"contactableStatus,omitempty"`
	SelfURI           string                       `json:"selfUri"`
}

type phoneNumberStatus struct {
	Callable bool `json:"callable"`
}

func (l *contactList) hasColumn(name string) bool {
	for _, c := range l.columns {
		if c == name {
			return true
		}
	}
	return false
}

// put adds a contact, or replaces the one with its id.
func (l *contactList) put(c *DialerContact) {
	if _, exists := l.contacts[c.ID]; !exists {
		l.order = append(l.order, c.ID)
	}
	l.contacts[c.ID] = c
}

// newContacts counts the ids not yet in the list, each once.
func (l *contactList) newContacts(ids []string) int {
	seen := make(map[string]bool, len(ids))
	n := 0
	for _, id := range ids {
		if _, exists := l.contacts[id]; !exists && !seen[id] {
			seen[id] = true
			n++
		}
	}
	return n
}

func (s *Server) listFull(l *contactList, ids []string) bool {
	return len(l.contacts)+l.newContacts(ids) > s.listLimit(l)
}

// listLimit is the most contacts l may hold: its own raised limit, or the org's.
func (s *Server) listLimit(l *contactList) int {
	if l.limit > 0 {
		return l.limit
	}
	return s.cfg.ContactListLimit
}

type importStatus struct {
	State            string `json:"state"`
	TotalRecords     int    `json:"totalRecords"`
	CompletedRecords int    `json:"completedRecords"`
	PercentComplete  int    `json:"percentComplete"`
	FailureReason    string `json:"failureReason,omitempty"`
}

// importStatus reports the latest upload. Genesys documents only the states
// IN_PROGRESS and FAILED (ImportStatus.md, import_status.py allowed_values), so a done
// upload is IN_PROGRESS with every record completed: callers tell it by its counts.
// Callers hold s.mu.
func (s *Server) importStatus(l *contactList) *importStatus {
	u := l.upload
	if u == nil {
		return nil
	}
	st := &importStatus{State: "IN_PROGRESS", TotalRecords: u.total}
	switch {
	case u.failure != "":
		st.State, st.FailureReason = "FAILED", u.failure
	case !s.now().Before(u.started.Add(s.cfg.ImportDelay)):
		st.CompletedRecords, st.PercentComplete = u.total, 100
	}
	return st
}

type contactListView struct {
	ID              string          `json:"id"`
	Name            string          `json:"name"`
	Version         int             `json:"version"`
	DateCreated     string          `json:"dateCreated"`
	ColumnNames     []string        `json:"columnNames"`
	PhoneColumns    []phoneColumn   `json:"phoneColumns"`
	EmailColumns    []channelColumn `json:"emailColumns,omitempty"`
	WhatsAppColumns []channelColumn `json:"whatsAppColumns,omitempty"`
	Size            *int            `json:"size,omitempty"`
	ImportStatus    *importStatus   `json:"importStatus,omitempty"`
	SelfURI         string          `json:"selfUri"`
}

// listView shows a list as Genesys' ContactList. Its size and import status are
// filled only when asked for with includeSize and includeImportStatus
// (OutboundApi.md get_outbound_contactlist). Callers hold s.mu.
func (s *Server) listView(l *contactList, r *http.Request) contactListView {
	v := contactListView{
		ID:              l.id,
		Name:            l.name,
		Version:         1,
		DateCreated:     timestamp(l.created),
		ColumnNames:     l.columns,
		PhoneColumns:    l.phoneColumns,
		EmailColumns:    l.emailColumns,
		WhatsAppColumns: l.whatsApp,
		SelfURI:         contactListsPath + "/" + l.id,
	}
	q := r.URL.Query()
	if q.Get("includeSize") == "true" {
		n := len(l.contacts)
		v.Size = &n
	}
	if q.Get("includeImportStatus") == "true" {
		v.ImportStatus = s.importStatus(l)
	}
	return v
}

func (s *Server) handleCreateContactList(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name            string          `json:"name"`
		ColumnNames     []string        `json:"columnNames"`
		PhoneColumns    []phoneColumn   `json:"phoneColumns"`
		EmailColumns    []channelColumn `json:"emailColumns"`
		WhatsAppColumns []channelColumn `json:"whatsAppColumns"`
	}
	if !s.decodeJSON(w, r, &req) {
		return
	}
	if problem := contactListProblem(req.Name, req.ColumnNames, req.PhoneColumns, append(req.EmailColumns, req.WhatsAppColumns...)); problem != "" {
		badRequest(w, problem)
		return
	}
	if req.PhoneColumns == nil {
		req.PhoneColumns = []phoneColumn{}
	}
	l := &contactList{
		id:           newID(),
		name:         req.Name,
		columns:      req.ColumnNames,
		phoneColumns: req.PhoneColumns,
		emailColumns: req.EmailColumns,
		whatsApp:     req.WhatsAppColumns,
		created:      s.now(),
		contacts:     make(map[string]*DialerContact),
	}
	s.mu.Lock()
	s.lists[l.id] = l
	v := s.listView(l, r)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, v)
}

// contactListProblem says why Genesys would refuse a new list, or "". channels are its
// e-mail and WhatsApp columns.
func contactListProblem(name string, columns []string, phones []phoneColumn, channels []channelColumn) string {
	if strings.TrimSpace(name) == "" {
		return "name is required."
	}
	if len(columns) == 0 || len(columns) > maxListColumns {
		return fmt.Sprintf("A contact list needs between 1 and %d columnNames.", maxListColumns)
	}
	seen := map[string]bool{}
	for _, c := range columns {
		key := strings.ToLower(c)
		switch {
		case strings.TrimSpace(c) == "":
			return "columnNames must not be empty."
		case utf8.RuneCountInString(c) > maxColumnNameLength:
			return fmt.Sprintf("Column names are limited to %d characters.", maxColumnNameLength)
		case seen[key]:
			return "Column " + c + " is named twice."
		}
		seen[key] = true
	}
	for _, p := range phones {
		if !seen[strings.ToLower(p.ColumnName)] {
			return "Phone column " + p.ColumnName + " is not one of the columnNames."
		}
	}
	for _, c := range channels {
		if !seen[strings.ToLower(c.ColumnName)] {
			return "Column " + c.ColumnName + " is not one of the columnNames."
		}
	}
	// Genesys wants a way to reach the contacts (genesys.md §7).
	if len(phones) == 0 && len(channels) == 0 {
		return "A contact list needs phoneColumns unless it has emailColumns or whatsAppColumns."
	}
	return ""
}

// list finds a contact list, answering 404 itself when there is none. Callers hold s.mu.
func (s *Server) list(w http.ResponseWriter, id string) *contactList {
	l := s.lists[id]
	if l == nil {
		notFound(w, "Contact list "+id+" was not found.")
	}
	return l
}

// handleListContactLists pages through the lists, those whose name matches name by
// filterType (Prefix, the default, or Equals) when it is given.
func (s *Server) handleListContactLists(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeListing(w, r, s.lists, func(l *contactList) string { return l.name }, nil, func(l *contactList) contactListView { return s.listView(l, r) })
}

// namedFilter reads the name filter of a listing (filterType Prefix, the default, or
// Equals; OutboundApi.md get_outbound_contactlists), answering 400 itself to another.
func namedFilter(w http.ResponseWriter, r *http.Request) (func(string) bool, bool) {
	q := r.URL.Query()
	name, filter := q.Get("name"), q.Get("filterType")
	if filter != "" && filter != "Prefix" && filter != "Equals" {
		badRequest(w, "filterType "+filter+" is not supported by this emulator.")
		return nil, false
	}
	return func(n string) bool {
		return name == "" || n == name || (filter != "Equals" && strings.HasPrefix(n, name))
	}, true
}

// writeListing answers one page (pageSize ≤ 100, pageNumber) of the entities whose
// name passes the request's filter and keep (when not nil), sorted by name, as an
// EntityListing (ContactListEntityListing.md, DncListEntityListing.md). Callers hold s.mu.
func writeListing[E any, V any](w http.ResponseWriter, r *http.Request, all map[string]E, name func(E) string, keep func(E) bool, view func(E) V) {
	pass, ok := namedFilter(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	size, number := pageParam(q.Get("pageSize"), 25, 100), pageParam(q.Get("pageNumber"), 1, 1<<20)
	var ids []string
	for id, e := range all {
		if pass(name(e)) && (keep == nil || keep(e)) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(name(all[a])+a, name(all[b])+b) })
	entities := []V{}
	for i := (number - 1) * size; i < len(ids) && len(entities) < size; i++ {
		entities = append(entities, view(all[ids[i]]))
	}
	writeJSON(w, http.StatusOK, struct {
		Entities   []V `json:"entities"`
		PageSize   int `json:"pageSize"`
		PageNumber int `json:"pageNumber"`
		Total      int `json:"total"`
		PageCount  int `json:"pageCount"`
	}{entities, size, number, len(ids), (len(ids) + size - 1) / size})
}

// pageParam reads a positive page parameter, def when absent, at most max.
func pageParam(v string, def, max int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return def
	}
	return min(n, max)
}

func (s *Server) handleGetContactList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.list(w, r.PathValue("listId")); l != nil {
		writeJSON(w, http.StatusOK, s.listView(l, r))
	}
}

func (s *Server) handleImportStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.list(w, r.PathValue("listId"))
	if l == nil {
		return
	}
	st := s.importStatus(l)
	if st == nil {
		notFound(w, "Contact list "+l.id+" has had no upload.")
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// addContactsFlags are post_outbound_contactlist_contacts' optional query parameters
// (OutboundApi.md): booleans, about where a contact goes in the dialling queue and
// whether an existing contact's system data (attempts, callable status) is cleared.
var addContactsFlags = []string{"priority", "clearSystemData", "doNotQueue"}

// handleAddContacts adds up to 1,000 contacts; a supplied id (a Lead ID) becomes the
// contact id, and a contact whose id the list holds already is updated, not added
// (OutboundApi.md post_outbound_contactlist_contacts: clearSystemData and doNotQueue
// speak of contacts that "already exist" and "updated contacts"). Its answer does not
// say which were updated.
func (s *Server) handleAddContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, f := range addContactsFlags {
		if v, set := q[f]; set && (len(v) != 1 || (v[0] != "true" && v[0] != "false")) {
			badRequest(w, f+" must be true or false.")
			return
		}
	}
	var in []struct {
		ID                string                       `json:"id"`
		ContactListID     string                       `json:"contactListId"`
		Data              map[string]string            `json:"data"`
		Callable          *bool                        `json:"callable"`
		PhoneNumberStatus map[string]phoneNumberStatus `json:"phoneNumberStatus"`
		ContactableStatus map[string]json.RawMessage   `json:"contactableStatus"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	switch {
	case len(in) == 0:
		badRequest(w, "The body must be a non-empty array of contacts.")
		return
	case len(in) > maxContactsPerRequest:
		writeError(w, http.StatusRequestEntityTooLarge, "request.entity.too.large",
			fmt.Sprintf("At most %d contacts may be added per request.", maxContactsPerRequest))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.list(w, r.PathValue("listId"))
	if l == nil {
		return
	}
	contacts := make([]*DialerContact, len(in))
	ids := make([]string, len(in))
	for i, c := range in {
		if c.ContactListID != "" && c.ContactListID != l.id {
			badRequest(w, fmt.Sprintf("Contact %d names another contactListId.", i))
			return
		}
		if problem := s.dataProblem(l, c.Data); problem != "" {
			badRequest(w, fmt.Sprintf("Contact %d: %s", i, problem))
			return
		}
		id := c.ID
		if id == "" {
			id = newID()
		}
		dc := &DialerContact{
			ID:                id,
			ContactListID:     l.id,
			Data:              c.Data,
			Callable:          c.Callable == nil || *c.Callable,
			PhoneNumberStatus: c.PhoneNumberStatus,
			ContactableStatus: c.ContactableStatus,
			SelfURI:           contactListsPath + "/" + l.id + "/contacts/" + id,
		}
		contacts[i], ids[i] = dc, id
	}
	if s.listFull(l, ids) {
		writeError(w, http.StatusBadRequest, "contact.list.size.limit.exceeded",
			fmt.Sprintf("The contact list would hold more than %d contacts.", s.listLimit(l)))
		return
	}
	for _, c := range contacts {
		l.put(c)
	}
	writeJSON(w, http.StatusOK, contacts)
}

func (s *Server) dataProblem(l *contactList, data map[string]string) string {
	if len(data) == 0 {
		return "data is required."
	}
	for col, v := range data {
		if !l.hasColumn(col) {
			return "data column " + col + " is not a column of the contact list."
		}
		if utf8.RuneCountInString(v) > maxListValueLength {
			return fmt.Sprintf("the value of column %s is longer than %d characters.", col, maxListValueLength)
		}
	}
	return ""
}

// handleContactListUpload takes the multipart CSV upload of apps.<region>/uploads/v2/contactlist.
func (s *Server) handleContactListUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes+1<<20)
	form, file, err := readUploadForm(r)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "request.entity.too.large", "The file is too large.")
		return
	case err != nil:
		badRequest(w, "The body must be multipart/form-data with the fields id, file, fileType and contact-id-name.")
		return
	case form["fileType"] != "contactlist":
		badRequest(w, "fileType must be contactlist.")
		return
	case file == nil:
		badRequest(w, "The file field is required.")
		return
	}
	idColumn := form["contact-id-name"]
	s.mu.Lock()
	l := s.list(w, form["id"])
	var columns []string
	if l != nil {
		columns = l.columns
	}
	s.mu.Unlock()
	if l == nil {
		return
	}
	if idColumn != "" && !l.hasColumn(idColumn) {
		badRequest(w, "contact-id-name "+idColumn+" is not a column of the contact list.")
		return
	}
	rows, failure := parseListFile(file, columns, idColumn)
	s.mu.Lock()
	ids := make([]string, len(rows))
	for i, c := range rows {
		ids[i] = c.ID
	}
	if failure == "" && s.listFull(l, ids) {
		failure = fmt.Sprintf("The contact list would hold more than %d contacts.", s.listLimit(l))
	}
	if failure == "" {
		for _, c := range rows {
			c.ContactListID = l.id
			c.SelfURI = contactListsPath + "/" + l.id + "/contacts/" + c.ID
			l.put(c)
		}
	}
	l.upload = &listUpload{started: s.now(), total: len(rows), failure: failure}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, struct {
		CorrelationID string `json:"correlationId"`
	}{newID()})
}

// readUploadForm reads the small form fields and the file of a multipart upload.
func readUploadForm(r *http.Request) (map[string]string, []byte, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, err
	}
	form := map[string]string{}
	var file []byte
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return form, file, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if part.FormName() == "file" {
			if file, err = io.ReadAll(part); err != nil {
				return nil, nil, err
			}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, maxFormFieldBytes))
		if err != nil {
			return nil, nil, err
		}
		form[part.FormName()] = strings.TrimSpace(string(v))
	}
}

// parseListFile reads a contact list CSV whose header uses the list's columns. A row
// without a value in idColumn gets a new id. Any problem fails the whole upload.
func parseListFile(data []byte, columns []string, idColumn string) ([]*DialerContact, string) {
	rd := newCSVReader(data)
	header, err := rd.Read()
	if err != nil {
		return nil, "The file has no header row."
	}
	known := make(map[string]bool, len(columns))
	for _, c := range columns {
		known[c] = true
	}
	idIndex := -1
	for i, h := range header {
		if !known[h] {
			return nil, fmt.Sprintf("Header column %d is not a column of the contact list.", i+1)
		}
		known[h] = false // a second use of the name is then unknown
		if h == idColumn {
			idIndex = i
		}
	}
	if idColumn != "" && idIndex < 0 {
		return nil, "The file has no " + idColumn + " column."
	}
	var rows []*DialerContact
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return rows, ""
		}
		if err != nil {
			return nil, "The file is not well-formed CSV: " + csvProblem(err) + "."
		}
		line, _ := rd.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Sprintf("Line %d has %d fields; the header has %d.", line, len(rec), len(header))
		}
		c := &DialerContact{Data: make(map[string]string, len(rec)), Callable: true}
		for i, v := range rec {
			if utf8.RuneCountInString(v) > maxListValueLength {
				return nil, fmt.Sprintf("Line %d, column %s: the value is longer than %d characters.", line, header[i], maxListValueLength)
			}
			c.Data[header[i]] = v
		}
		if idIndex >= 0 {
			c.ID = strings.TrimSpace(rec[idIndex])
		}
		if c.ID == "" {
			c.ID = newID()
		}
		rows = append(rows, c)
	}
}

func (s *Server) handleStartExport(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.list(w, r.PathValue("listId"))
	if l == nil {
		return
	}
	// Each export is told from the one before by its timestamp, which has
	// millisecond resolution: two requested within a millisecond would look
	// like one, and a client waiting for the new one would wait for ever.
	now, next := s.now(), l.exported.Add(time.Millisecond).Truncate(time.Millisecond)
	if now.Before(next) {
		now = next
	}
	l.exported = now
	writeJSON(w, http.StatusOK, entityRef{l.id, contactListsPath + "/" + l.id})
}

// handleGetExport hands out the export's link, or redirects to it with download=true.
func (s *Server) handleGetExport(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	l := s.list(w, r.PathValue("listId"))
	var exported time.Time
	if l != nil {
		exported = l.exported
	}
	s.mu.Unlock()
	if l == nil {
		return
	}
	if exported.IsZero() {
		notFound(w, "No export has been requested for contact list "+l.id+".")
		return
	}
	uri := s.signedURL(r, "/_exports/"+l.id)
	if r.URL.Query().Get("download") == "true" {
		http.Redirect(w, r, uri, http.StatusFound)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		URI             string `json:"uri"`
		ExportTimestamp string `json:"exportTimestamp"`
	}{uri, timestamp(exported)})
}

// handleExportFile writes a list as Genesys exports it: a UTF-8 BOM, every field quoted,
// inin-outbound-id first, the list's own column names quoted once more inside their
// quotes ("""Lead ID"""), and the system columns after them (the set Genesys adds varies
// with the list's settings; these are the ones of a list with phone columns).
func (s *Server) handleExportFile(w http.ResponseWriter, r *http.Request) {
	if !s.signed(w, r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lists[r.PathValue("listId")]
	if l == nil || l.exported.IsZero() {
		writeS3Error(w, http.StatusNotFound, "NoSuchKey", "The export does not exist.")
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	// Storage sends an object in large pieces. Written row by row through Go's
	// server, an export went out in chunks of 2 KB, each a piece the Worker's
	// runtime hands over on its own: some 30,000 for a list of 345,000 contacts,
	// and workerd grew by up to 30 MB a read-back (docs/performance.md).
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	bw.Write(utf8BOM)
	header := []string{"inin-outbound-id"}
	for _, c := range l.columns {
		header = append(header, `"`+c+`"`)
	}
	header = append(header, "ContactCallable", "ContactableByVoice", "ContactableBySms", "ContactableByEmail", "ZipCodeAutomaticTimeZone")
	for _, p := range l.phoneColumns {
		c := p.ColumnName
		header = append(header, "CallRecordLastAttempt-"+c, "CallRecordLastResult-"+c, "CallRecordLastAgentWrapup-"+c,
			"SmsLastAttempt-"+c, "SmsLastResult-"+c, "Callable-"+c, "ContactableByVoice-"+c, "ContactableBySms-"+c, "AutomaticTimeZone-"+c)
	}
	writeQuotedRow(bw, header)
	row := make([]string, 0, len(header))
	for _, id := range l.order {
		c := l.contacts[id]
		row = append(row[:0], c.ID)
		for _, col := range l.columns {
			row = append(row, c.Data[col])
		}
		row = append(row, flag(c.Callable), "1", "1", "1", "")
		for _, p := range l.phoneColumns {
			st, set := c.PhoneNumberStatus[p.ColumnName]
			callable := flag(!set || st.Callable)
			row = append(row, "", "", "", "", "", callable, callable, "1", "")
		}
		writeQuotedRow(bw, row)
	}
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// writeQuotedRow writes one CSV row with every field quoted, as Genesys' exports are.
func writeQuotedRow(w io.Writer, fields []string) {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		b.WriteByte('"')
	}
	b.WriteString("\r\n")
	io.WriteString(w, b.String())
}

// ContactListContacts copies the contacts of an outbound contact list in arrival order.
func (s *Server) ContactListContacts(listID string) []DialerContact {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lists[listID]
	if l == nil {
		return nil
	}
	out := make([]DialerContact, 0, len(l.order))
	for _, id := range l.order {
		c := *l.contacts[id]
		c.Data = maps.Clone(c.Data)
		c.PhoneNumberStatus = maps.Clone(c.PhoneNumberStatus)
		c.ContactableStatus = maps.Clone(c.ContactableStatus)
		out = append(out, c)
	}
	return out
}
