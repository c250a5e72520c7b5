package csvread

import (
	"bytes"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// record is one Read result with the Reader's position after it, in a form
// tests can compare.
type record struct {
	fields    []string
	line      int
	offset    int64
	malformed string
}

// readAll reads data to the end, failing the test on any error but io.EOF or
// on a Read that makes no progress.
func readAll(t testing.TB, data []byte, comma byte) []record {
	t.Helper()
	r := NewReader(data, comma)
	var out []record
	for {
		before := r.Offset()
		fields, err := r.Read()
		if err == io.EOF {
			if r.Offset() != int64(len(data)) {
				t.Fatalf("io.EOF at offset %d of %d", r.Offset(), len(data))
			}
			return out
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if r.Offset() <= before {
			t.Fatalf("Read made no progress at offset %d", before)
		}
		rec := record{line: r.Line(), offset: r.Offset(), malformed: r.Malformed()}
		for _, f := range fields {
			rec.fields = append(rec.fields, string(f))
		}
		out = append(out, rec)
	}
}

func fields(rs []record) [][]string {
	var out [][]string
	for _, r := range rs {
		out = append(out, r.fields)
	}
	return out
}

func TestRead(t *testing.T) {
	const u, tq = reasonUnterminated, reasonTextAfterQuote
	tests := []struct {
		name      string
		in        string
		want      [][]string
		lines     []int
		malformed []string // per record; nil means all ""
	}{
		{"empty input", "", nil, nil, nil},
		{"LF", "a,b\nc,d\n", [][]string{{"a", "b"}, {"c", "d"}}, []int{1, 2}, nil},
		{"CRLF", "a,b\r\nc,d\r\n", [][]string{{"a", "b"}, {"c", "d"}}, []int{1, 2}, nil},
		{"lone CR", "a,b\rc,d\r", [][]string{{"a", "b"}, {"c", "d"}}, []int{1, 2}, nil},
		{"mixed line ends", "a\rb\r\nc\nd", [][]string{{"a"}, {"b"}, {"c"}, {"d"}}, []int{1, 2, 3, 4}, nil},
		{"final record without line end", "a,b\nc,d", [][]string{{"a", "b"}, {"c", "d"}}, []int{1, 2}, nil},
		{"trailing empty line is not a record", "a\n", [][]string{{"a"}}, []int{1}, nil},
		{"empty line is one empty field", "a\n\nb\n", [][]string{{"a"}, {""}, {"b"}}, []int{1, 2, 3}, nil},
		{"empty CRLF line", "a\r\n\r\nb", [][]string{{"a"}, {""}, {"b"}}, []int{1, 2, 3}, nil},
		{"CR then CRLF is an empty line", "a\r\r\nb", [][]string{{"a"}, {""}, {"b"}}, []int{1, 2, 3}, nil},
		{"only line ends", "\n\n", [][]string{{""}, {""}}, []int{1, 2}, nil},
		{"empty fields", ",a,,\n,", [][]string{{"", "a", "", ""}, {"", ""}}, []int{1, 2}, nil},
		{"spaces kept", " a , b \n", [][]string{{" a ", " b "}}, []int{1}, nil},
		{"quoted delimiter", `"a,b",c`, [][]string{{"a,b", "c"}}, []int{1}, nil},
		{"escaped quotes", `"say ""hi""",x`, [][]string{{`say "hi"`, "x"}}, []int{1}, nil},
		{"only an escaped quote", `""""`, [][]string{{`"`}}, []int{1}, nil},
		{"empty quoted", `"",""` + "\n", [][]string{{"", ""}}, []int{1}, nil},
		{"quoted LF", "\"a\nb\",c\nd", [][]string{{"a\nb", "c"}, {"d"}}, []int{1, 3}, nil},
		{"quoted CRLF kept", "\"a\r\nb\",c\r\nd", [][]string{{"a\r\nb", "c"}, {"d"}}, []int{1, 3}, nil},
		{"quoted lone CR counts a line", "\"a\rb\"\rd", [][]string{{"a\rb"}, {"d"}}, []int{1, 3}, nil},
		{"quoted line ends at start of a field", "x,\"\n\n\"\ny", [][]string{{"x", "\n\n"}, {"y"}}, []int{1, 4}, nil},
		{"quote in unquoted field is literal", `a"b,c"` + "\n" + `5" tall,x`, [][]string{{`a"b`, `c"`}, {`5" tall`, "x"}}, []int{1, 2}, nil},
		{"NUL bytes are data", "a\x00b,\x00\n\"\x00\"", [][]string{{"a\x00b", "\x00"}, {"\x00"}}, []int{1, 2}, nil},
		{"text after closing quote", `"ab"cd,e` + "\nf", [][]string{{"abcd", "e"}, {"f"}}, []int{1, 2}, []string{tq, ""}},
		{"space after closing quote", `"a" ,"b"`, [][]string{{"a ", "b"}}, []int{1}, []string{tq}},
		{"quotes after closing quote are literal", `"John "Johnny" Smith",x`, [][]string{{`John Johnny" Smith"`, "x"}}, []int{1}, []string{tq}},
		{"escape then stray text", `"a""b"c`, [][]string{{`a"bc`}}, []int{1}, []string{tq}},
		{
			"unterminated at end of data",
			"a,\"b\nc,d\n",
			[][]string{{"a", `"b`}, {"c", "d"}}, []int{1, 2}, []string{u, ""},
		},
		{
			"unterminated re-reads earlier fields literally",
			`"ok",x,"bad` + "\r\nc\r\n",
			[][]string{{`"ok"`, "x", `"bad`}, {"c"}}, []int{1, 2}, []string{u, ""},
		},
		{
			"unterminated last line",
			"a\n\"b,c",
			[][]string{{"a"}, {`"b`, "c"}}, []int{1, 2}, []string{"", u},
		},
		{
			"lone quote",
			`"`,
			[][]string{{`"`}}, []int{1}, []string{u},
		},
		{
			"multi-line field closed by a stray quote",
			"x,\"a\ny,z\n\"q\"r,s\nt",
			[][]string{{"x", `"a`}, {"y", "z"}, {"qr", "s"}, {"t"}}, []int{1, 2, 3, 4}, []string{u, "", tq, ""},
		},
		{
			"delimiter after escaped quote at line end",
			"\"a\"\"\n\",b",
			[][]string{{"a\"\n", "b"}}, []int{1}, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, []byte(tt.in), ',')
			if !reflect.DeepEqual(fields(got), tt.want) {
				t.Fatalf("records = %q, want %q", fields(got), tt.want)
			}
			for i, rec := range got {
				if rec.line != tt.lines[i] {
					t.Errorf("record %d: Line = %d, want %d", i, rec.line, tt.lines[i])
				}
				want := ""
				if tt.malformed != nil {
					want = tt.malformed[i]
				}
				if rec.malformed != want {
					t.Errorf("record %d: Malformed = %q, want %q", i, rec.malformed, want)
				}
			}
		})
	}
}

func TestReadOffset(t *testing.T) {
	in := "a,b\r\n\"c\nd\"\n\ne\"f\"g\rlast"
	want := []int64{5, 11, 12, 18, int64(len(in))}
	got := readAll(t, []byte(in), ',')
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for i, rec := range got {
		if rec.offset != want[i] {
			t.Errorf("record %d: Offset = %d, want %d", i, rec.offset, want[i])
		}
	}
}

func TestReadDelimiters(t *testing.T) {
	for _, comma := range []byte{';', '\t', '|', 0, 0xff} {
		d := string([]byte{comma})
		in := "a" + d + `"b` + d + `c"` + d + "d,e\n"
		want := [][]string{{"a", "b" + d + "c", "d,e"}}
		if got := fields(readAll(t, []byte(in), comma)); !reflect.DeepEqual(got, want) {
			t.Errorf("comma %q: records = %q, want %q", comma, got, want)
		}
	}
}

func TestNewReaderRejectsUnusableComma(t *testing.T) {
	for _, comma := range []byte{'"', '\r', '\n'} {
		got := fields(readAll(t, []byte("a,b\nc"), comma))
		want := [][]string{{"a", "b"}, {"c"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("comma %q: records = %q, want %q (fallback to ',')", comma, got, want)
		}
	}
}

func TestUnterminatedQuoteBound(t *testing.T) {
	build := func(inner int) string {
		return "id,\"note\n" + strings.Repeat("x\n", inner) + "end\",z\nnext\n"
	}
	// A record of exactly maxQuotedLines lines is one legitimate multi-line cell.
	in := build(maxQuotedLines - 2)
	got := readAll(t, []byte(in), ',')
	if len(got) != 2 || len(got[0].fields) != 3 || got[0].malformed != "" || got[1].line != maxQuotedLines+1 {
		t.Fatalf("within the bound: %d records, first has %d fields, malformed %q", len(got), len(got[0].fields), got[0].malformed)
	}
	// Past it the opening quote is treated as stray: every line is its own record.
	in = build(maxQuotedLines - 1)
	got = readAll(t, []byte(in), ',')
	if len(got) != maxQuotedLines+2 {
		t.Fatalf("past the bound: %d records, want %d", len(got), maxQuotedLines+2)
	}
	if got[0].malformed != reasonUnterminated || !reflect.DeepEqual(got[0].fields, []string{"id", `"note`}) {
		t.Errorf("first record = %q, malformed %q", got[0].fields, got[0].malformed)
	}
	last := got[len(got)-2]
	if !reflect.DeepEqual(last.fields, []string{`end"`, "z"}) || last.line != maxQuotedLines+1 {
		t.Errorf("closing line = %q at line %d", last.fields, last.line)
	}
}

func TestReadLargeCell(t *testing.T) {
	const size = 10 << 20
	cell := bytes.Repeat([]byte(`ab,"c `), size/6)
	quoted := append([]byte(`x,"`), bytes.ReplaceAll(cell, []byte(`"`), []byte(`""`))...)
	quoted = append(quoted, "\",y\nz"...)
	got := readAll(t, quoted, ',')
	if len(got) != 2 || len(got[0].fields) != 3 || got[0].malformed != "" {
		t.Fatalf("quoted: %d records", len(got))
	}
	if got[0].fields[1] != string(cell) {
		t.Errorf("quoted cell of %d bytes came back as %d bytes", len(cell), len(got[0].fields[1]))
	}
	unquoted := bytes.Repeat([]byte("abc\x00"), size/4)
	got = readAll(t, unquoted, ',')
	if len(got) != 1 || got[0].fields[0] != string(unquoted) {
		t.Errorf("unquoted: %d records", len(got))
	}
}

func TestReadManyColumns(t *testing.T) {
	const n = 100_000
	var b bytes.Buffer
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if i%2 == 0 {
			b.WriteString(strconv.Itoa(i))
		} else {
			b.WriteString(`"` + strconv.Itoa(i) + `"`)
		}
	}
	b.WriteString("\nend")
	got := readAll(t, b.Bytes(), ',')
	if len(got) != 2 || len(got[0].fields) != MaxFields+1 || got[0].malformed != reasonTooManyFields {
		t.Fatalf("%d records, first has %d fields (%q)", len(got), len(got[0].fields), got[0].malformed)
	}
	for i, f := range got[0].fields {
		if f != strconv.Itoa(i) {
			t.Fatalf("field %d = %q", i, f)
		}
	}
	if got[1].fields[0] != "end" || got[1].malformed != "" {
		t.Errorf("the next record reads %q (%q)", got[1].fields, got[1].malformed)
	}
}

// A line of millions of fields is read past in bounded memory: the fields
// beyond MaxFields+1 are not held, quoted ones neither.
func TestReadTooManyFieldsBounded(t *testing.T) {
	for _, field := range []string{"a", `"a""b"`} {
		line := bytes.Repeat([]byte(field+","), 2_000_000)
		data := append(append([]byte("h\n"), line...), "\nnext\n"...)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		got := readAll(t, data, ',')
		runtime.ReadMemStats(&after)
		if len(got) != 3 || len(got[1].fields) != MaxFields+1 || got[2].fields[0] != "next" {
			t.Fatalf("%s: %d records", field, len(got))
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("%s: reading %d MB allocated %d MB", field, len(data)>>20, alloc>>20)
		}
	}
}

func TestReadRandomBinary(t *testing.T) {
	const structural = "\",\n\r"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		data := make([]byte, rng.IntN(4096))
		for i := range data {
			data[i] = byte(rng.Uint32())
			if rng.IntN(4) == 0 { // make the structural bytes common
				data[i] = structural[rng.IntN(len(structural))]
			}
		}
		checkInvariants(t, data, ',')
	}
}

func TestReadAliasing(t *testing.T) {
	data := []byte(`plain,"quoted","esc""aped"` + "\n")
	r := NewReader(data, ',')
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if &rec[0][0] != &data[0] {
		t.Error("unquoted field is not a subslice of the input")
	}
	if &rec[1][0] != &data[7] {
		t.Error("quoted field without escapes is not a subslice of the input")
	}
	for i := range rec {
		if cap(rec[i]) != len(rec[i]) {
			t.Errorf("field %d has spare capacity %d", i, cap(rec[i])-len(rec[i]))
		}
		rec[i] = append(rec[i], "XXXX"...)
	}
	if string(data) != `plain,"quoted","esc""aped"`+"\n" {
		t.Errorf("appending to fields changed the input: %q", data)
	}
	if string(rec[2]) != `esc"apedXXXX` {
		t.Errorf("escaped field = %q", rec[2])
	}
}

func TestReadSteadyStateAllocs(t *testing.T) {
	data := contactCSV(2 << 20)
	r := NewReader(data, ',')
	for range 1000 { // let fields and scratch reach their working size
		if _, err := r.Read(); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(5000, func() {
		if _, err := r.Read(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per record, want 0", allocs)
	}
}

// TestSkipPlain holds the eight-bytes-at-a-time scan equal to a byte loop,
// at every start and for every usual delimiter, over bytes that put stops
// at every place in a word and bytes next to them in value.
func TestSkipPlain(t *testing.T) {
	alphabet := []byte{',', ';', '\t', '|', '\n', '\r', 'a', '"', 0x00, 0x80, 0xff, '+', '-', 0x0b, 0x0c, 0x2b, 0x2d}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, comma := range []byte{',', ';', '\t', '|'} {
		stop := stopTable(comma)
		for range 200 {
			data := make([]byte, rng.IntN(40))
			for i := range data {
				if rng.IntN(4) == 0 {
					data[i] = alphabet[rng.IntN(len(alphabet))]
				} else {
					data[i] = 'a' + byte(rng.IntN(26))
				}
			}
			for pos := 0; pos <= len(data); pos++ {
				want := pos
				for want < len(data) && !stop[data[want]] {
					want++
				}
				got := skipPlain(data, pos, comma)
				for got < len(data) && !stop[data[got]] {
					got++
				}
				if got != want || skipPlain(data, pos, comma) > want {
					t.Fatalf("comma %q, data %q from %d: stop at %d, want %d", comma, data, pos, got, want)
				}
			}
		}
	}
}
