package check

import (
	"encoding/binary"
	"math/bits"

	"contactprep/shared/csvread"
)

// arena keeps rows of cells back to back in one byte slice. A table of 1.5
// million rows would need tens of millions of string headers if every cell
// were its own string; here a non-empty cell costs its bytes plus four, and
// an empty one a bit: most rows leave most of the target's columns empty.
type arena struct {
	buf    []byte
	ends   []uint32 // end offset in buf of every non-empty cell, row after row
	masks  []uint64 // per row, words bits: which of its cells are not empty
	rowEnd []uint32 // per row: index into ends just past its last non-empty cell
	words  int      // mask words per row, set by the first row
}

// add appends a row and returns its index. Every row has as many cells as the first.
func (a *arena) add(cells [][]byte) int {
	if a.words == 0 {
		a.words = max(1, (len(cells)+63)/64)
	}
	base := len(a.masks)
	for range a.words {
		a.masks = append(a.masks, 0)
	}
	for i, c := range cells {
		if len(c) == 0 {
			continue
		}
		a.masks[base+i/64] |= 1 << (i % 64)
		a.buf = append(a.buf, c...)
		a.ends = append(a.ends, uint32(len(a.buf)))
	}
	a.rowEnd = append(a.rowEnd, uint32(len(a.ends)))
	return len(a.rowEnd) - 1
}

// cell returns cell i of row r (empty for a cell beyond the row); the bytes
// alias the arena and must not be changed.
func (a *arena) cell(r, i int) []byte {
	if i < 0 || i >= a.words*64 {
		return nil
	}
	m := a.masks[r*a.words : (r+1)*a.words]
	bit := uint64(1) << (i % 64)
	if m[i/64]&bit == 0 {
		return nil
	}
	k := bits.OnesCount64(m[i/64] & (bit - 1))
	for _, w := range m[:i/64] {
		k += bits.OnesCount64(w)
	}
	if r > 0 {
		k += int(a.rowEnd[r-1])
	}
	var start uint32
	if k > 0 {
		start = a.ends[k-1]
	}
	return a.buf[start:a.ends[k]]
}

// reserve makes room for about rows more rows of cells more cells holding
// bytes more bytes, so that a large input does not grow the arena by doubling:
// each doubling copies everything and briefly holds it twice.
func (a *arena) reserve(rows, cells, bytes int) {
	a.buf = grow(a.buf, bytes)
	a.ends = grow(a.ends, cells)
	a.masks = grow(a.masks, rows*max(a.words, 1))
	a.rowEnd = grow(a.rowEnd, rows)
}

func grow[E any](s []E, n int) []E {
	if n > cap(s)-len(s) {
		g := make([]E, len(s), len(s)+n)
		copy(g, s)
		return g
	}
	return s
}

// sources knows where each row's source record is instead of holding a copy:
// a text input's records are spans of its decoded text, which stays in memory
// anyway, and only a workbook's rows, which have no text, are copied (as
// length-prefixed cells). A record is parsed again when its cells are asked
// for — findings, rejected rows, edits — which costs less than a second copy
// of a 200 MB input. The last record parsed is kept, so asking for the cells
// of one row several times parses it once; so a Table is not safe for
// concurrent use, even for reading.
type sources struct {
	files []source
	at    []span // per row

	rd     csvread.Reader
	row    int // row whose fields are in cur, -1 for none
	cur    [][]byte
	hasCur bool
}

type source struct {
	text  []byte // the text records are spans of, or the copied rows
	comma byte
	own   bool // text holds copied rows, not delimited text
}

type span struct{ lo, hi int64 }

func (s *sources) file(f int) *source {
	for len(s.files) <= f {
		s.files = append(s.files, source{own: true})
	}
	return &s.files[f]
}

func (s *sources) setText(f int, text []byte, comma byte) {
	*s.file(f) = source{text: text, comma: comma}
	s.hasCur = false
}

// add copies a row of file f.
func (s *sources) add(f int, fields [][]byte) {
	src := s.file(f)
	if !src.own {
		panic("check: AddRow on a file read from text: use AddRecord")
	}
	lo := int64(len(src.text))
	for _, c := range fields {
		src.text = binary.AppendUvarint(src.text, uint64(len(c)))
		src.text = append(src.text, c...)
	}
	s.at = append(s.at, span{lo, int64(len(src.text))})
}

// addSpan notes a row read from its file's text.
func (s *sources) addSpan(lo, hi int64) { s.at = append(s.at, span{lo, hi}) }

// fields returns row r's fields as read; r is a row of file f. They are valid
// until the next call for another row.
func (s *sources) fields(r, f int) [][]byte {
	if s.hasCur && s.row == r {
		return s.cur
	}
	src, at := &s.files[f], s.at[r]
	rec := src.text[at.lo:at.hi]
	s.cur = s.cur[:0]
	if src.own {
		for len(rec) > 0 {
			n, k := binary.Uvarint(rec)
			s.cur = append(s.cur, rec[k:k+int(n):k+int(n)])
			rec = rec[k+int(n):]
		}
	} else {
		// The span is exactly what the reader consumed, so reading it alone
		// gives the same fields (csvread.Reader.Reset).
		s.rd.Reset(rec, src.comma)
		fields, _ := s.rd.Read()
		s.cur = append(s.cur, fields...)
	}
	s.row, s.hasCur = r, true
	return s.cur
}

// cell returns field i of row r of file f, or nil.
func (s *sources) cell(r, f, i int) []byte {
	fs := s.fields(r, f)
	if i < 0 || i >= len(fs) {
		return nil
	}
	return fs[i]
}
