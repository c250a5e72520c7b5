package check

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGrouper groups values as a map would: the same groups, each in item
// order, the groups in the order their values' second items come, and
// singles and empty values marked. The values are many more than the table
// first has room for (it grows several times) and many share hashes' top
// bits (their home slots); long ones fill several blocks of entries, and
// one is larger than a block.
func TestGrouper(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ n, pad int }{{0, 0}, {1, 0}, {3, 0}, {1000, 0}, {50_000, 0}, {3000, 900}} {
		n := c.n
		values := make([][]byte, n)
		for i := range values {
			switch k := r.IntN(10); {
			case k == 0:
				values[i] = nil // empty
			case k < 4:
				values[i] = fmt.Appendf(nil, "C%d", r.IntN(max(1, n/8))) // often repeated
			default:
				values[i] = fmt.Appendf(nil, "C%d", r.IntN(4*n+1))
			}
			if len(values[i]) > 0 && c.pad > 0 {
				values[i] = append(values[i], bytes.Repeat([]byte{'.'}, c.pad+int(values[i][len(values[i])-1])*7)...) // the same for the same value
			}
		}
		if c.pad > 0 {
			big := bytes.Repeat([]byte{'x'}, keyBlock+10)
			values[n/3], values[2*n/3] = big, big
		}
		g := newGrouper(n)
		for _, v := range values {
			g.add(v)
		}
		if c.pad > 0 && len(g.keys) < 3 {
			t.Fatalf("n=%d: %d blocks of entries, want several", n, len(g.keys))
		}
		got := g.done()

		// The same, with a map.
		seen := map[string][]int32{}
		var order []string
		for i, v := range values {
			if len(v) == 0 {
				continue
			}
			rows := append(seen[string(v)], int32(i))
			seen[string(v)] = rows
			if len(rows) == 2 {
				order = append(order, string(v))
			}
		}
		if len(got.rows) != len(order) || len(order) < n/20 {
			t.Fatalf("n=%d: %d groups, want %d", n, len(got.rows), len(order))
		}
		for gi, v := range order {
			if !slices.Equal(got.rows[gi], seen[v]) {
				t.Fatalf("n=%d: group %d is rows %v, want %v (value %q)", n, gi, got.rows[gi], seen[v], v)
			}
		}
		for i, v := range values {
			want := int32(single)
			switch {
			case len(v) == 0:
				want = noValue
			case len(seen[string(v)]) > 1:
				want = int32(slices.Index(order, string(v)))
			}
			if got.of[i] != want {
				t.Fatalf("n=%d: item %d (%q) in %d, want %d", n, i, v, got.of[i], want)
			}
		}
	}
}

// TestGrouperPlacesEmpty groups empty values with place, as noteNameReuse
// needs for names that fold to nothing.
func TestGrouperPlacesEmpty(t *testing.T) {
	values := [][]byte{{}, []byte("a"), {}, []byte("b"), []byte("a")}
	g := newGrouper(len(values))
	for _, v := range values {
		g.place(v)
	}
	got := g.done()
	if want := [][]int32{{0, 2}, {1, 4}}; len(got.rows) != 2 || !slices.Equal(got.rows[0], want[0]) || !slices.Equal(got.rows[1], want[1]) {
		t.Fatalf("groups %v, want %v", got.rows, want)
	}
	if want := []int32{0, 1, 0, single, 1}; !slices.Equal(got.of, want) {
		t.Fatalf("of %v, want %v", got.of, want)
	}
}
