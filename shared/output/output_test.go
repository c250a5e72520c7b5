package output_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"contactprep/internal/gen"
	"contactprep/shared/check"
	"contactprep/shared/finding"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// prepareAll runs the whole pipeline into memory.
func prepareAll(t *testing.T, opt prepare.Options, inputs ...prepare.Input) (*prepare.Result, *output.Summary, *output.Memory) {
	t.Helper()
	return prepareLeaving(t, opt, nil, inputs...)
}

// prepareLeaving is prepareAll with the table rows leave left out on purpose
// (check.Table.LeaveOut) before the outputs are written.
func prepareLeaving(t *testing.T, opt prepare.Options, leave []int, inputs ...prepare.Input) (*prepare.Result, *output.Summary, *output.Memory) {
	t.Helper()
	res, err := prepare.Run(inputs, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if leave != nil {
		res.Table.LeaveOut(leave, true)
	}
	mem := &output.Memory{}
	sum, err := output.Write(res, mem)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if sum.InputRows != sum.OutputRows+sum.RejectedRows+sum.MergedRows {
		t.Fatalf("rows in %d != out %d + rejected %d + merged %d", sum.InputRows, sum.OutputRows, sum.RejectedRows, sum.MergedRows)
	}
	return res, sum, mem
}

func records(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatal("output is not UTF-8")
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	return recs
}

// findingsOf reads findings.csv into code → findings.
func findingsOf(t *testing.T, mem *output.Memory) map[finding.Code][]map[string]string {
	t.Helper()
	recs := records(t, mem.Files[output.FindingsFile])
	if strings.Join(recs[0], ",") != strings.Join(finding.Header, ",") {
		t.Fatalf("findings.csv header %v", recs[0])
	}
	out := map[finding.Code][]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out[finding.Code(m["code"])] = append(out[finding.Code(m["code"])], m)
	}
	return out
}

const messy = "Customer ID;First Name;Last Name;E-Mail;Mobile;Work Phone;Company ID;Company;Website;Opt Out\r\n" +
	"C1;José;Müller;jose@example.com;(415) 555-2671;415.555.2672 x204;A1;Müller GmbH;www.mueller.example;no\r\n" +
	"C2;Zoë;Brien;zoe@example;4.155552673E+9;;A2;Brien Floral;;maybe\r\n" +
	"C3;Ana;García;ana@example.es;4155552674.0;;A1;;;0\r\n" +
	"C1;José;Müller;jose@example.com;+1 415 555 2671;415-555-2672 ext. 204;A1;Müller GmbH;https://www.mueller.example;No\r\n" +
	"C4;Li;Wei;li@example.cn;555-1234;;A3;Acme;;\r\n" +
	"C4;Lee;Wei;li@example.cn;555-1234;;A3;Acme;;\r\n" +
	"C5;=cmd;Doe;d@example.com;;;A4;Acme;;\r\n" +
	"C6;Al;Bo;al@example.com;;;A5;Other;;\r\n" +
	"C7;Cy;Di;cy@example.com;;;A5;Other Name;;\r\n" +
	";;;;;;;;;\r\n"

func win1252(t *testing.T, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMessyWindows1252(t *testing.T) {
	res, sum, mem := prepareAll(t, prepare.Options{}, prepare.Input{Name: "crm.csv", Data: win1252(t, messy)})

	in := sum.Inputs[0]
	if in.Encoding != "windows-1252" || in.Delimiter != ";" || in.Format != "csv" || in.Rows != 9 || in.BlankRows != 1 {
		t.Errorf("input detected as %+v", in)
	}
	// C1 twice (identical once cleaned) → 1 merged; C4 conflict → 2 rejected;
	// C2 bad e-mail and bool → rejected; A5 account conflict → C6, C7 rejected.
	if sum.InputRows != 9 || sum.MergedRows != 1 || sum.RejectedRows != 5 || sum.OutputRows != 3 {
		t.Errorf("summary %d in, %d out, %d rejected, %d merged", sum.InputRows, sum.OutputRows, sum.RejectedRows, sum.MergedRows)
	}
	recs := records(t, mem.Files["contacts-001.csv"])
	wantHeader := "Contact ID,Contact First Name,Contact Last Name,Contact Work Phone,Contact Work Phone Extension,Contact Cell Phone,Contact Work Email,Contact Survey Opt Out,Account ID,Account Name,Account Website"
	if got := strings.Join(recs[0], ","); got != wantHeader {
		t.Errorf("header\n got %s\nwant %s", got, wantHeader)
	}
	byID := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		byID[m["Contact ID"]] = m
	}
	c1 := byID["C1"]
	if c1["Contact First Name"] != "José" || c1["Contact Cell Phone"] != "+14155552671" || c1["Contact Work Phone"] != "+14155552672" ||
		c1["Contact Work Phone Extension"] != "204" || c1["Account Website"] != "https://www.mueller.example" || c1["Contact Survey Opt Out"] != "false" {
		t.Errorf("C1 = %v", c1)
	}
	// C3 shares A1 with C1 and left the account name empty: filled in, identical account data on every row.
	if c3 := byID["C3"]; c3["Account Name"] != "Müller GmbH" || c3["Contact Cell Phone"] != "+14155552674" {
		t.Errorf("C3 = %v", c3)
	}
	if c5 := byID["C5"]; c5["Contact First Name"] != "=cmd" {
		t.Errorf("C5 = %v", c5)
	}
	for _, id := range []string{"C2", "C4", "C6", "C7"} {
		if _, ok := byID[id]; ok {
			t.Errorf("%s exported, want rejected", id)
		}
	}

	f := findingsOf(t, mem)
	expect := func(code finding.Code, row, col, sev string) {
		t.Helper()
		for _, m := range f[code] {
			if m["row"] == row && m["column"] == col && m["severity"] == sev && m["file"] == "crm.csv" {
				return
			}
		}
		t.Errorf("no %s finding at row %s column %q with severity %s; have %v", code, row, col, sev, f[code])
	}
	expect(finding.EncodingConverted, "0", "", "info")
	expect(finding.HeaderMapped, "0", "Mobile", "info")
	expect(finding.PhoneNormalized, "1", "Mobile", "info")
	expect(finding.PhoneExtension, "1", "Work Phone", "info")
	expect(finding.PhoneExcelDamage, "2", "Mobile", "warning")
	expect(finding.PhoneExcelDamage, "3", "Mobile", "warning")
	expect(finding.EmailInvalid, "2", "E-Mail", "error")
	expect(finding.BoolInvalid, "2", "Opt Out", "error")
	expect(finding.AccountFilled, "3", "Company ID", "info")
	expect(finding.DuplicateRowMerged, "4", "", "info")
	expect(finding.DuplicateContactID, "5", "Customer ID", "error")
	expect(finding.DuplicateContactID, "6", "Customer ID", "error")
	expect(finding.PhoneInvalid, "5", "Mobile", "warning")
	expect(finding.FormulaPrefix, "7", "First Name", "warning")
	expect(finding.AccountConflict, "8", "Company ID", "error")
	expect(finding.AccountConflict, "9", "Company ID", "error")
	expect(finding.AccountNameReuse, "5", "Company", "warning")
	for code, ms := range f {
		for _, m := range ms {
			if strings.Contains(m["message"], "Müller") || strings.Contains(m["message"], "415") {
				t.Errorf("%s message leaks a cell value: %q", code, m["message"])
			}
		}
	}

	rej := records(t, mem.Files[output.RejectedFile])
	if got := strings.Join(rej[0][:5], ","); got != "file,row,reason,code,Customer ID" {
		t.Errorf("rejected.csv header starts %q", got)
	}
	if len(rej)-1 != sum.RejectedRows {
		t.Errorf("rejected.csv has %d rows, summary says %d", len(rej)-1, sum.RejectedRows)
	}
	if rej[1][1] != "2" || rej[1][4] != "C2" || rej[1][8] != "4.155552673E+9" || rej[1][3] != "email_invalid; bool_invalid" || strings.Contains(rej[1][2], "email_invalid") {
		t.Errorf("first rejected row, as read, = %v", rej[1])
	}

	var js map[string]any
	if err := json.Unmarshal(mem.Files[output.SummaryFile], &js); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"input_rows", "output_rows", "rejected_rows", "merged_rows", "parts", "inputs", "findings"} {
		if _, ok := js[k]; !ok {
			t.Errorf("summary.json lacks %q", k)
		}
	}
	golden(t, "messy", mem)

	// Inline edit: fixing the e-mail and the opt-out of row 2 exports it.
	r2 := rowOf(t, res.Table, 2)
	res.Table.Apply([]check.CellEdit{{Row: r2, Col: res.Table.Target.Index("Contact Work Email"), Value: "zoe@example.com"}})
	if res.Table.State(r2) != check.Rejected {
		t.Error("row 2 exported with its opt-out still invalid")
	}
	res.Table.Apply([]check.CellEdit{{Row: r2, Col: res.Table.Target.Index("Contact Survey Opt Out"), Value: "yes"}})
	if res.Table.State(r2) != check.Ready {
		t.Errorf("row 2 after the fix: %v, findings %v", res.Table.State(r2), res.Table.Findings(r2))
	}
	// Making C4's names agree resolves the conflict for both rows.
	r6 := rowOf(t, res.Table, 6)
	res.Table.Apply([]check.CellEdit{{Row: r6, Col: res.Table.Target.Index("Contact First Name"), Value: "Li"}})
	if res.Table.State(rowOf(t, res.Table, 5)) != check.Ready || res.Table.State(r6) != check.Merged {
		t.Errorf("C4 after the fix: %v, %v", res.Table.State(rowOf(t, res.Table, 5)), res.Table.State(r6))
	}
}

func rowOf(t *testing.T, tb *check.Table, srcRow int) int {
	for r := range tb.Len() {
		if _, sr, _ := tb.Source(r); sr == srcRow {
			return r
		}
	}
	t.Fatalf("no row %d", srcRow)
	return -1
}

// golden compares every output file with testdata/golden/NAME/, or rewrites them with -update.
func golden(t *testing.T, name string, mem *output.Memory) {
	t.Helper()
	dir := filepath.Join("testdata", "golden", name)
	if *update {
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
		for n, b := range mem.Files {
			if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("no golden files (run go test -update): %v", err)
	}
	if len(entries) != len(mem.Files) {
		t.Errorf("%d golden files, %d written", len(entries), len(mem.Files))
	}
	// The detector's confidence is a statistic that may move as detection improves.
	conf := regexp.MustCompile(`"confidence": [0-9.e-]+`)
	for _, e := range entries {
		want, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		got := mem.Files[e.Name()]
		if e.Name() == output.SummaryFile {
			got, want = conf.ReplaceAll(got, nil), conf.ReplaceAll(want, nil)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from testdata/golden/%s/%s (run go test -update and review the diff)\n got:\n%s", e.Name(), name, e.Name(), got)
		}
	}
}

func TestAcrossFiles(t *testing.T) {
	a := "Contact ID,First Name,Last Name,Account ID,Account Name\nK5,Ann,Lee,A1,Acme\nK6,Bo,Ray,A1,Acme\n"
	b := "Contact ID,First Name,Last Name,Account ID,Account Name\r\nK5,Anne,Lee,A1,Acme\r\nK7,Cy,Ng,A1,Acme Inc\r\n"
	_, sum, mem := prepareAll(t, prepare.Options{}, prepare.Input{Name: "a.csv", Data: []byte(a)}, prepare.Input{Name: "b.csv", Data: []byte(b)})
	if sum.OutputRows != 0 || sum.RejectedRows != 4 {
		t.Errorf("out %d rejected %d: K5 conflicts across files and A1 has two names", sum.OutputRows, sum.RejectedRows)
	}
	f := findingsOf(t, mem)
	files := map[string]bool{}
	for _, m := range f[finding.DuplicateContactID] {
		files[m["file"]+":"+m["row"]] = true
		if !strings.Contains(m["message"], "row 1 of a.csv") || !strings.Contains(m["message"], "row 1 of b.csv") {
			t.Errorf("message does not name both places: %q", m["message"])
		}
	}
	if !files["a.csv:1"] || !files["b.csv:1"] {
		t.Errorf("duplicate_contact_id on %v", files)
	}
	if len(f[finding.AccountConflict]) != 4 {
		t.Errorf("%d account_conflict findings, want 4", len(f[finding.AccountConflict]))
	}
}

func TestPartsStayUnderMaxBytes(t *testing.T) {
	var b strings.Builder
	b.WriteString("Contact ID,First Name,Last Name,Mobile\n")
	for i := range 500 {
		b.WriteString("ID" + strconv.Itoa(i) + strings.Repeat("x", i%7))
		b.WriteString(",Jane,Doe,+1415555")
		b.WriteString([]string{"2671", "2672", "2673"}[i%3])
		b.WriteString("\n")
	}
	_, sum, mem := prepareAll(t, prepare.Options{MaxBytes: 2000}, prepare.Input{Name: "big.csv", Data: []byte(b.String())})
	if len(sum.Parts) < 3 {
		t.Fatalf("%d parts, want several", len(sum.Parts))
	}
	rows := 0
	for _, p := range sum.Parts {
		data := mem.Files[p.File]
		if int64(len(data)) != p.Bytes || p.Bytes > 2000 {
			t.Errorf("%s: %d bytes, summary %d, limit 2000", p.File, len(data), p.Bytes)
		}
		recs := records(t, data)
		if recs[0][0] != "Contact ID" {
			t.Errorf("%s has no header", p.File)
		}
		if len(recs)-1 != p.Rows {
			t.Errorf("%s: %d rows, summary %d", p.File, len(recs)-1, p.Rows)
		}
		rows += p.Rows
	}
	if rows != sum.OutputRows {
		t.Errorf("parts hold %d rows, output_rows %d", rows, sum.OutputRows)
	}
}

func TestTemplateWritesExactHeaders(t *testing.T) {
	tpl := []string{"Contact ID", "Contact First Name", "Contact Last Name", "Contact Fax Phone", "Account ID", "Account Name"}
	in := "id,first name,last name,fax phone\n1,Ann,Lee,(415) 555-2671\n"
	_, _, mem := prepareAll(t, prepare.Options{Template: tpl}, prepare.Input{Name: "x.csv", Data: []byte(in)})
	recs := records(t, mem.Files["contacts-001.csv"])
	if strings.Join(recs[0], "|") != strings.Join(tpl, "|") {
		t.Errorf("header %v, want the template's %v", recs[0], tpl)
	}
	if recs[1][3] != "+14155552671" {
		t.Errorf("fax phone %q, want E.164", recs[1][3])
	}
}

// Every generated row is accounted for, whatever the dirt, encoding or delimiter.
func TestEveryRowAccountedFor(t *testing.T) {
	for _, o := range []gen.Options{
		{Rows: 3000, Seed: 1},
		{Rows: 2000, Seed: 2, Encoding: "windows-1252", Delimiter: ';'},
		{Rows: 1000, Seed: 3, Encoding: "utf-16le", Delimiter: '\t'},
		{Rows: 1000, Seed: 4, Encoding: "shift_jis"},
	} {
		var buf bytes.Buffer
		truth, err := gen.WriteWithTruth(&buf, o)
		if err != nil {
			t.Fatal(err)
		}
		_, sum, mem := prepareAll(t, prepare.Options{}, prepare.Input{Name: "gen.csv", Data: buf.Bytes()})
		if sum.InputRows != truth.Rows {
			t.Errorf("%+v: %d rows read, %d generated", o, sum.InputRows, truth.Rows)
		}
		rej := records(t, mem.Files[output.RejectedFile])
		if len(rej)-1 != sum.RejectedRows {
			t.Errorf("%+v: rejected.csv %d rows, summary %d", o, len(rej)-1, sum.RejectedRows)
		}
		if sum.Inputs[0].Encoding != o.Encoding && !(o.Encoding == "" && sum.Inputs[0].Encoding == "utf-8") {
			t.Errorf("%+v: detected %s", o, sum.Inputs[0].Encoding)
		}
		if sum.Findings[finding.DuplicateContactID] == 0 || sum.Findings[finding.PhoneNormalized] == 0 {
			t.Errorf("%+v: findings %v", o, sum.Findings)
		}
	}
}

func TestRowLargerThanAnyPartIsRejected(t *testing.T) {
	tpl := []string{"Contact ID", "Contact First Name", "Contact Last Name", "Notes"}
	in := "id,first name,last name,notes\n1,Ann,Lee,short\n2,Bo,Ray," + strings.Repeat("x", 5000) + "\n"
	_, sum, mem := prepareAll(t, prepare.Options{Template: tpl, MaxBytes: 2000}, prepare.Input{Name: "x.csv", Data: []byte(in)})
	if sum.OutputRows != 1 || sum.RejectedRows != 1 || sum.Findings[finding.FileTooLarge] != 1 {
		t.Errorf("summary %+v", sum)
	}
	for _, p := range sum.Parts {
		if p.Bytes > 2000 {
			t.Errorf("%s has %d bytes", p.File, p.Bytes)
		}
	}
	if !strings.Contains(string(mem.Files[output.RejectedFile]), "file_too_large") {
		t.Error("rejected.csv does not say why")
	}
}

// TestLeftOutOnPurpose: rows the admin leaves out go to rejected.csv as
// read, with their reason in plain words; rows in = out + rejected + merged.
func TestLeftOutOnPurpose(t *testing.T) {
	file := "Contact ID,First Name,Last Name\nK1,Ann,Lee\nK2,Bo,Ray\nK3,Cy,Ng\n"
	_, sum, mem := prepareLeaving(t, prepare.Options{}, []int{0, 2}, prepare.Input{Name: "chosen.csv", Data: []byte(file)})
	if sum.InputRows != 3 || sum.OutputRows != 1 || sum.RejectedRows != 2 {
		t.Errorf("rows in %d, out %d, rejected %d; want 3, 1, 2", sum.InputRows, sum.OutputRows, sum.RejectedRows)
	}
	rej := records(t, mem.Files[output.RejectedFile])
	for i, want := range [][]string{{"chosen.csv", "1", "K1"}, {"chosen.csv", "3", "K3"}} {
		r := rej[1+i]
		if r[0] != want[0] || r[1] != want[1] || r[4] != want[2] || r[3] != "row_left_out" || r[2] != "left out on purpose: you chose not to import this row" {
			t.Errorf("rejected.csv row %d: %q", i+1, r)
		}
	}
}
