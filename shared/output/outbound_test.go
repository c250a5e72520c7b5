package output_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// TestOutboundLists: 5,000 leads (and a few bad rows) with lists of 2,000
// contacts and small parts make 3 lists; every ready Lead ID is in exactly one
// part of one list, in order, and every row in is a row out, rejected or merged.
func TestOutboundLists(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Kind: gen.KindLeads, Rows: 5000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	// An identical copy (merged), two rows disagreeing on a Lead ID (rejected), a value too long (rejected).
	lines := strings.SplitAfter(buf.String(), "\r\n")
	buf.WriteString(lines[10])
	buf.WriteString("L9000001,Ann,,,,,,,,A\r\nL9000001,Bo,,,,,,,,A\r\n")
	buf.WriteString("L9000002,Cy,,,,,,,," + strings.Repeat("x", 513) + "\r\n")

	opt := prepare.Options{Target: schema.Outbound, IDColumn: "Lead ID", ListSize: 2000, MaxBytes: 70_000}
	_, sum, mem := prepareAll(t, opt, prepare.Input{Name: "leads.csv", Data: buf.Bytes()})
	if sum.InputRows != 5004 || sum.OutputRows != 5000 || sum.RejectedRows != 3 || sum.MergedRows != 1 {
		t.Fatalf("rows in %d, out %d, rejected %d, merged %d", sum.InputRows, sum.OutputRows, sum.RejectedRows, sum.MergedRows)
	}
	if sum.Outbound == nil {
		t.Fatal("no outbound summary")
	}
	if sum.IDColumn != "Lead ID" || !slices.Equal(sum.PhoneColumns, []string{"Mobile", "Home Phone", "Work Phone"}) {
		t.Errorf("id column %q, phone columns %q", sum.IDColumn, sum.PhoneColumns)
	}
	if len(sum.Lists) != 3 {
		t.Fatalf("%d lists, want 3: %+v", len(sum.Lists), sum.Lists)
	}
	next := 1 // the Lead ID expected next: the generator numbers them in order
	for i, l := range sum.Lists {
		wantRows := []int{2000, 2000, 1000}[i]
		if l.List != i+1 || l.Rows != wantRows || len(l.Parts) < 2 {
			t.Errorf("list %+v, want list %d of %d rows in several parts", l, i+1, wantRows)
		}
		rows := 0
		for j, name := range l.Parts {
			if want := fmt.Sprintf("list-%02d-contacts-%03d.csv", i+1, j+1); name != want {
				t.Errorf("part %q, want %q", name, want)
			}
			part := mem.Files[name]
			if int64(len(part)) > opt.MaxBytes {
				t.Errorf("%s has %d bytes, more than %d", name, len(part), opt.MaxBytes)
			}
			recs := records(t, part)
			if !slices.Equal(recs[0], gen.LeadColumns) {
				t.Fatalf("%s header %q", name, recs[0])
			}
			for _, rec := range recs[1:] {
				if want := fmt.Sprintf("L%07d", next); rec[0] != want {
					t.Fatalf("%s: Lead ID %s, want %s", name, rec[0], want)
				}
				next++
			}
			rows += len(recs) - 1
		}
		if rows != l.Rows {
			t.Errorf("list %d: parts hold %d rows, summary says %d", l.List, rows, l.Rows)
		}
	}
	if next != 5001 {
		t.Errorf("the parts hold Lead IDs up to %d, want all 5,000", next-1)
	}
	// The parts in summary.json carry their list, in the same order as the lists.
	var parts []string
	for _, p := range sum.Parts {
		parts = append(parts, p.File)
		if !strings.HasPrefix(p.File, fmt.Sprintf("list-%02d-", p.List)) {
			t.Errorf("part %+v names another list", p)
		}
	}
	var all []string
	for _, l := range sum.Lists {
		all = append(all, l.Parts...)
	}
	if !slices.Equal(parts, all) {
		t.Errorf("parts %q, lists' parts %q", parts, all)
	}
	var js map[string]any
	if err := json.Unmarshal(mem.Files[output.SummaryFile], &js); err != nil || js["id_column"] != "Lead ID" || js["lists"] == nil {
		t.Errorf("summary.json %s", mem.Files[output.SummaryFile])
	}
}

// TestOutboundGolden pins every file of a small outbound run: lists of 2,
// phones to E.164, a rejected and a merged row.
func TestOutboundGolden(t *testing.T) {
	in := "\ufeff\"Lead ID\",\"Name\",\"Mobile\",\"Notes\"\r\n" +
		"L1,Ann,(415) 555-0100,\"said \"\"hi\"\", twice\"\r\n" +
		"L2,Bo,+44 20 7946 0123,\r\n" +
		"L3,Cy,n/a,\r\n" +
		"L2,Bo,+44 20 7946 0123,\r\n" +
		"L4,Di,415.555.0104,\r\n" +
		"L5,Ed,,=cmd\r\n" +
		",Fay,,\r\n"
	_, sum, mem := prepareAll(t, prepare.Options{Target: schema.Outbound, IDColumn: "Lead ID", ListSize: 2},
		prepare.Input{Name: "leads.csv", Data: []byte(in)})
	if sum.Outbound == nil || len(sum.Lists) != 3 || len(sum.Lists[0].Parts) != 1 {
		t.Errorf("lists %+v", sum.Lists)
	}
	golden(t, "outbound", mem)
}

// Other targets keep their part names and summary.
func TestLegacyHasNoLists(t *testing.T) {
	_, sum, mem := prepareAll(t, prepare.Options{}, prepare.Input{Name: "c.csv", Data: []byte("Contact ID,First Name,Last Name\nC1,A,B\n")})
	if len(sum.Parts) != 1 || sum.Parts[0].File != "contacts-001.csv" || sum.Parts[0].List != 0 || sum.Outbound != nil {
		t.Errorf("parts %+v, outbound %+v", sum.Parts, sum.Outbound)
	}
	if b := mem.Files[output.SummaryFile]; bytes.Contains(b, []byte(`"list`)) || bytes.Contains(b, []byte("id_column")) {
		t.Errorf("summary.json has outbound fields: %s", b)
	}
}
