package gen

import "strconv"

// cellKind says how a spreadsheet would hold a value: Excel stores digit-only
// values as numbers, which is how IDs and phones lose their leading zeros.
type cellKind uint8

const (
	cellText cellKind = iota
	cellInteger
	cellFloat
)

// record is one row: all its fields back to back in one reused buffer.
type record struct {
	buf  []byte
	end  [16]int // end of each field in buf
	kind [16]cellKind
	n    int // fields closed so far

	account                      int // account index, or -1 for a contact without one
	invalidPhones, damagedPhones int
}

func (r *record) reset() {
	r.buf = r.buf[:0]
	r.n = 0
	r.account = -1
	r.invalidPhones, r.damagedPhones = 0, 0
}

// closeField ends the field being appended to buf.
func (r *record) closeField(k cellKind) {
	r.end[r.n] = len(r.buf)
	r.kind[r.n] = k
	r.n++
}

func (r *record) field(c int) []byte {
	start := 0
	if c > 0 {
		start = r.end[c-1]
	}
	return r.buf[start:r.end[c]]
}

// appendPadded appends n with leading zeros to at least width digits.
func appendPadded(dst []byte, n, width int) []byte {
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}
