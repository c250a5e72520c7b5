package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// table builds a table from a header and rows of cells, mapped to the catalog.
func table(t *testing.T, header string, rows ...string) *Table {
	t.Helper()
	target, _ := schema.New(schema.Legacy)
	phones, err := phone.New("US")
	if err != nil {
		t.Fatal(err)
	}
	tb := New(target, phones)
	src := strings.Split(header, "|")
	f := tb.AddFile("t.csv", mapping.Map(src, target, nil))
	for i, r := range rows {
		var fields [][]byte
		for _, c := range strings.Split(r, "|") {
			fields = append(fields, []byte(c))
		}
		tb.AddRow(f, i+1, fields, "")
	}
	tb.Resolve()
	return tb
}

func codes(tb *Table, r int) map[finding.Code]finding.Severity {
	out := map[finding.Code]finding.Severity{}
	for _, f := range tb.Findings(r) {
		out[f.Code] = f.Severity
	}
	return out
}

func TestRowRules(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Work Phone|Work Phone Extension|Mobile|Email|CRM URL|Opt Out|Account ID|Account Name"
	for _, c := range []struct {
		name  string
		row   string
		state State
		want  map[finding.Code]finding.Severity
		cells map[string]string
	}{
		{"clean contact", "1|Ann|Lee|+14155552671|||||||", Ready, map[finding.Code]finding.Severity{}, nil},
		{"contact without last name", "1|Ann|||||||||", Rejected,
			map[finding.Code]finding.Severity{finding.MissingRequired: finding.Error}, nil},
		{"account only", "|||||||||A1|Acme", Ready, map[finding.Code]finding.Severity{}, nil},
		{"account without ID", "|||||||||  |Acme", Rejected,
			map[finding.Code]finding.Severity{finding.MissingRequired: finding.Error}, nil},
		{"nothing at all", "||||||  ||||", Rejected, map[finding.Code]finding.Severity{finding.MissingRequired: finding.Error}, nil},
		{"extension from the phone", "1|Ann|Lee|415-555-2671 ext. 99|||||||", Ready,
			map[finding.Code]finding.Severity{finding.PhoneNormalized: finding.Info, finding.PhoneExtension: finding.Info},
			map[string]string{"Contact Work Phone": "+14155552671", "Contact Work Phone Extension": "99"}},
		{"extension with a prefix in its column", "1|Ann|Lee|+14155552671|x42||||||", Ready,
			map[finding.Code]finding.Severity{}, map[string]string{"Contact Work Phone Extension": "42"}},
		{"extension that is not digits", "1|Ann|Lee|+14155552671|front desk||||||", Rejected,
			map[finding.Code]finding.Severity{finding.PhoneExtension: finding.Error}, nil},
		{"cell extension has no column", "1|Ann|Lee|||415 555 2671 x7|||||", Ready,
			map[finding.Code]finding.Severity{finding.PhoneNormalized: finding.Info, finding.PhoneExtension: finding.Warning},
			map[string]string{"Contact Cell Phone": "+14155552671"}},
		{"bad values", "1|Ann|Lee|||n/a|ann@|ftp://x.example|perhaps||", Rejected,
			map[finding.Code]finding.Severity{finding.PhoneInvalid: finding.Warning, finding.EmailInvalid: finding.Error,
				finding.URLInvalid: finding.Error, finding.BoolInvalid: finding.Error}, map[string]string{"Contact Cell Phone": "n/a"}},
		{"values made right", "1| Ann |Lee|||||crm.example/c/1|Y||", Ready,
			map[finding.Code]finding.Severity{finding.URLNormalized: finding.Info},
			map[string]string{"Contact First Name": "Ann", "Contact Survey Opt Out": "true"}},
		{"id in scientific notation", "4.47E+11|Ann|Lee||||||||", Rejected,
			map[finding.Code]finding.Severity{finding.IDExcelDamage: finding.Error}, nil},
		{"formula", "1|@SUM(A1)|Lee||||||||", Ready, map[finding.Code]finding.Severity{finding.FormulaPrefix: finding.Warning}, nil},
		{"too long", "1|" + strings.Repeat("é", 1001) + "|Lee||||||||", Rejected,
			map[finding.Code]finding.Severity{finding.ValueTooLong: finding.Error}, nil},
	} {
		tb := table(t, header, c.row)
		if got := tb.State(0); got != c.state {
			t.Errorf("%s: state %v, want %v (findings %v)", c.name, got, c.state, tb.Findings(0))
		}
		if got := codes(tb, 0); len(got) != len(c.want) {
			t.Errorf("%s: findings %v, want %v", c.name, got, c.want)
		} else {
			for code, sev := range c.want {
				if s, ok := got[code]; !ok || s != sev {
					t.Errorf("%s: %s is %v, want %v", c.name, code, s, sev)
				}
			}
		}
		for h, want := range c.cells {
			if got := tb.Cell(0, tb.Target.Index(h)); got != want {
				t.Errorf("%s: %s = %q, want %q", c.name, h, got, want)
			}
		}
	}
}

func TestShape(t *testing.T) {
	target, _ := schema.New(schema.Legacy)
	phones, _ := phone.New("US")
	tb := New(target, phones)
	f := tb.AddFile("t.csv", mapping.Map([]string{"Contact ID", "First Name", "Last Name"}, target, nil))
	row := func(cells ...string) [][]byte {
		var out [][]byte
		for _, c := range cells {
			out = append(out, []byte(c))
		}
		return out
	}
	tb.AddRow(f, 1, row("1", "Ann", "Lee", "", ""), "")         // trailing empty fields: fine
	tb.AddRow(f, 2, row("2", "Bo", "Ray", "shifted"), "")       // a value beyond the header: rejected
	tb.AddRow(f, 3, row("3", "Cy"), "")                         // too few: padded, then Last Name is missing
	tb.AddRow(f, 4, row("4", "Di", "Ng"), "unterminated quote") // the reader's verdict
	tb.Resolve()
	want := []State{Ready, Rejected, Rejected, Rejected}
	for r, s := range want {
		if tb.State(r) != s {
			t.Errorf("row %d: %v, want %v (%v)", r+1, tb.State(r), s, tb.Findings(r))
		}
		if _, ok := codes(tb, r)[finding.MalformedRow]; !ok {
			t.Errorf("row %d: no malformed_row finding", r+1)
		}
	}
	if reason, codes := tb.Reason(3); !strings.Contains(reason, "unterminated quote") || codes != string(finding.MalformedRow) {
		t.Errorf("reason %q, codes %q", reason, codes)
	}
}

func TestGroups(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Account ID|Account Name|Account Website"
	tb := table(t, header,
		"K1|Ann|Lee|A1|Acme|acme.example", // 0
		"K1|Ann|Lee|A1|Acme|acme.example", // 1 identical: merged
		"K2|Bo|Ray|A1||",                  // 2 account cells filled
		"K3|Cy|Ng|A2|Beta|",               // 3 conflict on A2
		"K4|Di|Ho|A2|Beta Ltd|",           // 4
		"K5|Ed|Po|A3|acme|",               // 5 name reuse with A1 (case folded)
		"K6|Fa|Qi|A4||",                   // 6 account without a name anywhere
	)
	want := []State{Ready, Merged, Ready, Rejected, Rejected, Ready, Rejected}
	for r, s := range want {
		if tb.State(r) != s {
			t.Errorf("row %d: %v, want %v (%v)", r, tb.State(r), s, tb.Findings(r))
		}
	}
	if got := tb.Cell(2, tb.Target.Index("Account Name")); got != "Acme" {
		t.Errorf("filled name %q", got)
	}
	if got := tb.Cell(2, tb.Target.Index("Account Website")); got != "https://acme.example" {
		t.Errorf("filled website %q", got)
	}
	if codes(tb, 2)[finding.AccountFilled] != finding.Info {
		t.Error("no account_filled on row 2")
	}
	if codes(tb, 5)[finding.AccountNameReuse] != finding.Warning || codes(tb, 0)[finding.AccountNameReuse] != finding.Warning {
		t.Error("no account_name_reuse on A1 and A3")
	}
	if codes(tb, 6)[finding.MissingRequired] != finding.Error {
		t.Error("no missing_required for A4's name")
	}
	// Fixing the conflict re-checks both rows of the group.
	tb.edit(4, tb.Target.Index("Account Name"), "Beta")
	if tb.State(3) != Ready || tb.State(4) != Ready {
		t.Errorf("after the edit: %v %v", tb.State(3), tb.State(4))
	}
	// And breaking a merged duplicate makes both a conflict.
	tb.edit(1, tb.Target.Index("Contact First Name"), "Anne")
	if tb.State(0) != Rejected || tb.State(1) != Rejected || codes(tb, 0)[finding.DuplicateContactID] != finding.Error {
		t.Errorf("after breaking the twin: %v %v", tb.State(0), tb.State(1))
	}
}

// TestNameReuseRow: the name-reuse warning goes on the row that carries the
// account's name: an account filled in, its first row (filled or not); one
// whose rows conflict, and so is not filled, the first row with a name.
func TestNameReuseRow(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Account ID|Account Name|Account Website"
	tb := table(t, header,
		"K1|Ann|Lee|A1||",               // 0 filled from row 1: carries A1's name
		"K2|Bo|Ray|A1|Acme|",            // 1
		"K3|Cy|Ng|A2|ACME|",             // 2 one row: reuses A1's name
		"K4|Di|Ho|A3||a.example",        // 3 conflicts with row 4 on the website
		"K5|Ed|Po|A3|Beta|b.example",    // 4 the first of A3's rows with a name
		"K6|Fa|Qi|A4|Beta|",             // 5 reuses A3's name
		"K7|Gu|Ro|A5|Gamma|g.example",   // 6 a name no other account has
		"K8|Ha|Su|A5|Gamma|g.example/x", // 7
	)
	for r, want := range []bool{true, false, true, false, true, true, false, false} {
		if _, got := codes(tb, r)[finding.AccountNameReuse]; got != want {
			t.Errorf("row %d: account_name_reuse %v, want %v (%v)", r, got, want, tb.Findings(r))
		}
	}
}

func TestMergedTwinOfRejectedRowSurvives(t *testing.T) {
	// The first copy is broken by the reader; its identical twin is the one exported.
	target, _ := schema.New(schema.Legacy)
	phones, _ := phone.New("US")
	tb := New(target, phones)
	f := tb.AddFile("t.csv", mapping.Map([]string{"Contact ID", "First Name", "Last Name"}, target, nil))
	tb.AddRow(f, 1, [][]byte{[]byte("1"), []byte("Ann"), []byte("Lee")}, "text after closing quote")
	tb.AddRow(f, 2, [][]byte{[]byte("1"), []byte("Ann"), []byte("Lee")}, "")
	tb.Resolve()
	if tb.State(0) != Rejected || tb.State(1) != Ready {
		t.Errorf("states %v %v", tb.State(0), tb.State(1))
	}
}

func TestResolveReporting(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Account ID|Account Name"
	var rows []string
	for i := range 12000 {
		// Every tenth row repeats the one before it; accounts hold 50 rows each.
		id := i - i%10/9
		rows = append(rows, fmt.Sprintf("K%d|Ann|Lee|A%d|Acme %d", id, id/50, id/50))
	}
	tb := table(t, header, rows...)
	want := make([]State, tb.Len())
	for r := range want {
		want[r] = tb.State(r)
	}
	var seen [][2]int
	tb.ResolveReporting(func(done, total int) { seen = append(seen, [2]int{done, total}) })
	if len(seen) < 2 {
		t.Fatalf("reports %v", seen)
	}
	for i, s := range seen {
		if s[1] != 7*tb.Len() || s[0] > s[1] || i > 0 && s[0] < seen[i-1][0] || i > 0 && s[0] < s[1] && s[0]-seen[i-1][0] < tickEvery {
			t.Fatalf("report %d: %v of %v", i, s, seen)
		}
	}
	if last := seen[len(seen)-1]; last[0] != last[1] {
		t.Errorf("last report %v", last)
	}
	for r, s := range want {
		if tb.State(r) != s {
			t.Fatalf("row %d: %v after ResolveReporting, %v after Resolve", r, tb.State(r), s)
		}
	}
}

// TestWideTargetAccounts: a target of more than 64 columns (an org's
// template) keeps its rows' cells in several mask words, which Resolve reads
// another way; its accounts are settled as a narrow target's are.
func TestWideTargetAccounts(t *testing.T) {
	header := []string{"Contact ID", "Contact First Name", "Contact Last Name"}
	for i := range 70 {
		header = append(header, fmt.Sprintf("Custom %d", i))
	}
	header = append(header, "Account ID", "Account Name", "Account City")
	target := schema.FromTemplate(schema.Legacy, header)
	phones, err := phone.New("US")
	if err != nil {
		t.Fatal(err)
	}
	tb := New(target, phones)
	f := tb.AddFile("t.csv", mapping.Map(header, target, nil))
	row := func(vals ...string) [][]byte {
		fields := make([][]byte, len(header))
		for i := 0; i < len(vals); i += 2 {
			fields[slices.Index(header, vals[i])] = []byte(vals[i+1])
		}
		return fields
	}
	tb.AddRow(f, 1, row("Contact ID", "K1", "Contact First Name", "Ann", "Contact Last Name", "Lee", "Account ID", "A1", "Account Name", "Acme", "Account City", "Paris"), "")
	tb.AddRow(f, 2, row("Contact ID", "K2", "Contact First Name", "Bo", "Contact Last Name", "Ray", "Account ID", "A1", "Account Name", "Acme"), "")
	tb.AddRow(f, 3, row("Contact ID", "K3", "Contact First Name", "Cy", "Contact Last Name", "Ng", "Account ID", "A2", "Account Name", "Beta"), "")
	tb.AddRow(f, 4, row("Contact ID", "K4", "Contact First Name", "Di", "Contact Last Name", "Po", "Account ID", "A2", "Account Name", "Beta Ltd"), "")
	tb.Resolve()
	city := target.Index("Account City")
	if tb.State(0) != Ready || tb.State(1) != Ready || tb.Cell(1, city) != "Paris" {
		t.Errorf("account A1: states %v %v, row 2's city %q (filled from row 1)", tb.State(0), tb.State(1), tb.Cell(1, city))
	}
	if _, ok := codes(tb, 1)[finding.AccountFilled]; !ok {
		t.Errorf("row 2: no account_filled finding: %v", codes(tb, 1))
	}
	for r := 2; r < 4; r++ {
		if tb.State(r) != Rejected || codes(tb, r)[finding.AccountConflict] != finding.Error {
			t.Errorf("account A2, row %d: %v, %v", r+1, tb.State(r), codes(tb, r))
		}
	}
}

// TestNoteSize: a row's note is eight bytes, for the millions of a large file.
func TestNoteSize(t *testing.T) {
	if n := unsafe.Sizeof(note{}); n != 8 {
		t.Errorf("a note is %d bytes", n)
	}
}

// edit is Apply of one cell, as the page edits one.
func (t *Table) edit(r, col int, value string) {
	t.Apply([]CellEdit{{Row: r, Col: col, Value: value}})
}
