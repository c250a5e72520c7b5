package genesys

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// regions are the Genesys Cloud regions and their domains (genesys.md §2). The
// function talks only to these, so it can never be turned into a proxy to other hosts.
var regions = map[string]string{
	"us-east-1":      "mypurecloud.com",
	"eu-west-1":      "mypurecloud.ie",
	"ap-southeast-2": "mypurecloud.com.au",
	"ap-northeast-1": "mypurecloud.jp",
	"eu-central-1":   "mypurecloud.de",
	"us-west-2":      "usw2.pure.cloud",
	"ca-central-1":   "cac1.pure.cloud",
	"ap-northeast-2": "apne2.pure.cloud",
	"eu-west-2":      "euw2.pure.cloud",
	"ap-south-1":     "aps1.pure.cloud",
	"us-east-2":      "use2.us-gov-pure.cloud",
	"sa-east-1":      "sae1.pure.cloud",
	"me-central-1":   "mec1.pure.cloud",
	"ap-northeast-3": "apne3.pure.cloud",
	"eu-central-2":   "euc2.pure.cloud",
	"mx-central-1":   "mxc1.pure.cloud",
	"ap-southeast-1": "apse1.pure.cloud",
}

// Bases are where an org's APIs live.
type Bases struct {
	Region string // the region name, or "local" for a development server
	API    string // https://api.<domain>
	Login  string // https://login.<domain>
	Apps   string // https://apps.<domain>: contact list CSV uploads
}

// RegionBases returns the bases of a region given by name ("eu-west-1") or by domain
// ("mypurecloud.ie").
func RegionBases(region string) (Bases, error) {
	region = strings.ToLower(strings.TrimSpace(region))
	domain, ok := regions[region]
	if !ok {
		for name, d := range regions {
			if d == region {
				region, domain, ok = name, d, true
				break
			}
		}
	}
	if !ok {
		return Bases{}, fmt.Errorf("unknown Genesys Cloud region %q: use a region name such as eu-west-1 or its domain such as mypurecloud.ie", region)
	}
	return Bases{Region: region, API: "https://api." + domain, Login: "https://login." + domain, Apps: "https://apps." + domain}, nil
}

// DevBases returns bases pointing at a development server such as the emulator. Only
// loopback addresses are accepted: a deployed function must reach Genesys only. Login
// and apps default to the API base (the emulator serves all three).
func DevBases(api, login string, apps ...string) (Bases, error) {
	if login == "" {
		login = api
	}
	appsBase := api
	if len(apps) > 0 && apps[0] != "" {
		appsBase = apps[0]
	}
	for _, base := range []string{api, login, appsBase} {
		if !Loopback(base) {
			return Bases{}, fmt.Errorf("development base URL %q is not a loopback http(s) URL", base)
		}
	}
	return Bases{Region: "local", API: strings.TrimSuffix(api, "/"), Login: strings.TrimSuffix(login, "/"),
		Apps: strings.TrimSuffix(appsBase, "/")}, nil
}

// Loopback reports whether rawURL is an http or https URL of this machine
// (127.0.0.0/8, ::1 or localhost), with no path beyond "/".
func Loopback(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
