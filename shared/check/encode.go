package check

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"unsafe"
)

// A part travels between Web Workers as bytes: EncodePart in the worker that
// checked a slice, AppendEncoded in the one that holds the table. The arrays
// are copied as they lie in memory, which both ends share since they run the
// same WebAssembly module; the magic number guards against anything else.

const partMagic = "cpart\x00\x00\x01"

// EncodePart returns the rows of part, a table checked from one slice of one
// file's text (SetText, AddRecord), as bytes for AppendEncoded.
func EncodePart(part *Table) []byte {
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

// DecodePart reads bytes made by EncodePart into a part table of t's
// target, for Append. The part's storage is new memory; b may be reused.
func (t *Table) DecodePart(b []byte) (*Table, error) {
	if len(b) < len(partMagic) || string(b[:len(partMagic)]) != partMagic {
		return nil, errBadPart
	}
	d := decoder{b: b[len(partMagic):]}
	p := New(t.Target, t.phones)
	p.MaxRowBytes = t.MaxRowBytes
	p.blankRows = int(d.uvarint())
	switch c := d.bytes(1); {
	case len(c) == 1 && c[0] <= 1:
		p.cut = c[0] == 1
	default:
		d.err = errBadPart
	}
	p.src.at = readRaw[span](&d)
	p.cells.buf = readRaw[byte](&d)
	p.cells.refs = readRaw[uint32](&d)
	p.cells.rowEnd = readRaw[uint32](&d)
	p.cells.masks = readRaw[uint64](&d)
	p.cells.words = max(1, (len(t.Target.Columns)+63)/64)
	p.srcRow = readRaw[uint32](&d)
	p.notes = readRaw[note](&d)
	p.noteEnd = readRaw[uint32](&d)
	p.extras = make([]string, 0, min(d.uvarint(), uint64(len(d.b))))
	for range cap(p.extras) {
		p.extras = append(p.extras, string(d.bytes(d.uvarint())))
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errBadPart
	}
	n := len(p.srcRow)
	if len(p.src.at) != n || len(p.cells.rowEnd) != n || len(p.noteEnd) != n || !p.consistent() {
		return nil, errBadPart
	}
	return p, nil
}

var errBadPart = errors.New("check: not a part made by EncodePart")

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
