package genesys

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"contactprep/shared/orgcheck"
)

// LookupPermissions are what "Compare with my org" needs: view permissions
// only (ExternalContactsApi.md post_externalcontacts_identifierlookup_contacts,
// get_externalcontacts_organizations; shared/orgcheck).
var LookupPermissions = []string{
	"externalContacts:contact:view",
	"externalContacts:externalOrganization:view",
}

// Found is a contact an identifier lookup found.
type Found struct {
	ID          string                `json:"id"`
	ExternalIDs []orgcheck.ExternalID `json:"externalIds"`
}

// LookupContact finds the contact with an identifier (orgcheck.ByEmail,
// ByPhone, ByExternalID under source): nil when there is none (404).
func (c *Client) LookupContact(ctx context.Context, token, kind, value, source string) (*Found, error) {
	body := map[string]any{"type": kind, "value": value}
	if kind == orgcheck.ByExternalID {
		body["externalSource"] = map[string]string{"id": source}
	}
	var f Found
	err := c.call(ctx, request{op: "look up a contact", method: http.MethodPost,
		url: c.api("/api/v2/externalcontacts/identifierlookup/contacts"), token: token, json: body}, &f)
	if StatusOf(err) == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// SearchOrganizations returns the first orgcheck.OrganizationsPage
// organizations a search for q finds.
func (c *Client) SearchOrganizations(ctx context.Context, token, q string) ([]orgcheck.Organization, error) {
	query := url.Values{"q": {q}, "pageSize": {strconv.Itoa(orgcheck.OrganizationsPage)}, "pageNumber": {"1"}}
	var listing struct {
		Entities []orgcheck.Organization `json:"entities"`
	}
	err := c.call(ctx, request{op: "search organizations", method: http.MethodGet,
		url: c.api("/api/v2/externalcontacts/organizations") + "?" + query.Encode(), token: token}, &listing)
	return listing.Entities, err
}
