package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"contactprep/function/api"
	"contactprep/shared/fieldpath"
)

func TestConfigFromEnv(t *testing.T) {
	base := map[string]string{
		"GENESYS_REGION":             "eu-central-1",
		"GENESYS_OAUTH_CLIENT_ID":    "pkce-client",
		"GENESYS_EXTERNAL_SOURCE_ID": "src",
		"PAGE_ORIGIN":                "https://contactprep.acme.workers.dev",
	}
	service := map[string]string{
		"AUTH_MODE": "service", "GENESYS_CLIENT_ID": "id", "GENESYS_CLIENT_SECRET": "secret",
		"ACCESS_TEAM_DOMAIN": "acme.cloudflareaccess.com", "ACCESS_AUD": "aud",
	}
	tests := []struct {
		name    string
		vars    []map[string]string
		problem string // in the error; "" for none
		check   func(t *testing.T, c api.Config)
	}{
		{name: "genesys mode by region", vars: nil, check: func(t *testing.T, c api.Config) {
			if c.Mode != api.ModeGenesys || c.Genesys.Bases.API != "https://api.mypurecloud.de" || c.MaxFileBytes != 50<<20 || c.DryRunWait != 25*time.Second {
				t.Errorf("config %+v, bases %+v", c, c.Genesys.Bases)
			}
		}},
		{name: "unknown region", vars: []map[string]string{{"GENESYS_REGION": "evil.example"}}, problem: "unknown Genesys Cloud region"},
		{name: "development base", vars: []map[string]string{{"GENESYS_API_BASE": "http://127.0.0.1:8787"}}, check: func(t *testing.T, c api.Config) {
			if c.Genesys.Bases.Login != "http://127.0.0.1:8787" || c.Genesys.Bases.Region != "local" {
				t.Errorf("bases %+v", c.Genesys.Bases)
			}
		}},
		{name: "development base off loopback", vars: []map[string]string{{"GENESYS_API_BASE": "http://192.168.1.5:8787"}}, problem: "not a loopback"},
		{name: "no external source", vars: []map[string]string{{"GENESYS_EXTERNAL_SOURCE_ID": ""}}, problem: "GENESYS_EXTERNAL_SOURCE_ID"},
		{name: "genesys mode without client id", vars: []map[string]string{{"GENESYS_OAUTH_CLIENT_ID": ""}}, problem: "GENESYS_OAUTH_CLIENT_ID"},
		{name: "service mode", vars: []map[string]string{service}, check: func(t *testing.T, c api.Config) {
			if c.Access == nil || c.Access.Audience != "aud" || c.DevToken != "" || c.ServiceSecret != "secret" {
				t.Errorf("config %+v", c)
			}
		}},
		{name: "service mode without secret", vars: []map[string]string{service, {"GENESYS_CLIENT_SECRET": ""}}, problem: "GENESYS_CLIENT_SECRET"},
		{name: "service mode without Access", vars: []map[string]string{service, {"ACCESS_TEAM_DOMAIN": ""}}, problem: "team domain"},
		{name: "development token ignored against a real region", vars: []map[string]string{service, {"DEV_ACCESS_TOKEN": "dev", "ACCESS_TEAM_DOMAIN": ""}}, problem: "team domain"},
		{name: "development token against the emulator", vars: []map[string]string{service, {"DEV_ACCESS_TOKEN": "dev", "ACCESS_TEAM_DOMAIN": "", "GENESYS_API_BASE": "http://localhost:8787"}},
			check: func(t *testing.T, c api.Config) {
				if c.DevToken != "dev" || c.Access != nil {
					t.Errorf("config %+v", c)
				}
			}},
		{name: "unknown mode", vars: []map[string]string{{"AUTH_MODE": "open"}}, problem: "AUTH_MODE"},
		{name: "limits and origins", vars: []map[string]string{{"MAX_FILE_BYTES": "1000", "DRY_RUN_WAIT": "3s", "ALLOWED_ORIGINS": " http://a.test/, ,http://b.test"}},
			check: func(t *testing.T, c api.Config) {
				if c.MaxFileBytes != 1000 || c.DryRunWait != 3*time.Second || strings.Join(c.Origins, " ") != "http://a.test http://b.test" {
					t.Errorf("config %+v", c)
				}
			}},
		{name: "limit above the import's", vars: []map[string]string{{"MAX_FILE_BYTES": "60000000"}}, problem: "MAX_FILE_BYTES"},
		{name: "wait not a duration", vars: []map[string]string{{"DRY_RUN_WAIT": "soon"}}, problem: "DRY_RUN_WAIT"},
		{name: "a field path overridden", vars: []map[string]string{{"GENESYS_FIELD_PATHS": `{"externalId": "externalIds.value"}`}},
			check: func(t *testing.T, c api.Config) {
				if got := fieldpath.Target(c.FieldPaths, "externalId"); got != "externalIds.value" {
					t.Errorf("externalId goes to %q", got)
				}
			}},
		{name: "page origin", vars: []map[string]string{{"PAGE_ORIGIN": "HTTPS://Contactprep.Acme.workers.dev/"}}, check: func(t *testing.T, c api.Config) {
			if c.Origin != "https://contactprep.acme.workers.dev" {
				t.Errorf("origin %q", c.Origin)
			}
		}},
		{name: "page origin on this computer", vars: []map[string]string{{"PAGE_ORIGIN": "http://127.0.0.1:8788"}}, check: func(t *testing.T, c api.Config) {
			if c.Origin != "http://127.0.0.1:8788" {
				t.Errorf("origin %q", c.Origin)
			}
		}},
		{name: "no page origin", vars: []map[string]string{{"PAGE_ORIGIN": ""}}, problem: "PAGE_ORIGIN is not set"},
		{name: "page origin with a path", vars: []map[string]string{{"PAGE_ORIGIN": "https://acme.test/app"}}, problem: "scheme and host only"},
		{name: "page origin over http elsewhere", vars: []map[string]string{{"PAGE_ORIGIN": "http://acme.test"}}, problem: "must be https"},
		{name: "an override of no field", vars: []map[string]string{{"GENESYS_FIELD_PATHS": `{"nickname": "x"}`}}, problem: "GENESYS_FIELD_PATHS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for _, layer := range append([]map[string]string{base}, tt.vars...) {
				for k, v := range layer {
					env[k] = v
				}
			}
			c, err := api.ConfigFromEnv(func(k string) string { return env[k] }, http.DefaultClient, api.NewMemoryStore(), nil)
			switch {
			case tt.problem == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
				t.Fatalf("error %v, want one about %s", err, tt.problem)
			case tt.check != nil:
				tt.check(t, c)
			}
		})
	}
}
