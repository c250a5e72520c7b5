package output_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"contactprep/shared/finding"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

// jargon are words an admin should never have to read in findings.csv's
// message or rejected.csv's reason: standards' names, our internal names,
// codes (they have their own column), command-line flags and percentages
// of certainty.
var jargon = regexp.MustCompile(`(?i)\be\.?164\b|\bkeys?\b|\bfold(ed)?\b|synonym|\bsure\b|confidence|u\+fffd|(^|\s)--[a-z]` +
	`|\btarget\b|\bsource column|\brecords?\b|\bexported\b|\bfields?\b|\b[a-z]+_[a-z_]+\b|\bnil\b|\bnull\b` +
	`|\blegacy\b|\bbulk\b|\boutbound\b|\bmatch\b|%`)

// lowerEncoding is an encoding by its internal name ("windows-1252"), not
// as people know it ("Western European (Windows-1252)").
var lowerEncoding = regexp.MustCompile(`\b(windows|iso|utf)-\d`)

// TestPlainWords renders every kind of finding through the real pipeline,
// into findings.csv and rejected.csv, and fails on a message in jargon.
func TestPlainWords(t *testing.T) {
	title := strings.Repeat("t", 900)
	main := strings.Join([]string{
		"Customer ID,First Name,Last Name,Mobile,Work Phone,Ext,E-Mail,Website,Opt Out,Title,Company ID,Company,Shoe Size,Shoe Size,",
		"C1,Ann,Lee,(415) 555-2671,415.555.2672 x204,,ann@example.com,www.example.com,no,,A1,Acme,,,",
		"C1,Ann,Lee,(415) 555-2671,415.555.2672 x204,,ann@example.com,www.example.com,no,,A1,Acme,,,",
		"C2,Bo,,4.155552673E+9,1-800-FLOWERS,abc,bo@example,ftp://x,maybe,,A9,,,,",
		"C3,Cy,Ho,555-1234,415 555 2672 x9,12,cy@example.com,,,=cmd,A2,Acme,,,",
		"C4,Di,Po,,,,,,,,A3,Beta,,,",
		"C4,Dee,Po,,,,,,,,A3,Beta Ltd,,,",
		"4.47E+11,Ed,Yu,,,,,,,,,,,,",
		"C5,\"Fay,Ng,,,,,,,,,,,,",
		"C6,Gus,Oh,,,,,,,,,,,,,x,y",
		"C7,Hal,Ra,,,,,,,,,,,",
		"C8,Ivy,Su,,,,,,," + title + ",,,,,",
		"C9,Jo,Ty,,,,,,," + strings.Repeat("é", 1001) + ",,,,,",
		",,,,,,,,,,,,,,",
		"C10,,,,,,,,,,,,,,",
		"C11,Kim,Lo,,,,,,,,A1,,,,",
	}, "\n") + "\n"
	var wide, values []string
	for i := range 60 {
		wide, values = append(wide, fmt.Sprintf("c%d", i)), append(values, "1")
	}
	list := strings.Join(append(wide, "Lead ID", strings.Repeat("h", 200)), ",") + "\n" + strings.Join(append(values, "L1", "x"), ",") + "\n"
	runs := []struct {
		opt    prepare.Options
		inputs []prepare.Input
		leave  []int // rows the admin leaves out
	}{
		{prepare.Options{MaxBytes: 1500}, []prepare.Input{
			{Name: "crm.csv", Data: []byte(main)},
			{Name: "latin.csv", Data: []byte("Contact ID;Nom;Pr\xe9nom;Soci\xe9t\xe9\nK1;M\xfcller;Jos\xe9;\n")},
			{Name: "bad.csv", Data: []byte("Contact ID,First Name,Last Name\nK2,Jos\xe9,Lee\n"), Encoding: "utf-8"},
			{Name: "empty.csv", Data: []byte("")},
			{Name: "header.csv", Data: []byte("Contact ID,First Name,Last Name\n")},
			{Name: "countries.csv", Data: []byte("Contact ID,First Name,Last Name,Mobile,Country\nK5,Eva,Braun,(415) 555-2671,France\n")},
			{Name: "report.csv", Data: []byte("Q3 customer contacts,,\n\nContact ID,First Name,Last Name\nK3,Ann,Lee\n")},
			{Name: "report2.csv", Data: []byte("Q3 customer contacts\nExported 2026-10-01\nContact ID,First Name,Last Name\nK4,Ann,Lee\n")},
		}, nil},
		{prepare.Options{MakeIDs: true}, []prepare.Input{
			{Name: "google.csv", Data: []byte("First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n" +
				"Ann,Lee,Work,ann@example.com,Mobile,+1 415 555 0101 ::: +1 415 555 0102 ::: +1 415 555 0103 ::: +1 415 555 0104 ::: +1 415 555 0105\n")},
		}, nil},
		{prepare.Options{Target: "outbound", IDColumn: "Lead ID"}, []prepare.Input{
			{Name: "list.csv", Data: []byte(list)},
		}, nil},
		{prepare.Options{}, []prepare.Input{
			{Name: "chosen.csv", Data: []byte("Contact ID,First Name,Last Name\nK1,Ann,Lee\nK2,Bo,Ray\n")},
		}, []int{1}},
	}
	seen := map[finding.Code]bool{}
	for _, run := range runs {
		_, _, mem := prepareLeaving(t, run.opt, run.leave, run.inputs...)
		for code, fs := range findingsOf(t, mem) {
			seen[code] = true
			for _, f := range fs {
				plain(t, fmt.Sprintf("findings.csv %s", code), f["message"])
			}
		}
		rej := records(t, mem.Files[output.RejectedFile])
		for _, r := range rej[1:] {
			plain(t, "rejected.csv reason of "+r[3], r[2])
		}
	}
	for _, c := range finding.Codes {
		if !seen[c] {
			t.Errorf("no run made a %s finding: its words are not checked", c)
		}
	}
}

func plain(t *testing.T, where, msg string) {
	t.Helper()
	if msg == "" {
		t.Errorf("%s: no message", where)
	}
	if w := jargon.FindString(msg); w != "" {
		t.Errorf("%s: %q says %q", where, msg, w)
	}
	if w := lowerEncoding.FindString(msg); w != "" {
		t.Errorf("%s: %q names an encoding as %q", where, msg, w)
	}
}
