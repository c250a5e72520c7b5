package api

import (
	"errors"
	"fmt"
	"log"
	"net/url"
	"strconv"
	"strings"
	"time"

	"contactprep/function/access"
	"contactprep/function/genesys"
	"contactprep/shared/fieldpath"
	"contactprep/shared/schema"
)

// Defaults of the optional variables.
const (
	defaultDryRunWait = 25 * time.Second
	maxDryRunWait     = 2 * time.Minute
)

// ConfigFromEnv reads the Worker's variables and secrets (see function/README.md):
//
//	AUTH_MODE                  genesys (default) or service
//	GENESYS_REGION             region name (eu-west-1) or domain (mypurecloud.ie)
//	GENESYS_API_BASE           development only: a loopback URL replacing the region,
//	GENESYS_LOGIN_BASE         such as the emulator's (login and apps default to the API base)
//	GENESYS_APPS_BASE          development only: the apps.<region> host (contact list uploads)
//	GENESYS_OAUTH_CLIENT_ID    genesys mode: the page's public PKCE client
//	GENESYS_CLIENT_ID          service mode (secret): the client-credentials client
//	GENESYS_CLIENT_SECRET      service mode (secret)
//	GENESYS_EXTERNAL_SOURCE_ID the External Source imported contacts are keyed under
//	GENESYS_FIELD_PATHS        JSON object overriding the path sent for a field,
//	                           {"externalId": "…"} (shared/fieldpath; function/README.md)
//	ACCESS_TEAM_DOMAIN         service mode: <team>.cloudflareaccess.com
//	ACCESS_AUD                 service mode: the Access application's AUD tag
//	DEV_ACCESS_TOKEN           service mode against a local Genesys (secret, .dev.vars)
//	PAGE_ORIGIN                the origin the page and the API are served at,
//	                           https://contactprep.<account>.workers.dev (required)
//	ALLOWED_ORIGINS            other origins allowed to call the API, comma-separated
//	MAX_FILE_BYTES             a lower limit than the import's 50 MB
//	DRY_RUN_WAIT               how long a submission waits for the dry run (25s)
//
// httpDoer and store are the Worker's fetch and KV; logger may be nil.
func ConfigFromEnv(getenv func(string) string, httpDoer genesys.Doer, store Store, logger *log.Logger) (Config, error) {
	env := func(name string) string { return strings.TrimSpace(getenv(name)) }
	cfg := Config{
		Mode:             strings.ToLower(env("AUTH_MODE")),
		OAuthClientID:    env("GENESYS_OAUTH_CLIENT_ID"),
		ServiceClientID:  env("GENESYS_CLIENT_ID"),
		ServiceSecret:    env("GENESYS_CLIENT_SECRET"),
		ExternalSourceID: env("GENESYS_EXTERNAL_SOURCE_ID"),
		MaxFileBytes:     schema.BulkMaxBytes,
		DryRunWait:       defaultDryRunWait,
		Store:            store,
	}
	if logger != nil {
		cfg.Logf = logger.Printf
	}
	if cfg.Mode == "" {
		cfg.Mode = ModeGenesys
	}
	var bases genesys.Bases
	var err error
	if api := env("GENESYS_API_BASE"); api != "" {
		bases, err = genesys.DevBases(api, env("GENESYS_LOGIN_BASE"), env("GENESYS_APPS_BASE"))
	} else {
		bases, err = genesys.RegionBases(env("GENESYS_REGION"))
	}
	if err != nil {
		return cfg, err
	}
	cfg.Genesys = &genesys.Client{HTTP: httpDoer, Bases: bases, Retry: genesys.DefaultRetry}
	if cfg.ExternalSourceID == "" {
		return cfg, errors.New("GENESYS_EXTERNAL_SOURCE_ID is not set: name the External Source the contacts are imported under")
	}
	switch cfg.Mode {
	case ModeGenesys:
		if cfg.OAuthClientID == "" {
			return cfg, errors.New("GENESYS_OAUTH_CLIENT_ID is not set: the page needs the org's PKCE client to sign admins in")
		}
	case ModeService:
		if cfg.ServiceClientID == "" || cfg.ServiceSecret == "" {
			return cfg, errors.New("GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET must be set (wrangler secret put) in service mode")
		}
		if dev := env("DEV_ACCESS_TOKEN"); dev != "" && bases.Region == "local" {
			cfg.DevToken = dev // never honoured against a real org
		}
		team, aud := env("ACCESS_TEAM_DOMAIN"), env("ACCESS_AUD")
		if team != "" || cfg.DevToken == "" {
			if cfg.Access, err = access.NewVerifier(team, aud, httpDoer, store); err != nil {
				return cfg, err
			}
		}
	default:
		return cfg, fmt.Errorf("AUTH_MODE %q is neither genesys nor service", cfg.Mode)
	}
	if cfg.FieldPaths, err = fieldpath.Overrides(env("GENESYS_FIELD_PATHS")); err != nil {
		return cfg, fmt.Errorf("GENESYS_FIELD_PATHS: %w", err)
	}
	if v := env("MAX_FILE_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > schema.BulkMaxBytes {
			return cfg, fmt.Errorf("MAX_FILE_BYTES must be between 1 and %d", schema.BulkMaxBytes)
		}
		cfg.MaxFileBytes = n
	}
	if v := env("DRY_RUN_WAIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > maxDryRunWait {
			return cfg, fmt.Errorf("DRY_RUN_WAIT must be a duration between 0s and %s", maxDryRunWait)
		}
		cfg.DryRunWait = d
	}
	if cfg.Origin, err = pageOrigin(env("PAGE_ORIGIN")); err != nil {
		return cfg, err
	}
	for _, o := range strings.Split(env("ALLOWED_ORIGINS"), ",") {
		if o = strings.TrimSuffix(strings.TrimSpace(o), "/"); o != "" {
			cfg.Origins = append(cfg.Origins, o)
		}
	}
	return cfg, nil
}

// pageOrigin checks PAGE_ORIGIN: an https origin, or an http one on this
// computer (wrangler dev), without a path. Its scheme and host are lowercased
// as a browser's Origin header has them.
func pageOrigin(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(raw, "/"))
	switch {
	case raw == "":
		return "", errors.New("PAGE_ORIGIN is not set: the address the page is served at, such as https://contactprep.<account>.workers.dev")
	case err != nil || u.Host == "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return "", fmt.Errorf("PAGE_ORIGIN %q is not an origin such as https://contactprep.<account>.workers.dev (scheme and host only)", raw)
	case u.Scheme != "https" && !(u.Scheme == "http" && genesys.Loopback(u.Scheme+"://"+u.Host)):
		return "", fmt.Errorf("PAGE_ORIGIN %q must be https (http only on this computer)", raw)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}
