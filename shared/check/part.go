package check

import "contactprep/shared/phone"

// Phones returns the normaliser the table checks phones with (safe for concurrent use).
func (t *Table) Phones() *phone.Normalizer { return t.phones }

// Parts is a table's multi-worker plumbing. A large text input is cut into
// slices, each checked into a table of its own, a part (in a goroutine, or
// in another Web Worker, which sends it as bytes: Encode, Decode); the parts
// are appended in order to the table of the run (Append), which is then the
// table a single pass would have made: a row's own checks depend on nothing
// but the row, and Resolve looks across all of them. Besides its rows, a part
// carries its slice's blank records and whether the slice may end inside a
// quoted field (SetBlankRows, SetCut). Storage is reserved ahead, so that it
// grows once rather than by doubling (ReserveLike, Mark, ReserveSince).
// prepare.Plan is its user; the rest of a Table knows nothing of parts.
type Parts struct{ t *Table }

// Parts returns t's multi-worker plumbing: t as a part, or as the table
// parts are appended to.
func (t *Table) Parts() Parts { return Parts{t} }

// SetBlankRows records how many blank records a part's slice had, which
// travel with the part to the table it is appended to.
func (p Parts) SetBlankRows(n int) { p.t.blankRows = n }

// BlankRows returns what SetBlankRows recorded.
func (p Parts) BlankRows() int { return p.t.blankRows }

// SetCut records that a part's slice may end inside a quoted field
// (csvread.Reader.Cut), which also travels with the part.
func (p Parts) SetCut(cut bool) { p.t.cut = cut }

// Cut returns what SetCut recorded.
func (p Parts) Cut() bool { return p.t.cut }

// ReserveLike makes room for parts like part, times factor: when the first
// of several similar parts arrives, the table grows once for all of them.
func (p Parts) ReserveLike(part *Table, factor float64) {
	t := p.t
	f := func(n int) int { return int(float64(n) * factor) }
	t.cells.reserve(f(part.Len()), f(len(part.cells.refs)), f(len(part.cells.buf)))
	t.reserveRows(f(part.Len()))
	t.notes = grow(t.notes, f(len(part.notes)))
}

// Append adds the rows of part, checked from a later slice of file's text, as
// rows of file after those already here. Part numbers its rows from 1 in its
// slice; rowBase, the records of file before the slice, is added to them.
// Shift is added to their spans when part read from a slice of the text
// rather than from the whole of it.
// Part is left empty: its storage now belongs to t.
func (p Parts) Append(file int, part *Table, shift int64, rowBase int) {
	t := p.t
	base := int32(t.Len())
	n := part.Len()
	if base == 0 && len(t.extras) == 0 && cap(t.cells.refs) < len(part.cells.refs) {
		// The first part: its storage becomes the table's, without a copy.
		t.cells, part.cells = part.cells, arena{}
		t.notes, part.notes = part.notes, nil
		t.noteEnd, part.noteEnd = part.noteEnd, nil
		t.extras, part.extras = part.extras, nil
	}
	t.reserveParts(part)
	for _, at := range part.src.at {
		t.src.at = append(t.src.at, span{at.lo + shift, at.hi + shift})
	}
	t.cells.appendArena(&part.cells)
	if t.fileOf == nil {
		t.reserveRows(n)
	}
	for range n {
		t.fileOf = append(t.fileOf, uint16(file))
		t.state = append(t.state, Ready)
		t.accGroup = append(t.accGroup, -1)
	}
	for _, r := range part.srcRow {
		t.srcRow = append(t.srcRow, r+uint32(rowBase))
	}
	notes, extras := int32(len(t.notes)), int32(len(t.extras))
	for _, nt := range part.notes {
		if nt.extra >= 0 {
			nt.extra += extras
		}
		t.notes = append(t.notes, nt)
	}
	for _, e := range part.noteEnd {
		t.noteEnd = append(t.noteEnd, e+uint32(notes))
	}
	t.extras = append(t.extras, part.extras...)
	*part = Table{}
}

// reserveParts makes room for the rows of parts, which Append will add.
func (t *Table) reserveParts(parts ...*Table) {
	var rows, cells, bytes, notes int
	for _, p := range parts {
		rows += p.Len()
		cells += len(p.cells.refs)
		bytes += len(p.cells.buf)
		notes += len(p.notes)
	}
	t.cells.reserve(rows, cells, bytes)
	t.reserveRows(rows)
	t.notes = grow(t.notes, notes)
}

// Mark is how much a table holds, for ReserveSince.
type Mark struct{ rows, refs, buf, notes int }

// Mark returns how much the table holds now.
func (p Parts) Mark() Mark {
	t := p.t
	return Mark{t.Len(), len(t.cells.refs), len(t.cells.buf), len(t.notes)}
}

// ReserveSince makes room for factor times what was added since m, so that
// storage grows once rather than by doubling.
func (p Parts) ReserveSince(m Mark, factor float64) {
	t := p.t
	f := func(n int) int { return int(float64(n) * factor) }
	rows := f(t.Len() - m.rows)
	t.cells.reserve(rows, f(len(t.cells.refs)-m.refs), f(len(t.cells.buf)-m.buf))
	t.reserveRows(rows)
	t.notes = grow(t.notes, f(len(t.notes)-m.notes))
}

func (t *Table) reserveRows(rows int) {
	t.src.at = grow(t.src.at, rows)
	t.fileOf = grow(t.fileOf, rows)
	t.srcRow = grow(t.srcRow, rows)
	t.state = grow(t.state, rows)
	t.accGroup = grow(t.accGroup, rows)
	t.noteEnd = grow(t.noteEnd, rows)
}

// appendArena appends b's rows after a's.
func (a *arena) appendArena(b *arena) {
	bufBase, refsBase := uint32(len(a.buf)), uint32(len(a.refs))
	if a.words == 0 {
		a.words = b.words
	}
	if len(a.buf)+len(b.buf) >= maxArenaBuf {
		panic("check: more than 2 GB of cleaned values in one table")
	}
	a.buf = append(a.buf, b.buf...)
	a.masks = append(a.masks, b.masks...)
	for _, ref := range b.refs {
		if ref&fromSource == 0 {
			ref += bufBase
		}
		a.refs = append(a.refs, ref)
	}
	for _, e := range b.rowEnd {
		a.rowEnd = append(a.rowEnd, e+refsBase)
	}
}
