package genesys

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
)

const contactListsPath = "/api/v2/outbound/contactlists"

// MaxContactsPerRequest is what one add-contacts call takes (genesys.md §4).
const MaxContactsPerRequest = 1000

// maxContactsJSONBytes keeps one add-contacts body under Genesys' 512,000-byte limit
// on JSON bodies: a batch of long rows goes out as several requests.
const maxContactsJSONBytes = 500_000

// OutboundPermissions are what the outbound contact list flow of this function needs.
var OutboundPermissions = []string{
	"outbound:contactList:add",
	"outbound:contactList:view",
	"outbound:contact:add",
	"outbound:contact:view",
}

// PhoneColumn is a column of a contact list that holds a phone number.
type PhoneColumn struct {
	ColumnName string `json:"columnName"`
	Type       string `json:"type"`
}

// ContactList is an outbound (dialer) contact list.
type ContactList struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	ColumnNames  []string      `json:"columnNames"`
	PhoneColumns []PhoneColumn `json:"phoneColumns"`
	Size         int           `json:"size"` // filled only when asked for (ContactList does)
}

// CreateContactList creates a contact list with the given columns. name must be
// unique to this sending: after an ambiguous failure the list of that name is looked
// up and taken instead of made again.
func (c *Client) CreateContactList(ctx context.Context, token, name string, columns []string, phones []PhoneColumn) (ContactList, error) {
	const op = "create contact list"
	if phones == nil {
		phones = []PhoneColumn{}
	}
	var l ContactList
	err := c.createOnce(ctx, func() error {
		l = ContactList{}
		err := c.call(ctx, request{op: op, method: http.MethodPost, url: c.api(contactListsPath), token: token,
			permissions: []string{"outbound:contactList:add"}, create: true,
			json: map[string]any{"name": name, "columnNames": columns, "phoneColumns": phones}}, &l)
		if err == nil && l.ID == "" {
			err = &Error{Op: op, Status: http.StatusOK, Code: "no.list.id", Attempts: 1}
		}
		return err
	}, func() (bool, error) {
		found, ok, err := c.ContactListByName(ctx, token, name)
		if ok {
			l = found
		}
		return ok, err
	})
	return l, err
}

// ContactListByName finds the contact list named exactly name, if there is one.
func (c *Client) ContactListByName(ctx context.Context, token, name string) (ContactList, bool, error) {
	var out struct {
		Entities []ContactList `json:"entities"`
	}
	err := c.call(ctx, request{op: "look up contact list", method: http.MethodGet,
		url: c.api(contactListsPath+"?filterType=Equals&pageSize=100&name=") + url.QueryEscape(name), token: token,
		permissions: []string{"outbound:contactList:view"}}, &out)
	for _, l := range out.Entities {
		if l.Name == name {
			return l, true, err
		}
	}
	return ContactList{}, false, err
}

// ContactLists returns the contact lists the token may see, with their sizes
// (OutboundApi.md get_outbound_contactlists, includeSize; ContactListEntityListing.md).
// more is true when the org has more than can be read in maxListingPages pages.
func (c *Client) ContactLists(ctx context.Context, token string) (lists []ContactList, more bool, err error) {
	more, err = listAll(c, ctx, token, "list contact lists", contactListsPath+"?includeSize=true", []string{"outbound:contactList:view"},
		func(page []ContactList) { lists = append(lists, page...) })
	return lists, more, err
}

// ContactList reads a contact list with its size, which Genesys counts only when
// asked (includeSize, OutboundApi.md get_outbound_contactlist).
func (c *Client) ContactList(ctx context.Context, token, id string) (ContactList, error) {
	var l ContactList
	err := c.call(ctx, request{op: "read contact list", method: http.MethodGet, url: c.api(contactListsPath+"/%s?includeSize=true", id), token: token,
		permissions: []string{"outbound:contactList:view"}}, &l)
	return l, err
}

// ImportStatus is the progress of a contact list's latest CSV upload.
type ImportStatus struct {
	State            string `json:"state"`
	TotalRecords     int    `json:"totalRecords"`
	CompletedRecords int    `json:"completedRecords"`
	PercentComplete  int    `json:"percentComplete"`
	FailureReason    string `json:"failureReason,omitempty"`
}

// Contact list import states: Genesys documents only these two (ImportStatus.md and
// import_status.py's allowed_values in the Python SDK), none for a finished import.
const (
	ImportInProgress = "IN_PROGRESS"
	ImportFailed     = "FAILED"
)

// Done reports a finished import: not failed, and every record completed. Genesys
// names no state for it, so it is told by the counts.
func (s ImportStatus) Done() bool {
	return s.State != ImportFailed && (s.PercentComplete >= 100 || s.CompletedRecords >= s.TotalRecords)
}

// ContactListImportStatus reads the progress of a list's latest CSV upload.
func (c *Client) ContactListImportStatus(ctx context.Context, token, id string) (ImportStatus, error) {
	var s ImportStatus
	err := c.call(ctx, request{op: "read contact list import status", method: http.MethodGet,
		url: c.api(contactListsPath+"/%s/importstatus", id), token: token, permissions: []string{"outbound:contactList:view"}}, &s)
	return s, err
}

// UploadContactList sends a CSV file into a list through apps.<region>'s upload
// endpoint; idColumn names the column whose values become the contact ids.
func (c *Client) UploadContactList(ctx context.Context, token, listID, idColumn, fileName string, data []byte) error {
	// The form is sent around the file, not copied with it: a part is 10 MB.
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	mw.WriteField("id", listID)
	mw.WriteField("fileType", "contactlist")
	if idColumn != "" {
		mw.WriteField("contact-id-name", idColumn)
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + quoteName(fileName) + `"`}
	h["Content-Type"] = []string{"text/csv"}
	if _, err := mw.CreatePart(h); err != nil {
		return &Error{Op: "upload contact list file", cause: err}
	}
	prefix := bytes.Clone(head.Bytes())
	head.Reset()
	mw.Close()
	return c.call(ctx, request{op: "upload contact list file", method: http.MethodPost, url: c.Bases.Apps + "/uploads/v2/contactlist",
		token: token, parts: [][]byte{prefix, data, head.Bytes()}, contentType: mw.FormDataContentType(), permissions: []string{"outbound:contact:add"}}, nil)
}

// quoteName keeps a file name safe inside a quoted multipart header.
func quoteName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

// DialerContact is a contact as the add-contacts call takes and returns it.
type DialerContact struct {
	ID            string            `json:"id,omitempty"`
	ContactListID string            `json:"contactListId"`
	Data          map[string]string `json:"data"`
	Callable      bool              `json:"callable"`
}

// AddContacts adds contacts to a list, at most MaxContactsPerRequest per request
// and each request's body under Genesys' JSON limit, and returns them as Genesys
// answered, in order. Contacts with an id keep it, so a retry replaces rather than
// duplicates. On failure, added holds the contacts added before it.
func (c *Client) AddContacts(ctx context.Context, token, listID string, contacts []DialerContact) (added []DialerContact, err error) {
	const op = "add contacts"
	var body bytes.Buffer
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		body.WriteByte(']')
		var out []DialerContact
		err := c.call(ctx, request{op: op, method: http.MethodPost, url: c.api(contactListsPath+"/%s/contacts", listID), token: token,
			body: bytes.Clone(body.Bytes()), contentType: "application/json", permissions: []string{"outbound:contact:add"}}, &out)
		if err != nil {
			return err
		}
		if len(out) != n {
			return &Error{Op: op, Status: http.StatusOK, Code: "unexpected.answer", Attempts: 1}
		}
		added = append(added, out...)
		body.Reset()
		n = 0
		return nil
	}
	for i := range contacts {
		contacts[i].ContactListID = listID
		one, err := json.Marshal(contacts[i])
		if err != nil {
			return added, &Error{Op: op, cause: err}
		}
		if n > 0 && (n >= MaxContactsPerRequest || body.Len()+1+len(one)+1 > maxContactsJSONBytes) {
			if err := flush(); err != nil {
				return added, err
			}
		}
		if n == 0 {
			body.WriteByte('[')
		} else {
			body.WriteByte(',')
		}
		body.Write(one)
		n++
	}
	return added, flush()
}

// exportPermissions are what an export's two calls both require (OutboundApi.md).
var exportPermissions = []string{"outbound:contact:view", "outbound:contactList:view"}

// Export is a contact list's latest export.
type Export struct {
	URI       string `json:"uri"`
	Timestamp string `json:"exportTimestamp"`
}

// StartExport asks Genesys to export a contact list whose latest export is prev.
// After an ambiguous failure it looks for an export newer than prev before asking again.
func (c *Client) StartExport(ctx context.Context, token, listID string, prev Export) error {
	return c.createOnce(ctx, func() error {
		return c.call(ctx, request{op: "start contact list export", method: http.MethodPost,
			url: c.api(contactListsPath+"/%s/export", listID), token: token, json: map[string]any{}, permissions: exportPermissions, create: true}, nil)
	}, func() (bool, error) {
		e, err := c.LatestExport(ctx, token, listID)
		return err == nil && e.URI != "" && e.Timestamp != prev.Timestamp, nil
	})
}

// LatestExport returns where the list's latest export can be downloaded; a 404 or
// 400 error means there is none yet.
func (c *Client) LatestExport(ctx context.Context, token, listID string) (Export, error) {
	var e Export
	err := c.call(ctx, request{op: "read contact list export", method: http.MethodGet,
		url: c.api(contactListsPath+"/%s/export?download=false", listID), token: token, permissions: exportPermissions}, &e)
	return e, err
}

// maxRedirects bounds the hops from an export's link to its file.
const maxRedirects = 3

// OpenExport opens an export's file for reading as a stream: a list of a million
// contacts exports to more than a Worker's memory. The token goes only to the API
// host; the link's redirects (to storage) are followed to https hosts without it.
func (c *Client) OpenExport(ctx context.Context, token, uri string) (io.ReadCloser, error) {
	const op = "download contact list export"
	for hop := 0; ; hop++ {
		target, err := url.Parse(uri)
		if err != nil || target.Host == "" || !c.allowedTarget(target) {
			return nil, &Error{Op: op, Code: "export.url.refused", cause: errors.New("the export link is not https")}
		}
		r := request{op: op, method: http.MethodGet, url: target.String(), redirects: true}
		if api, err := url.Parse(c.Bases.API); err == nil && strings.EqualFold(api.Host, target.Host) && api.Scheme == target.Scheme {
			r.token = token
		}
		res, _, err := c.attempt(ctx, r)
		if err != nil {
			return nil, err
		}
		if res.StatusCode < 300 {
			return res.Body, nil
		}
		res.Body.Close()
		next, err := target.Parse(res.Header.Get("Location"))
		if err != nil || res.Header.Get("Location") == "" || hop >= maxRedirects {
			return nil, &Error{Op: op, Status: res.StatusCode, Code: "export.redirect.refused", Attempts: 1}
		}
		uri = next.String()
	}
}

// allowedTarget accepts https URLs, and loopback ones when talking to a development server.
func (c *Client) allowedTarget(u *url.URL) bool {
	return u.Scheme == "https" || (c.Bases.Region == "local" && Loopback(u.Scheme+"://"+u.Host))
}
