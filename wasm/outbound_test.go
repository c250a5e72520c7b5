//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// leadExport is a CRM export as admins get it: a UTF-8 BOM, quoted headers,
// phones typed any way, a value with a comma and quotes.
func leadExport(n int) []byte {
	var b strings.Builder
	b.WriteString("\ufeff\"Lead ID\",\"First Name\",\"Mobile\",\"Notes\"\r\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "L%04d,Ann%d,(415) 555-%04d,\"said \"\"hi\"\", twice\"\r\n", i, i, 1000+i)
	}
	return []byte(b.String())
}

func outboundSettings(listSize int) settings {
	return settings{Files: []fileArg{{Name: "leads.csv", Data: 0, CSV: -1}}, Country: "US", Target: "outbound",
		IDColumn: "Lead ID", ListSize: listSize}
}

func TestOutboundInspectTellsPhoneColumns(t *testing.T) {
	var got struct{ Inputs []detected }
	call(t, &session{}, "inspect", outboundSettings(0), [][]byte{leadExport(3)}, &got)
	if len(got.Inputs) != 1 || !slices.Equal(got.Inputs[0].Header, []string{"Lead ID", "First Name", "Mobile", "Notes"}) {
		t.Fatalf("inspect %+v", got)
	}
	if !slices.Equal(got.Inputs[0].Phones, []string{"Mobile"}) {
		t.Errorf("phones %q, want Mobile", got.Inputs[0].Phones)
	}
}

// The lists' batches are the lists' upload parts, row for row: both ways put
// every contact into the same list.
func TestOutboundBatchesMatchParts(t *testing.T) {
	s := &session{}
	var sum summary
	call(t, s, "prepare", outboundSettings(2), [][]byte{leadExport(5)}, &sum)
	if sum.Ready != 5 || sum.Outbound == nil {
		t.Fatalf("summary %+v", sum)
	}
	o := sum.Outbound
	if o.IDColumn != "Lead ID" || o.ListSize != 2 || !slices.Equal(o.PhoneColumns, []string{"Mobile"}) || len(o.Lists) != 3 ||
		o.Lists[0].Rows != 2 || o.Lists[2].Rows != 1 {
		t.Fatalf("outbound %+v", o)
	}
	var plan struct {
		outboundInfo
		Fingerprint string
	}
	call(t, s, "outboundPlan", map[string]bool{"parts": true}, nil, &plan)
	if len(plan.Lists) != 3 || len(plan.Fingerprint) != 64 {
		t.Fatalf("plan %+v", plan)
	}
	for _, l := range plan.Lists {
		if len(l.Parts) != 1 || !strings.HasPrefix(l.Parts[0], fmt.Sprintf("list-%02d-", l.List)) {
			t.Fatalf("list %d parts %q", l.List, l.Parts)
		}
		var part struct {
			Name string
			Rows int
		}
		whole := call(t, s, "outboundPart", map[string]int{"list": l.List, "part": 0}, nil, &part)
		var batch struct{ Rows int }
		got := call(t, s, "outboundBatch", map[string]int{"list": l.List, "offset": 0, "count": 1000}, nil, &batch)
		if !bytes.Equal(got, whole) || batch.Rows != l.Rows || part.Rows != l.Rows {
			t.Errorf("list %d: batch %q (%d rows), part %q (%d rows)", l.List, got, batch.Rows, whole, part.Rows)
		}
		if !bytes.Contains(got, []byte(`"said ""hi"", twice"`)) || !bytes.Contains(got, []byte("+1415555100")) {
			t.Errorf("list %d batch %q", l.List, got)
		}
	}
	var one struct{ Rows int }
	got := call(t, s, "outboundBatch", map[string]int{"list": 2, "offset": 1, "count": 5}, nil, &one)
	if one.Rows != 1 || !strings.HasPrefix(string(got), "Lead ID,First Name,Mobile,Notes\n") || !bytes.Contains(got, []byte("\nL0004,")) {
		t.Errorf("list 2 from its second row: %d rows %q", one.Rows, got)
	}

	// An edit changes the fingerprint; undoing it brings it back.
	call(t, s, "edit", map[string]any{"row": 0, "col": 1, "value": "Anna"}, nil, nil)
	var edited struct{ Fingerprint string }
	call(t, s, "outboundPlan", map[string]bool{}, nil, &edited)
	call(t, s, "undo", nil, nil, nil)
	var undone struct{ Fingerprint string }
	call(t, s, "outboundPlan", map[string]bool{}, nil, &undone)
	if edited.Fingerprint == plan.Fingerprint || undone.Fingerprint != plan.Fingerprint {
		t.Errorf("fingerprints: %s, edited %s, undone %s", plan.Fingerprint, edited.Fingerprint, undone.Fingerprint)
	}
}

func TestOutboundRefusals(t *testing.T) {
	s := &session{}
	for _, op := range []string{"outboundPlan", "outboundPart", "outboundBatch"} {
		if _, _, err := s.call(op, []byte(`{"list":1,"part":0,"offset":0,"count":1}`), nil); err == nil {
			t.Errorf("%s before prepare: no error", op)
		}
	}
	call(t, s, "prepare", outboundSettings(2), [][]byte{leadExport(3)}, nil)
	for _, args := range []string{`{"list":0,"offset":0,"count":1}`, `{"list":3,"offset":0,"count":1}`, `{"list":2,"offset":1,"count":1}`, `{"list":1,"offset":0,"count":0}`} {
		if _, _, err := s.call("outboundBatch", []byte(args), nil); err == nil {
			t.Errorf("outboundBatch %s: no error", args)
		}
	}
	if _, _, err := s.call("outboundPart", []byte(`{"list":1,"part":1}`), nil); err == nil {
		t.Error("outboundPart of a part that is not there: no error")
	}
}

// The page gets lead-id-mapping.csv from the engine in pieces: the header,
// the rows Genesys confirmed batch by batch, and a list's mapping file read
// back from the submission function; joined, they are one file as leadmap writes it.
func TestLeadMappingPieces(t *testing.T) {
	s := &session{}
	var got []byte
	var reply struct{ Rows int }
	got = append(got, call(t, s, "leadMapping", map[string]any{"idColumn": "Lead ID", "header": true}, nil, &reply)...)
	if reply.Rows != 0 {
		t.Errorf("header piece: %d rows", reply.Rows)
	}
	got = append(got, call(t, s, "leadMapping", map[string]any{"idColumn": "Lead ID", "listId": "list-1",
		"pairs": [][2]string{{"L1", "c-1"}, {"L,2", "c-2"}}}, nil, &reply)...)
	if reply.Rows != 2 {
		t.Errorf("pairs piece: %d rows", reply.Rows)
	}
	list2 := "\ufeffLead ID,contact_list_id,genesys_contact_id\n\" L3\",list-2,c-3\n"
	got = append(got, call(t, s, "leadMapping", map[string]any{"idColumn": "Lead ID"}, [][]byte{[]byte(list2)}, &reply)...)
	if reply.Rows != 1 {
		t.Errorf("file piece: %d rows", reply.Rows)
	}
	want := "Lead ID,contact_list_id,genesys_contact_id\nL1,list-1,c-1\n\"L,2\",list-1,c-2\n\" L3\",list-2,c-3\n"
	if string(got) != want {
		t.Errorf("mapping %q, want %q", got, want)
	}
	if _, _, err := s.call("leadMapping", []byte(`{"idColumn":"Lead ID"}`), dataFiles([]byte("inin-outbound-id,Lead ID\nc-1,L1\n"))); err == nil {
		t.Error("an export taken for a list's mapping: no error")
	}
}

// The page's outbound settings come from the engine: the id column it
// guesses among the files' columns, and Genesys' list limits, with inspect's
// reply and again with the summary.
func TestOutboundGuessAndLimits(t *testing.T) {
	s := &session{}
	var got struct {
		IDColumn string
		Limits   listLimits
	}
	call(t, s, "inspect", outboundSettings(0), [][]byte{leadExport(3)}, &got)
	want := listLimits{ListSize: 1_000_000, Columns: 50, HeaderChars: 128}
	if got.IDColumn != "Lead ID" || got.Limits != want {
		t.Errorf("inspect: id column %q, limits %+v; want Lead ID, %+v", got.IDColumn, got.Limits, want)
	}
	var sum summary
	call(t, s, "prepare", outboundSettings(0), [][]byte{leadExport(3)}, &sum)
	if sum.Outbound == nil || sum.Outbound.Limits != want {
		t.Errorf("summary's outbound part %+v, want limits %+v", sum.Outbound, want)
	}
}
