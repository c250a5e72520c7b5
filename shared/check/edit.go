package check

import (
	"slices"
	"strings"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// CellEdit sets target column Col of row Row to Value, as if the source had
// said so; or, with Revert, drops the admin's edit of the cell (Undoing).
type CellEdit struct {
	Row    int    `json:"row"`
	Col    int    `json:"col"`
	Value  string `json:"value"`
	Revert bool   `json:"-"`
}

// Conflict is a group of rows Resolve rejected together because they share a
// key but differ: the page lists its rows and offers to settle it.
type Conflict struct {
	Code    finding.Code // DuplicateContactID or AccountConflict
	Key     string       // the shared Contact ID or Account ID
	Rows    []int32      // table rows, in order
	Columns []int        // target columns whose values differ
	group   int32        // an account conflict's Account ID group (Table.accVers)
}

// Conflicts returns the groups the last Resolve rejected, in order of first appearance.
func (t *Table) Conflicts() []Conflict { return t.conflicts }

// rawValue returns the value of target column col of row r before cleaning: the
// admin's edit, or the source cell mapped to it ("" when none is). Applying it
// back as an edit restores the row, which is how an edit is undone.
func (t *Table) rawValue(r, col int) string {
	if e := t.editedRow(r); e != nil {
		if v, ok := e.raw[col]; ok {
			return v
		}
	}
	if s := t.files[t.fileOf[r]].Mapping.Of(col); s >= 0 {
		return string(t.src.cell(r, int(t.fileOf[r]), s))
	}
	return ""
}

// Apply makes the edits, re-checks each edited row, and resolves the groups
// once. Findings and states of the rows and of rows sharing their keys are
// current when it returns.
func (t *Table) Apply(edits []CellEdit) {
	valid := func(ed CellEdit) bool {
		return ed.Row >= 0 && ed.Row < t.Len() && ed.Col >= 0 && ed.Col < len(t.Target.Columns)
	}
	touched := make([]int, 0, len(edits))
	for _, ed := range edits {
		if valid(ed) {
			touched = append(touched, ed.Row)
		}
	}
	slices.Sort(touched)
	touched = slices.Compact(touched)
	// What Resolve kept (the groups, what it read of them) holds while no
	// key changes; it reads again the rows changed, their account cells
	// only where they changed.
	keyCols := []int{t.Target.Key(schema.Contact), t.Target.Key(schema.Account)}
	kept := t.keys.valid && t.reread.ok
	var keys, acc []string
	if kept {
		keys, acc = t.cellsOf(touched, keyCols), t.cellsOf(touched, t.accountColumns())
	}
	rows := make([]int, 0, len(edits))
	for _, ed := range edits {
		if !valid(ed) {
			continue
		}
		e := t.editedRow(ed.Row)
		if ed.Revert && e == nil {
			continue
		}
		if e == nil {
			e = &editedRow{raw: map[int]string{}}
			t.edited.set(ed.Row, t.Len(), e)
		}
		if ed.Revert {
			delete(e.raw, ed.Col)
		} else {
			e.raw[ed.Col] = ed.Value
		}
		rows = append(rows, ed.Row)
	}
	slices.Sort(rows)
	for _, r := range slices.Compact(rows) {
		if len(t.editedRow(r).raw) == 0 {
			// Every edit of the row reverted: it is its source's again, with
			// the cells and notes it was read with.
			t.edited.set(r, t.Len(), nil)
			continue
		}
		t.recheck(r)
	}
	if kept {
		if !slices.Equal(t.cellsOf(touched, keyCols), keys) {
			t.keys.valid = false // a key changed: the rows are grouped again
		}
		t.reread.rows = append(t.reread.rows, touched...)
		na := len(t.accountColumns())
		now := t.cellsOf(touched, t.accountColumns())
		for i, r := range touched {
			if !slices.Equal(now[i*na:(i+1)*na], acc[i*na:(i+1)*na]) {
				t.reread.acc = append(t.reread.acc, r)
			}
		}
	}
	t.Resolve()
}

// recheck cleans row r again from its source fields and its edits.
func (t *Table) recheck(r int) {
	e := t.editedRow(r)
	var stack stackCells
	s := t.scratchFor(&stack, len(t.Target.Columns))
	t.fill(&s, t.files[t.fileOf[r]].Mapping, t.src.fields(r, int(t.fileOf[r])))
	for c, v := range e.raw {
		s.raw[c] = []byte(v)
	}
	var kept []note
	lo := uint32(0)
	if r > 0 {
		lo = t.noteEnd[r-1]
	}
	for _, n := range t.notes[lo:t.noteEnd[r]] {
		if n.code == codeIndex(finding.MalformedRow) {
			kept = append(kept, n)
		}
	}
	t.clean(&s)
	e.notes = append(kept, s.notes...)
	// The cells are cut from one string: a bulk decision re-checks up to
	// every row, and a string per cell made most of its time.
	n := 0
	for _, v := range s.out {
		n += len(v)
	}
	var all strings.Builder
	all.Grow(n)
	for _, v := range s.out {
		all.Write(v)
	}
	joined := all.String()
	e.cells = make([]string, len(s.out))
	at := 0
	for i, v := range s.out {
		e.cells[i] = joined[at : at+len(v)]
		at += len(v)
	}
}

// VersionEdits returns the edits that settle row r's account conflict in its
// favour: every row sharing its Account ID takes row r's value in each account
// column where the rows disagree. It returns nil when row r is in no conflict.
func (t *Table) VersionEdits(r int) []CellEdit {
	for _, c := range t.conflicts {
		if c.Code == finding.AccountConflict && slices.Contains(c.Rows, int32(r)) {
			return t.versionEdits(c, r)
		}
	}
	return nil
}

// versionEdits returns the edits that give every row of conflict c row r's
// values in the columns where they disagree.
func (t *Table) versionEdits(c Conflict, r int) []CellEdit {
	versions, carries := t.versionsOf([]Conflict{c})
	v := Version{Values: make([]string, len(c.Columns)), Row: r} // a row with none of the values
	if i := slices.Index(c.Rows, int32(r)); i >= 0 && carries[0][i] >= 0 {
		v.Values = versions[0][carries[0][i]].Values
	}
	return toVersion(c, versions[0], carries[0], v)
}
