package check

import (
	"slices"
	"strings"

	"contactprep/shared/finding"
)

// Decisions over a whole group of rows: each returns the edits it makes,
// which Apply makes in one step and Undoing takes back exactly. The page
// shows how many cells or groups a decision changes before it runs.

// EachUnreadablePhone calls fn with every phone cell kept as typed: a number
// that could not be read, one whose digits a spreadsheet lost, or one valid
// only in the country chosen for the file, not in the row's own.
func (t *Table) EachUnreadablePhone(fn func(r, col int)) {
	invalid, damaged, normalized := codeIndex(finding.PhoneInvalid), codeIndex(finding.PhoneExcelDamage), codeIndex(finding.PhoneNormalized)
	unsure := codeIndex(finding.PhoneCountryUnsure)
	for r := range t.Len() {
		notes := t.rowNotes(r)
		for i, n := range notes {
			switch {
			case n.code == invalid || n.code == unsure:
				fn(r, int(n.col))
			case n.code == damaged && !slices.ContainsFunc(notes[i+1:], func(m note) bool { return m.code == normalized && m.col == n.col }):
				fn(r, int(n.col)) // damage noted first, then what became of the number (cleanPhone)
			}
		}
	}
}

// ClearUnreadablePhones returns the edits that empty every phone cell kept
// as typed; the rest of each row is kept.
func (t *Table) ClearUnreadablePhones() []CellEdit {
	var edits []CellEdit
	t.EachUnreadablePhone(func(r, col int) { edits = append(edits, CellEdit{Row: r, Col: col}) })
	return edits
}

// Version is one set of values the rows of an account conflict carry in
// the columns where they disagree.
type Version struct {
	Values []string `json:"values"` // per Conflict.Columns
	Rows   int      `json:"rows"`   // how many rows carry it
	Row    int      `json:"row"`    // the first of them
}

// Versions returns the versions of conflict c in order of first appearance.
// Rows with none of the disagreeing values say nothing and are no version.
func (t *Table) Versions(c Conflict) []Version { return t.VersionsOf([]Conflict{c})[0] }

// VersionsOf returns the versions of each account conflict of cs (Versions),
// from what the last Resolve kept: no row is read again.
func (t *Table) VersionsOf(cs []Conflict) [][]Version {
	versions, _ := t.versionsOf(cs)
	return versions
}

// mostCommon returns the version most rows of conflict c carry; of versions
// carried by as many rows, the first row's. ok is false when no row has one.
func mostCommon(vs []Version) (v Version, ok bool) {
	for i, x := range vs {
		if i == 0 || x.Rows > v.Rows {
			v = x
		}
	}
	return v, len(vs) > 0
}

// UseMostCommonEdits returns the edits that settle every account conflict
// with its most common version, and how many accounts they settle.
func (t *Table) UseMostCommonEdits() (edits []CellEdit, accounts int) {
	var cs []Conflict
	for _, c := range t.conflicts {
		if c.Code == finding.AccountConflict {
			cs = append(cs, c)
		}
	}
	versions, carries := t.versionsOf(cs)
	for i, c := range cs {
		if v, ok := mostCommon(versions[i]); ok {
			edits = append(edits, toVersion(c, versions[i], carries[i], v)...)
			accounts++
		}
	}
	return edits, accounts
}

// AccountsToSettle returns how many accounts UseMostCommonEdits settles,
// without reading a row: every account conflict, for Resolve makes one only
// where a row's value differs from another row's, and two values differ only
// when one is not empty, which is then a version. The page's summary says
// it after every change.
func (t *Table) AccountsToSettle() int {
	n := 0
	for _, c := range t.conflicts {
		if c.Code == finding.AccountConflict {
			n++
		}
	}
	return n
}

// toVersion returns the edits that give every row of conflict c version v's
// values, the rows' own versions being vs and carries (versionsOf).
func toVersion(c Conflict, vs []Version, carries []int32, v Version) []CellEdit {
	edits := []CellEdit{}
	for i, r := range c.Rows {
		if int(r) == v.Row {
			continue
		}
		for k, col := range c.Columns {
			own := ""
			if carries[i] >= 0 {
				own = vs[carries[i]].Values[k]
			}
			if own != v.Values[k] {
				edits = append(edits, CellEdit{Row: int(r), Col: col, Value: v.Values[k]})
			}
		}
	}
	return edits
}

// ReplaceEdits returns the edits that replace find with with in target
// column col of every row: wherever the text occurs in a cell, or, when
// whole, in the cells that are exactly find. Cells are matched as the table
// shows them (cleaned); an empty find matches nothing but, when whole, the
// empty cells.
func (t *Table) ReplaceEdits(col int, find, with string, whole bool) []CellEdit {
	if col < 0 || col >= len(t.Target.Columns) || (find == "" && !whole) {
		return nil
	}
	var edits []CellEdit
	for r := range t.Len() {
		v := view(t.CellBytes(r, col)) // a string is made only of the cells that match
		switch {
		case whole && v == find:
			edits = append(edits, CellEdit{Row: r, Col: col, Value: with})
		case !whole && strings.Contains(v, find):
			edits = append(edits, CellEdit{Row: r, Col: col, Value: strings.ReplaceAll(v, find, with)})
		}
	}
	return edits
}

// ClearColumnEdits returns the edits that empty target column col in every
// row that has a value there.
func (t *Table) ClearColumnEdits(col int) []CellEdit {
	if col < 0 || col >= len(t.Target.Columns) {
		return nil
	}
	var edits []CellEdit
	for r := range t.Len() {
		// The cell's mask answers for most rows, without reading the row.
		if t.hasCell(r, col) || len(t.CellBytes(r, col)) > 0 || !t.rawEmpty(r, col) {
			edits = append(edits, CellEdit{Row: r, Col: col})
		}
	}
	return edits
}

// rawEmpty reports whether rawValue(r, col) is empty, without copying it.
func (t *Table) rawEmpty(r, col int) bool {
	if e := t.editedRow(r); e != nil {
		if v, ok := e.raw[col]; ok {
			return v == ""
		}
	}
	if s := t.files[t.fileOf[r]].Mapping.Of(col); s >= 0 {
		return len(t.src.cell(r, int(t.fileOf[r]), s)) == 0
	}
	return true
}

// Undoing returns the edits that take edits back, each cell to exactly what
// it was: a cell the admin had not changed goes back to its source's value
// (the edit is reverted, not rewritten), one changed before to that value.
func (t *Table) Undoing(edits []CellEdit) []CellEdit {
	undo := make([]CellEdit, len(edits))
	for i, e := range edits {
		u := CellEdit{Row: e.Row, Col: e.Col, Revert: true}
		if er := t.editedRow(e.Row); er != nil {
			if v, ok := er.raw[e.Col]; ok {
				u = CellEdit{Row: e.Row, Col: e.Col, Value: v}
			}
		}
		undo[len(edits)-1-i] = u // the last edit is taken back first
	}
	return undo
}
