package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

func TestConflicts(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Account ID|Account Name|Account Website"
	tb := table(t, header,
		"K1|Ann|Lee|A1|Acme|",            // 0
		"K1|Anne|Lee|A1|Acme|",           // 1 contact conflict with 0
		"K2|Bo|Ray|A2|Beta|beta.example", // 2
		"K3|Cy|Ng|A2|Beta Ltd|beta.test", // 3 account conflict with 2
		"K4|Di|Ho|A2||",                  // 4 same account, nothing to disagree with
	)
	got := tb.Conflicts()
	want := []struct {
		code finding.Code
		key  string
		rows []int32
		cols []string
	}{
		{finding.DuplicateContactID, "K1", []int32{0, 1}, []string{"Contact First Name"}},
		{finding.AccountConflict, "A2", []int32{2, 3, 4}, []string{"Account Name", "Account Website"}},
	}
	if len(got) != len(want) {
		t.Fatalf("conflicts %+v, want %d", got, len(want))
	}
	for i, w := range want {
		var cols []string
		for _, c := range got[i].Columns {
			cols = append(cols, tb.Target.Columns[c].Header)
		}
		if got[i].Code != w.code || got[i].Key != w.key || !slices.Equal(got[i].Rows, w.rows) || !slices.Equal(cols, w.cols) {
			t.Errorf("conflict %d: %+v %v, want %+v", i, got[i], cols, w)
		}
	}
	// Fixing the contact's name clears its conflict from the list.
	tb.edit(1, tb.Target.Index("Contact First Name"), "Ann")
	if len(tb.Conflicts()) != 1 || tb.Conflicts()[0].Code != finding.AccountConflict {
		t.Errorf("after the fix: %+v", tb.Conflicts())
	}
}

func TestVersionEdits(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Account ID|Account Name|Account Website"
	for _, c := range []struct {
		name    string
		chosen  int
		name2   string // Account Name every row ends with
		website string // Account Website every row ends with: not in conflict, so filled, never copied
	}{
		{"first version", 0, "Beta", "https://beta.example"},
		{"second version", 1, "Beta Ltd", "https://beta.example"},
		{"a row with only the ID", 2, "", "https://beta.example"},
	} {
		tb := table(t, header,
			"K1|Ann|Lee|A2|Beta|beta.example",
			"K2|Bo|Ray|A2|Beta Ltd|",
			"K3|Cy|Ng|A2||",
			"K4|Di|Ho|A9|Other|",
		)
		if edits := tb.VersionEdits(3); edits != nil {
			t.Errorf("%s: a row in no conflict got edits %v", c.name, edits)
		}
		edits := tb.VersionEdits(c.chosen)
		if len(edits) == 0 {
			t.Fatalf("%s: no edits", c.name)
		}
		tb.Apply(edits)
		if len(tb.Conflicts()) != 0 && c.name2 != "" {
			t.Errorf("%s: still in conflict: %+v", c.name, tb.Conflicts())
		}
		for r := range 3 {
			if got := tb.Cell(r, tb.Target.Index("Account Name")); got != c.name2 {
				t.Errorf("%s: row %d Account Name %q, want %q", c.name, r, got, c.name2)
			}
			if got := tb.Cell(r, tb.Target.Index("Account Website")); got != c.website {
				t.Errorf("%s: row %d Account Website %q, want %q", c.name, r, got, c.website)
			}
		}
		if c.name2 != "" && (tb.State(0) != Ready || tb.State(1) != Ready || tb.State(2) != Ready) {
			t.Errorf("%s: states %v %v %v", c.name, tb.State(0), tb.State(1), tb.State(2))
		}
		if c.name2 == "" && tb.State(0) != Rejected {
			// An account whose chosen version has no name is still missing its required name.
			t.Errorf("%s: row 0 is %v, want rejected for the missing name", c.name, tb.State(0))
		}
	}
}

func TestRawUndoesAnEdit(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Mobile|Notes"
	tb := table(t, header, "K1|Ann|Lee|n/a|x", "K2|Bo|Ray|(415) 555-2671|y")
	phone := tb.Target.Index("Contact Cell Phone")
	if got := tb.rawValue(1, phone); got != "(415) 555-2671" {
		t.Errorf("raw of a source cell %q", got)
	}
	if got := tb.rawValue(0, tb.Target.Index("Contact Title")); got != "" {
		t.Errorf("raw of an unmapped column %q", got)
	}
	before := tb.rawValue(0, phone)
	tb.Apply([]CellEdit{{Row: 0, Col: phone, Value: "415 555 2672"}, {Row: 99, Col: phone, Value: "ignored"}, {Row: 0, Col: -1}})
	if got := tb.Cell(0, phone); got != "+14155552672" {
		t.Errorf("edited cell %q", got)
	}
	if got := tb.rawValue(0, phone); got != "415 555 2672" {
		t.Errorf("raw after the edit %q", got)
	}
	if _, ok := codes(tb, 0)[finding.PhoneInvalid]; ok {
		t.Error("phone_invalid is still there after the fix")
	}
	tb.Apply([]CellEdit{{Row: 0, Col: phone, Value: before}})
	if got := tb.Cell(0, phone); got != "n/a" {
		t.Errorf("undone cell %q", got)
	}
	if _, ok := codes(tb, 0)[finding.PhoneInvalid]; !ok {
		t.Error("phone_invalid did not come back after the undo")
	}
}

func TestEachCodeListsWhatFindingsList(t *testing.T) {
	const header = "Contact ID|First Name|Last Name|Mobile|Account ID|Account Name"
	tb := table(t, header,
		"K1|Ann|Lee|(415) 555-2671|A1|Acme",
		"K1|Ann|Lee|(415) 555-2671|A1|Acme",
		"K2|Bo||n/a|A1|Acme Ltd",
		"K3|Cy|Ng|||",
	)
	got := make([][]string, tb.Len())
	tb.EachCode(func(r int, c uint8, s finding.Severity) {
		if int(c) >= Codes() {
			t.Fatalf("row %d: code number %d of %d", r, c, Codes())
		}
		got[r] = append(got[r], string(Code(c))+"/"+s.String())
	})
	for r := range tb.Len() {
		var want []string
		for _, f := range tb.Findings(r) {
			want = append(want, string(f.Code)+"/"+f.Severity.String())
		}
		if !slices.Equal(got[r], want) {
			t.Errorf("row %d: EachCode %v, Findings %v", r, got[r], want)
		}
	}
}

// TestKeptGroups: after each edit, undo and row left out, the table is what
// it is when its rows are grouped and read again from scratch: Resolve keeps
// the groups while no key changes (a made ID too), and reads again only the
// groups of the rows changed.
func TestKeptGroups(t *testing.T) {
	target, _ := schema.New(schema.Legacy)
	phones, err := phone.New("US")
	if err != nil {
		t.Fatal(err)
	}
	tb := New(target, phones)
	m := mapping.Map(strings.Split("First Name|Last Name|Email|Account ID|Account Name", "|"), target, nil)
	m.MakeIDs()
	f := tb.AddFile("t.csv", m)
	for i, r := range []string{
		"Ann|Lee|ann@example.com|A1|Acme",
		"Bo|Ray|bo@example.com|A1|Acme",
		"Cy|Ng|cy@example.com|A2|Beta",
		"Di|Ho|di@example.com|A3|",
		"Ed|Po|ed@example.com|A4|Delta",
		"Fa|Wu|fa@example.com|A5|Epsilon",
	} {
		var fields [][]byte
		for _, c := range strings.Split(r, "|") {
			fields = append(fields, []byte(c))
		}
		tb.AddRow(f, i+1, fields, "")
	}
	tb.Resolve()
	col := tb.Target.Index
	fresh := func(step string) {
		t.Helper()
		kept := snapshot(tb)
		tb.keys.valid = false
		tb.Resolve()
		if again := snapshot(tb); !slices.Equal(kept, again) {
			t.Errorf("%s: with what Resolve kept\n%v\nread afresh\n%v", step, kept, again)
		}
	}
	var undo [][]CellEdit
	for _, c := range []struct {
		e    CellEdit
		kept bool // no key changes: the groups are kept
	}{
		{CellEdit{Row: 1, Col: col("Contact Work Email"), Value: "ann@example.com"}, false}, // its made Contact ID becomes row 1's
		{CellEdit{Row: 0, Col: col("Contact First Name"), Value: "Anne"}, true},             // in that Contact ID's group
		{CellEdit{Row: 1, Col: col("Account Name"), Value: "Acme Corp"}, true},              // account A1 read again
		{CellEdit{Row: 2, Col: col("Account Name"), Value: "Acme"}, true},                   // an account of one row, named as A1
		{CellEdit{Row: 0, Col: col("Contact Last Name"), Value: "Li"}, true},                // A1's name used twice, kept
		{CellEdit{Row: 3, Col: col("Account Name"), Value: "Acme Corp"}, true},              // its name comes: read afresh
		{CellEdit{Row: 2, Col: col("Account ID"), Value: "A1"}, false},                      // into account A1
	} {
		undo = append(undo, tb.Undoing([]CellEdit{c.e}))
		grouped := &tb.keys.accounts.of[0]
		tb.Apply([]CellEdit{c.e})
		if kept := grouped == &tb.keys.accounts.of[0]; kept != c.kept {
			t.Errorf("edit %+v: groups kept %v, want %v", c.e, kept, c.kept)
		}
		fresh(fmt.Sprintf("edit %+v", c.e))
	}
	tb.LeaveOut([]int{2}, true)
	fresh("row 3 left out")
	tb.LeaveOut([]int{2}, false)
	fresh("row 3 put back")
	for i := len(undo) - 1; i >= 0; i-- {
		tb.Apply(undo[i])
		fresh(fmt.Sprintf("undo %d", i))
	}
}
