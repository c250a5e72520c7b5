package check

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/finding"
)

// readVersions is what versionsOf returns, worked out the plain way: the
// cells of every row of each conflict read as the table shows them, in row
// order, each conflict's versions in order of first appearance.
func readVersions(tb *Table, cs []Conflict) (versions [][]Version, carries [][]int32) {
	versions, carries = make([][]Version, len(cs)), make([][]int32, len(cs))
	for ci, c := range cs {
		carries[ci] = make([]int32, len(c.Rows))
		for i, r := range c.Rows {
			values := make([]string, len(c.Columns))
			for k, col := range c.Columns {
				values[k] = tb.Cell(int(r), col)
			}
			carries[ci][i] = -1
			if strings.Join(values, "") == "" {
				continue
			}
			at := slices.IndexFunc(versions[ci], func(v Version) bool { return slices.Equal(v.Values, values) })
			if at < 0 {
				versions[ci] = append(versions[ci], Version{Values: values, Row: int(r)})
				at = len(versions[ci]) - 1
			}
			versions[ci][at].Rows++
			carries[ci][i] = int32(at)
		}
	}
	return versions, carries
}

func accountConflicts(tb *Table) []Conflict {
	var cs []Conflict
	for _, c := range tb.Conflicts() {
		if c.Code == finding.AccountConflict {
			cs = append(cs, c)
		}
	}
	return cs
}

// TestKeptVersions: the versions Resolve keeps as it reads the grouped rows
// are those the rows' cells show, however the rows disagree (in one column
// or several, some cells empty, the first rows agreeing), after edits of
// account and other cells, undone, and rows left out and put back.
func TestKeptVersions(t *testing.T) {
	names := []string{"", "Acme", "ACME Corp", "Beta"}
	phones := []string{"", "(415) 555-2671", "415 555 2672"}
	cities := []string{"", "Paris", "Lyon"}
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		pick := func(s []string) string {
			if rng.IntN(3) == 0 { // mostly the account's own value: rows agree for a while
				return s[rng.IntN(len(s))]
			}
			return s[1]
		}
		var rows []string
		for i := range 30 + rng.IntN(40) {
			rows = append(rows, fmt.Sprintf("K%d|F|L|A%d|%s|%s|%s", i, rng.IntN(6), pick(names), pick(phones), pick(cities)))
		}
		tb := table(t, "Contact ID|First Name|Last Name|Account ID|Account Name|Account Phone|Account City", rows...)
		cols := []int{tb.Target.Index("Account Name"), tb.Target.Index("Account Phone"), tb.Target.Index("Account City"), tb.Target.Index("Contact Last Name")}
		check := func(step string) {
			t.Helper()
			cs := accountConflicts(tb)
			gotV, gotC := tb.versionsOf(cs)
			wantV, wantC := readVersions(tb, cs)
			if !reflect.DeepEqual(gotV, wantV) || !reflect.DeepEqual(gotC, wantC) {
				t.Fatalf("seed %d, %s: kept versions\n%+v %v\nread\n%+v %v", seed, step, gotV, gotC, wantV, wantC)
			}
		}
		check("read")
		if len(accountConflicts(tb)) == 0 {
			t.Fatalf("seed %d: no account conflict to test", seed)
		}
		for step := range 8 {
			switch rng.IntN(3) {
			case 0, 1:
				var edits []CellEdit
				for range 1 + rng.IntN(4) {
					col := cols[rng.IntN(len(cols))]
					edits = append(edits, CellEdit{Row: rng.IntN(tb.Len()), Col: col, Value: pick(names)})
				}
				undo := tb.Undoing(edits)
				tb.Apply(edits)
				check(fmt.Sprintf("step %d, edits %+v", step, edits))
				if rng.IntN(2) == 0 {
					tb.Apply(undo)
					check(fmt.Sprintf("step %d, undone", step))
				}
			case 2:
				r := rng.IntN(tb.Len())
				tb.LeaveOut([]int{r}, !tb.isLeftOut(r))
				check(fmt.Sprintf("step %d, row %d left out or back", step, r))
			}
		}
		edits, _ := tb.UseMostCommonEdits()
		tb.Apply(edits)
		if cs := accountConflicts(tb); len(cs) != 0 {
			t.Errorf("seed %d: the most common versions left %d accounts in conflict", seed, len(cs))
		}
	}
}

// TestKeptVersionsMany: an account whose every row differs keeps each
// row's values once, found again through its index, in order of first row.
func TestKeptVersionsMany(t *testing.T) {
	var rows []string
	for i := range 3 * indexFrom {
		rows = append(rows, fmt.Sprintf("K%d|F|L|A1|Name %d|", i, i%(2*indexFrom)))
	}
	tb := table(t, "Contact ID|First Name|Last Name|Account ID|Account Name|Account City", rows...)
	cs := accountConflicts(tb)
	gotV, gotC := tb.versionsOf(cs)
	wantV, wantC := readVersions(tb, cs)
	if len(cs) != 1 || len(gotV[0]) != 2*indexFrom || tb.accVers[cs[0].group].index == nil {
		t.Fatalf("%d conflicts, %d versions, want 1 and %d found through an index", len(cs), len(gotV[0]), 2*indexFrom)
	}
	if !reflect.DeepEqual(gotV, wantV) || !reflect.DeepEqual(gotC, wantC) {
		t.Errorf("kept versions\n%+v %v\nread\n%+v %v", gotV, gotC, wantV, wantC)
	}
}
