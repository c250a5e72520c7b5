// Package orgcheck says what a look at the live org asks about the ready rows ("Compare with my org") and what its answers mean.
//
// The look uses only lookups Genesys documents, with view permissions
// (MyPureCloud/platform-client-sdk-python build/docs/ExternalContactsApi.md,
// SDK 257.1.0): post_externalcontacts_identifierlookup_contacts (POST
// /api/v2/externalcontacts/identifierlookup/contacts, body ContactIdentifier
// {type: Email|Phone|ExternalId|…, value ≤ 255, externalSource}, one contact
// or 404, externalContacts:contact:view) and get_externalcontacts_organizations
// (GET /api/v2/externalcontacts/organizations?q=&pageSize=&pageNumber=, only
// the first 1,000 records reachable, externalContacts:externalOrganization:view).
package orgcheck

import "strings"

// Limits of one look at the org.
const (
	// MaxRows is the most ready rows one look compares: each costs Genesys a
	// few lookups, which it answers at its rate limit.
	MaxRows = 5000
	// MaxLookups is the most lookups one request to the function makes: a
	// Worker may make only so many requests of its own per request.
	MaxLookups = 40
	// OrganizationsPage is how many organizations one name search reads: its
	// exact matches are among the first.
	OrganizationsPage = 25
)

// Lookup types of a ContactIdentifier (models/contact_identifier.py allowed_values).
const (
	ByExternalID = "ExternalId"
	ByEmail      = "Email"
	ByPhone      = "Phone"
)

// Row is what the look asks about one ready row (shared/orgrows picks them). An account is asked about
// on the first row of its Account ID only; AccountRows are all its rows.
type Row struct {
	Table       int      `json:"table"`
	File        string   `json:"file"`
	Line        int      `json:"line"` // the admin's row
	ContactID   string   `json:"contactId"`
	Emails      []string `json:"emails,omitempty"`
	Phones      []string `json:"phones,omitempty"` // with + and country code only
	AccountID   string   `json:"accountId,omitempty"`
	AccountName string   `json:"accountName,omitempty"`
	AccountRows []int32  `json:"accountRows,omitempty"`
}

// Lookups is how many lookups the row costs.
func (r Row) Lookups() int {
	n := 1 + len(r.Emails) + len(r.Phones)
	if r.AccountName != "" {
		n++
	}
	return n
}

// Batches cuts rows into the requests of a look: each at most MaxLookups lookups.
func Batches(rows []Row) [][]Row {
	var out [][]Row
	n := 0
	for _, r := range rows {
		if len(out) == 0 || n+r.Lookups() > MaxLookups {
			out = append(out, nil)
			n = 0
		}
		out[len(out)-1] = append(out[len(out)-1], r)
		n += r.Lookups()
	}
	return out
}

// ExternalID is one of a record's external ids.
type ExternalID struct {
	ExternalSource struct {
		ID string `json:"id"`
	} `json:"externalSource"`
	Value string `json:"value"`
}

// Has reports whether ids hold value under source.
func Has(ids []ExternalID, source, value string) bool {
	for _, id := range ids {
		if id.Value == value && id.ExternalSource.ID == source {
			return true
		}
	}
	return false
}

// What an organization of the row's Account Name is, when it is trouble.
const (
	// HandMade: made in the admin UI (no external id, an inference, not
	// documented); a CSV import cannot add members to it (genesys.md §1).
	HandMade = "handMade"
	// OtherID: made under another Account ID; this one makes a second
	// organization of the same name.
	OtherID = "otherId"
)

// Organization is an organization a name search found.
type Organization struct {
	Name        string       `json:"name"`
	ExternalIDs []ExternalID `json:"externalIds"`
}

// Account judges the organizations a search for a row's Account Name found:
// HandMade, OtherID, or "" when none of that name is trouble (or one of
// that name is this account's own).
func Account(name, accountID, source string, found []Organization) string {
	verdict := ""
	for _, o := range found {
		if !strings.EqualFold(strings.TrimSpace(o.Name), strings.TrimSpace(name)) {
			continue
		}
		switch {
		case Has(o.ExternalIDs, source, accountID):
			return ""
		case len(o.ExternalIDs) == 0:
			verdict = HandMade
		case verdict == "":
			verdict = OtherID
		}
	}
	return verdict
}

// Answer is what the org said about one row.
type Answer struct {
	Table     int    `json:"table"`
	Exists    bool   `json:"exists"`            // a contact has the row's Contact ID: the row updates it
	SameEmail bool   `json:"sameEmail"`         // a contact under another Contact ID has one of the row's e-mails
	SamePhone bool   `json:"samePhone"`         // … or one of its phones
	Account   string `json:"account,omitempty"` // HandMade or OtherID, on the account's first row
}
