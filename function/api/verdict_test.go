package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"contactprep/function/api"
	"contactprep/function/internal/emutest"
	"contactprep/internal/gen"
	"contactprep/shared/finding"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/recheck"
	"contactprep/shared/schema"
)

// verdictRows is each generated file's size: enough rows that every kind of
// dirt the generator knows (unreadable, vanity, extension and Excel-damaged
// phones, formula-looking names, bad e-mails) comes up in each.
const verdictRows = 1500

// hardPhones are phones no generated file has, added as rows of their own:
// formula-looking, Excel-damaged and unreadable ones, vanity numbers and
// extensions.
var hardPhones = []string{"=1+1", "+cmd|' /C calc'!A0", "-", "@SUM(1)", "4.15555E+09", "4155550123.0",
	"1-800-FLOWERS", "(415) 555-0123 ext. 12", "415 555 0123 x9", "call after 5pm", "N/A", strings.Repeat("9", 40)}

// TestOneVerdict is issue 18's property: for every target and several seeds,
// every part the engine writes from a generated file passes the function's
// re-check, and Genesys (the emulator) takes every row of it: the Bulk Import
// trial run fails none, the contact list upload none.
func TestOneVerdict(t *testing.T) {
	for _, target := range []string{schema.Legacy, schema.Bulk, schema.Outbound} {
		// An org of its own: the legacy and bulk parts are alike, and the same
		// file sent twice is the job it already is.
		f := start(t, func(c *api.Config) { c.MaxFileBytes = 10 << 20 })
		tok := f.org.UserToken(t, emutest.Admin)
		for seed := int64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed-%d", target, seed), func(t *testing.T) {
				parts, sum := prepareGenerated(t, target, seed)
				if sum.OutputRows < verdictRows/2 || sum.Findings[finding.PhoneInvalid] < len(hardPhones) || sum.Findings[finding.PhoneExcelDamage] == 0 {
					t.Fatalf("%d rows ready, findings %v: the file is not what this test is about", sum.OutputRows, sum.Findings)
				}
				var written []byte
				for _, p := range sum.Parts {
					written = append(written, parts.Files[p.File]...)
				}
				for i := range hardPhones {
					if !bytes.Contains(written, fmt.Appendf(nil, "\nH%d-%d,", seed, i)) {
						t.Errorf("the row with phone %q is not written", hardPhones[i])
					}
				}
				if target == schema.Outbound {
					f.uploadList(t, tok, sum, parts)
					return
				}
				for _, p := range sum.Parts {
					f.trialRun(t, tok, p.File, parts.Files[p.File], p.Rows)
				}
			})
		}
	}
}

// prepareGenerated runs the engine over a generated file of seed, with the
// hard phones appended, and returns the parts it wrote and its summary.
func prepareGenerated(t *testing.T, target string, seed int64) (*output.Memory, *output.Summary) {
	t.Helper()
	opt := gen.Options{Rows: verdictRows, Seed: seed}
	if target == schema.Outbound {
		opt.Kind = "leads"
	}
	var file bytes.Buffer
	if err := gen.Write(&file, opt); err != nil {
		t.Fatal(err)
	}
	header := gen.Columns
	if target == schema.Outbound {
		header = gen.LeadColumns
	}
	for i, p := range hardPhones {
		row := make([]string, len(header))
		row[0], row[1], row[2] = fmt.Sprintf("H%d-%d", seed, i), "Hana", "Hart"
		for c, h := range header {
			if schema.PhoneHeader(h) {
				row[c] = p
			}
		}
		for c := range row {
			if strings.ContainsAny(row[c], `,"`) {
				row[c] = `"` + strings.ReplaceAll(row[c], `"`, `""`) + `"`
			}
		}
		file.WriteString(strings.Join(row, ",") + "\r\n")
	}
	popt := prepare.Options{Target: target}
	if target == schema.Outbound {
		popt.IDColumn = "Lead ID"
	}
	res, err := prepare.Run([]prepare.Input{{Name: "generated.csv", Data: file.Bytes()}}, popt)
	if err != nil {
		t.Fatal(err)
	}
	var mem output.Memory
	sum, err := output.Write(res, &mem)
	if err != nil {
		t.Fatal(err)
	}
	return &mem, sum
}

// trialRun submits one part through the function and expects its re-check to
// pass and the trial run to fail no row.
func (f *fixture) trialRun(t *testing.T, tok, name string, part []byte, rows int) {
	t.Helper()
	a := f.submit(t, tok, map[string]any{"fileName": name}, string(part))
	var job api.JobView
	a.json(t, &job)
	if a.status != http.StatusAccepted {
		t.Fatalf("%s refused: %d %.2000s", name, a.status, a.body)
	}
	if job.DryRun == nil {
		job = f.waitJob(t, tok, job.ID, func(j api.JobView) bool { return j.DryRun != nil })
	}
	if job.DryRun == nil || job.DryRun.Failed != 0 || job.DryRun.Success != rows {
		t.Fatalf("%s: trial run %+v, want %d rows and none failed", name, job.DryRun, rows)
	}
}

// uploadList makes a contact list of the summary's columns and uploads every
// part into it through the function, expecting every row in the list.
func (f *fixture) uploadList(t *testing.T, tok string, sum *output.Summary, parts *output.Memory) {
	t.Helper()
	name := "Leads " + t.Name()
	key := fmt.Sprintf("k%x", sha256.Sum256([]byte(name)))[:12] // the list's key in its sending, as the page chooses one
	body, _ := json.Marshal(map[string]any{"name": name, "key": key, "columns": sum.Columns, "phoneColumns": sum.PhoneColumns})
	a := f.do(t, "POST", "/api/outbound/contactlists", bytes.NewReader(body), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	var l api.ListView
	a.json(t, &l)
	if a.status != http.StatusOK {
		t.Fatalf("create list: %d %s", a.status, a.body)
	}
	for _, p := range sum.Parts {
		a := f.do(t, "POST", "/api/outbound/contactlists/"+l.ID+"/uploads", bytes.NewReader(parts.Files[p.File]),
			"Authorization", "Bearer "+tok, "Content-Type", "text/csv", "X-Contact-Id-Column", sum.IDColumn, "X-File-Name", p.File)
		if a.status != http.StatusOK {
			t.Fatalf("%s refused: %d %.2000s", p.File, a.status, a.body)
		}
		// Genesys says IN_PROGRESS until it fails; a done upload has every record completed.
		var st struct {
			State, FailureReason           string
			TotalRecords, CompletedRecords int
		}
		done := func() bool {
			return st.State == "FAILED" || st.TotalRecords > 0 && st.CompletedRecords == st.TotalRecords
		}
		for deadline := time.Now().Add(5 * time.Second); !done() && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			f.do(t, "GET", "/api/outbound/contactlists/"+l.ID+"/importstatus", nil, "Authorization", "Bearer "+tok).json(t, &st)
		}
		if st.State != "IN_PROGRESS" || st.CompletedRecords != p.Rows {
			t.Fatalf("%s: import %+v, want its %d rows", p.File, st, p.Rows)
		}
	}
	if got := len(f.org.ContactListContacts(l.ID)); got != sum.OutputRows {
		t.Errorf("%d contacts in the list, want the %d rows written", got, sum.OutputRows)
	}
}

// TestHeadersIgnoringCase: a lead file with "Mobile" and "mobile" is treated
// alike by the engine and the function, as Genesys treats it (one column,
// names compared ignoring case): the engine makes one Mobile column of it
// and says so, and the function creates that list and takes every part; a
// list or a part with both names is refused by the same rule.
func TestHeadersIgnoringCase(t *testing.T) {
	file := "Lead ID,Mobile,mobile,Name\nL1,+14155550101,+14155550102,Ann\nL2,,(415) 555-0103,Bo\n"
	res, err := prepare.Run([]prepare.Input{{Name: "leads.csv", Data: []byte(file)}}, prepare.Options{Target: schema.Outbound, IDColumn: "Lead ID"})
	if err != nil {
		t.Fatal(err)
	}
	var mem output.Memory
	sum, err := output.Write(res, &mem)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sum.Columns, []string{"Lead ID", "Mobile", "Name"}) || sum.Findings[finding.HeaderDuplicate] != 1 || sum.OutputRows != 2 {
		t.Fatalf("engine: columns %q, findings %v, %d rows", sum.Columns, sum.Findings, sum.OutputRows)
	}
	f := start(t, func(c *api.Config) { c.MaxFileBytes = 1 << 20 })
	tok := f.org.UserToken(t, emutest.Admin)
	f.uploadList(t, tok, sum, &mem)

	body, _ := json.Marshal(map[string]any{"name": "Twice", "key": "twice-1", "columns": []string{"Lead ID", "Mobile", "mobile"}})
	a := f.do(t, "POST", "/api/outbound/contactlists", bytes.NewReader(body), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	if a.status != http.StatusBadRequest || !strings.Contains(string(a.body), "same name") {
		t.Errorf("a list named Mobile and mobile: %d %s", a.status, a.body)
	}
	check := recheck.CheckOutbound("part.csv", []byte("Lead ID,Mobile,mobile\nL1,1,2\n"), recheck.Outbound{IDColumn: "Lead ID"})
	if len(check.Findings) != 1 || check.Findings[0].Code != finding.HeaderDuplicate || check.Findings[0].Column != "mobile" {
		t.Errorf("re-check of a part with both names: %+v", check.Findings)
	}
}
