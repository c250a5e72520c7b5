package emulator

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestEndpointPermissions: each endpoint refuses a token lacking just the permission its
// SDK doc requires (each one, where it requires all), naming it, and serves one holding it.
func TestEndpointPermissions(t *testing.T) {
	for _, e := range endpoints {
		if len(e.any) == 0 && len(e.all) == 0 {
			continue
		}
		target := strings.NewReplacer("{uploadId}", "u", "{settingsId}", "s", "{jobId}", "j", "{listId}", "l", "{dncListId}", "d").Replace(e.path)
		lacking := [][]string{e.any} // without any of them
		for _, p := range e.all {
			lacking = append(lacking, []string{p}) // without one of them
		}
		if len(e.all) > 0 {
			lacking = lacking[1:]
		}
		for _, withheld := range lacking {
			t.Run(e.method+" "+e.path+" without "+strings.Join(withheld, ","), func(t *testing.T) {
				h := newHarness(t, testConfig())
				tok := h.admin()
				if rec := h.do(e.method, target, tok, "{}"); rec.Code == http.StatusForbidden || rec.Code == http.StatusUnauthorized {
					t.Fatalf("with every permission: status %d %s", rec.Code, rec.Body)
				}
				h.s.Withhold(withheld...)
				rec := h.do(e.method, target, tok, "{}")
				if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), withheld[0]) {
					t.Errorf("status %d %s, want 403 naming %s", rec.Code, rec.Body, withheld[0])
				}
			})
		}
	}
}

// TestEndpointDocs: every endpoint's permissions and citation are those of the SDK docs,
// as extracted into testdata/sdk-permissions.txt; only the undocumented upload is not.
func TestEndpointDocs(t *testing.T) {
	raw, err := os.ReadFile("testdata/sdk-permissions.txt")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]string{} // route: kind, permissions..., file, operation
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 5 && !strings.HasPrefix(line, "#") {
			docs[f[0]+" "+f[1]] = f[2:]
		}
	}
	seen := map[string]bool{}
	for _, e := range endpoints {
		route := e.method + " " + e.path
		if seen[route] {
			t.Errorf("%s is in the table twice", route)
		}
		seen[route] = true
		d, ok := docs[route]
		if !ok {
			if !strings.HasPrefix(e.doc, "undocumented") {
				t.Errorf("%s is not in the SDK docs but is not marked undocumented", route)
			}
			continue
		}
		want := []string{"NONE"}
		switch {
		case len(e.any) > 0:
			want = append([]string{"ANY"}, e.any...)
		case len(e.all) > 0:
			want = append([]string{"ALL"}, e.all...)
		}
		want = append(want, strings.Fields(e.doc)...)
		if !slices.Equal(d, want) {
			t.Errorf("%s: table %v, SDK docs %v", route, want, d)
		}
	}
}

func TestWithheldPermissionsLeaveUsersMe(t *testing.T) {
	h := newHarness(t, testConfig())
	const redirect = "https://app.example/callback"
	_, q := h.authorize("browser", redirect, pkceChallenge(verifier), "S256")
	_, body := h.exchange(codeForm(q.Get("code"), verifier, "browser", redirect))
	tok, _ := body["access_token"].(string)
	h.s.Withhold("externalContacts:importCsvUpload:view")
	var me struct {
		Authorization struct{ Permissions []string }
	}
	h.ok("GET", "/api/v2/users/me?expand=authorization", tok, nil, &me)
	if slices.Contains(me.Authorization.Permissions, "externalContacts:importCsvUpload:view") ||
		!slices.Contains(me.Authorization.Permissions, "externalContacts:importCsvUpload:add") {
		t.Errorf("permissions %v", me.Authorization.Permissions)
	}
	if rec := h.do("POST", "/_emulator/reset", "", nil); rec.Code != http.StatusNoContent {
		t.Fatal(rec.Code)
	}
	h.ok("GET", "/api/v2/users/me?expand=authorization", tok, nil, &me)
	if !slices.Contains(me.Authorization.Permissions, "externalContacts:importCsvUpload:view") {
		t.Errorf("after reset: permissions %v", me.Authorization.Permissions)
	}
}
