package csvread

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestRereadSpan checks what check.Table relies on: the bytes Read consumed
// for a record, read again alone (Reset), give the same fields — also for
// records with line breaks in quotes, escaped quotes, stray and unterminated
// quotes — and Cut tells a record that ran into the end inside quotes.
func TestRereadSpan(t *testing.T) {
	data := append(contactCSV(1<<16), "a,\"b\nc\",d\r\n\"x\"\"y\",\"p\"q,r\nlone\rcr,\"open\nnever,closed\nlast,line"...)
	r := NewReader(data, ',')
	var again Reader
	for {
		at := r.Offset()
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		want := bytes.Join(fields, []byte{0})
		again.Reset(data[at:r.Offset()], ',')
		got, _ := again.Read()
		if !bytes.Equal(bytes.Join(got, []byte{0}), want) {
			t.Fatalf("record at byte %d read again: %q, want %q", at, got, fields)
		}
	}
	for _, c := range []struct {
		text string
		cut  bool
	}{{"a,\"b\nc", true}, {"a,\"b\nc\"\n", false}, {"a,b\n", false}, {"\"", true}} {
		r := NewReader([]byte(c.text), ',')
		r.Read()
		if r.Cut() != c.cut {
			t.Errorf("%q: Cut() = %v, want %v", strings.ReplaceAll(c.text, "\n", `\n`), r.Cut(), c.cut)
		}
	}
}
