package genesys

import (
	"context"
	"fmt"
	"net/http"
)

// DNC (do not contact) lists, from MyPureCloud/platform-client-sdk-python build/docs
// (SDK 257.1.0): DncList.md, DncListEntityListing.md and OutboundApi.md
// get_outbound_dnclists, post_outbound_dnclist_phonenumbers,
// post_outbound_dnclist_emailaddresses, patch_outbound_dnclist_customexclusioncolumns
// (DncPatchCustomExclusionColumnsRequest.md). Only internal lists (rds, rds_custom)
// take entries through the API.
const dncListsPath = "/api/v2/outbound/dnclists"

// DNC list types (dnc_list.py allowed_values) that this function can add to.
const (
	DNCPhoneOrEmail = "rds"        // by contactMethod: Phone, Email, Any or WhatsApp
	DNCCustom       = "rds_custom" // values of its CustomExclusionColumn, such as Lead IDs
)

// MaxDNCEntriesPerRequest is how many entries this function sends in one request.
// Genesys documents no limit; this keeps a body of 512-character entries under its
// 512,000-byte JSON limit (genesys.md §2). Configuration, not a documented figure.
const MaxDNCEntriesPerRequest = 500

// DNCPermissions are what listing DNC lists and adding to them need (OutboundApi.md):
// outbound:dnc:add for phone numbers and e-mail addresses, outbound:dnc:edit for the
// PATCH of a custom exclusion column.
var DNCPermissions = []string{"outbound:dncList:view", "outbound:dnc:add", "outbound:dnc:edit"}

// DNCList is a DNC list (DncList.md).
type DNCList struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	DncSourceType         string `json:"dncSourceType"`
	ContactMethod         string `json:"contactMethod,omitempty"`
	CustomExclusionColumn string `json:"customExclusionColumn,omitempty"`
	Size                  int    `json:"size"`
}

// maxListingPages bounds how many pages of 100 a listing reads.
const maxListingPages = 50

// listAll reads every page of a listing at path (which has its own query) into add;
// more is true when there were more than maxListingPages pages.
func listAll[E any](c *Client, ctx context.Context, token, op, path string, perms []string, add func([]E)) (more bool, err error) {
	for page := 1; ; page++ {
		var out struct {
			Entities  []E `json:"entities"`
			PageCount int `json:"pageCount"`
		}
		err := c.call(ctx, request{op: op, method: http.MethodGet, url: c.Bases.API + path + fmt.Sprintf("&pageSize=100&pageNumber=%d", page),
			token: token, permissions: perms}, &out)
		if err != nil {
			return false, err
		}
		add(out.Entities)
		if page >= out.PageCount || len(out.Entities) == 0 {
			return false, nil
		}
		if page >= maxListingPages {
			return true, nil
		}
	}
}

// DNCLists returns the DNC lists the token may see, with their sizes.
func (c *Client) DNCLists(ctx context.Context, token string) ([]DNCList, bool, error) {
	var all []DNCList
	more, err := listAll(c, ctx, token, "list DNC lists", dncListsPath+"?includeSize=true", []string{"outbound:dncList:view"},
		func(page []DNCList) { all = append(all, page...) })
	return all, more, err
}

// DNCList reads one DNC list.
func (c *Client) DNCList(ctx context.Context, token, id string) (DNCList, error) {
	var l DNCList
	err := c.call(ctx, request{op: "read DNC list", method: http.MethodGet, url: c.api(dncListsPath+"/%s", id), token: token,
		permissions: []string{"outbound:dncList:view"}}, &l)
	return l, err
}

// DNCTakes says what a DNC list takes through the API: "phone", "email", "custom",
// or "" (none: an external list, or an rds list of another contact method).
func (l DNCList) Takes() string {
	switch {
	case l.DncSourceType == DNCCustom:
		return "custom"
	case l.DncSourceType != DNCPhoneOrEmail:
		return ""
	case l.ContactMethod == "Phone" || l.ContactMethod == "Any":
		return "phone"
	case l.ContactMethod == "Email":
		return "email"
	}
	return ""
}

// AddToDNC adds entries to a DNC list by the call its kind takes, at most
// MaxDNCEntriesPerRequest per request. Adding an entry twice changes nothing, so a
// retry is safe.
func (c *Client) AddToDNC(ctx context.Context, token string, l DNCList, entries []string) error {
	for len(entries) > 0 {
		n := min(len(entries), MaxDNCEntriesPerRequest)
		one := entries[:n]
		entries = entries[n:]
		var r request
		switch l.Takes() {
		case "phone":
			r = request{op: "add phone numbers to DNC list", method: http.MethodPost, url: c.api(dncListsPath+"/%s/phonenumbers", l.ID),
				json: one, permissions: []string{"outbound:dnc:add"}}
		case "email":
			r = request{op: "add e-mail addresses to DNC list", method: http.MethodPost, url: c.api(dncListsPath+"/%s/emailaddresses", l.ID),
				json: one, permissions: []string{"outbound:dnc:add"}}
		case "custom":
			r = request{op: "add entries to DNC list", method: http.MethodPatch, url: c.api(dncListsPath+"/%s/customexclusioncolumns", l.ID),
				json: map[string]any{"action": "Add", "customExclusionColumnEntries": one}, permissions: []string{"outbound:dnc:edit"}}
		default:
			return fmt.Errorf("DNC list %s takes no entries through the API", l.ID)
		}
		r.token = token
		if err := c.call(ctx, r, nil); err != nil {
			return err
		}
	}
	return nil
}
