package output_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"contactprep/shared/field"
	"contactprep/shared/finding"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

// formulas is a contact list whose values start like formulas; every row is
// rejected for its e-mail address, so all of them reach rejected.csv.
const formulas = "Contact ID,First Name,Last Name,Email,Title\r\n" +
	"C1,=1+1,Lee,not-an-email,@SUM(A1)\r\n" +
	"C2,\"\t=1+1\",-Wei,also-not,+boss\r\n" +
	"=C3,Ann,Bo,nope,\"\r=cmd\"\r\n"

// findings.csv and rejected.csv are formula-safe: no cell a spreadsheet would
// run. rejected.csv, fixed and imported again, gives the values as they were:
// its apostrophes are read back, and the import parts keep the values with a
// formula_prefix warning, as for the original file.
func TestReportsAreFormulaSafe(t *testing.T) {
	_, sum, mem := prepareAll(t, prepare.Options{}, prepare.Input{Name: "=f.csv", Data: []byte(formulas)})
	if sum.RejectedRows != 3 {
		t.Fatalf("%d rows rejected, want 3", sum.RejectedRows)
	}
	for _, name := range []string{output.FindingsFile, output.RejectedFile} {
		for i, rec := range records(t, mem.Files[name]) {
			for _, cell := range rec {
				if field.FormulaPrefix(cell) {
					t.Errorf("%s record %d: cell %q would run as a formula", name, i, cell)
				}
			}
		}
	}
	if !bytes.Contains(mem.Files[output.RejectedFile], []byte(`'=1+1`)) {
		t.Errorf("rejected.csv does not keep the value behind an apostrophe:\n%s", mem.Files[output.RejectedFile])
	}

	// Fix the e-mails, drop the report's own columns, import again.
	rej := records(t, mem.Files[output.RejectedFile])
	var fixed bytes.Buffer
	w := csv.NewWriter(&fixed)
	for i, rec := range rej {
		rec = rec[4:]
		if i > 0 {
			rec[3] = "ok@example.com"
		}
		w.Write(rec)
	}
	w.Flush()
	res, sum2, mem2 := prepareAll(t, prepare.Options{}, prepare.Input{Name: "fixed.csv", Data: fixed.Bytes()})
	if sum2.OutputRows != 3 {
		t.Fatalf("%d of 3 fixed rows ready", sum2.OutputRows)
	}
	parts := records(t, mem2.Files["contacts-001.csv"])
	col := func(h string) int { return slices.Index(parts[0], h) }
	want := [][3]string{{"C1", "=1+1", "@SUM(A1)"}, {"C2", "=1+1", "+boss"}, {"=C3", "Ann", "=cmd"}}
	for i, w := range want {
		got := [3]string{parts[i+1][col("Contact ID")], parts[i+1][col("Contact First Name")], parts[i+1][col("Contact Title")]}
		if got != w {
			t.Errorf("row %d reads %q, want %q", i+1, got, w)
		}
	}
	warned := 0
	for r := range res.Table.Len() {
		for _, f := range res.Table.Findings(r) {
			if f.Code == finding.FormulaPrefix {
				warned++
			}
		}
	}
	if warned != 7 {
		t.Errorf("%d formula_prefix warnings, want 7 (each value that starts like a formula)", warned)
	}
}

// Undefused takes off only the apostrophe Defused puts. (A value that
// already starts with one before a formula character, "'=1", reads as "=1":
// so Excel users write "do not run this".)
func TestDefusedRoundTrip(t *testing.T) {
	for _, v := range []string{"=1+1", "+14155552671", "-5", "@x", "\t=1", "\r=1", "'", "'plain", "plain", "", "O'Brien", "''=1"} {
		d := field.Defused(v)
		if field.FormulaPrefix(d) {
			t.Errorf("Defused(%q) = %q still runs", v, d)
		}
		if got := string(field.Undefused([]byte(d))); got != v {
			t.Errorf("Undefused(Defused(%q)) = %q", v, got)
		}
	}
}

// findings.csv lists at most a set number of findings of a code; summary.json
// counts them all and says how many were not listed.
func TestFindingsListedUpToACap(t *testing.T) {
	defer output.SetMaxListed(2)()
	// Five rows with an invalid e-mail, one with an invalid URL.
	data := "Contact ID,First Name,Last Name,Email,Website\n" +
		"1,A,B,x,\n2,A,B,x,\n3,A,B,x,\n4,A,B,x,\n5,A,B,x,ftp://nope\n"
	_, sum, mem := prepareAll(t, prepare.Options{}, prepare.Input{Name: "f.csv", Data: []byte(data)})
	listed := findingsOf(t, mem)
	if len(listed[finding.EmailInvalid]) != 2 || len(listed[finding.URLInvalid]) != 1 {
		t.Errorf("listed %d email_invalid and %d url_invalid, want 2 and 1", len(listed[finding.EmailInvalid]), len(listed[finding.URLInvalid]))
	}
	if sum.Findings[finding.EmailInvalid] != 5 || sum.FindingsNotListed[finding.EmailInvalid] != 3 || sum.FindingsNotListed[finding.URLInvalid] != 0 {
		t.Errorf("summary counts %d email_invalid, %v not listed; want 5 and 3", sum.Findings[finding.EmailInvalid], sum.FindingsNotListed)
	}
	if sum.RejectedRows != 5 {
		t.Errorf("%d rows rejected, want all 5 (not listing a finding loses no row)", sum.RejectedRows)
	}
}
