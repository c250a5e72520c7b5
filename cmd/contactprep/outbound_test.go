package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"contactprep/internal/gen"
)

type outboundSummary struct {
	summary
	IDColumn     string   `json:"id_column"`
	PhoneColumns []string `json:"phone_columns"`
	Lists        []struct {
		List  int
		Rows  int
		Parts []string
	} `json:"lists"`
	PartLists []struct {
		File string
		List int
	} `json:"parts"`
}

func TestPrepareOutbound(t *testing.T) {
	dir := t.TempDir()
	var leads bytes.Buffer
	if err := gen.Write(&leads, gen.Options{Kind: gen.KindLeads, Rows: 2500, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	in := write(t, dir, "leads.csv", leads.Bytes())
	out := filepath.Join(dir, "o")
	code, stdout, stderr := runCLI(t, "prepare", "--target", "outbound", "--id-column", "Lead ID", "--list-size", "1000",
		"--phone-columns", "Mobile, Home Phone", "-o", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "2500 rows in") || !strings.Contains(stdout, `3 contact list(s) of at most 1000 contacts, with "Lead ID"`) {
		t.Errorf("stdout %q", stdout)
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s outboundSummary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.IDColumn != "Lead ID" || !slices.Equal(s.PhoneColumns, []string{"Mobile", "Home Phone"}) || len(s.Lists) != 3 {
		t.Fatalf("summary %s", b)
	}
	seen := map[string]bool{}
	mobiles, e164, typed := 0, 0, 0
	for i, l := range s.Lists {
		if l.List != i+1 || l.Rows != []int{1000, 1000, 500}[i] || !slices.Equal(l.Parts, []string{fmt.Sprintf("list-%02d-contacts-001.csv", i+1)}) {
			t.Errorf("list %+v", l)
		}
		recs := readCSV(t, filepath.Join(out, l.Parts[0]))
		if !slices.Equal(recs[0], gen.LeadColumns) || len(recs)-1 != l.Rows {
			t.Errorf("%s: header %q, %d rows", l.Parts[0], recs[0], len(recs)-1)
		}
		for _, r := range recs[1:] {
			if seen[r[0]] {
				t.Fatalf("%s twice", r[0])
			}
			seen[r[0]] = true
			if r[3] != "" {
				mobiles++
				if strings.HasPrefix(r[3], "+") && !strings.ContainsAny(r[3], " -().") {
					e164++
				}
			}
			if strings.ContainsAny(r[5], "(.-") {
				typed++ // Work Phone is no phone column here: kept as typed
			}
		}
	}
	if len(seen) != 2500 {
		t.Errorf("%d Lead IDs in the lists, want 2500", len(seen))
	}
	if e164 < mobiles*95/100 || typed == 0 {
		t.Errorf("%d of %d mobiles in E.164, %d work phones as typed", e164, mobiles, typed)
	}

	// Usage errors: exit 2 with one line.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--target", "outbound"}, "--id-column: a contact list needs it"},
		{[]string{"--id-column", "Lead ID"}, "apply to --target outbound only"},
		{[]string{"--target", "outbound", "--id-column", "Lead ID", "--list-size", "0"}, "--list-size 0"},
		{[]string{"--target", "outbound", "--id-column", "Lead ID", "--list-size", "1000001"}, "--list-size 1000001: more than Genesys takes: at most 1000000"},
		{[]string{"--target", "outbound", "--id-column", "Lead ID", "--phone-columns", "Fax"}, `leads.csv: --phone-columns "Fax": the file's header has no such column`},
		{[]string{"--target", "outbound", "--id-column", "Lead ID", "--max-bytes", "100"}, "--max-bytes 100: too small for a contact list's header and rows: at least 65536"},
	} {
		code, _, errOut := runCLI(t, append(append([]string{"prepare", "-o", filepath.Join(dir, "x")}, c.args...), in)...)
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}

	// A broken contact list limit exits 1, though every row is written.
	wide := "Lead ID"
	for i := range 50 {
		wide += fmt.Sprintf(",C%d", i)
	}
	tooWide := write(t, dir, "wide.csv", []byte(wide+"\nL1"+strings.Repeat(",x", 50)+"\n"))
	code, _, stderr = runCLI(t, "prepare", "--target", "outbound", "--id-column", "Lead ID", "-o", filepath.Join(dir, "w"), tooWide)
	if code != 1 {
		t.Errorf("51 columns: exit %d (%s), want 1", code, stderr)
	}
	if s := readSummary(t, filepath.Join(dir, "w")); s.Findings["too_many_columns"] != 1 || s.OutputRows != 1 {
		t.Errorf("51 columns: summary %+v", s)
	}
}

func TestMapping(t *testing.T) {
	dir := t.TempDir()
	export := write(t, dir, "export.csv", []byte("\ufeff\"\"\"inin-outbound-id\"\"\",\"\"\"Lead ID\"\"\",\"\"\"Name\"\"\",\"\"\"ContactCallable\"\"\"\r\n"+
		"\"c-1\",\"L1\",\"Ann\",\"1\"\r\n\"c-2\",\"\",\"Bo\",\"1\"\r\n\"c-3\",\"L3\",\"Cy\",\"0\"\r\n"))
	out := filepath.Join(dir, "lead-id-mapping.csv")
	code, stdout, stderr := runCLI(t, "mapping", export, "--id-column", "Lead ID", "--list-id", "list-7", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "3 contacts in the export: 2 mapped, 1 without their own id") {
		t.Errorf("stdout %q", stdout)
	}
	got, _ := os.ReadFile(out)
	want := "Lead ID,contact_list_id,genesys_contact_id\nL1,list-7,c-1\nL3,list-7,c-3\n"
	if string(got) != want {
		t.Errorf("mapping %q, want %q", got, want)
	}
	// To standard output, the count on standard error.
	code, stdout, stderr = runCLI(t, "mapping", "-o", "-", "--id-column", "Lead ID", "--list-id", "list-7", export)
	if code != 0 || stdout != want || !strings.Contains(stderr, "2 mapped") {
		t.Errorf("-o -: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The default output name is lead-id-mapping.csv in the working directory.
	wd, _ := os.Getwd()
	os.Chdir(dir)
	os.Remove(out)
	code, _, stderr = runCLI(t, "mapping", "--id-column", "Lead ID", "--list-id", "list-7", export)
	os.Chdir(wd)
	if got, _ := os.ReadFile(out); code != 0 || string(got) != want {
		t.Errorf("default -o: exit %d (%s), file %q", code, stderr, got)
	}

	notExport := write(t, dir, "leads.csv", []byte("Lead ID,Name\nL1,secret-name\n"))
	broken := write(t, dir, "broken.csv", []byte("inin-outbound-id,Lead ID\nc-1,L1\nc-2,\"secret-value\n"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--id-column", "Lead ID", "--list-id", "x"}, "one export file"},
		{[]string{"--list-id", "x", export}, "--id-column"},
		{[]string{"--id-column", "Lead ID", export}, "--list-id"},
		{[]string{"--id-column", "Lead ID", "--list-id", "x", filepath.Join(dir, "missing.csv")}, "missing.csv: no such file"},
		{[]string{"--id-column", "Customer", "--list-id", "x", export}, `no column "Customer"`},
		{[]string{"--id-column", "Lead ID", "--list-id", "x", notExport}, "no inin-outbound-id column"},
		{[]string{"--id-column", "Lead ID", "--list-id", "x", broken}, "broken.csv: export row 2"},
	} {
		target := filepath.Join(dir, "failed.csv")
		code, _, errOut := runCLI(t, append([]string{"mapping", "-o", target}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "secret") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("%v: a failed run left %s behind", c.args, target)
		}
	}
	code, out2, _ := runCLI(t, "help", "mapping")
	if code != 0 || !strings.Contains(out2, "inin-outbound-id") || !strings.Contains(out2, "-list-id") {
		t.Errorf("help mapping: %d %q", code, out2)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".lead-id-mapping-*")); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}
