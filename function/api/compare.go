package api

import (
	"encoding/json"
	"net/http"

	"contactprep/function/genesys"
	"contactprep/shared/orgcheck"
)

// handleCompare is POST /api/org/compare: one batch of "Compare with my org"
// (shared/orgcheck). For each row it asks the org whether a contact has its
// Contact ID, whether a contact under another Contact ID has one of its
// e-mails or phones, and what organizations carry its Account Name. It needs
// view permissions only and changes nothing. A 429 from Genesys is answered
// with its Retry-After, for the page to send the batch again then. An Account
// Name travels in a search's query string, as the documented search takes it;
// the log never holds query strings.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	token := s.genesysToken(w, r, genesys.LookupPermissions)
	if token == "" {
		return
	}
	var req struct {
		Rows []orgcheck.Row `json:"rows"`
	}
	raw, over, err := readAtMost(r.Body, maxSettingsBytes)
	if err != nil || over || json.Unmarshal(raw, &req) != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "send {\"rows\": [...]} as JSON, at most 64 KB")
		return
	}
	lookups := 0
	for _, row := range req.Rows {
		lookups += row.Lookups()
	}
	if lookups > orgcheck.MaxLookups {
		writeError(w, http.StatusBadRequest, "bad_request", "too many lookups in one request")
		return
	}
	ctx := r.Context()
	source := s.cfg.ExternalSourceID
	answers := make([]orgcheck.Answer, len(req.Rows))
	for i, row := range req.Rows {
		a := orgcheck.Answer{Table: row.Table}
		found, err := s.cfg.Genesys.LookupContact(ctx, token, orgcheck.ByExternalID, row.ContactID, source)
		if err != nil {
			s.genesysFailed(w, r, err, "looking up a contact")
			return
		}
		a.Exists = found != nil
		for _, by := range []struct {
			kind   string
			values []string
			same   *bool
		}{{orgcheck.ByEmail, row.Emails, &a.SameEmail}, {orgcheck.ByPhone, row.Phones, &a.SamePhone}} {
			for _, v := range by.values {
				found, err := s.cfg.Genesys.LookupContact(ctx, token, by.kind, v, source)
				if err != nil {
					s.genesysFailed(w, r, err, "looking up a contact")
					return
				}
				if found != nil && !orgcheck.Has(found.ExternalIDs, source, row.ContactID) {
					*by.same = true
				}
			}
		}
		if row.AccountName != "" {
			orgs, err := s.cfg.Genesys.SearchOrganizations(ctx, token, row.AccountName)
			if err != nil {
				s.genesysFailed(w, r, err, "looking up an organization")
				return
			}
			a.Account = orgcheck.Account(row.AccountName, row.AccountID, source, orgs)
		}
		answers[i] = a
	}
	writeJSON(w, http.StatusOK, struct {
		Answers []orgcheck.Answer `json:"answers"`
	}{answers})
}
