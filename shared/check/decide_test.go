package check

import (
	"fmt"
	"slices"
	"testing"

	"contactprep/shared/finding"
)

// snapshot is everything the table says about its rows: each row's state,
// cells and findings, to compare a table before a decision and after its undo.
func snapshot(tb *Table) []string {
	var out []string
	for r := range tb.Len() {
		row := fmt.Sprint(r, tb.State(r))
		for c := range tb.Target.Columns {
			row += "|" + tb.Cell(r, c)
		}
		out = append(out, row, fmt.Sprintf("%+v", tb.Findings(r)))
	}
	return append(out, fmt.Sprintf("%+v", tb.Conflicts()))
}

// applyAndUndo applies edits, then their undo, and checks the table is as
// before to the last finding.
func applyAndUndo(t *testing.T, tb *Table, edits []CellEdit) {
	t.Helper()
	before, edited := snapshot(tb), tb.edited.len()
	undo := tb.Undoing(edits)
	tb.Apply(edits)
	if slices.Equal(snapshot(tb), before) {
		t.Fatalf("the edits changed nothing")
	}
	tb.Apply(undo)
	if after := snapshot(tb); !slices.Equal(after, before) {
		t.Errorf("undo did not restore the table:\n%v\nwant\n%v", after, before)
	}
	if tb.edited.len() != edited {
		t.Errorf("undo left %d rows edited, want %d", tb.edited.len(), edited)
	}
}

const decideHeader = "Contact ID|First Name|Last Name|Work Phone|Mobile|Account ID|Account Name"

func TestClearUnreadablePhones(t *testing.T) {
	tb := table(t, decideHeader,
		"K1|Ann|Lee|N/A|4155552671|A1|Acme",                 // unreadable; a good mobile
		"K2|Bo|Ray|call after 5pm||A1|Acme",                 // unreadable
		"K3|Cy|Ng|4.15555E+09|415-555-2672|A2|Beta",         // Excel lost the digits
		"K4|Di|Ho|4.155552671E+09|+44 20 7946 0958|A2|Beta", // Excel wrote it, digits recovered
		"K5|Ed|Po|(415) 555-2673||A2|Beta",                  // fine
	)
	work, mobile := tb.Target.Index("Contact Work Phone"), tb.Target.Index("Contact Cell Phone")
	edits := tb.ClearUnreadablePhones()
	var cells [][2]int
	for _, e := range edits {
		cells = append(cells, [2]int{e.Row, e.Col})
	}
	if want := [][2]int{{0, work}, {1, work}, {2, work}}; !slices.Equal(cells, want) {
		t.Fatalf("cleared %v, want %v", cells, want)
	}
	applyAndUndo(t, tb, edits)

	tb.Apply(edits)
	for r := range 3 {
		if v := tb.Cell(r, work); v != "" {
			t.Errorf("row %d: work phone %q kept", r, v)
		}
		if _, ok := codes(tb, r)[finding.PhoneInvalid]; ok {
			t.Errorf("row %d: still an unreadable phone", r)
		}
	}
	if tb.Cell(0, mobile) != "+14155552671" || tb.Cell(2, mobile) != "+14155552672" || tb.Cell(3, work) != "+14155552671" {
		t.Errorf("readable phones changed: %q %q %q", tb.Cell(0, mobile), tb.Cell(2, mobile), tb.Cell(3, work))
	}
	if len(tb.ClearUnreadablePhones()) != 0 {
		t.Errorf("unreadable phones left after clearing them")
	}
}

// TestClearUnsurePhones: a phone valid only in the country chosen for the
// file, in a row naming another, is kept as typed too: the count of numbers
// to clear has it, and clearing it settles its group.
func TestClearUnsurePhones(t *testing.T) {
	tb := table(t, "Contact ID|First Name|Last Name|Work Phone|Mobile|Country",
		"K1|Ann|Lee|(415) 555-2671|N/A|France", // valid only in the US, chosen
		"K2|Bo|Ray|(415) 555-2672||",           // the US: read
	)
	work, mobile := tb.Target.Index("Contact Work Phone"), tb.Target.Index("Contact Cell Phone")
	if _, ok := codes(tb, 0)[finding.PhoneCountryUnsure]; !ok {
		t.Fatalf("row 1: findings %v, want %s", tb.Findings(0), finding.PhoneCountryUnsure)
	}
	edits := tb.ClearUnreadablePhones()
	var cells [][2]int
	for _, e := range edits {
		cells = append(cells, [2]int{e.Row, e.Col})
	}
	if want := [][2]int{{0, work}, {0, mobile}}; !slices.Equal(cells, want) {
		t.Fatalf("cleared %v, want %v", cells, want)
	}
	applyAndUndo(t, tb, edits)
	tb.Apply(edits)
	for _, code := range []finding.Code{finding.PhoneCountryUnsure, finding.PhoneInvalid} {
		if _, ok := codes(tb, 0)[code]; ok {
			t.Errorf("row 1: still %s after clearing", code)
		}
	}
	if n := len(tb.ClearUnreadablePhones()); n != 0 {
		t.Errorf("%d phones kept as typed after clearing them", n)
	}
}

func TestUseMostCommon(t *testing.T) {
	tb := table(t, decideHeader,
		"K1|Ann|Lee|||A1|Acme Corp",
		"K2|Bo|Ray|||A1|ACME Corporation",
		"K3|Cy|Ng|||A1|Acme Corp",
		"K4|Di|Ho|||A1|",         // says nothing: no version
		"K5|Ed|Po|||A2|Beta Ltd", // a tie: the first row's wins
		"K6|Fa|Wu|||A2|Beta",
		"K7|Gi|Xu|||A3|Gamma", // no conflict
	)
	name := tb.Target.Index("Account Name")
	cs := tb.Conflicts()
	if len(cs) != 2 {
		t.Fatalf("conflicts %+v", cs)
	}
	want := []Version{{Values: []string{"Acme Corp"}, Rows: 2, Row: 0}, {Values: []string{"ACME Corporation"}, Rows: 1, Row: 1}}
	if got := tb.Versions(cs[0]); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("versions %+v, want %+v", got, want)
	}
	edits, accounts := tb.UseMostCommonEdits()
	if accounts != 2 {
		t.Errorf("%d accounts, want 2", accounts)
	}
	applyAndUndo(t, tb, edits)
	tb.Apply(edits)
	if len(tb.Conflicts()) != 0 {
		t.Errorf("left in conflict: %+v", tb.Conflicts())
	}
	for r, w := range []string{"Acme Corp", "Acme Corp", "Acme Corp", "Acme Corp", "Beta Ltd", "Beta Ltd", "Gamma"} {
		if got := tb.Cell(r, name); got != w {
			t.Errorf("row %d: Account Name %q, want %q", r, got, w)
		}
	}
}

func TestReplaceAndClearColumn(t *testing.T) {
	tb := table(t, decideHeader,
		"K1|Ann|Lee|||A1|Acme Inc",
		"K2|Bo|Ray|||A2|Inc",
		"K3|Cy|Ng|||A3|Beta",
	)
	name := tb.Target.Index("Account Name")
	cells := func() []string {
		var out []string
		for r := range tb.Len() {
			out = append(out, tb.Cell(r, name))
		}
		return out
	}
	for _, c := range []struct {
		find, with string
		whole      bool
		want       []string
	}{
		{"Inc", "Ltd", false, []string{"Acme Ltd", "Ltd", "Beta"}},
		{"Inc", "Ltd", true, []string{"Acme Inc", "Ltd", "Beta"}},
		{"Gamma", "Ltd", true, []string{"Acme Inc", "Inc", "Beta"}},
	} {
		edits := tb.ReplaceEdits(name, c.find, c.with, c.whole)
		undo := tb.Undoing(edits)
		tb.Apply(edits)
		if got := cells(); !slices.Equal(got, c.want) {
			t.Errorf("replace %q with %q (whole %v): %q, want %q", c.find, c.with, c.whole, got, c.want)
		}
		tb.Apply(undo)
	}
	if tb.ReplaceEdits(name, "", "x", false) != nil {
		t.Errorf("an empty text to find matched")
	}
	edits := tb.ClearColumnEdits(name)
	if len(edits) != 3 {
		t.Fatalf("clearing the column: %d edits", len(edits))
	}
	applyAndUndo(t, tb, edits)
}

// TestUndoAfterEdits: a decision over cells the admin had already changed
// takes them back to the admin's values, not the source's.
func TestUndoAfterEdits(t *testing.T) {
	tb := table(t, decideHeader, "K1|Ann|Lee|N/A||A1|Acme", "K2|Bo|Ray|||A1|Acme")
	work := tb.Target.Index("Contact Work Phone")
	tb.edit(0, work, "call me")
	tb.edit(1, tb.Target.Index("Contact First Name"), "Bob")
	applyAndUndo(t, tb, tb.ClearUnreadablePhones())
	if v := tb.editedRow(0).raw[work]; v != "call me" {
		t.Errorf("the admin's value %q, want %q", v, "call me")
	}
}
