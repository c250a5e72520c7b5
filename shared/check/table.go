// Package check cleans and checks rows against the target and settles conflicts across rows and files.
//
// Rows go in as read (AddRow) and are cleaned at once: values trimmed, phones
// made E.164, booleans and URLs normalised, each problem noted. Resolve then
// looks across rows: duplicate Contact IDs, accounts whose rows disagree. After
// Resolve every row is Ready, Rejected or Merged, and Edit re-checks one cell's
// row and its groups, for the page's inline editing.
package check

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// State is what becomes of a row.
type State uint8

const (
	Ready    State = iota // exported
	Rejected              // has an error: written to rejected.csv
	Merged                // an identical copy of an exported row: counted, not exported
)

func (s State) String() string { return [...]string{"ready", "rejected", "merged"}[s] }

// File is one input as the table knows it.
type File struct {
	Name    string
	Mapping *mapping.Mapping
}

// note is a compact finding about a row, eight bytes: its values are derived
// from the row when it is turned into a finding.Finding, so the millions of
// "phone normalised" notes of a large file cost little. A row's own notes
// are found by its index (Table.noteEnd), Resolve's carry the row (groupNote).
type note struct {
	extra int32 // the message: an index into Table.extras (Table.gextras for a groupNote); -1 for the code's fixed message
	col   int16 // target column, or -1
	sev   finding.Severity
	code  uint8 // index into noteCodes
}

// groupNote is a note Resolve made about a row from the rows it shares a key with.
type groupNote struct {
	row int32
	note
}

// Table holds every row of every input, cleaned, with what was found.
type Table struct {
	Target *schema.Target
	// MaxRowBytes rejects a row too large to fit in any output file; 0 means no limit.
	MaxRowBytes int64
	phones      *phone.Normalizer
	// countries are the country cells rows named, each with the Normalizer
	// of the country it names, or phones (rowPhones).
	countries map[string]*phone.Normalizer
	// rowNorm reads the phones of the row being cleaned: the Normalizer of
	// the row's own country (its address's), or t.phones when the row names
	// none (rowPhones).
	rowNorm *phone.Normalizer

	files     []File
	fileNotes []finding.Finding

	// Per row.
	src      sources // where the source record is, to read it again
	cells    arena   // the cleaned value of every target column
	fileOf   []uint16
	srcRow   []uint32 // 1-based data row in its file
	notes    []note   // row notes, row after row
	noteEnd  []uint32 // per row: index into notes just past its last note
	state    []State
	accGroup []int32 // its account's group in accVals, or -1

	extras  []string
	gextras []string

	// Built by Resolve.
	keys       keptGroups   // the rows grouped by their keys, kept for the next Resolve
	read       groupsRead   // what its pass over the grouped rows learnt, kept too
	reread     rereadRows   // the rows changed since, which the next Resolve reads again
	groupNotes []groupNote  // sorted by row
	accVals    groupValues  // per account group: its account columns' values
	accVers    keptVersions // per account group whose rows differ: the values each row carries
	accCols    []int        // the target's account columns
	accIndex   []int        // per target column: its index in accCols, or -1
	conflicts  []Conflict

	// Edits: rows re-checked after an inline edit replace their stored cells and notes.
	edited editedRows
	// leftOut has a bit per row the admin left out (LeaveOut); nil: none.
	leftOut []uint64

	cols      *layout    // the target's columns for the row loop, made on first use
	scratch   rowBuffers // the buffers rows reuse (begin)
	blankRows int        // a part's: blank records in its slice
	cut       bool       // a part's: its slice may end inside a quoted field
}

type editedRow struct {
	raw   map[int]string // target column → raw value the admin typed
	cells []string
	notes []note
}

// editedRows are the rows edited, by row: a slice made on the first edit,
// not a map, as Resolve asks for every row of the table whether it is
// edited, and a map's lookup is slow in WebAssembly.
type editedRows struct {
	at []*editedRow
	n  int
}

// get returns row r's edits, or nil.
func (e *editedRows) get(r int) *editedRow {
	if r < len(e.at) {
		return e.at[r]
	}
	return nil
}

// set gives row r, of a table of rows, its edits er (nil: none).
func (e *editedRows) set(r, rows int, er *editedRow) {
	if e.at == nil {
		e.at = make([]*editedRow, rows)
	}
	switch {
	case e.at[r] == nil && er != nil:
		e.n++
	case e.at[r] != nil && er == nil:
		e.n--
	}
	e.at[r] = er
}

// len returns how many rows are edited.
func (e *editedRows) len() int { return e.n }

// New makes an empty table for the target; phones normalises phone columns.
func New(t *schema.Target, phones *phone.Normalizer) *Table {
	tb := &Table{Target: t, phones: phones}
	tb.cells.keepKeys(t.Key(schema.Contact), t.Key(schema.Account))
	return tb
}

// AddFile registers an input and its mapping, and returns its index for AddRow.
func (t *Table) AddFile(name string, m *mapping.Mapping) int {
	t.files = append(t.files, File{Name: name, Mapping: m})
	t.fileNotes = append(t.fileNotes, m.Findings(name)...)
	return len(t.files) - 1
}

// Files returns the inputs in the order they were added.
func (t *Table) Files() []File { return t.files }

// Note records a finding about a whole file (encoding, empty file, …).
func (t *Table) Note(f finding.Finding) { t.fileNotes = append(t.fileNotes, f) }

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.srcRow) }

// SetText says that the records of file are read from text, a delimited UTF-8
// text split by comma, which the caller keeps unchanged: AddRecord then keeps
// only where each record is in it.
func (t *Table) SetText(file int, text []byte, comma byte) {
	t.src.setText(file, text, 0, comma)
}

// SetTextAt is SetText for text that is a run of the file's text starting at
// offset base, such as a slice read from a file not held (SetReader): the
// spans AddRecord takes are offsets in the file's whole text.
func (t *Table) SetTextAt(file int, text []byte, base int64, comma byte) {
	t.src.setText(file, text, base, comma)
}

// SetReader says that the records of file are read back from r, a delimited
// UTF-8 text split by comma, when they are needed, and not held in memory:
// for a file larger than the table can afford to keep. Its rows are added by
// Append, from parts checked from slices of the text, their spans offsets in
// r. A failed read leaves the cells it should have given empty, and
// SourceErr reports it.
func (t *Table) SetReader(file int, r io.ReaderAt, comma byte) {
	t.src.setReader(file, r, comma)
}

// SourceErr returns the first error reading records back from a SetReader
// file, if one failed: what was read after it is not to be trusted.
func (t *Table) SourceErr() error {
	if f, err := t.src.err(); err != nil {
		return fmt.Errorf("%s: reading it again: %w", t.files[f].Name, err)
	}
	return nil
}

// AddRow cleans and checks one source record. srcRow is its 1-based data row in
// the file; malformed is the reader's reason when the record's shape was broken.
// The fields are copied: the caller may reuse them.
func (t *Table) AddRow(file, srcRow int, fields [][]byte, malformed string) {
	t.src.add(file, fields)
	t.addRow(file, srcRow, fields, malformed, nil)
}

// AddRecord is AddRow for a record of the file's text (SetText) that the text
// holds from byte start to end: the record's bytes are not copied.
func (t *Table) AddRecord(file, srcRow int, start, end int64, fields [][]byte, malformed string) {
	src := &t.src.files[file]
	if src.r != nil {
		panic("check: AddRecord on a file read back (SetReader): add its rows with Append")
	}
	t.src.addSpan(start, end)
	t.addRow(file, srcRow, fields, malformed, src.text[start-src.base:end-src.base])
}

// addRow cleans and checks a record; rec is its bytes in the file's text, or
// nil when the table keeps a copy of it.
func (t *Table) addRow(file, srcRow int, fields [][]byte, malformed string, rec []byte) {
	t.fileOf = append(t.fileOf, uint16(file))
	t.srcRow = append(t.srcRow, uint32(srcRow))
	t.state = append(t.state, Ready)
	t.accGroup = append(t.accGroup, -1)

	var cells stackCells
	s := t.scratchFor(&cells, len(t.Target.Columns))
	s.plain = rec != nil && !bytes.Contains(rec, replacementChar)
	m := t.files[file].Mapping
	t.fill(&s, m, fields)
	if malformed != "" {
		t.notes = append(t.notes, note{col: -1, sev: finding.Error, code: codeIndex(finding.MalformedRow), extra: t.extra(malformedWords(malformed))})
	} else if len(fields) != len(m.Source) {
		t.notes = append(t.notes, t.shapeNote(fields, len(m.Source)))
	}
	t.clean(&s)
	t.cells.add(s.out, rec)
	t.notes = append(t.notes, s.notes...)
	t.noteEnd = append(t.noteEnd, uint32(len(t.notes)))
}

// shapeNote reports a record whose field count differs from the header's. Too
// few fields are padded (the missing ones are empty); too many mean values may
// have shifted into the wrong columns, so the row is rejected unless the extra
// fields are all empty (trailing delimiters).
func (t *Table) shapeNote(fields [][]byte, want int) note {
	got := len(fields)
	if got < want {
		return note{col: -1, sev: finding.Warning, code: codeIndex(finding.MalformedRow),
			extra: t.extra(fmt.Sprintf("this row has %d cells and the header row %d: the missing ones are read as empty", got, want))}
	}
	for i := want; i < got; i++ {
		if len(fields[i]) > 0 {
			return note{col: -1, sev: finding.Error, code: codeIndex(finding.MalformedRow),
				extra: t.extra(fmt.Sprintf("this row has %d cells and the header row %d: its values may be in the wrong columns", got, want))}
		}
	}
	return note{col: -1, sev: finding.Info, code: codeIndex(finding.MalformedRow),
		extra: t.extra(fmt.Sprintf("this row has %d cells and the header row %d: the extra ones are empty and left out", got, want))}
}

func (t *Table) extra(s string) int32 {
	t.extras = append(t.extras, s)
	return int32(len(t.extras) - 1)
}

// Reader returns the table for reading in another goroutine while this one
// reads too: it shares the rows and keeps its own cache of the record read
// last. Neither may change the table while the other is in use.
func (t *Table) Reader() *Table {
	v := *t
	v.src = t.src.fork()
	return &v
}

// State returns what becomes of row r. Valid after Resolve.
func (t *Table) State(r int) State { return t.state[r] }

// Cell returns the cleaned value of target column col in row r, with account
// data filled in from the account's other rows (after Resolve).
func (t *Table) Cell(r, col int) string {
	return string(t.CellBytes(r, col))
}

// CellBytes is Cell without making a string, for writers in the hot loop.
// The bytes may alias the table's storage and must not be changed.
func (t *Table) CellBytes(r, col int) []byte {
	v := t.rawCell(r, col)
	if len(v) == 0 && t.Target.Columns[col].Part == schema.Account {
		if g := t.accGroup[r]; g >= 0 {
			return t.accVals.value(int(g), t.accIndex[col])
		}
	}
	return v
}

// rawCell returns the cleaned value without account filling.
func (t *Table) rawCell(r, col int) []byte {
	if e := t.editedRow(r); e != nil {
		return []byte(e.cells[col])
	}
	ref, ok := t.cells.ref(r, col)
	if !ok {
		return nil
	}
	if ref&fromSource == 0 {
		return t.cells.copied(ref)
	}
	return inRecord(ref, t.src.record(r, int(t.fileOf[r])))
}

// hasCell reports whether row r's cell in column col is not empty, without
// reading it.
func (t *Table) hasCell(r, col int) bool {
	if e := t.editedRow(r); e != nil {
		return e.cells[col] != ""
	}
	w := t.cells.words
	return col < w*64 && t.cells.masks[r*w+col/64]&(1<<(col%64)) != 0
}

// editedRow returns row r's edits, or nil; the row's cells and notes are
// asked for millions of times.
func (t *Table) editedRow(r int) *editedRow { return t.edited.get(r) }

// Place returns where row r came from: its file and 1-based data row there.
func (t *Table) Place(r int) (file, srcRow int) { return int(t.fileOf[r]), int(t.srcRow[r]) }

// Source returns where row r came from and its fields as read.
func (t *Table) Source(r int) (file, srcRow int, fields []string) {
	fields = make([]string, 0, len(t.files[t.fileOf[r]].Mapping.Source))
	for _, f := range t.src.fields(r, int(t.fileOf[r])) {
		fields = append(fields, string(f))
	}
	return int(t.fileOf[r]), int(t.srcRow[r]), fields
}

// rowNotes returns the row's own notes (not the group's).
func (t *Table) rowNotes(r int) []note {
	if e := t.editedRow(r); e != nil {
		return e.notes
	}
	lo := uint32(0)
	if r > 0 {
		lo = t.noteEnd[r-1]
	}
	return t.notes[lo:t.noteEnd[r]]
}

// Findings returns every finding about row r.
func (t *Table) Findings(r int) []finding.Finding {
	var out []finding.Finding
	for _, n := range t.rowNotes(r) {
		out = append(out, t.finding(r, n, false))
	}
	i, _ := slices.BinarySearchFunc(t.groupNotes, int32(r), func(n groupNote, r int32) int { return int(n.row - r) })
	for ; i < len(t.groupNotes) && t.groupNotes[i].row == int32(r); i++ {
		out = append(out, t.finding(r, t.groupNotes[i].note, true))
	}
	return out
}

// EachCode calls fn with the code and severity of every finding about every
// row, row after row and each row's in the order Findings lists them, without
// building the findings: cheap enough to index every row of a large table.
// The code is its number (Code turns it into the code), so that grouping
// findings by kind never compares strings.
func (t *Table) EachCode(fn func(r int, code uint8, sev finding.Severity)) {
	g := 0
	for r := range t.Len() {
		for _, n := range t.rowNotes(r) {
			fn(r, n.code, n.sev)
		}
		for ; g < len(t.groupNotes) && t.groupNotes[g].row == int32(r); g++ {
			fn(r, t.groupNotes[g].code, t.groupNotes[g].sev)
		}
	}
}

// Code returns the code of a number EachCode gives.
func Code(code uint8) finding.Code { return noteCodes[code] }

// Codes returns how many codes there are: EachCode gives numbers below it.
func Codes() int { return len(noteCodes) }

// FileFindings returns the findings about whole files (mapping, encoding).
func (t *Table) FileFindings() []finding.Finding { return t.fileNotes }

// AllFindings yields every finding: file-level first, then row by row.
func (t *Table) AllFindings() iter.Seq[finding.Finding] {
	return func(yield func(finding.Finding) bool) {
		for _, f := range t.fileNotes {
			if !yield(f) {
				return
			}
		}
		g := 0
		for r := 0; r < t.Len(); r++ {
			for _, n := range t.rowNotes(r) {
				if !yield(t.finding(r, n, false)) {
					return
				}
			}
			for ; g < len(t.groupNotes) && t.groupNotes[g].row == int32(r); g++ {
				if !yield(t.finding(r, t.groupNotes[g].note, true)) {
					return
				}
			}
		}
	}
}

// Reason returns, for rejected.csv, the messages of row r's errors and
// their codes, each joined by "; " in the same order: the codes have a
// column of their own, so the reason stays plain words.
func (t *Table) Reason(r int) (message, codes string) {
	var msgs, cs []string
	for _, f := range t.Findings(r) {
		if f.Severity == finding.Error {
			msgs = append(msgs, f.Message)
			cs = append(cs, string(f.Code))
		}
	}
	return strings.Join(msgs, "; "), strings.Join(cs, "; ")
}

// malformedWords says in plain words what a reader's reason for a broken
// record (csvread.Reader.Malformed) means for the row.
func malformedWords(reason string) string {
	return "this row's quotation marks do not pair up (" + reason + "), so its cells could not be told apart: check the row in the file"
}

// finding turns a note about row r into a full finding with its place and
// values; group says it is one of Resolve's.
func (t *Table) finding(r int, n note, group bool) finding.Finding {
	file, srcRow := int(t.fileOf[r]), int(t.srcRow[r])
	f := finding.Finding{File: t.files[file].Name, Row: srcRow, Code: noteCodes[n.code], Severity: n.sev}
	if n.col >= 0 {
		col := int(n.col)
		m := t.files[file].Mapping
		if s := m.Of(col); s >= 0 {
			f.Column = m.Source[s]
			f.Original = string(t.src.cell(r, file, s))
		} else {
			f.Column = t.Target.Columns[col].Header
			if e := t.editedRow(r); e != nil {
				f.Original = e.raw[col]
			}
		}
		if e := t.editedRow(r); e != nil {
			if v, ok := e.raw[col]; ok {
				f.Original = v
			}
		}
		if v := t.CellBytes(r, col); string(v) != f.Original {
			f.Suggested = string(v)
		}
	}
	f.Message = t.message(n, group)
	return f
}
