package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type summary struct {
	InputRows    int `json:"input_rows"`
	OutputRows   int `json:"output_rows"`
	RejectedRows int `json:"rejected_rows"`
	MergedRows   int `json:"merged_rows"`
	Parts        []struct {
		File  string `json:"file"`
		Rows  int    `json:"rows"`
		Bytes int64  `json:"bytes"`
	} `json:"parts"`
	Inputs []struct {
		File, Format, Encoding, Delimiter, Sheet string
		Rows                                     int
		TitleRows                                int `json:"title_rows"`
	} `json:"inputs"`
	Findings map[string]int `json:"findings"`
}

func readSummary(t *testing.T, dir string) summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.InputRows != s.OutputRows+s.RejectedRows+s.MergedRows {
		t.Fatalf("summary does not add up: %+v", s)
	}
	return s
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestUsageAndBadInput(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := runCLI(t, "help", "prepare")
	if code != 0 || !strings.Contains(out, "--country") && !strings.Contains(out, "-country") {
		t.Errorf("help prepare: %d %q", code, out)
	}
	xls := write(t, dir, "old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00"))
	pdf := write(t, dir, "list.csv", []byte("%PDF-1.4\n"))
	good := write(t, dir, "ok.csv", []byte("Contact ID,First Name,Last Name\n1,A,B\n"))
	outDir := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "Usage"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"prepare", good}, "-o DIR"},
		{[]string{"prepare", "-o", outDir}, "at least one input"},
		{[]string{"prepare", "-o", outDir, filepath.Join(dir, "missing.csv")}, "missing.csv: no such file"},
		{[]string{"prepare", "-o", outDir, xls}, "old.xls: unsupported format"},
		{[]string{"prepare", "-o", outDir, pdf}, "list.csv: unsupported format (a PDF)"},
		{[]string{"prepare", "-o", outDir, "--country", "XX", good}, `--country "XX": not one the engine knows: use a two-letter`},
		{[]string{"prepare", "-o", outDir, "--target", "fancy", good}, `--target "fancy": not one the engine knows: use legacy, bulk or outbound`},
		{[]string{"prepare", "-o", outDir, "--encoding", "klingon", good}, `--encoding "klingon": not one the engine knows (known: `},
		{[]string{"prepare", "-o", outDir, "--map", "First Name=Nickname", good}, `--map "First Name=Nickname": the target has no such column`},
	} {
		code, _, errOut := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
		if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
			t.Errorf("%v: stack trace on stderr", c.args)
		}
		if c.args != nil && strings.Count(strings.TrimSpace(errOut), "\n") > 0 && c.want != "Usage" && c.want != "unknown command" {
			t.Errorf("%v: want a one-line message, got %q", c.args, errOut)
		}
	}
}

func TestPrepareExitStatus(t *testing.T) {
	dir := t.TempDir()
	clean := write(t, dir, "clean.csv", []byte("Contact ID,First Name,Last Name,Mobile\n1,Ann,Lee,(415) 555-2671\n2,Bo,Ray,+44 20 7946 0958\n"))
	code, out, errOut := runCLI(t, "prepare", "-o", filepath.Join(dir, "a"), clean)
	if code != 0 {
		t.Fatalf("clean file: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "2 rows in") {
		t.Errorf("stdout %q", out)
	}
	recs := readCSV(t, filepath.Join(dir, "a", "contacts-001.csv"))
	if recs[1][3] != "+14155552671" || recs[2][3] != "+442079460958" {
		t.Errorf("phones %v", recs)
	}

	dirty := write(t, dir, "dirty.csv", []byte("Contact ID,First Name,Last Name\n1,Ann,Lee\n1,Anne,Lee\n2,,Ray\n"))
	// Flags after the file name work too.
	code, _, _ = runCLI(t, "prepare", dirty, "-o", filepath.Join(dir, "b"))
	if code != 1 {
		t.Errorf("dirty file: exit %d, want 1", code)
	}
	s := readSummary(t, filepath.Join(dir, "b"))
	if s.RejectedRows != 3 || s.Findings["duplicate_contact_id"] != 2 || s.Findings["missing_required"] != 1 {
		t.Errorf("summary %+v", s)
	}
}

func TestTemplateAndMap(t *testing.T) {
	dir := t.TempDir()
	tpl := write(t, dir, "sample-setup.csv", []byte("\xEF\xBB\xBFContact ID,Contact First Name,Contact Last Name,Contact Cell Phone,Contact Fax Phone\n"))
	in := write(t, dir, "in.csv", []byte("Ref,Vorname,Nachname,Handy,Fax\nK1,Jürgen,Groß,0171 1234567,030 1234567\n"))
	out := filepath.Join(dir, "o")
	code, _, errOut := runCLI(t, "prepare", "--template", tpl, "--country", "de", "--map", "Ref=Contact ID", "--map", "Fax=Contact Fax Phone", "-o", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	recs := readCSV(t, filepath.Join(out, "contacts-001.csv"))
	if got := strings.Join(recs[0], ","); got != "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone,Contact Fax Phone" {
		t.Errorf("header %q (a BOM or a catalog column leaked in?)", got)
	}
	if got := strings.Join(recs[1], ","); got != "K1,Jürgen,Groß,+491711234567,+49301234567" {
		t.Errorf("row %q", got)
	}
}

func TestWorkbookInput(t *testing.T) {
	dir := t.TempDir()
	// A cover sheet first, and a title above the contacts' header.
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Cover")
	if err := f.SetSheetRow("Cover", "A1", &[]any{"Q3 customer contacts", "prepared by Eva"}); err != nil {
		t.Fatal(err)
	}
	f.NewSheet("Contacts")
	rows := [][]any{
		{"Q3 customer contacts"},
		{},
		{"Contact ID", "First Name", "Last Name", "Mobile"},
		{"00123", "Ann", "Lee", 4155552671},
		{"00124", "Bo", "Ray", "415-555-2672"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Contacts", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	in := write(t, dir, "book.xlsx", buf.Bytes())
	out := filepath.Join(dir, "o")
	code, _, errOut := runCLI(t, "prepare", "-o", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	s := readSummary(t, out)
	if s.Inputs[0].Format != "xlsx" || s.Inputs[0].Sheet != "Contacts" || s.Inputs[0].TitleRows != 1 || s.InputRows != 2 || s.OutputRows != 2 {
		t.Errorf("summary %+v", s)
	}
	recs := readCSV(t, filepath.Join(out, "contacts-001.csv"))
	if recs[1][0] != "00123" || recs[1][3] != "+14155552671" || recs[2][3] != "+14155552672" {
		t.Errorf("rows %v: leading zeros must stay, numeric phones must not become floats", recs)
	}
	code, _, errOut = runCLI(t, "prepare", "--sheet", "Cover", "-o", out, in)
	if s := readSummary(t, out); code != 0 || s.Inputs[0].Sheet != "Cover" || s.InputRows != 0 {
		t.Errorf("--sheet Cover: exit %d, %s, summary %+v", code, errOut, s)
	}
	code, _, errOut = runCLI(t, "prepare", "--sheet", "Nope", "-o", out, in)
	if code != 2 || !strings.Contains(errOut, "Nope") {
		t.Errorf("unknown sheet: exit %d, %q", code, errOut)
	}

	// A workbook of a cover page alone holds no contacts.
	f = excelize.NewFile()
	for i, line := range []string{"Q3 customer contacts", "", "Prepared by Eva Braun"} {
		if err := f.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), line); err != nil {
			t.Fatal(err)
		}
	}
	buf.Reset()
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	cover := write(t, dir, "cover.xlsx", buf.Bytes())
	code, _, errOut = runCLI(t, "prepare", "--force", "-o", out, cover)
	if code != 2 || !strings.Contains(errOut, "cover.xlsx") || !strings.Contains(errOut, "no sheet of the workbook holds contacts") {
		t.Errorf("a cover page alone: exit %d, %q", code, errOut)
	}
}

// TestMakeIDs: a Google Contacts export has no IDs: without --make-ids every
// row is rejected; with it every row is exported, and a second run writes
// byte-identical files.
func TestMakeIDs(t *testing.T) {
	in := "../../shared/prepare/testdata/layouts/google.csv"
	dir := t.TempDir()
	if code, _, _ := runCLI(t, "prepare", "-o", filepath.Join(dir, "plain"), in); code != exitRejected {
		t.Errorf("without --make-ids: exit %d, want %d", code, exitRejected)
	}
	var parts [2][]byte
	for i := range parts {
		out := filepath.Join(dir, fmt.Sprint("made", i))
		code, _, errOut := runCLI(t, "prepare", "--make-ids", "-o", out, in)
		if code != exitOK {
			t.Fatalf("--make-ids: exit %d, %s", code, errOut)
		}
		b, err := os.ReadFile(filepath.Join(out, "contacts-001.csv"))
		if err != nil {
			t.Fatal(err)
		}
		parts[i] = b
	}
	if !bytes.Equal(parts[0], parts[1]) || !bytes.Contains(parts[0], []byte("ana.lima@acme.example,Ana,,Lima,,Buyer,+12125550187,,+14155550132,")) {
		t.Errorf("runs differ or the made ID is missing:\n%s\n%s", parts[0], parts[1])
	}
	if code, _, errOut := runCLI(t, "prepare", "--target", "outbound", "--id-column", "X", "--make-ids", "-o", filepath.Join(dir, "o"), in); code != exitFailed || !strings.Contains(errOut, "--make-ids") {
		t.Errorf("--make-ids with outbound: exit %d, %q", code, errOut)
	}
}
