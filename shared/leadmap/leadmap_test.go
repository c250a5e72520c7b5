package leadmap

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

type pair struct{ lead, id string }

func readAll(t *testing.T, export, idColumn string) ([]pair, error) {
	t.Helper()
	e, err := NewExport(strings.NewReader(export), idColumn)
	if err != nil {
		return nil, err
	}
	var out []pair
	for {
		lead, id, err := e.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, pair{lead, id})
	}
}

func TestExportForms(t *testing.T) {
	want := []pair{{"L1", "c-1"}, {"L,2", "c-2"}}
	tests := []struct {
		name, export, idColumn string
	}{
		{"Genesys: BOM, doubled header quotes, CRLF",
			"\ufeff\"\"\"inin-outbound-id\"\"\",\"\"\"Lead ID\"\"\",\"\"\"Phone\"\"\",\"\"\"ContactCallable\"\"\"\r\n" +
				"\"c-1\",\"L1\",\"+14155550100\",\"1\"\r\n\"c-2\",\"L,2\",\"\",\"0\"\r\n", "Lead ID"},
		{"every field quoted once, as the emulator writes it",
			"\ufeff\"inin-outbound-id\",\"Lead ID\",\"ContactCallable\",\"Callable-Phone\"\r\n\"c-1\",\"L1\",\"1\",\"1\"\r\n\"c-2\",\"L,2\",\"1\",\"1\"\r\n", "Lead ID"},
		{"plain, no BOM, LF, id column after the system columns",
			"ContactCallable,inin-outbound-id,Name,Lead ID\n1,c-1,Ann,L1\n1,c-2,Bo,\"L,2\"\n", "Lead ID"},
		{"id column named in another case, padded",
			"inin-outbound-id,LEAD ID\nc-1,L1\nc-2,\"L,2\"\n\n", " lead id "},
		{"values quoted twice like the header",
			"\"\"\"inin-outbound-id\"\"\",\"\"\"Lead ID\"\"\"\n\"\"\"c-1\"\"\",\"\"\"L1\"\"\"\n\"\"\"c-2\"\"\",\"\"\"L,2\"\"\"\n", "Lead ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, tt.export, tt.idColumn)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestExportErrors(t *testing.T) {
	tests := []struct {
		name, export, idColumn, want string
	}{
		{"empty", "", "Lead ID", "no header row"},
		{"only a BOM", "\ufeff", "Lead ID", "no header row"},
		{"no id column", "inin-outbound-id,Name\nc-1,Ann\n", "Lead ID", `no column "Lead ID"`},
		{"no id column named", "inin-outbound-id,Lead ID\n", "", "no id column named"},
		{"not an export", "Lead ID,Name\nL1,secret-name\n", "Lead ID", "no inin-outbound-id column"},
		{"short row", "inin-outbound-id,Name,Lead ID\nc-1,secret-name\n", "Lead ID", "export row 1 has 2 fields"},
		{"no contact id", "inin-outbound-id,Lead ID\nc-1,L1\n,L2\n", "Lead ID", "export row 2 has no inin-outbound-id"},
		{"broken quotes", "inin-outbound-id,Lead ID\nc-1,L1\nc-2,\"secret-value\n", "Lead ID", "export row 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.export, tt.idColumn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows a cell value: %v", err)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	export := "\ufeff\"inin-outbound-id\",\"Lead ID\",\"Name\"\r\n\"c-1\",\"L1\",\"Ann\"\r\n\"c-2\",\"\",\"Bo\"\r\n\"c-3\",\"L 3, \"\"x\"\"\",\"Cy\"\r\n"
	var b bytes.Buffer
	st, err := Convert(NewWriter(&b, "Lead ID"), strings.NewReader(export), "Lead ID", "list-9")
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Contacts: 3, Mapped: 2, NoLeadID: 1}) {
		t.Errorf("stats %+v", st)
	}
	want := "Lead ID,contact_list_id,genesys_contact_id\nL1,list-9,c-1\n\"L 3, \"\"x\"\"\",list-9,c-3\n"
	if b.String() != want {
		t.Errorf("mapping\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriterHeaderOnly(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b, "Kunden-Nr, alt")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "\"Kunden-Nr, alt\",contact_list_id,genesys_contact_id\n"; got != want || w.Rows() != 0 {
		t.Errorf("got %q (%d rows), want %q once", got, w.Rows(), want)
	}
}

// TestWriterRoundTrip: what Writer writes, a standard CSV reader reads back field for field.
func TestWriterRoundTrip(t *testing.T) {
	rows := [][3]string{{"L1", "l", "c"}, {" lead ", "l", "c"}, {"a\"b", "l,1", "c\nd"}, {"", "l", "c"}, {"ü", "l", "c"}}
	var b bytes.Buffer
	w := NewWriter(&b, "Lead ID")
	for _, r := range rows {
		if err := w.Write(r[0], r[1], r[2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows)+1 || !slices.Equal(got[0], Header("Lead ID")) {
		t.Fatalf("read back %q", got)
	}
	for i, r := range rows {
		if !slices.Equal(got[i+1], r[:]) {
			t.Errorf("row %d: %q, want %q", i+1, got[i+1], r)
		}
	}
}

func BenchmarkConvert(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("\ufeff\"\"\"inin-outbound-id\"\"\",\"\"\"Lead ID\"\"\",\"\"\"Name\"\"\",\"\"\"Mobile\"\"\",\"\"\"ContactCallable\"\"\"\r\n")
	for i := range 10000 {
		fmt.Fprintf(&sb, "\"L%07d\",\"L%07d\",\"Ann Lee\",\"+14155550100\",\"1\"\r\n", i, i)
	}
	export := sb.String()
	b.SetBytes(int64(len(export)))
	for b.Loop() {
		if _, err := Convert(NewWriter(io.Discard, "Lead ID"), strings.NewReader(export), "Lead ID", "list"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAppendJoinsLists: the lists' mapping files, as the submission function
// writes them, become one file byte for byte: the first header, then every
// list's rows in order. A piece written by NewRowsWriter has no header.
func TestAppendJoinsLists(t *testing.T) {
	lists := [][][3]string{
		{{"L1", "list-1", "c-1"}, {" L 2", "list-1", "c-2"}},
		{{`L"3"`, "list-2", "c,3"}, {"L4\n", "list-2", "c-4"}},
		{},
	}
	var files [][]byte
	var want bytes.Buffer
	for i, rows := range lists {
		var b bytes.Buffer
		w := NewWriter(&b, "Lead ID, CRM")
		for _, r := range rows {
			w.Write(r[0], r[1], r[2])
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want.Write(b.Bytes())
		} else {
			want.Write(b.Bytes()[bytes.IndexByte(b.Bytes(), '\n')+1:])
		}
		files = append(files, b.Bytes())
	}
	files[1] = append([]byte("\ufeff"), files[1]...)

	var got bytes.Buffer
	w := NewWriter(&got, "Lead ID, CRM")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		var piece bytes.Buffer
		pw := NewRowsWriter(&piece)
		n, err := pw.Append(bytes.NewReader(f))
		if err != nil || n != len(lists[i]) {
			t.Fatalf("list %d: %d rows, %v", i+1, n, err)
		}
		if err := pw.Flush(); err != nil {
			t.Fatal(err)
		}
		got.Write(piece.Bytes())
	}
	if got.String() != want.String() {
		t.Errorf("joined\n%q\nwant\n%q", got.String(), want.String())
	}
}

func TestAppendRefusesOtherFiles(t *testing.T) {
	for _, f := range []string{
		"",
		"inin-outbound-id,Lead ID\nc-1,L1\n",
		"Lead ID,contact_list_id,genesys_contact_id\nL1,list\n",
		"Lead ID,contact_list_id,genesys_contact_id\nL1,list,\"c\n",
	} {
		if _, err := NewRowsWriter(io.Discard).Append(strings.NewReader(f)); err == nil {
			t.Errorf("%q: no error", f)
		}
	}
}
