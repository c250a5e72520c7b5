package leadmap

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

// FuzzExport: any bytes either fail with an error or give pairs that the
// mapping file carries through a standard CSV reader unchanged; never a panic.
func FuzzExport(f *testing.F) {
	f.Add([]byte("\ufeff\"\"\"inin-outbound-id\"\"\",\"\"\"Lead ID\"\"\"\r\n\"c-1\",\"L1\"\r\n"), "Lead ID")
	f.Add([]byte("\"inin-outbound-id\",\"Lead ID\",\"ContactCallable\"\r\n\"c-1\",\"L,1\",\"1\"\r\n"), "Lead ID")
	f.Add([]byte("inin-outbound-id,Lead ID\nc-1,L1\nc-2,\n\n"), "lead id")
	f.Add([]byte("inin-outbound-id,Lead ID\nc-1,\"L1\n"), "Lead ID")
	f.Fuzz(func(t *testing.T, export []byte, idColumn string) {
		e, err := NewExport(bytes.NewReader(export), idColumn)
		if err != nil {
			return
		}
		var pairs [][2]string
		for {
			lead, id, err := e.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			if id == "" {
				t.Fatalf("row %d: empty contact id without an error", e.Row())
			}
			pairs = append(pairs, [2]string{lead, id})
		}
		var b bytes.Buffer
		w := NewWriter(&b, strings.TrimSpace(idColumn))
		for _, p := range pairs {
			w.Write(p[0], "list", p[1])
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		rd := csv.NewReader(&b)
		rows, err := rd.ReadAll()
		if err != nil {
			t.Fatalf("the mapping is not CSV: %v", err)
		}
		if len(rows) != len(pairs)+1 {
			t.Fatalf("%d mapping rows for %d pairs", len(rows), len(pairs))
		}
		for i, p := range pairs {
			// A standard reader turns CRLF inside quotes into LF.
			want := [3]string{strings.ReplaceAll(p[0], "\r\n", "\n"), "list", strings.ReplaceAll(p[1], "\r\n", "\n")}
			if got := rows[i+1]; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
				t.Fatalf("row %d: %q, want %q", i+1, got, want)
			}
		}
	})
}
