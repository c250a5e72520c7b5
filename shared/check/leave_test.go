package check

import (
	"slices"
	"testing"

	"contactprep/shared/finding"
)

// TestLeaveOut: rows left out on purpose are rejected with a plain reason
// and take no part in their groups, so leaving out the odd version of an
// account settles it; putting them back restores the table exactly.
func TestLeaveOut(t *testing.T) {
	tb := table(t, decideHeader,
		"K1|Ann|Lee|||A1|Acme Corp",
		"K2|Bo|Ray|||A1|ACME Corporation", // the odd version
		"K3|Cy|Ng|||A1|Acme Corp",
		"K4|Di|Ho|||A2|Beta",
		"K4|Di|Ho|||A2|Beta", // an exact copy of row 4
		"K5|Ed|Po|||A3|Gamma",
	)
	before := snapshot(tb)
	if n := tb.Leaving([]int{4, 1, 1, 9, -1}, true); n != 2 {
		t.Errorf("leaving rows 2 and 5 (named out of order, twice, and rows not in the table) changes %d rows, want 2", n)
	}
	changed := tb.LeaveOut([]int{4, 1, 1, 9, -1}, true)
	if !slices.Equal(changed, []int{1, 4}) {
		t.Fatalf("changed %v, want [1 4]", changed)
	}
	states := func() []State {
		var out []State
		for r := range tb.Len() {
			out = append(out, tb.State(r))
		}
		return out
	}
	if got, want := states(), []State{Ready, Rejected, Ready, Ready, Rejected, Ready}; !slices.Equal(got, want) {
		t.Errorf("states %v, want %v (account A1 settled, row 4 no longer merged)", got, want)
	}
	if len(tb.Conflicts()) != 0 {
		t.Errorf("conflicts left: %+v", tb.Conflicts())
	}
	for _, r := range changed {
		if msg, codes := tb.Reason(r); codes != string(finding.RowLeftOut) || msg != "left out on purpose: you chose not to import this row" {
			t.Errorf("row %d: reason %q (%s)", r+1, msg, codes)
		}
	}
	if tb.Leaving([]int{1, 4}, true) != 0 || tb.LeaveOut([]int{1}, true) != nil {
		t.Errorf("rows already left out are left out again")
	}
	if n := tb.Leaving([]int{0, 1, 2}, false); n != 1 {
		t.Errorf("putting back rows 1 to 3 changes %d rows, want 1", n)
	}
	tb.LeaveOut(changed, false)
	if after := snapshot(tb); !slices.Equal(after, before) {
		t.Errorf("putting the rows back did not restore the table:\n%v\nwant\n%v", after, before)
	}
}

// TestLeaveOutKeepsEdits: a row edited, left out and put back has its edit.
func TestLeaveOutKeepsEdits(t *testing.T) {
	tb := table(t, decideHeader, "K1|Ann|Lee|N/A||A1|Acme", "K2|Bo|Ray|||A1|Acme")
	tb.edit(0, tb.Target.Index("Contact First Name"), "Anne")
	edited := snapshot(tb)
	tb.LeaveOut([]int{0}, true)
	if _, ok := codes(tb, 0)[finding.PhoneInvalid]; !ok {
		t.Errorf("a row left out loses its own findings: %v", tb.Findings(0))
	}
	tb.LeaveOut([]int{0}, false)
	if !slices.Equal(snapshot(tb), edited) {
		t.Errorf("the edited row came back changed")
	}
}
