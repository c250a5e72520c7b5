package check

import (
	"encoding/binary"
	"fmt"
	"math"
	mathbits "math/bits"
	"slices"
	"strings"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// Resolve looks across all rows: rows sharing a Contact ID must be identical
// (then all but one are merged) or they are all rejected; rows sharing an
// Account ID must carry the same account data (empty cells are filled from the
// others) or they are all rejected; one Account Name under several Account IDs
// is a warning. It then sets every row's State. Resolve can run again after
// more rows or edits; it starts from the rows' own findings each time.
func (t *Table) Resolve() { t.ResolveReporting(nil) }

// ResolveReporting is Resolve telling report, if not nil, how far it is now
// and then: done of total steps, a step being one row in one of its passes
// over the rows. A large table takes seconds, which a page shows as progress.
//
// Only one pass reads the rows' records, in row order: the one over the
// grouped rows (readGroups). A large input's records are read back from its
// file (SetReader), so each such pass would read the file again; the others
// work from what the table keeps (the keys' values, the cells' masks) and
// what that pass learnt.
func (t *Table) ResolveReporting(report func(done, total int)) {
	n := t.Len()
	passes := 2 // the rows' own errors, and their states
	kc, ka := t.Target.Key(schema.Contact), t.Target.Key(schema.Account)
	if kc >= 0 {
		passes++ // grouping by Contact ID
	}
	if ka >= 0 {
		passes += 3 // grouping by Account ID, Account Names, required columns
	}
	if kc >= 0 || ka >= 0 {
		passes++ // reading the grouped rows
	}
	k := &ticker{report: report, n: n, total: passes * n}
	t.groupNotes = t.groupNotes[:0]
	t.gextras = t.gextras[:0]
	t.conflicts = t.conflicts[:0]
	for i := range t.accGroup {
		t.accGroup[i] = -1
	}
	rowErr := make([]bool, n)
	for r := range n {
		k.row(r)
		if t.isLeftOut(r) {
			rowErr[r] = true
			t.addGroupNote(int32(r), leftOutNote)
			continue
		}
		for _, nt := range t.rowNotes(r) {
			if nt.sev == finding.Error {
				rowErr[r] = true
				break
			}
		}
	}
	groupErr := make([]bool, n)
	survivor := make([]int32, n)
	for i := range survivor {
		survivor[i] = -1
	}
	k.pass()
	if kc >= 0 || ka >= 0 {
		// The keys' values are kept in the table (arena.keepKeys): grouping
		// reads no record, and one key at a time holds one grouper at a time.
		contacts, accounts, kept := t.keyGroups(kc, ka, k)
		t.src.reusing(func() {
			if !kept || !t.reread.ok || !t.readAgain(contacts, accounts) {
				t.read = t.readGroups(contacts, accounts, k)
				t.reread.base = t.readSize()
			}
		})
		t.reread = rereadRows{ok: true, base: t.reread.base, rows: t.reread.rows[:0], acc: t.reread.acc[:0]}
		read := &t.read
		k.pass()
		t.settleContacts(contacts.rows, &read.contacts, rowErr, groupErr, survivor)
		if ka >= 0 {
			t.settleAccounts(accounts.rows, groupErr)
			t.noteNameReuse(accounts.rows, &read.names, k)
			k.pass()
			t.checkAccountRequired(ka, groupErr, k)
			k.pass()
		}
	}
	for r := range n {
		k.row(r)
		switch {
		case rowErr[r] || groupErr[r]:
			t.state[r] = Rejected
		case survivor[r] >= 0:
			t.state[r] = Merged
			s := survivor[r]
			t.addGroupNote(int32(r), note{col: -1, sev: finding.Info, code: codeIndex(finding.DuplicateRowMerged),
				extra: t.gextra("identical to " + t.place(int(s)) + ": imported once")})
		default:
			t.state[r] = Ready
		}
	}
	slices.SortStableFunc(t.groupNotes, func(a, b groupNote) int { return int(a.row - b.row) })
	k.pass()
}

// tickEvery is how many steps Resolve takes between two reports.
const tickEvery = 1 << 16

// ticker counts Resolve's steps: pass after pass, each as many as rows.
type ticker struct {
	report      func(done, total int)
	n           int // steps in a pass: the table's rows
	base, done  int // steps before this pass, and done in all
	total, sent int // all steps, and done at the last report
	next        int // the step at which to see whether to report again
}

// row notes that the current pass is at row r.
func (k *ticker) row(r int) { k.at(k.base + r) }

// frac notes that the current pass is at step i of m.
func (k *ticker) frac(i, m int) { k.at(k.base + int(int64(i)*int64(k.n)/int64(max(m, 1)))) }

// pass ends a pass over the rows.
func (k *ticker) pass() {
	k.base += k.n
	k.at(k.base)
}

// at is called for every row of every pass: it is kept small enough to be
// inlined, and reports in a call of its own once done reaches next.
func (k *ticker) at(done int) {
	k.done = done
	if done >= k.next {
		k.tell(done)
	}
}

func (k *ticker) tell(done int) {
	if k.report != nil && (done-k.sent >= tickEvery || done >= k.total && k.sent < k.total) {
		k.sent = done
		k.report(min(done, k.total), k.total)
	}
	switch {
	case k.report == nil || k.sent >= k.total:
		k.next = math.MaxInt
	case done < k.sent+tickEvery:
		k.next = min(k.sent+tickEvery, k.total)
	default:
		k.next = k.total
	}
}

// keyGroups are the rows that share a value of a key column: rows, the
// groups of more than one row, each in row order, the groups in the order
// their values' second rows come; and of, per row, its group, or one of
// single and noValue.
type keyGroups struct {
	rows [][]int32
	of   []int32
}

const (
	single  = -1 // a row whose key value no other row has
	noValue = -2 // a row whose key cell is empty
)

// grouper groups items (rows) by their values, given in order.
//
// Its open-addressing table is its own rather than a Go map: a map's generic
// string hashing is several times slower in WebAssembly, and a table of a
// million rows asks it two million times. A slot keeps the high half of its
// value's hash, whose top bits are its home slot, and where the value's
// entry is in keys: its first item and a copy of its bytes, so that a probe
// reads neither the other row's record, at random in a file of hundreds of
// megabytes, nor, unless the hashes agree, its bytes; growing the table reads
// no entry. The table grows with the values, as an Account ID column holds
// far fewer than it has rows.
//
// Per item it keeps one number (of): for an item after the first of its
// value, that first item; for a first item, single until a second comes,
// then its group (-3 - the group's index in sizes). At 1.5 million rows a
// grouper holds about 35 MB, against 77 MB when each value also had an
// index and its group and its copy grew by doubling: the grouping of the
// Contact IDs had been the peak of the page's memory.
type grouper struct {
	slots  []groupSlot
	shift  uint     // 32 - log2(len(slots)): a tag's top bits are its home slot
	values int      // distinct values so far
	keys   [][]byte // per value, in blocks of keyBlock: its first item (4 bytes), its length (uvarint) and bytes
	of     []int32  // per item: see above
	sizes  []int32  // per group: its items
}

type groupSlot struct {
	tag uint32 // the value's hash, its high half
	at  uint32 // its entry: block<<keyBlockBits | offset, plus one; 0: an empty slot
}

// The entries are kept in blocks of keyBlock bytes (or one entry's, if
// larger), which are added, never grown: growing one array by doubling had
// left as much again behind as garbage, at the peak.
const (
	keyBlockBits = 20
	keyBlock     = 1 << keyBlockBits
)

// keptGroups are the rows grouped by Contact ID and by Account ID, kept
// from one Resolve to the next while no row's key changes (valid): most
// edits and decisions change none, and grouping is a third of Resolve.
// Nothing changes a keyGroups once made.
type keptGroups struct {
	contacts, accounts keyGroups
	rows               int // the table's rows when they were grouped
	valid              bool
}

// keyGroups returns the rows grouped by the key columns kc and ka (-1:
// none), grouping them again unless the last grouping still holds (kept).
func (t *Table) keyGroups(kc, ka int, k *ticker) (contacts, accounts keyGroups, kept bool) {
	if g := &t.keys; g.valid && g.rows == t.Len() {
		for _, col := range []int{kc, ka} {
			if col >= 0 {
				k.pass() // the grouping's pass, not needed
			}
		}
		return g.contacts, g.accounts, true
	}
	contacts, accounts = t.groupBy(kc, k), t.groupBy(ka, k)
	t.keys = keptGroups{contacts: contacts, accounts: accounts, rows: t.Len(), valid: true}
	return contacts, accounts, false
}

// rereadRows are the rows Apply changed since the last Resolve, which the
// next one reads again (readAgain) instead of every grouped row: rows, and
// of them acc, whose account cells changed. ok says what Resolve read last
// (Table.read) holds for the other rows.
type rereadRows struct {
	rows, acc []int
	ok        bool
	base      int // Table.read's size after its last full reading
}

// cellsOf returns the cells of rows in columns cols (-1: none), copied,
// row after row: what Apply compares after re-checking the rows.
func (t *Table) cellsOf(rows, cols []int) []string {
	out := make([]string, 0, len(cols)*len(rows))
	for _, r := range rows {
		for _, c := range cols {
			v := ""
			if c >= 0 {
				v = string(t.rawCell(r, c))
			}
			out = append(out, v)
		}
	}
	return out
}

// groupBy groups the rows by column col's values in a pass over the rows,
// or, for col -1, makes every row one without a value.
func (t *Table) groupBy(col int, k *ticker) keyGroups {
	n := t.Len()
	if col < 0 {
		return keyGroups{of: slices.Repeat([]int32{noValue}, n)}
	}
	g := newGrouper(n)
	for r := range n {
		k.row(r)
		if t.isLeftOut(r) {
			g.add(nil) // in no group
			continue
		}
		g.add(t.rawCell(r, col))
	}
	k.pass()
	return g.done()
}

// newGrouper returns a grouper for n items. What it keeps per item is made
// once, and its table starts with room for a quarter of them and doubles as
// it must.
func newGrouper(n int) *grouper {
	g := &grouper{of: make([]int32, 0, n), shift: 32}
	for len(g.slots)/4*3 < n/4 {
		g.grow()
	}
	return g
}

// add takes the value of the next item; an empty one is noValue.
func (g *grouper) add(v []byte) {
	if len(v) == 0 {
		g.of = append(g.of, noValue)
		return
	}
	g.place(v)
}

// place takes the value of the next item, empty or not.
func (g *grouper) place(v []byte) {
	if g.values >= len(g.slots)/4*3 { // at most three quarters full
		g.grow()
	}
	if len(g.of) >= math.MaxInt32 {
		panic("check: more than 2^31 rows in one table")
	}
	tag := uint32(keyHash(v) >> 32)
	mask := uint32(len(g.slots) - 1)
	for i := tag >> g.shift; ; i = (i + 1) & mask {
		s := g.slots[i]
		if s.at == 0 {
			g.slots[i] = groupSlot{tag: tag, at: g.keep(v) + 1}
			g.values++
			g.of = append(g.of, single)
			return
		}
		if s.tag != tag {
			continue
		}
		e := g.keys[(s.at-1)>>keyBlockBits][(s.at-1)&(keyBlock-1):]
		f := int32(binary.LittleEndian.Uint32(e))
		if n, k := binary.Uvarint(e[4:]); int(n) == len(v) && equal(e[4+k:4+k+len(v)], v) {
			if c := g.of[f]; c == single {
				g.sizes = append(g.sizes, 2)
				g.of[f] = -3 - int32(len(g.sizes)-1)
			} else {
				g.sizes[-3-c]++
			}
			g.of = append(g.of, f)
			return
		}
	}
}

// keep copies the next item's value v into an entry and returns where.
func (g *grouper) keep(v []byte) uint32 {
	size := 4 + binary.MaxVarintLen64 + len(v)
	if len(g.keys) == 0 || len(g.keys[len(g.keys)-1])+size > cap(g.keys[len(g.keys)-1]) {
		if len(g.keys) >= math.MaxUint32>>keyBlockBits {
			panic("check: more than 4 GB of key values in one table")
		}
		g.keys = append(g.keys, make([]byte, 0, max(keyBlock, size)))
	}
	b := len(g.keys) - 1
	at := uint32(b<<keyBlockBits | len(g.keys[b]))
	e := binary.LittleEndian.AppendUint32(g.keys[b], uint32(len(g.of)))
	e = binary.AppendUvarint(e, uint64(len(v)))
	g.keys[b] = append(e, v...)
	return at
}

// grow doubles the table and places the values in it again, each from its
// tag alone.
func (g *grouper) grow() {
	old := g.slots
	g.slots = make([]groupSlot, max(1024, 2*len(old)))
	g.shift = uint(32 - mathbits.TrailingZeros(uint(len(g.slots))))
	mask := uint32(len(g.slots) - 1)
	for _, s := range old {
		if s.at == 0 {
			continue
		}
		i := s.tag >> g.shift
		for g.slots[i].at != 0 {
			i = (i + 1) & mask
		}
		g.slots[i] = s
	}
}

// done returns the groups of the items added. The groups are counted as
// the items come and filled in here, all in one array, instead of each
// growing its own.
func (g *grouper) done() keyGroups {
	all := 0
	for _, m := range g.sizes {
		all += int(m)
	}
	rows := make([]int32, all)
	multi := make([][]int32, len(g.sizes))
	at := 0
	for i, m := range g.sizes {
		multi[i] = rows[at : at : at+int(m)]
		at += int(m)
	}
	of := g.of
	for r, v := range of {
		var i int32
		switch {
		case v == noValue || v == single:
			continue
		case v < noValue: // a group's first item
			i = -3 - v
		default: // a later item: its first, before it, holds the group by now
			i = of[v]
		}
		multi[i] = append(multi[i], int32(r))
		of[r] = i
	}
	*g = grouper{}
	return keyGroups{rows: multi, of: of}
}

// keyHash is FNV-1a over the bytes of a key value, mixed at the end
// (MurmurHash3's finaliser): FNV's multiplication carries a change in the
// last byte only a few bits up, so "C000001" and "C000002" had the same top
// bits, which choose the slot, and piled up in one run of slots.
func keyHash(v []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range v {
		h = (h ^ uint64(c)) * 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	return h ^ h>>33
}

// groupValues are what Resolve learns of groups of rows sharing a key in one
// pass over the rows, in row order: per group and column, a value copied
// (the first row's, or the first non-empty one), and the columns in which
// the group's other rows differ from it. Reading the rows in order, not
// group by group, reads each row's record once and in the order it lies in
// its file, however a group's rows are spread over it.
type groupValues struct {
	buf     []byte   // the values, each its length (uvarint) and bytes
	at      []uint32 // per group, per column: offset in buf plus one, 0 for an empty cell
	differs []uint64 // per group: a bit per column some row differs in
	words   int      // differs words per group
	cols    int
}

func (v *groupValues) reset(groups, cols int) {
	v.cols, v.words = cols, max(1, (cols+63)/64)
	v.buf = v.buf[:0]
	v.at = resized(v.at, groups*cols)
	v.differs = resized(v.differs, groups*v.words)
}

// keep copies b as group g's value in column c, unless it is empty.
func (v *groupValues) keep(g, c int, b []byte) {
	if len(b) == 0 {
		return
	}
	if len(v.buf) >= math.MaxUint32-binary.MaxVarintLen64-len(b) {
		panic("check: more than 4 GB of grouped values in one table")
	}
	v.at[g*v.cols+c] = uint32(len(v.buf)) + 1
	v.buf = binary.AppendUvarint(v.buf, uint64(len(b)))
	v.buf = append(v.buf, b...)
}

// value returns group g's value in column c, or nil.
func (v *groupValues) value(g, c int) []byte {
	off := v.at[g*v.cols+c]
	if off == 0 {
		return nil
	}
	if n := uint32(v.buf[off-1]); n < 0x80 { // a length of one byte, as most are
		return v.buf[off : off+n : off+n]
	}
	n, k := binary.Uvarint(v.buf[off-1:])
	start := int(off-1) + k
	return v.buf[start : start+int(n) : start+int(n)]
}

// clearGroup forgets group g's values, to read its rows again; their
// bytes stay in buf until the next reset.
func (v *groupValues) clearGroup(g int) {
	clear(v.at[g*v.cols : (g+1)*v.cols])
	clear(v.differs[g*v.words : (g+1)*v.words])
}

// has reports whether group g holds a value in column c.
func (v *groupValues) has(g, c int) bool { return v.at[g*v.cols+c] != 0 }

// setDiffers notes that a row of group g differs in column c from the first.
func (v *groupValues) setDiffers(g, c int) { v.differs[g*v.words+c/64] |= 1 << (c % 64) }

// differsIn reports whether a row of group g differs in column c.
func (v *groupValues) differsIn(g, c int) bool { return v.differs[g*v.words+c/64]&(1<<(c%64)) != 0 }

// differsAny reports whether a row of group g differs in any column.
func (v *groupValues) differsAny(g int) bool {
	for _, w := range v.differs[g*v.words : (g+1)*v.words] {
		if w != 0 {
			return true
		}
	}
	return false
}

// groupsRead is what readGroups learnt of the grouped rows.
type groupsRead struct {
	contacts groupValues  // per Contact ID group: every column (t.accVals has the accounts')
	names    accountNames // each Account ID's first Account Name
}

// accountNames are the Account Name of each Account ID: its first row's
// that has one, folded.
type accountNames struct {
	col    int    // the Account Name column, or -1
	groups []acct // per Account ID group; row -1: none has a name
	single []acct // the Account IDs of one row, in row order
	folds  []byte // the names folded, one after another
}

type acct struct {
	row      int32
	off, end uint32 // its name's fold in folds
}

func (a *accountNames) add(to *acct, r int, name []byte) {
	start := len(a.folds)
	a.folds = schema.AppendFold(a.folds, view(name))
	if len(a.folds) > math.MaxUint32 {
		panic("check: more than 4 GB of Account Names in one table")
	}
	*to = acct{int32(r), uint32(start), uint32(len(a.folds))}
}

func (a *accountNames) fold(n acct) []byte { return a.folds[n.off:n.end:n.end] }

// readGroups is Resolve's pass over the grouped rows, in row order, however
// a group's rows are spread over the file; it copies what it keeps of a
// record (sources.reusing). It notes, per Contact ID group,
// a value of every column (the first row's) and the columns its other rows
// differ in; per Account ID group the same of the account columns, the first
// non-empty value each (t.accVals); and each Account ID's first Account Name.
func (t *Table) readGroups(contacts, accounts keyGroups, k *ticker) groupsRead {
	nc := len(t.Target.Columns)
	var read groupsRead
	cv := &read.contacts
	cv.reset(len(contacts.rows), nc)
	acc := t.accountColumns()
	av := &t.accVals
	av.reset(len(accounts.rows), len(acc))
	t.accVers.reset()
	ka := t.Target.Key(schema.Account)
	names := &read.names
	names.col = t.Target.Index("Account Name")
	if names.col >= 0 {
		names.groups = make([]acct, len(accounts.rows))
		for i := range names.groups {
			names.groups[i].row = -1
		}
	}
	for r := range t.Len() {
		k.row(r)
		if g := contacts.of[r]; g >= 0 {
			first := contacts.rows[g][0] == int32(r)
			for c := range nc {
				v := t.rawCell(r, c)
				switch {
				case first:
					cv.keep(int(g), c, v)
				case !cv.differsIn(int(g), c) && !equal(cv.value(int(g), c), v):
					cv.setDiffers(int(g), c)
				}
			}
		}
		switch g := accounts.of[r]; {
		case g >= 0:
			t.readAccountRow(r, int(g), accounts.rows[g], acc, ka)
			if names.col >= 0 && names.groups[g].row < 0 {
				if v := t.rawCell(r, names.col); len(v) > 0 {
					names.add(&names.groups[g], r, v)
				}
			}
		case g == single && names.col >= 0:
			if v := t.rawCell(r, names.col); len(v) > 0 {
				names.single = append(names.single, acct{})
				names.add(&names.single[len(names.single)-1], r, v)
			}
		}
	}
	return read
}

// readAgain brings what readGroups learnt (t.read, t.accVals) up to date
// with the rows changed since (t.reread), the groups being the same: it
// reads again the Contact ID groups of the rows changed, and the Account ID
// groups and names of those whose account cells changed. A bulk decision
// over contact columns thus reads few rows, not every grouped row. It
// returns false, having changed nothing, when it cannot (a row's name
// comes or goes without an account group), or when the values read again
// have grown the kept ones past twice their size: then readGroups reads
// every row afresh.
func (t *Table) readAgain(contacts, accounts keyGroups) bool {
	read, av := &t.read, &t.accVals
	names := &read.names
	if t.readSize() > 2*t.reread.base+1<<20 {
		return false
	}
	singles := make(map[int]int, len(t.reread.acc)) // row → its index in names.single
	if names.col >= 0 {
		for _, r := range t.reread.acc {
			if accounts.of[r] != single {
				continue
			}
			i, found := slices.BinarySearchFunc(names.single, int32(r), func(a acct, r int32) int { return int(a.row - r) })
			if found != t.hasCell(r, names.col) {
				return false
			}
			if found {
				singles[r] = i
			}
		}
	}
	nc := len(t.Target.Columns)
	cv := &read.contacts
	for _, g := range groupsOf(t.reread.rows, contacts.of) {
		cv.clearGroup(g)
		for i, r := range contacts.rows[g] {
			for c := range nc {
				v := t.rawCell(int(r), c)
				switch {
				case i == 0:
					cv.keep(g, c, v)
				case !cv.differsIn(g, c) && !equal(cv.value(g, c), v):
					cv.setDiffers(g, c)
				}
			}
		}
	}
	acc, ka := t.accountColumns(), t.Target.Key(schema.Account)
	for _, g := range groupsOf(t.reread.acc, accounts.of) {
		av.clearGroup(g)
		t.accVers.clearGroup(g)
		if names.col >= 0 {
			names.groups[g].row = -1
		}
		for _, r := range accounts.rows[g] {
			t.readAccountRow(int(r), g, accounts.rows[g], acc, ka)
			if names.col >= 0 && names.groups[g].row < 0 {
				if v := t.rawCell(int(r), names.col); len(v) > 0 {
					names.add(&names.groups[g], int(r), v)
				}
			}
		}
	}
	for r, i := range singles {
		names.add(&names.single[i], r, t.rawCell(r, names.col))
	}
	return true
}

// groupsOf returns the groups (of, per row: its group, or below 0: none)
// of rows, in order, once each.
func groupsOf(rows []int, of []int32) []int {
	var gs []int
	for _, r := range rows {
		if g := of[r]; g >= 0 {
			gs = append(gs, int(g))
		}
	}
	slices.Sort(gs)
	return slices.Compact(gs)
}

// readSize is how many bytes of values what readGroups learnt holds.
func (t *Table) readSize() int {
	return len(t.read.contacts.buf) + len(t.read.names.folds) + len(t.accVals.buf)
}

// readAccountRow notes row r's account columns acc in its Account ID group
// g (its rows, in order: rows), whose rows all hold one value in the key
// column ka; once the group's rows differ, the values each row carries
// (t.accVers). Rows are read in row order, each row of the group once.
func (t *Table) readAccountRow(r, g int, rows []int32, acc []int, ka int) {
	av := &t.accVals
	differed := av.differsAny(g)
	vals := t.scratch.acc
	if len(vals) != len(acc) {
		vals = make([][]byte, len(acc))
	}
	// A row's cells are read in place from its mask and references (when
	// the mask is one word, as for any target of up to 64 columns) and
	// compared as they are read: none is stored.
	mask, refs := t.cells.row(r)
	inPlace := len(mask) == 1 && t.editedRow(r) == nil
	var rec []byte
	for i, c := range acc {
		if c == ka && av.has(g, i) {
			vals[i] = nil
			continue
		}
		var v []byte
		if !inPlace {
			v = t.rawCell(r, c)
		} else if bit := uint64(1) << uint(c); mask[0]&bit != 0 {
			if ref := refs[mathbits.OnesCount64(mask[0]&(bit-1))]; ref&fromSource == 0 {
				v = t.cells.copied(ref)
			} else {
				if rec == nil {
					rec = t.src.record(r, int(t.fileOf[r]))
				}
				v = inRecord(ref, rec)
			}
		}
		vals[i] = v
		switch {
		case len(v) == 0:
		case !av.has(g, i):
			av.keep(g, i, v)
		case !av.differsIn(g, i) && !equal(av.value(g, i), v):
			av.setDiffers(g, i)
		}
	}
	t.scratch.acc = vals
	if differed || av.differsAny(g) {
		t.keepVersion(r, g, rows, vals, differed)
	}
}

// settleContacts settles the rows that share a Contact ID (groups, each in
// row order, whose values cv holds): rows that differ in any column are all
// rejected; identical ones are merged into one.
func (t *Table) settleContacts(groups [][]int32, cv *groupValues, rowErr, groupErr []bool, survivor []int32) {
	kc := t.Target.Key(schema.Contact)
	for g, rows := range groups {
		var differ []int
		for c := range t.Target.Columns {
			if cv.differsIn(g, c) {
				differ = append(differ, c)
			}
		}
		t.settleContact(rows, string(cv.value(g, kc)), differ, rowErr, groupErr, survivor)
	}
}

// settleContact settles one group of rows sharing the Contact ID key, which
// differ in the columns differ.
func (t *Table) settleContact(rows []int32, key string, differ []int, rowErr, groupErr []bool, survivor []int32) {
	if len(differ) > 0 {
		msg := t.gextra(fmt.Sprintf("%d rows have this Contact ID but differ in %s (%s): none of them is imported until one is kept",
			len(rows), t.headers(differ), t.places(rows)))
		kc := int16(t.Target.Key(schema.Contact))
		t.conflicts = append(t.conflicts, Conflict{Code: finding.DuplicateContactID, Key: key, Rows: rows, Columns: differ})
		for _, r := range rows {
			groupErr[r] = true
			t.addGroupNote(r, note{col: kc, sev: finding.Error, code: codeIndex(finding.DuplicateContactID), extra: msg})
		}
		return
	}
	// Identical rows: keep the first without errors of its own, merge the rest into it.
	keep := int32(-1)
	for _, r := range rows {
		if !rowErr[r] {
			keep = r
			break
		}
	}
	if keep < 0 {
		return
	}
	for _, r := range rows {
		if r != keep && !rowErr[r] {
			survivor[r] = keep
		}
	}
}

// settleAccounts settles the rows that share an Account ID (groups, each in
// row order, whose account values readGroups noted in t.accVals): rows whose
// account columns disagree are all rejected; the others' empty account cells
// are filled from the account's other rows.
func (t *Table) settleAccounts(groups [][]int32, groupErr []bool) {
	acc := t.accCols
	na := len(acc)
	av := &t.accVals
	ka := int16(t.Target.Key(schema.Account))
	var conflict, filled []int
	var filledMsg map[uint64]int32
	for g, rows := range groups {
		conflict = conflict[:0]
		for i, c := range acc {
			if av.differsIn(g, i) {
				conflict = append(conflict, c)
			}
		}
		if len(conflict) > 0 {
			var key string
			if i := t.accIndex[ka]; i >= 0 {
				key = string(av.value(g, i)) // the first row's, without reading its record
			} else {
				key = string(t.rawCell(int(rows[0]), int(ka)))
			}
			t.conflicts = append(t.conflicts, Conflict{Code: finding.AccountConflict, Key: key,
				Rows: rows, Columns: slices.Clone(conflict), group: int32(g)})
			msg := t.gextra(fmt.Sprintf("%d rows have this Account ID but differ in %s (%s): Genesys would keep one of them at random, so none is imported until they agree",
				len(rows), t.headers(conflict), t.places(rows)))
			for _, r := range rows {
				groupErr[r] = true
				t.addGroupNote(r, note{col: ka, sev: finding.Error, code: codeIndex(finding.AccountConflict), extra: msg})
			}
			continue
		}
		// A row's empty account cells that the account holds a value for
		// are filled in; the emptiness is in the row's mask, so no record
		// is read again. With a mask of one word (a target of up to 64
		// columns), whether a row lacks any is one AND: most lack none.
		narrow, holds := t.cells.words == 1, uint64(0)
		if narrow {
			for i, c := range acc {
				if av.has(g, i) {
					holds |= 1 << c
				}
			}
		}
		for _, r := range rows {
			t.accGroup[r] = int32(g)
			if narrow && holds&^t.cells.masks[r] == 0 && t.editedRow(int(r)) == nil {
				continue
			}
			filled, set := filled[:0], uint64(0)
			for i, c := range acc {
				if av.has(g, i) && !t.hasCell(int(r), c) {
					filled = append(filled, c)
					if i < 64 {
						set |= 1 << i
					}
				}
			}
			if len(filled) > 0 {
				t.addGroupNote(r, note{col: ka, sev: finding.Info, code: codeIndex(finding.AccountFilled),
					extra: t.filledMessage(filled, set, na <= 64, &filledMsg)})
			}
		}
	}
}

// filledMessage returns the message of a row whose account columns filled
// were filled in. set has a bit per filled column's index among the account
// columns; it names the set exactly when byBits (64 account columns or
// fewer), and only then is the message shared with other rows, through msgs:
// most accounts' rows leave the same few cells empty.
func (t *Table) filledMessage(filled []int, set uint64, byBits bool, msgs *map[uint64]int32) int32 {
	if byBits {
		if m, ok := (*msgs)[set]; ok {
			return m
		}
	}
	m := t.gextra(t.headers(filled) + " filled in from the account's other rows, so every row carries the same account data")
	if byBits {
		if *msgs == nil {
			*msgs = map[uint64]int32{}
		}
		(*msgs)[set] = m
	}
	return m
}

// resized returns s with n elements, all zero, reusing its array when it can.
func resized[E any](s []E, n int) []E {
	s = slices.Grow(s[:0], n)[:n]
	clear(s)
	return s
}

// accountColumns returns the target's account columns, in order, and sets
// t.accIndex: per target column its index among them, or -1.
func (t *Table) accountColumns() []int {
	if t.accCols == nil {
		t.accCols = []int{}
		t.accIndex = make([]int, len(t.Target.Columns))
		for c, col := range t.Target.Columns {
			t.accIndex[c] = -1
			if col.Part == schema.Account {
				t.accIndex[c] = len(t.accCols)
				t.accCols = append(t.accCols, c)
			}
		}
	}
	return t.accCols
}

// checkAccountRequired notes required account columns still empty after
// filling, on rows that name an account. Whether a cell is empty is in the
// row's mask and its account's values: no record is read.
func (t *Table) checkAccountRequired(ka int, groupErr []bool, k *ticker) {
	var required []int
	for c, col := range t.Target.Columns {
		if col.Required && col.Part == schema.Account && !col.Key {
			required = append(required, c)
		}
	}
	if len(required) == 0 {
		return
	}
	for r := range t.Len() {
		k.row(r)
		if !t.hasCell(r, ka) || t.isLeftOut(r) {
			continue
		}
		g := t.accGroup[r]
		for _, c := range required {
			if !t.hasCell(r, c) && (g < 0 || !t.accVals.has(int(g), t.accIndex[c])) {
				groupErr[r] = true
				t.addGroupNote(int32(r), note{col: int16(c), sev: finding.Error, code: codeIndex(finding.MissingRequired), extra: -1})
			}
		}
	}
}

// noteNameReuse warns once per Account ID when its Account Name is also used
// by other Account IDs. groups are the Account ID groups settled, names what
// readGroups found of their names. The name of an account whose rows are
// filled in is its first row's, filled or not.
func (t *Table) noteNameReuse(groups [][]int32, names *accountNames, k *ticker) {
	nc := names.col
	if nc < 0 {
		return
	}
	filled := t.accIndex[nc] >= 0
	// A copy: names.single is kept for the next Resolve (readAgain).
	accts := append(make([]acct, 0, len(names.single)+len(names.groups)), names.single...)
	for g, a := range names.groups {
		if a.row < 0 {
			continue
		}
		if first := groups[g][0]; filled && t.accGroup[first] >= 0 {
			a.row = first
		}
		accts = append(accts, a)
	}
	slices.SortFunc(accts, func(a, b acct) int { return int(a.row - b.row) })
	// The Account IDs grouped by their names' folds, an empty one too.
	g := newGrouper(len(accts))
	for i, a := range accts {
		k.frac(i, 2*len(accts))
		g.place(names.fold(a))
	}
	same := g.done()
	msgs := map[int]int32{} // the message for n Account IDs, made once
	for i, a := range accts {
		k.frac(len(accts)+i, 2*len(accts))
		if same.of[i] < 0 {
			continue
		}
		n := len(same.rows[same.of[i]])
		msg, ok := msgs[n]
		if !ok {
			msg = t.gextra(fmt.Sprintf("the same Account Name is used by %d Account IDs: Genesys will create %d separate organizations", n, n))
			msgs[n] = msg
		}
		t.addGroupNote(a.row, note{col: int16(nc), sev: finding.Warning, code: codeIndex(finding.AccountNameReuse), extra: msg})
	}
}

// addGroupNote notes n about row r.
func (t *Table) addGroupNote(r int32, n note) { t.groupNotes = append(t.groupNotes, groupNote{r, n}) }

// gextra keeps the text of a group note; the pool is rebuilt by every Resolve.
func (t *Table) gextra(s string) int32 {
	t.gextras = append(t.gextras, s)
	return int32(len(t.gextras) - 1)
}

// headers names target columns for a message.
func (t *Table) headers(cols []int) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = t.Target.Columns[c].Header
	}
	return strings.Join(names, ", ")
}

// place names a row as "row N" or "row N of FILE" when there are several inputs.
func (t *Table) place(r int) string {
	if len(t.files) > 1 {
		return fmt.Sprintf("row %d of %s", t.srcRow[r], t.files[t.fileOf[r]].Name)
	}
	return fmt.Sprintf("row %d", t.srcRow[r])
}

// places lists up to five rows of a group.
func (t *Table) places(rows []int32) string {
	const most = 5
	var b strings.Builder
	for i, r := range rows {
		if i == most {
			fmt.Fprintf(&b, " and %d more", len(rows)-most)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.place(int(r)))
	}
	return b.String()
}
