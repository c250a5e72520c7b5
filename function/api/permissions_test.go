package api_test

import (
	"slices"
	"strings"
	"testing"

	"contactprep/function/internal/emutest"
)

// TestMissingPermissionNamed: an admin lacking just one permission a route's Genesys
// calls require is answered 403 naming it, whether the function's pre-check or Genesys
// refuses, so the page can say what to ask the org's administrator for.
func TestMissingPermissionNamed(t *testing.T) {
	type call func(t *testing.T, f *fixture, tok, list string) answer
	submit := func(t *testing.T, f *fixture, tok, _ string) answer {
		return f.submit(t, tok, map[string]any{}, cleanFile)
	}
	tests := []struct {
		permission string
		call       call
	}{
		{"externalContacts:importCsvUpload:add", submit},
		{"externalContacts:importCsvUpload:view", submit},
		{"externalContacts:importSettings:add", submit},
		{"externalContacts:importCsvSettings:add", submit},
		{"externalContacts:importCsvJob:add", submit},
		{"externalContacts:importJob:view", submit},
		{"externalContacts:importJob:edit", submit},
		{"outbound:contactList:add", func(t *testing.T, f *fixture, tok, _ string) answer {
			return f.do(t, "POST", "/api/outbound/contactlists", strings.NewReader(`{"name":"x","key":"key-001","columns":["Lead ID","Mobile"],"phoneColumns":["Mobile"]}`),
				"Authorization", "Bearer "+tok)
		}},
		{"outbound:contactList:view", func(t *testing.T, f *fixture, tok, list string) answer {
			return f.do(t, "GET", "/api/outbound/contactlists/"+list, nil, "Authorization", "Bearer "+tok)
		}},
		{"outbound:contact:add", func(t *testing.T, f *fixture, tok, list string) answer {
			return f.rows(t, tok, list, "contacts", leads("L", 2))
		}},
		{"outbound:contact:view", func(t *testing.T, f *fixture, tok, list string) answer {
			return f.rows(t, tok, list, "mapping", "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.permission, func(t *testing.T) {
			f, tok := outboundFixture(t)
			list := f.createList(t, tok, "Leads")
			f.org.Withhold(tt.permission)
			tok = f.org.UserToken(t, emutest.Admin)
			a := tt.call(t, f, tok, list)
			var e struct {
				Code    string
				Missing []string
			}
			a.json(t, &e)
			if a.status != 403 || e.Code != "missing_permission" || !slices.Contains(e.Missing, tt.permission) {
				t.Errorf("%d %s, want 403 naming %s", a.status, a.body, tt.permission)
			}
		})
	}
}
