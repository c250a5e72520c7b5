package prepare_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// generated returns a generated contact file.
func generated(t *testing.T, o gen.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gen.Write(&buf, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// awkward is a generated file with records a naive split at line ends would
// cut wrongly: quoted cells holding line breaks (LF and CRLF), a quote that
// never closes, text after a closing quote, blank lines and short rows.
func awkward(t *testing.T) []byte {
	lines := strings.SplitAfter(string(generated(t, gen.Options{Rows: 4000, Seed: 7})), "\n")
	var b strings.Builder
	for i, l := range lines {
		switch {
		case i > 0 && i%97 == 0:
			fmt.Fprintf(&b, "C9%05d,Ann,\"Multi\nline\r\nname\",ann%d@example.com,+1 415 555 %04d,,,,,,\"1 Main St\n\nApt %d\",Springfield,OR,97000,US,no\n", i, i, i%10000, i)
		case i%331 == 0:
			b.WriteString("\n\n")
		case i%499 == 0:
			fmt.Fprintf(&b, "C8%05d,Bo\"b,\"Ray\"x,bob@example.com\n", i)
		case i == 2500:
			b.WriteString("C7,\"never closed,Lee\n")
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}

// multiline is a file whose every record holds a quoted cell of three lines:
// most line ends are inside a cell, so most cuts land in one.
func multiline() []byte {
	var b strings.Builder
	b.WriteString("Customer ID,First Name,Last Name,Mobile,Street,City\r\n")
	for i := range 6000 {
		fmt.Fprintf(&b, "C%05d,Ann,Lee,+1 415 555 %04d,\"%d Main St\r\nApt %d\nBack door\",Springfield\r\n", i, i%10000, i, i%50)
	}
	return []byte(b.String())
}

// TestSlicesMatchOnePass checks that every file written is byte-identical
// whether the rows were checked in one pass or in slices, rows numbered the same.
func TestSlicesMatchOnePass(t *testing.T) {
	cases := []struct {
		name   string
		inputs []prepare.Input
		opt    prepare.Options
	}{
		{"default", []prepare.Input{{Name: "a.csv", Data: generated(t, gen.Options{Rows: 5000, Seed: 1})}}, prepare.Options{}},
		{"larger than the head read first", []prepare.Input{{Name: "l.csv", Data: generated(t, gen.Options{Rows: 12000, Seed: 6, Encoding: "utf-8-bom"})}}, prepare.Options{}},
		{"awkward", []prepare.Input{{Name: "w.csv", Data: awkward(t)}}, prepare.Options{}},
		{"title lines", []prepare.Input{{Name: "t.csv", Data: append([]byte("Q3 customer contacts,,\n\nExported 2026-10-01\n"), generated(t, gen.Options{Rows: 5000, Seed: 7})...)}}, prepare.Options{}},
		{"multi-line cells", []prepare.Input{{Name: "m.csv", Data: multiline()}}, prepare.Options{}},
		{"windows-1252;", []prepare.Input{{Name: "b.csv", Data: generated(t, gen.Options{Rows: 4000, Seed: 2, Encoding: "windows-1252", Delimiter: ';'})}}, prepare.Options{Country: "FR"}},
		{"utf-16 bulk", []prepare.Input{{Name: "c.txt", Data: generated(t, gen.Options{Rows: 4000, Seed: 3, Encoding: "utf-16le"})}}, prepare.Options{Target: schema.Bulk}},
		{"two files", []prepare.Input{
			{Name: "d.csv", Data: generated(t, gen.Options{Rows: 3000, Seed: 4})},
			{Name: "e.csv", Data: generated(t, gen.Options{Rows: 3000, Seed: 4, DuplicateRate: 0.2})},
		}, prepare.Options{MaxBytes: 200_000}},
		{"outbound", []prepare.Input{{Name: "f.csv", Data: generated(t, gen.Options{Rows: 5000, Seed: 5})}},
			prepare.Options{Target: schema.Outbound, IDColumn: "Customer ID", ListSize: 1500}},
		{"a larger first slice", []prepare.Input{{Name: "g.csv", Data: generated(t, gen.Options{Rows: 5000, Seed: 8})}}, prepare.Options{LeadWeight: 1.5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, wantRows := prepared(t, c.inputs, c.opt, 1)
			same := func(how string, inputs []prepare.Input, n int) {
				got, rows := prepared(t, inputs, c.opt, n)
				if rows != wantRows {
					t.Errorf("%s, workers=%d: %d rows, want %d", how, n, rows, wantRows)
				}
				if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
					t.Fatalf("%s, workers=%d: files %v, want %v", how, n, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
				}
				for name, w := range want {
					if g := got[name]; !bytes.Equal(g, w) {
						i := 0
						for i < min(len(g), len(w)) && g[i] == w[i] {
							i++
						}
						t.Errorf("%s, workers=%d: %s differs from one pass at byte %d of %d", how, n, name, i, len(w))
						if testing.Verbose() {
							t.Logf("got %q\nwant %q", g[max(0, i-150):min(len(g), i+100)], w[max(0, i-150):min(len(w), i+100)])
						}
					}
				}
			}
			// The inputs read from where they lie (Input.At), not held: a
			// UTF-8 text's records are then read back from it.
			var at []prepare.Input
			for _, in := range c.inputs {
				at = append(at, prepare.Input{Name: in.Name, At: bytes.NewReader(in.Data), Size: int64(len(in.Data))})
			}
			for _, n := range []int{2, 3, 7, -3, 0} {
				if n == 0 {
					// Two workers, many slices: more parts than the window holds.
					defer prepare.SetMaxSlice(minSlice)()
					n = 2
				}
				same("held", c.inputs, n)
				same("read from At", at, n)
			}
			same("read from At", at, 1)
		})
	}
}

const minSlice = 64 << 10

// prepared runs the inputs with n workers and returns every file written.
// A negative n goes the browser's way with -n workers: each slice is checked
// from its bytes and a JSON spec alone, into an encoded part.
func prepared(t *testing.T, inputs []prepare.Input, opt prepare.Options, n int) (map[string][]byte, int) {
	t.Helper()
	var res *prepare.Result
	var err error
	if n > 0 {
		opt.Workers = n
		res, err = prepare.Run(inputs, opt)
	} else {
		opt.Workers = -n
		res, err = viaParts(inputs, opt)
	}
	if err != nil {
		t.Fatal(err)
	}
	mem := &output.Memory{}
	if _, err := output.Write(res, mem); err != nil {
		t.Fatal(err)
	}
	if res.Table.Len() < 2500 {
		t.Fatalf("only %d rows: too few to cut", res.Table.Len())
	}
	return mem.Files, res.Table.Len()
}

// viaParts prepares the inputs as the page's workers do.
func viaParts(inputs []prepare.Input, opt prepare.Options) (*prepare.Result, error) {
	pl, err := prepare.NewPlan(inputs, opt)
	if err != nil {
		return nil, err
	}
	for j := range pl.Jobs() {
		js, err := json.Marshal(pl.Spec(j))
		if err != nil {
			return nil, err
		}
		var spec prepare.SliceSpec
		if err := json.Unmarshal(js, &spec); err != nil {
			return nil, err
		}
		text, err := pl.SliceText(j)
		if err != nil {
			return nil, err
		}
		part, err := prepare.PrepareSlice(spec, bytes.Clone(text), nil)
		if err != nil {
			return nil, err
		}
		if err := pl.AppendEncoded(j, part); err != nil {
			return nil, err
		}
	}
	return pl.Finish()
}

func TestAppendEncodedRefusesOtherBytes(t *testing.T) {
	pl, err := prepare.NewPlan([]prepare.Input{{Name: "a.csv", Data: generated(t, gen.Options{Rows: 3000, Seed: 1})}}, prepare.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	text, err := pl.SliceText(0)
	if err != nil {
		t.Fatal(err)
	}
	part, err := prepare.PrepareSlice(pl.Spec(0), text, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, []byte("not a part"), part[:len(part)/2], append(bytes.Clone(part), 0)} {
		if err := pl.AppendEncoded(0, bad); err == nil {
			t.Errorf("a %d-byte non-part was appended", len(bad))
		}
	}
	if err := pl.AppendEncoded(1, part); err == nil {
		t.Error("part 1 was appended before part 0")
	}
	if err := pl.AppendEncoded(0, part); err != nil {
		t.Fatal(err)
	}
	if _, err := pl.Finish(); err == nil {
		t.Error("Finish with a part missing succeeded")
	}
}

// TestLeadWeight: cut into one slice per worker, the first slice is
// LeadWeight times each other one; cut into more (slices of at most 8 MB),
// they are alike again.
func TestLeadWeight(t *testing.T) {
	data := generated(t, gen.Options{Rows: 20000, Seed: 9})
	shares := func(workers int, lead float64) []float64 {
		pl, err := prepare.NewPlan([]prepare.Input{{Name: "a.csv", Data: data}}, prepare.Options{Workers: workers, LeadWeight: lead})
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for _, j := range pl.Jobs() {
			out = append(out, float64(j.Slice.Hi-j.Slice.Lo)/float64(len(data)))
		}
		return out
	}
	near := func(got, want float64) bool { return got > want-0.01 && got < want+0.01 }
	if s := shares(2, 1.5); len(s) != 2 || !near(s[0], 0.6) {
		t.Errorf("2 workers, lead 1.5: shares %v, want 0.6 and 0.4", s)
	}
	if s := shares(4, 2); len(s) != 4 || !near(s[0], 0.4) || !near(s[3], 0.2) {
		t.Errorf("4 workers, lead 2: shares %v, want 0.4 then 0.2 each", s)
	}
	if s := shares(2, 0); len(s) != 2 || !near(s[0], 0.5) {
		t.Errorf("2 workers, no lead: shares %v, want halves", s)
	}
	defer prepare.SetMaxSlice(int64(len(data) / 5))()
	if s := shares(2, 1.5); len(s) < 5 || !near(s[0], s[1]) {
		t.Errorf("2 workers, lead 1.5, slices of a fifth: shares %v, want alike", s)
	}
}
