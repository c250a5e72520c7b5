package check

// arena keeps rows of cells back to back in one byte slice. A table of 1.5
// million rows would need tens of millions of string headers if every cell
// were its own string; here a cell costs its bytes plus four.
type arena struct {
	buf    []byte
	ends   []uint32 // end offset in buf of every cell, row after row
	rowEnd []uint32 // per row: index into ends just past its last cell
}

// add appends a row and returns its index.
func (a *arena) add(cells [][]byte) int {
	for _, c := range cells {
		a.buf = append(a.buf, c...)
		a.ends = append(a.ends, uint32(len(a.buf)))
	}
	a.rowEnd = append(a.rowEnd, uint32(len(a.ends)))
	return len(a.rowEnd) - 1
}

// span returns the index range in ends of row r's cells.
func (a *arena) span(r int) (lo, hi int) {
	if r > 0 {
		lo = int(a.rowEnd[r-1])
	}
	return lo, int(a.rowEnd[r])
}

// width returns how many cells row r has.
func (a *arena) width(r int) int {
	lo, hi := a.span(r)
	return hi - lo
}

// cell returns cell i of row r; the bytes alias the arena and must not be changed.
func (a *arena) cell(r, i int) []byte {
	lo, hi := a.span(r)
	if i < 0 || lo+i >= hi {
		return nil
	}
	var start uint32
	if lo+i > 0 {
		start = a.ends[lo+i-1]
	}
	return a.buf[start:a.ends[lo+i]]
}

// strings returns row r's cells as strings.
func (a *arena) strings(r int) []string {
	n := a.width(r)
	out := make([]string, n)
	for i := range out {
		out[i] = string(a.cell(r, i))
	}
	return out
}
