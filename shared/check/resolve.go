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
func (t *Table) ResolveReporting(report func(done, total int)) {
	n := t.Len()
	passes := 2 // the rows' own errors, and their states
	kc, ka := t.Target.Key(schema.Contact), t.Target.Key(schema.Account)
	if kc >= 0 {
		passes += 2 // grouping, settling the groups
	}
	if ka >= 0 {
		passes += 5 // grouping, settling the groups, Account Names (two), required columns
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
	if kc >= 0 {
		groups, _ := t.groups(kc, k)
		k.pass()
		t.settleContacts(groups, rowErr, groupErr, survivor, k)
		k.pass()
	}
	if ka >= 0 {
		groups, firsts := t.groups(ka, k)
		k.pass()
		t.settleAccounts(groups, groupErr, k)
		k.pass()
		t.noteNameReuse(ka, groups, firsts, k)
		k.pass()
		t.checkAccountRequired(ka, groupErr, k)
		k.pass()
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
				extra: t.gextra("identical to " + t.place(int(s)) + ": exported once")})
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

// groups returns the rows of every key value of column col that occurs more
// than once, each in row order, the groups in the order their values' second
// rows come; and firsts, the first row of every key value, in row order.
//
// Rows are grouped in an open-addressing table of their own rather than a Go
// map: a map's generic string hashing is several times slower in
// WebAssembly, and a table of a million rows asks it two million times. Each
// slot keeps its value's hash and a copy of its bytes, so that a probe reads
// neither the other row's record, at random in a file of hundreds of
// megabytes, nor, unless the hashes agree, its bytes. The groups are counted
// first and then filled in, all in one array, instead of each growing its own.
func (t *Table) groups(col int, k *ticker) (multi [][]int32, firsts []int32) {
	n := t.Len()
	size := 16
	for size < n+n/3 { // at most three quarters full
		size <<= 1
	}
	mask := uint64(size - 1)
	type slot struct {
		hash     uint32 // the value's hash, its high bits (the low ones chose the slot)
		first    int32  // the first row with the slot's value, plus one; 0: empty
		group    int32  // its index in multi, plus one; 0: seen once so far
		off, end uint32 // the value's bytes in keys
	}
	slots := make([]slot, size)
	var keys []byte            // the slots' values, one after another
	var sizes []int32          // per group: its rows
	slotOf := make([]int32, n) // per row: its value's slot, or -1 for an empty value
	for r := range n {
		k.row(r)
		v := t.rawCell(r, col)
		if len(v) == 0 {
			slotOf[r] = -1
			continue
		}
		h := keyHash(v)
		i, tag := h&mask, uint32(h>>32)
		for slots[i].first != 0 && (slots[i].hash != tag || !equal(keys[slots[i].off:slots[i].end], v)) {
			i = (i + 1) & mask
		}
		slotOf[r] = int32(i)
		s := &slots[i]
		switch {
		case s.first == 0:
			*s = slot{hash: tag, first: int32(r) + 1, off: uint32(len(keys)), end: uint32(len(keys) + len(v))}
			keys = append(keys, v...)
			firsts = append(firsts, int32(r))
		case s.group == 0:
			sizes = append(sizes, 2)
			s.group = int32(len(sizes))
		default:
			sizes[s.group-1]++
		}
	}
	all := 0
	for _, m := range sizes {
		all += int(m)
	}
	rows := make([]int32, all)
	multi = make([][]int32, len(sizes))
	at := 0
	for g, m := range sizes {
		multi[g] = rows[at : at : at+int(m)]
		at += int(m)
	}
	for r, i := range slotOf {
		if i >= 0 {
			if g := slots[i].group; g != 0 {
				multi[g-1] = append(multi[g-1], int32(r))
			}
		}
	}
	return multi, firsts
}

// keyHash is FNV-1a over the bytes of a key value.
func keyHash(v []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range v {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h ^ h>>29
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
	n, k := binary.Uvarint(v.buf[off-1:])
	start := int(off-1) + k
	return v.buf[start : start+int(n) : start+int(n)]
}

// has reports whether group g holds a value in column c.
func (v *groupValues) has(g, c int) bool { return v.at[g*v.cols+c] != 0 }

// setDiffers notes that a row of group g differs in column c from the first.
func (v *groupValues) setDiffers(g, c int) { v.differs[g*v.words+c/64] |= 1 << (c % 64) }

// differsIn reports whether a row of group g differs in column c.
func (v *groupValues) differsIn(g, c int) bool { return v.differs[g*v.words+c/64]&(1<<(c%64)) != 0 }

// groupOf returns, per row, the index of its group among groups, or -1.
func groupOf(n int, groups [][]int32) []int32 {
	of := make([]int32, n)
	for r := range of {
		of[r] = -1
	}
	for g, rows := range groups {
		for _, r := range rows {
			of[r] = int32(g)
		}
	}
	return of
}

// settleContacts settles the rows that share a Contact ID (groups, each in
// row order): rows that differ in any column are all rejected; identical
// ones are merged into one. The rows are read once, in row order.
func (t *Table) settleContacts(groups [][]int32, rowErr, groupErr []bool, survivor []int32, k *ticker) {
	nc := len(t.Target.Columns)
	var gv groupValues
	gv.reset(len(groups), nc)
	for r, g := range groupOf(t.Len(), groups) {
		k.row(r)
		if g < 0 {
			continue
		}
		first := groups[g][0] == int32(r)
		for c := range nc {
			v := t.rawCell(r, c)
			switch {
			case first:
				gv.keep(int(g), c, v)
			case !gv.differsIn(int(g), c) && !equal(gv.value(int(g), c), v):
				gv.setDiffers(int(g), c)
			}
		}
	}
	kc := t.Target.Key(schema.Contact)
	for g, rows := range groups {
		var differ []int
		for c := range nc {
			if gv.differsIn(g, c) {
				differ = append(differ, c)
			}
		}
		t.settleContact(rows, string(gv.value(g, kc)), differ, rowErr, groupErr, survivor)
	}
}

// settleContact settles one group of rows sharing the Contact ID key, which
// differ in the columns differ.
func (t *Table) settleContact(rows []int32, key string, differ []int, rowErr, groupErr []bool, survivor []int32) {
	if len(differ) > 0 {
		msg := t.gextra(fmt.Sprintf("%d rows share this Contact ID but differ in %s (%s): none of them is exported",
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
// row order): rows whose account columns disagree are all rejected; the
// others' empty account cells are filled from the account's other rows.
func (t *Table) settleAccounts(groups [][]int32, groupErr []bool, k *ticker) {
	acc := t.accountColumns()
	na := len(acc)
	av := &t.accVals
	av.reset(len(groups), na)
	for r, g := range groupOf(t.Len(), groups) {
		k.row(r)
		if g < 0 {
			continue
		}
		// A row's cells are read in place from its mask and references
		// (when the mask is one word, as for any target of up to 64
		// columns) and compared as they are read: none is stored.
		mask, refs := t.cells.row(r)
		inPlace := len(mask) == 1 && t.editedRow(r) == nil
		var rec []byte
		for i, c := range acc {
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
			switch {
			case len(v) == 0:
			case !av.has(int(g), i):
				av.keep(int(g), i, v)
			case !av.differsIn(int(g), i) && !equal(av.value(int(g), i), v):
				av.setDiffers(int(g), i)
			}
		}
	}
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
				Rows: rows, Columns: slices.Clone(conflict)})
			msg := t.gextra(fmt.Sprintf("%d rows share this Account ID but differ in %s (%s): Genesys would keep one of them at random, so none is exported",
				len(rows), t.headers(conflict), t.places(rows)))
			for _, r := range rows {
				groupErr[r] = true
				t.addGroupNote(r, note{col: ka, sev: finding.Error, code: codeIndex(finding.AccountConflict), extra: msg})
			}
			continue
		}
		// A row's empty account cells that the account holds a value for
		// are filled in; the emptiness is in the row's mask, so no record
		// is read again.
		for _, r := range rows {
			t.accGroup[r] = int32(g)
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
// filling, on rows that name an account.
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
	for r := range t.Len() { // rows outside, so that the records are read once, in order
		k.row(r)
		if len(t.rawCell(r, ka)) == 0 {
			continue
		}
		for _, c := range required {
			if len(t.CellBytes(r, c)) == 0 {
				groupErr[r] = true
				t.addGroupNote(int32(r), note{col: int16(c), sev: finding.Error, code: codeIndex(finding.MissingRequired), extra: -1})
			}
		}
	}
}

// noteNameReuse warns once per Account ID when its Account Name is also used
// by other Account IDs. groups and firsts are the Account ID column's (groups).
func (t *Table) noteNameReuse(ka int, groups [][]int32, firsts []int32, k *ticker) {
	nc := t.Target.Index("Account Name")
	if nc < 0 {
		k.pass() // both passes
		return
	}
	// Each Account ID's first row with a name, and the name folded; the
	// views of the table's storage are safe as it does not change while
	// Resolve runs. Most accounts' first row has one; when it has not (an
	// account whose rows conflict is not filled in), the account's other
	// rows are looked at.
	type acct struct {
		row  int32
		fold string
	}
	groupAt := make([]int32, len(firsts)) // per first row: its group, or -1
	for i := range groupAt {
		groupAt[i] = -1
	}
	for g, rows := range groups {
		if i, ok := slices.BinarySearch(firsts, rows[0]); ok {
			groupAt[i] = int32(g)
		}
	}
	// The folded names are views of one buffer, which only grows: a view
	// keeps the array it was made of.
	var folds []byte
	accts := make([]acct, 0, len(firsts))
	for i, r := range firsts {
		k.frac(i, len(firsts))
		rows := []int32{r}
		if g := groupAt[i]; g >= 0 {
			rows = groups[g]
		}
		for _, r := range rows {
			if name := view(t.CellBytes(int(r), nc)); name != "" {
				start := len(folds)
				folds = schema.AppendFold(folds, name)
				accts = append(accts, acct{r, view(folds[start:len(folds):len(folds)])})
				break
			}
		}
	}
	slices.SortFunc(accts, func(a, b acct) int { return int(a.row - b.row) })
	k.pass()
	ids := make(map[string]int, len(accts)) // folded name → Account IDs using it
	for i, a := range accts {
		k.frac(i, 2*len(accts))
		ids[a.fold]++
	}
	msgs := map[int]int32{} // the message for n Account IDs, made once
	for i, a := range accts {
		k.frac(len(accts)+i, 2*len(accts))
		n := ids[a.fold]
		if n < 2 {
			continue
		}
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
