package emulator

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LookupPermissions are the view permissions of the contact and organization
// lookups ("Compare with my org").
func LookupPermissions() []string {
	return []string{"externalContacts:contact:view", "externalContacts:externalOrganization:view"}
}

// contactIdentifierTypes are ContactIdentifier's types
// (build/PureCloudPlatformClientV2/models/contact_identifier.py allowed_values).
var contactIdentifierTypes = []string{"SocialLine", "SocialFacebook", "SocialTwitter", "SocialWhatsapp", "SocialInstagram",
	"AppleOpaqueId", "Email", "Phone", "Cookie", "ExternalId"}

// maxIdentifierValue is ContactIdentifier.value's documented maximum.
const maxIdentifierValue = 255

// handleLookupContact is POST …/identifierlookup/contacts: the contact with an
// identifier, or 404 (ExternalContactsApi.md post_externalcontacts_identifierlookup_contacts).
// The emulator knows Email (any of the three e-mails, without case), Phone
// (any of the four phones' display, which must start with + and the country
// code, spaces ignored) and ExternalId (under externalSource.id); the other
// types find nothing here.
func (s *Server) handleLookupContact(w http.ResponseWriter, r *http.Request) {
	var id struct {
		Type           string `json:"type"`
		Value          string `json:"value"`
		ExternalSource *struct {
			ID string `json:"id"`
		} `json:"externalSource"`
	}
	if !s.decodeJSON(w, r, &id) {
		return
	}
	value := strings.TrimSpace(id.Value)
	switch {
	case !slices.Contains(contactIdentifierTypes, id.Type):
		badRequest(w, "type must be one of "+strings.Join(contactIdentifierTypes, ", ")+".")
		return
	case value == "" || utf8.RuneCountInString(value) > maxIdentifierValue:
		badRequest(w, "value must hold 1 to 255 characters.")
		return
	case id.Type == "Phone" && !strings.HasPrefix(value, "+"):
		badRequest(w, "A phone number identifier must start with + and the country code.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range sortedDocs(s.contacts) {
		if identifies(c, id.Type, value, id.ExternalSource) {
			writeJSON(w, http.StatusOK, c)
			return
		}
	}
	notFound(w, "No contact was found for the identifier.")
}

func identifies(c map[string]any, kind, value string, source *struct {
	ID string `json:"id"`
}) bool {
	switch kind {
	case "Email":
		for _, f := range []string{"workEmail", "personalEmail", "otherEmail"} {
			if v, _ := c[f].(string); strings.EqualFold(strings.TrimSpace(v), value) {
				return true
			}
		}
	case "Phone":
		for _, f := range []string{"workPhone", "cellPhone", "homePhone", "otherPhone"} {
			if v, _ := lookupDoc(c, f+".display").(string); v != "" && digits(v) == digits(value) {
				return true
			}
		}
	case "ExternalId":
		ids, _ := c["externalIds"].([]any)
		for _, x := range ids {
			ref, _ := x.(map[string]any)
			src, _ := ref["externalSource"].(map[string]any)
			if ref["value"] == value && (source == nil || src["id"] == source.ID) {
				return true
			}
		}
	}
	return false
}

func digits(phone string) string {
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, phone)
}

func lookupDoc(doc map[string]any, path string) any {
	var v any = doc
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// maxSearchRecords is how far a search reaches: "pageNumber * pageSize must be
// <= 1,000" (ExternalContactsApi.md get_externalcontacts_organizations).
const maxSearchRecords = 1000

// handleSearchOrganizations is GET /api/v2/externalcontacts/organizations?q=:
// the organizations whose name holds every word of q (without case), as an
// ExternalOrganizationListing, paged as documented (pageSize default 20,
// pageNumber default 1, pageSize × pageNumber ≤ 1,000).
func (s *Server) handleSearchOrganizations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, number := 20, 1
	for _, p := range []struct {
		name string
		v    *int
	}{{"pageSize", &size}, {"pageNumber", &number}} {
		if raw := q.Get(p.name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 {
				badRequest(w, p.name+" must be a positive number.")
				return
			}
			*p.v = n
		}
	}
	if size*number > maxSearchRecords {
		badRequest(w, "pageNumber * pageSize must be <= 1,000.")
		return
	}
	words := strings.Fields(strings.ToLower(q.Get("q")))
	s.mu.Lock()
	var found []map[string]any
	for _, o := range sortedDocs(s.orgs) {
		name, _ := o["name"].(string)
		name = strings.ToLower(name)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(name, w) }) {
			found = append(found, o)
		}
	}
	s.mu.Unlock()
	total := len(found)
	from := min((number-1)*size, total)
	page := found[from:min(from+size, total)]
	if page == nil {
		page = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"entities": page, "pageSize": size, "pageNumber": number, "total": total,
		"pageCount": (total + size - 1) / size, "selfUri": "/api/v2/externalcontacts/organizations",
	})
}
