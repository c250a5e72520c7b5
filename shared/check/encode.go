package check

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"unsafe"
)

// A part travels between Web Workers as bytes: Encode in the worker that
// checked a slice, Decode in the one that holds the table. The arrays
// are copied as they lie in memory, which both ends share since they run the
// same WebAssembly module; the magic number guards against anything else.

const partMagic = "cpart\x00\x00\x01"

// Encode returns the rows of the part, a table checked from one slice of one
// file's text (SetText, AddRecord), as bytes for Decode.
func (p Parts) Encode() []byte {
	part := p.t
	n := 16 + len(part.src.at)*16 + len(part.cells.buf) + (len(part.cells.refs)+len(part.cells.rowEnd)+2*len(part.cells.masks)+len(part.srcRow)+len(part.noteEnd))*4 + len(part.notes)*int(unsafe.Sizeof(note{}))
	for _, e := range part.extras {
		n += len(e) + binary.MaxVarintLen64
	}
	b := make([]byte, 0, n+8*binary.MaxVarintLen64)
	b = append(b, partMagic...)
	b = binary.AppendUvarint(b, uint64(part.blankRows))
	cut := byte(0)
	if part.cut {
		cut = 1
	}
	b = append(b, cut)
	b = appendRaw(b, part.src.at)
	b = appendRaw(b, part.cells.buf)
	b = appendRaw(b, part.cells.refs)
	b = appendRaw(b, part.cells.rowEnd)
	b = appendRaw(b, part.cells.masks)
	b = appendRaw(b, part.srcRow)
	b = appendRaw(b, part.notes)
	b = appendRaw(b, part.noteEnd)
	b = binary.AppendUvarint(b, uint64(len(part.extras)))
	for _, e := range part.extras {
		b = binary.AppendUvarint(b, uint64(len(e)))
		b = append(b, e...)
	}
	return b
}

// Decode reads bytes made by Encode into a part table of the table's
// target, for Append. The part's storage is new memory; b may be reused.
func (p Parts) Decode(b []byte) (*Table, error) {
	t := p.t
	if len(b) < len(partMagic) || string(b[:len(partMagic)]) != partMagic {
		return nil, errBadPart
	}
	d := decoder{b: b[len(partMagic):]}
	part := New(t.Target, t.phones)
	part.MaxRowBytes = t.MaxRowBytes
	part.blankRows = int(d.uvarint())
	switch c := d.bytes(1); {
	case len(c) == 1 && c[0] <= 1:
		part.cut = c[0] == 1
	default:
		d.err = errBadPart
	}
	part.src.at = readRaw[span](&d)
	part.cells.buf = readRaw[byte](&d)
	part.cells.refs = readRaw[uint32](&d)
	part.cells.rowEnd = readRaw[uint32](&d)
	part.cells.masks = readRaw[uint64](&d)
	part.cells.words = max(1, (len(t.Target.Columns)+63)/64)
	part.srcRow = readRaw[uint32](&d)
	part.notes = readRaw[note](&d)
	part.noteEnd = readRaw[uint32](&d)
	part.extras = make([]string, 0, min(d.uvarint(), uint64(len(d.b))))
	for range cap(part.extras) {
		part.extras = append(part.extras, string(d.bytes(d.uvarint())))
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errBadPart
	}
	n := len(part.srcRow)
	if len(part.src.at) != n || len(part.cells.rowEnd) != n || len(part.noteEnd) != n || !part.consistent() {
		return nil, errBadPart
	}
	return part, nil
}

var errBadPart = errors.New("check: not a part made by Parts.Encode")

// consistent checks that every offset of a decoded part stays inside its arrays.
func (t *Table) consistent() bool {
	a := &t.cells
	if len(a.masks) != len(a.rowEnd)*a.words {
		return false
	}
	prev := uint32(0)
	for r, e := range a.rowEnd {
		n := 0
		for _, w := range a.masks[r*a.words : (r+1)*a.words] {
			n += bits.OnesCount64(w)
		}
		if e < prev || int(e) > len(a.refs) || int(e-prev) != n {
			return false
		}
		at := t.src.at[r]
		for _, ref := range a.refs[prev:e] {
			if ref&fromSource != 0 {
				if int64(ref>>16&(maxSrcOff-1)+ref&(maxSrcLen-1)) > at.hi-at.lo {
					return false
				}
			} else if int(ref) >= len(a.buf) {
				return false
			} else if n, k := binary.Uvarint(a.buf[ref:]); k <= 0 || n > uint64(len(a.buf)-int(ref)-k) {
				return false
			}
		}
		prev = e
	}
	prev = 0
	for _, e := range t.noteEnd {
		if e < prev || int(e) > len(t.notes) {
			return false
		}
		prev = e
	}
	if int(prev) != len(t.notes) { // a note past the last row's
		return false
	}
	for _, n := range t.notes {
		if int(n.code) >= len(noteCodes) || n.extra < vanityExtra || int(n.extra) >= len(t.extras) ||
			n.col < -1 || int(n.col) >= len(t.Target.Columns) {
			return false
		}
	}
	for _, s := range t.src.at {
		if s.lo < 0 || s.hi < s.lo {
			return false
		}
	}
	return true
}

// SourceEnd returns the end of the last source span: a part's spans must lie
// inside its slice.
func (t *Table) SourceEnd() int64 {
	end := int64(0)
	for _, s := range t.src.at {
		end = max(end, s.hi)
	}
	return end
}

// appendRaw appends s's length and its bytes as they lie in memory.
func appendRaw[E any](b []byte, s []E) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	if len(s) == 0 {
		return b
	}
	return append(b, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))...)
}

func readRaw[E any](d *decoder) []E {
	n := d.uvarint()
	var zero E
	size := uint64(unsafe.Sizeof(zero))
	if d.err != nil || n > uint64(len(d.b))/size {
		d.err = errBadPart
		return nil
	}
	s := make([]E, n)
	if n > 0 {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n*size), d.b)
	}
	d.b = d.b[n*size:]
	return s
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.err = errBadPart
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errBadPart
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}
