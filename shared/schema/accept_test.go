package schema

import (
	"strings"
	"testing"

	"contactprep/shared/finding"
)

func TestAccept(t *testing.T) {
	col := func(path string) Column {
		c, ok := ForPath(path)
		if !ok {
			t.Fatalf("ForPath(%q) found no column", path)
		}
		return c
	}
	for _, tc := range []struct {
		path, value string
		verdict     Verdict
		code        finding.Code
	}{
		{"workPhone.display", "+14155552671", Taken, ""},
		{"cellPhone.display", "call after 5pm", AsTyped, finding.PhoneInvalid},
		{"externalOrganization.phoneNumber.display", "4.15555E+09", AsTyped, finding.PhoneInvalid},
		{"homePhone.display", strings.Repeat("1", 513), Refused, finding.ValueTooLong},
		{"workPhone.extension", "99", Taken, ""},
		{"cellPhone.extension", "x99", Refused, finding.PhoneExtension},
		{"otherPhone.extension", strings.Repeat("9", 19), Refused, finding.PhoneExtension},
		{"workEmail", "ann@example.com", Taken, ""},
		{"personalEmail", "ann@", Refused, finding.EmailInvalid},
		{"externalSystemUrl", "https://crm.example/c/1", Taken, ""},
		{"externalOrganization.websites", "crm.example", Refused, finding.URLInvalid},
		{"surveyOptOut", "false", Taken, ""},
		{"surveyOptOut", "yes", Refused, finding.BoolInvalid},
		{"externalId", strings.Repeat("é", 255), Taken, ""},
		{"externalOrganization.externalId", strings.Repeat("é", 256), Refused, finding.ValueTooLong},
		{"firstName", "=1+2", Taken, ""},
	} {
		c := col(tc.path)
		if v, code := c.Accept(tc.value); v != tc.verdict || code != tc.code {
			t.Errorf("%s %.20q: %v %q, want %v %q", tc.path, tc.value, v, code, tc.verdict, tc.code)
		}
	}
	if _, ok := ForPath("twitterId.screenName"); ok {
		t.Error("ForPath found a column for a field the catalog lacks")
	}
}

func TestPathRoundTrip(t *testing.T) {
	for _, c := range Catalog() {
		if p := c.Path(); p != "" {
			if got, ok := ForPath(p); !ok || got.Header != c.Header {
				t.Errorf("ForPath(%q) = %q, want %q", p, got.Header, c.Header)
			}
		}
	}
}
