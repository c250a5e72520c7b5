package check

import (
	"encoding/binary"
	"slices"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// keptVersions are, for each Account ID group whose rows differ, the
// distinct values its rows carry in the account columns and which of them
// each row carries: what the versions of its conflict are made of. Resolve
// keeps them as its one pass reads the grouped rows (readAccountRow), so
// that listing or settling versions reads no row again: a large input's
// rows are read back from its file, and the rows of a page's listed
// conflicts lay all over it (at 1.5 million rows, 1,564 rows of 20
// conflicts read the 268 MB file again, 1.4 s after every change).
type keptVersions map[int32]*groupVersions

type groupVersions struct {
	values []string         // the distinct values, in order of first row (encodeValues)
	rows   []int32          // per values: how many rows carry them
	first  []int32          // per values: the first row carrying them
	carry  []int32          // per row of the group, in order: its values
	index  map[string]int32 // values → their index, once there are many
}

// indexFrom is how many distinct values a group has before they are found
// through a map: a few are found faster in turn, and one account whose rows
// all differ (a file's every row under one Account ID) stays linear.
const indexFrom = 16

func (k *keptVersions) reset() { *k = keptVersions{} }

// clearGroup forgets group g's values, to read its rows again.
func (k keptVersions) clearGroup(g int) { delete(k, int32(g)) }

// keepVersion notes the values vals (per account column; the key's is left
// out) of row r of Account ID group g, whose rows are rows. Until the group's
// rows differ nothing is kept: the row that first differs (had is false)
// finds its earlier rows' values in the group's (t.accVals), each cell
// the group's value or empty, as its mask says, without reading them.
func (t *Table) keepVersion(r, g int, rows []int32, vals [][]byte, had bool) {
	key := t.accIndex[t.Target.Key(schema.Account)] // every row's is the group's: no version differs in it
	if key >= 0 {
		vals[key] = nil
	}
	gv := t.accVers[int32(g)]
	if !had || gv == nil {
		gv = &groupVersions{}
		t.accVers[int32(g)] = gv
		earlier := make([][]byte, len(vals))
		for _, e := range rows[:slices.Index(rows, int32(r))] {
			for i, c := range t.accCols {
				earlier[i] = nil
				if i != key && t.hasCell(int(e), c) {
					earlier[i] = t.accVals.value(g, i)
				}
			}
			t.scratch.enc = encodeValues(t.scratch.enc[:0], earlier)
			gv.add(e, t.scratch.enc)
		}
	}
	t.scratch.enc = encodeValues(t.scratch.enc[:0], vals)
	gv.add(int32(r), t.scratch.enc)
}

// add notes that row r carries the values enc (encodeValues).
func (gv *groupVersions) add(r int32, enc []byte) {
	i := int32(-1)
	if gv.index != nil {
		if at, ok := gv.index[string(enc)]; ok {
			i = at
		}
	} else {
		for k, v := range gv.values {
			if v == string(enc) {
				i = int32(k)
				break
			}
		}
	}
	if i < 0 {
		i = int32(len(gv.values))
		gv.values = append(gv.values, string(enc))
		gv.rows = append(gv.rows, 0)
		gv.first = append(gv.first, r)
		if gv.index != nil {
			gv.index[gv.values[i]] = i
		} else if len(gv.values) > indexFrom {
			gv.index = make(map[string]int32, 2*len(gv.values))
			for k, v := range gv.values {
				gv.index[v] = int32(k)
			}
		}
	}
	gv.rows[i]++
	gv.carry = append(gv.carry, i)
}

// encodeValues appends vals to buf, each its length (uvarint) and bytes.
func encodeValues(buf []byte, vals [][]byte) []byte {
	for _, v := range vals {
		buf = binary.AppendUvarint(buf, uint64(len(v)))
		buf = append(buf, v...)
	}
	return buf
}

// decodeValues returns the n values of enc (encodeValues).
func decodeValues(enc string, n int) []string {
	out := make([]string, n)
	for i := range out {
		l, k := binary.Uvarint([]byte(enc[:min(len(enc), binary.MaxVarintLen64)]))
		out[i], enc = enc[k:k+int(l)], enc[k+int(l):]
	}
	return out
}

// versionsOf returns the versions of each account conflict of cs and, per
// row of each, the version it carries (-1: none), from what Resolve kept:
// a conflict's version is its rows' values in the columns where they
// differ, and rows empty in all of them carry none. A conflict of Contact
// IDs has no versions: its rows are not one account's.
func (t *Table) versionsOf(cs []Conflict) (versions [][]Version, carries [][]int32) {
	versions, carries = make([][]Version, len(cs)), make([][]int32, len(cs))
	for ci, c := range cs {
		gv := t.accVers[c.group]
		if c.Code != finding.AccountConflict || gv == nil {
			continue
		}
		of := make([]int32, len(gv.values)) // per kept values: their version
		for k, enc := range gv.values {
			kept := decodeValues(enc, len(t.accCols))
			values := make([]string, len(c.Columns))
			empty := true
			for i, col := range c.Columns {
				values[i] = kept[t.accIndex[col]]
				empty = empty && values[i] == ""
			}
			of[k] = -1
			if empty {
				continue
			}
			out := &versions[ci]
			if i := slices.IndexFunc(*out, func(v Version) bool { return slices.Equal(v.Values, values) }); i >= 0 {
				(*out)[i].Rows += int(gv.rows[k])
				of[k] = int32(i)
			} else {
				*out = append(*out, Version{Values: values, Rows: int(gv.rows[k]), Row: int(gv.first[k])})
				of[k] = int32(len(*out) - 1)
			}
		}
		carries[ci] = make([]int32, len(gv.carry))
		for i, k := range gv.carry {
			carries[ci][i] = of[k]
		}
	}
	return versions, carries
}
