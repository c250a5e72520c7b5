package check

import (
	"strings"
	"testing"

	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// TestRowCountry: a row's own country (its address's, the contact's before
// the account's; a name, code or dialling prefix) reads its phones typed
// without a country code; the country chosen for the file reads the rest.
// A number valid only in the chosen country, in a row naming another, is
// kept as typed and flagged, never rewritten.
func TestRowCountry(t *testing.T) {
	target, _ := schema.New(schema.Legacy)
	phones, err := phone.New("DE") // Germany chosen
	if err != nil {
		t.Fatal(err)
	}
	tb := New(target, phones)
	header := strings.Split("Kunden-Nr|Vorname|Nachname|Mobil|Land|Firmen-ID|Firma|Firmenland", "|")
	f := tb.AddFile("k.csv", mapping.Map(header, target, nil))
	rows := []struct {
		row   string
		phone string
		code  finding.Code
		sev   finding.Severity
	}{
		{"K1|Anne|Martin|06 12 34 56 78|France|||", "+33612345678", finding.PhoneNormalized, finding.Info},
		{"K2|Anne|Martin|06 12 34 56 78|FR|||", "+33612345678", finding.PhoneNormalized, finding.Info},
		{"K3|Anne|Martin|06 12 34 56 78|+33|||", "+33612345678", finding.PhoneNormalized, finding.Info},
		{"K4|Anne|Martin|06 12 34 56 78||F1|Acme|Frankreich", "+33612345678", finding.PhoneNormalized, finding.Info},
		{"K5|Eva|Braun|0171 1234567||||", "+491711234567", finding.PhoneNormalized, finding.Info},
		{"K6|Eva|Braun|0171 1234567|Atlantis|||", "+491711234567", finding.PhoneNormalized, finding.Info},
		{"K7|Eva|Braun|0171 1234567|France|||", "0171 1234567", finding.PhoneCountryUnsure, finding.Warning},
		{"K8|Eva|Braun|+49 171 1234567|France|||", "+491711234567", finding.PhoneNormalized, finding.Info},
		{"K9|Eva|Braun|0171 1234567|Deutschland|F2|Beta|France", "+491711234567", finding.PhoneNormalized, finding.Info},
	}
	for i, r := range rows {
		var fields [][]byte
		for _, c := range strings.Split(r.row, "|") {
			fields = append(fields, []byte(c))
		}
		tb.AddRow(f, i+1, fields, "")
	}
	tb.Resolve()
	cell := target.Index("Contact Cell Phone")
	for i, r := range rows {
		if got := tb.Cell(i, cell); got != r.phone {
			t.Errorf("%s: phone %q, want %q", r.row, got, r.phone)
		}
		if got, ok := codes(tb, i)[r.code]; !ok || got != r.sev {
			t.Errorf("%s: findings %v, want %s (%s)", r.row, tb.Findings(i), r.code, r.sev)
		}
		if tb.State(i) != Ready {
			t.Errorf("%s: %v", r.row, tb.State(i))
		}
	}
}
