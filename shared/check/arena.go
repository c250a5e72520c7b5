package check

import (
	"encoding/binary"
	"io"
	"math/bits"
	"sync"
	"unsafe"

	"contactprep/shared/csvread"
)

// arena keeps the cleaned cells of every row. A table of 1.5 million rows
// would need tens of millions of string headers if every cell were its own
// string; here a non-empty cell is four bytes, and an empty one a bit (most
// rows leave most of the target's columns empty). A value that is a run of
// the row's source record — what cleaning leaves of most values, trimmed or
// as they were — is referred to there; only values cleaning changed (a phone
// in E.164, a fixed web address) are copied into the arena, and the values
// of the key columns: Resolve groups every row by them, and a large input's
// records are read back from its file, so a reference would cost a pass
// over the file (a few bytes a row, against 270 MB at 1.5 million rows).
type arena struct {
	buf    []byte   // copied values, each its length (uvarint) and bytes
	refs   []uint32 // per non-empty cell, row after row: see cellRef
	masks  []uint64 // per row, words bits: which of its cells are not empty
	rowEnd []uint32 // per row: index into refs just past its last non-empty cell
	words  int      // mask words per row, set by the first row
	keys   [2]int   // the columns always copied, -1 for none (keepKeys)
}

// keepKeys makes add copy the values of columns a and b (-1: none).
func (a *arena) keepKeys(c, b int) { a.keys = [2]int{c, b} }

// A cell's reference: with fromSource set, the offset of the value in its
// row's source record (15 bits) and its length (16 bits); otherwise the
// offset in buf of the copied value.
const (
	fromSource  = 1 << 31
	maxSrcOff   = 1 << 15
	maxSrcLen   = 1 << 16
	maxArenaBuf = fromSource
)

// add appends a row and returns its index. Every row has as many cells as
// the first. rec is the row's source record, or nil: a cell lying inside it
// is referred to, not copied.
func (a *arena) add(cells [][]byte, rec []byte) int {
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
		if off, ok := within(c, rec); ok && off < maxSrcOff && len(c) < maxSrcLen && i != a.keys[0] && i != a.keys[1] {
			a.refs = append(a.refs, fromSource|uint32(off)<<16|uint32(len(c)))
			continue
		}
		if len(a.buf) >= maxArenaBuf-binary.MaxVarintLen64-len(c) {
			panic("check: more than 2 GB of cleaned values in one table")
		}
		a.refs = append(a.refs, uint32(len(a.buf)))
		a.buf = binary.AppendUvarint(a.buf, uint64(len(c)))
		a.buf = append(a.buf, c...)
	}
	a.rowEnd = append(a.rowEnd, uint32(len(a.refs)))
	return len(a.rowEnd) - 1
}

// within returns where c lies in rec, if it does.
func within(c, rec []byte) (int, bool) {
	if len(rec) == 0 {
		return 0, false
	}
	off := uintptr(unsafe.Pointer(unsafe.SliceData(c))) - uintptr(unsafe.Pointer(unsafe.SliceData(rec)))
	if off > uintptr(len(rec)) || uintptr(len(c)) > uintptr(len(rec))-off {
		return 0, false
	}
	return int(off), true
}

// ref returns the reference of cell i of row r, or false for an empty cell
// (or one beyond the row).
func (a *arena) ref(r, i int) (uint32, bool) {
	if i < 0 || i >= a.words*64 {
		return 0, false
	}
	m := a.masks[r*a.words : (r+1)*a.words]
	bit := uint64(1) << (i % 64)
	if m[i/64]&bit == 0 {
		return 0, false
	}
	k := bits.OnesCount64(m[i/64] & (bit - 1))
	for _, w := range m[:i/64] {
		k += bits.OnesCount64(w)
	}
	if r > 0 {
		k += int(a.rowEnd[r-1])
	}
	return a.refs[k], true
}

// row returns row r's mask words and the references of its non-empty cells,
// in column order: the k-th set bit's cell is refs[k].
func (a *arena) row(r int) (mask []uint64, refs []uint32) {
	lo := uint32(0)
	if r > 0 {
		lo = a.rowEnd[r-1]
	}
	return a.masks[r*a.words : (r+1)*a.words], a.refs[lo:a.rowEnd[r]]
}

// value returns the bytes a reference names; rec is the row's source record.
// They alias the arena or the source and must not be changed.
func (a *arena) value(ref uint32, rec []byte) []byte {
	if ref&fromSource != 0 {
		return inRecord(ref, rec)
	}
	return a.copied(ref)
}

// inRecord returns the bytes of a reference with fromSource set. It is small
// enough to be inlined where every cell of every row is read (Resolve): in
// WebAssembly a call costs more than the work.
func inRecord(ref uint32, rec []byte) []byte {
	off := ref >> 16 & (maxSrcOff - 1)
	end := off + ref&(maxSrcLen-1)
	if int(end) > len(rec) {
		return nil // a record that could not be read back (sources.read)
	}
	return rec[off:end:end]
}

// copied returns the bytes of a value copied into the arena.
func (a *arena) copied(ref uint32) []byte {
	n, k := binary.Uvarint(a.buf[ref:])
	start := int(ref) + k
	return a.buf[start : start+int(n) : start+int(n)]
}

// reserve makes room for about rows more rows of cells more cells holding
// bytes more bytes, so that a large input does not grow the arena by doubling:
// each doubling copies everything and briefly holds it twice.
func (a *arena) reserve(rows, cells, bytes int) {
	a.buf = grow(a.buf, bytes)
	a.refs = grow(a.refs, cells)
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
//
// A file too large to hold (SetReader) is not in memory at all: its records
// are read back from where it lies, through a window of readWindow bytes
// that moves on as the rows are read in order, as every pass over a whole
// table reads them (Resolve, the writers); a row asked for out of order
// costs a small read of its own.
type sources struct {
	files []source
	at    []span // per row

	rd     csvread.Reader
	row    int // row whose fields are in cur, -1 for none
	cur    [][]byte
	hasCur bool

	win    window   // the bytes of a SetReader file read last
	failed *failure // the first read that failed, shared with forks
	reuse  bool     // a read may overwrite the last window (reusing)
}

type source struct {
	text  []byte      // the text records are spans of, or the copied rows
	base  int64       // the offset in the input's text where text starts
	r     io.ReaderAt // or, when not nil, where they are read back from
	comma byte
	own   bool // text holds copied rows, not delimited text
}

// window is a run of a SetReader file's bytes. Each read makes a new one, so
// that the records of earlier windows a caller still holds stay as they were,
// but while reusing.
type window struct {
	file int
	lo   int64
	buf  []byte
}

// readWindow is how much of a file a read in row order takes at once: a
// record that starts in the last window or at most readNear past it. Any
// other record, out of order or far ahead, is read alone (readSmall): in the
// page a read of its own costs as much as reading a quarter to a whole MB
// more of a window (Chromium on two cores: 4 kB in 1.0-2.3 ms, 1 MB in 9.4,
// 4 MB in 23), so a sparse pass reads no 4 MB for each row. 4 MB rather than 1: Resolve's pass over a
// 268 MB file read it at 105 MB/s in 1 MB windows and 170 MB/s in 4 MB
// ones (the whole run 1.2 s faster); 8 MB ones were no faster.
const (
	readWindow = 4 << 20
	readNear   = 256 << 10
	readSmall  = 4 << 10
)

// failure is the first error reading records back, kept for SourceErr: the
// records are read deep inside loops that have no error to return.
type failure struct {
	mu   sync.Mutex
	err  error
	file int
}

type span struct{ lo, hi int64 }

func (s *sources) file(f int) *source {
	for len(s.files) <= f {
		s.files = append(s.files, source{own: true})
	}
	return &s.files[f]
}

func (s *sources) setText(f int, text []byte, base int64, comma byte) {
	*s.file(f) = source{text: text, base: base, comma: comma}
	s.hasCur = false
}

func (s *sources) setReader(f int, r io.ReaderAt, comma byte) {
	*s.file(f) = source{r: r, comma: comma}
	s.hasCur, s.win = false, window{file: -1}
	if s.failed == nil {
		s.failed = &failure{}
	}
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

// fork returns sources over the same records with a record cache of their
// own, for reading in another goroutine.
func (s *sources) fork() sources {
	return sources{files: s.files, at: s.at, row: -1, win: window{file: -1}, failed: s.failed}
}

// reusing runs pass, a pass over records whose bytes it copies what it
// keeps of, reading a SetReader file through one window: the windows of a
// pass over a large file are otherwise hundreds of MB of garbage.
func (s *sources) reusing(pass func()) {
	s.reuse = true
	defer func() { s.reuse = false }()
	pass()
}

// addSpan notes a row read from its file's text.
func (s *sources) addSpan(lo, hi int64) { s.at = append(s.at, span{lo, hi}) }

// fields returns row r's fields as read; r is a row of file f. They are valid
// until the next call for another row.
func (s *sources) fields(r, f int) [][]byte {
	if s.hasCur && s.row == r {
		return s.cur
	}
	src := &s.files[f]
	rec := s.record(r, f)
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

// record returns the bytes row r of file f was read from (for a workbook
// row, its copied cells).
func (s *sources) record(r, f int) []byte {
	at, src := s.at[r], &s.files[f]
	if src.r == nil {
		return src.text[at.lo-src.base : at.hi-src.base]
	}
	w := &s.win
	if w.file == f && at.lo >= w.lo && at.hi <= w.lo+int64(len(w.buf)) {
		return w.buf[at.lo-w.lo : at.hi-w.lo : at.hi-w.lo]
	}
	return s.read(f, at)
}

// read reads the record at of SetReader file f into a new window: a large
// one when it lies just past the last, as in a pass in row order, else one
// not much larger than the record. After a read failed, it reads nothing.
func (s *sources) read(f int, at span) []byte {
	if _, err := s.err(); err != nil {
		return nil // a file that failed is not read again: each read would wait to fail
	}
	n := at.hi - at.lo
	size := max(n, readSmall)
	if w := s.win; w.file == f && at.lo >= w.lo && at.lo < w.lo+int64(len(w.buf))+readNear {
		size = max(n, readWindow)
	}
	var buf []byte
	if s.reuse && cap(s.win.buf) >= int(size) {
		buf = s.win.buf[:size]
		s.hasCur = false // its fields were in the window overwritten
	} else {
		buf = make([]byte, size)
	}
	k, err := s.files[f].r.ReadAt(buf, at.lo)
	if int64(k) < n {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		s.failed.note(f, err)
		s.win = window{file: -1}
		return nil // no record: its cells read as empty, and SourceErr tells
	}
	s.win = window{file: f, lo: at.lo, buf: buf[:k]}
	return buf[:n:n]
}

// note keeps err, reading file f back, unless an earlier read failed.
func (e *failure) note(f int, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err, e.file = err, f
	}
}

// err returns the first error reading records back, or nil, and its file.
func (s *sources) err() (file int, err error) {
	if s.failed == nil {
		return 0, nil
	}
	s.failed.mu.Lock()
	defer s.failed.mu.Unlock()
	return s.failed.file, s.failed.err
}

// cell returns field i of row r of file f, or nil.
func (s *sources) cell(r, f, i int) []byte {
	fs := s.fields(r, f)
	if i < 0 || i >= len(fs) {
		return nil
	}
	return fs[i]
}
