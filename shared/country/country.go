// Package country reads the country of an address as people write it: a name, an ISO code or a dialling prefix.
package country

//go:generate go run ./gen

import (
	"strconv"
	"strings"

	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// Region returns the ISO 3166 alpha-2 region a country cell names, as the
// phone package knows it: "FR", "fr", "FRA", "France", "Frankreich",
// "Francia", "+33", "0033" and "33" all are France. A region of several
// under one dialling prefix is its main one ("+1" is the US). ok is false
// for anything else, an empty cell included.
func Region(cell string) (region string, ok bool) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return "", false
	}
	if code, ok := callingCode(s); ok {
		return phone.RegionOfCallingCode(code)
	}
	if len(s) == 2 {
		r := strings.ToUpper(s)
		if _, err := phone.New(r); err == nil {
			return r, true
		}
		if r == "UK" {
			return "GB", true
		}
		return "", false
	}
	k := schema.NameKey(s)
	if r, ok := aliases[k]; ok {
		return r, true
	}
	r, ok := names[k]
	return r, ok
}

// callingCode reads "+33", "0033" or "33" as a country calling code.
func callingCode(s string) (int, bool) {
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "00"):
		s = s[2:]
	}
	if len(s) == 0 || len(s) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// aliases are names people write that no language's list has: short
// forms, parts of a country, and some countries' own names.
var aliases = map[string]string{
	"us": "US", "unitedstatesofamerica": "US", "america": "US",
	"uk": "GB", "greatbritain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northernireland": "GB",
	"holland": "NL", "thenetherlands": "NL", "brd": "DE",
	"polska": "PL", "sverige": "SE", "danmark": "DK", "norge": "NO", "suomi": "FI", "ceskarepublika": "CZ", "cesko": "CZ",
}
