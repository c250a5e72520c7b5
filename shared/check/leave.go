package check

import (
	"slices"

	"contactprep/shared/finding"
)

// Rows the admin leaves out on purpose: each is rejected with its reason
// (finding.RowLeftOut) and takes no part in the groups Resolve settles, so
// leaving out one version of an account settles the others. Its cells and
// findings are kept, so that putting it back restores it exactly.

// LeaveOut leaves rows out (out) or puts them back, and resolves the groups
// again. It returns the rows it changed, in order: LeaveOut(changed, !out)
// takes the step back exactly. Rows already so, or not in the table, are
// not changed.
func (t *Table) LeaveOut(rows []int, out bool) []int {
	changed := t.leaving(rows, out)
	if len(changed) == 0 {
		return nil
	}
	if t.leftOut == nil {
		t.leftOut = make([]uint64, (t.Len()+63)/64)
	}
	for _, r := range changed {
		t.leftOut[r/64] ^= 1 << (r % 64)
	}
	t.keys.valid = false // a row left out is in no group
	t.Resolve()
	return changed
}

// Leaving returns how many rows LeaveOut(rows, out) would change: what the
// page says before the admin decides.
func (t *Table) Leaving(rows []int, out bool) int { return len(t.leaving(rows, out)) }

// leaving returns the rows of rows, in order and once each, that are in the
// table and not yet left out (out) or put back.
func (t *Table) leaving(rows []int, out bool) []int {
	if !slices.IsSorted(rows) {
		rows = slices.Sorted(slices.Values(rows))
	}
	var changed []int
	for i, r := range rows {
		if r >= 0 && r < t.Len() && (i == 0 || r != rows[i-1]) && t.isLeftOut(r) != out {
			changed = append(changed, r)
		}
	}
	return changed
}

// isLeftOut reports whether the admin left row r out.
func (t *Table) isLeftOut(r int) bool {
	return r/64 < len(t.leftOut) && t.leftOut[r/64]&(1<<(r%64)) != 0
}

// leftOutNote is the note Resolve gives a row left out.
var leftOutNote = note{col: -1, sev: finding.Error, code: codeIndex(finding.RowLeftOut), extra: -1}
