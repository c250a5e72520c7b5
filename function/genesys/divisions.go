package genesys

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Division is a division of the org that new contacts can be put in.
type Division struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Home bool   `json:"homeDivision"`
}

// AddContactPermission is the permission whose divisions DivisionsPermitted lists:
// the divisions the admin may create external contacts in.
const AddContactPermission = "externalContacts:contact:add"

// divisionPageSize is the page size asked for; maxDivisionPages bounds the
// pages read (an org has at most a few hundred divisions).
const (
	divisionPageSize = 100
	maxDivisionPages = 50
)

// DivisionsPermitted returns the divisions the signed-in user holds permission in,
// every page of them: GET /api/v2/authorization/divisionspermitted/paged/me
// (AuthorizationApi.md get_authorization_divisionspermitted_paged_me, SDK 257.1.0:
// "Requires no permissions"; permission is required, pageNumber and pageSize
// optional; the answer a DivsPermittedEntityListing of AuthzDivision).
func (c *Client) DivisionsPermitted(ctx context.Context, token, permission string) ([]Division, error) {
	var all []Division
	for page := 1; page <= maxDivisionPages; page++ {
		q := url.Values{"permission": {permission}, "pageNumber": {strconv.Itoa(page)}, "pageSize": {strconv.Itoa(divisionPageSize)}}
		var listing struct {
			Entities  []Division `json:"entities"`
			PageCount int        `json:"pageCount"`
		}
		err := c.call(ctx, request{op: "read the divisions you may add contacts in", method: http.MethodGet,
			url: c.Bases.API + "/api/v2/authorization/divisionspermitted/paged/me?" + q.Encode(), token: token}, &listing)
		if err != nil {
			return nil, err
		}
		all = append(all, listing.Entities...)
		if page >= listing.PageCount || len(listing.Entities) == 0 {
			break
		}
	}
	return all, nil
}
