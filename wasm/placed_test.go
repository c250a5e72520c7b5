//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Month 2 into month 1's list: its columns are checked, the contacts it holds go back
// into it with the new ones that fit, the rest into a new list; the batches follow
// the placement, and a restored placement is the same plan.
func TestOutboundPlaceIntoExistingLists(t *testing.T) {
	s := &session{}
	call(t, s, "prepare", outboundSettings(0), [][]byte{leadExport(6)}, nil)
	cols := []string{"Lead ID", "First Name", "Mobile", "Notes"}
	may := map[string]any{"name": "May", "size": 3, "limit": 4, "columns": cols, "phoneColumns": []string{"Mobile"}}
	mapping := []byte("\ufeffLead ID,contact_list_id,genesys_contact_id\nL0002,may,L0002\nL0005,may,L0005\nX,may,9f1c\n")

	var bad struct{ Problems []string }
	call(t, s, "outboundPlace", map[string]any{"lists": []any{map[string]any{"name": "May", "size": 3, "columns": cols[:3], "phoneColumns": []string{"Mobile"}}}},
		[][]byte{mapping}, &bad)
	if len(bad.Problems) != 1 || !strings.Contains(bad.Problems[0], `no column "Notes"`) {
		t.Fatalf("problems %q", bad.Problems)
	}

	var fits struct{ Problems []string }
	if call(t, s, "outboundPlace", map[string]any{"lists": []any{may}}, nil, &fits); len(fits.Problems) != 0 || s.placed != nil {
		t.Fatalf("the columns alone: %q, placed %v", fits.Problems, s.placed != nil)
	}

	var placed struct {
		Lists []struct {
			List, Existing, Rows, Updated, Added int
		}
		Mismatched []int
	}
	of := call(t, s, "outboundPlace", map[string]any{"lists": []any{may}, "newSize": 10}, [][]byte{mapping}, &placed)
	if len(placed.Lists) != 2 || placed.Lists[0].Updated != 2 || placed.Lists[0].Added != 1 || placed.Lists[1].Existing != -1 ||
		placed.Lists[1].Added != 3 || placed.Mismatched[0] != 1 || len(of) != 12 {
		t.Fatalf("placed %+v, %d bytes", placed, len(of))
	}
	var plan struct {
		Lists       []struct{ List, Rows int }
		Fingerprint string
	}
	call(t, s, "outboundPlan", map[string]bool{}, nil, &plan)
	if len(plan.Lists) != 2 || plan.Lists[0].Rows != 3 || plan.Lists[1].Rows != 3 {
		t.Fatalf("plan %+v", plan)
	}
	first := call(t, s, "outboundBatch", map[string]int{"list": 1, "offset": 0, "count": 1000}, nil, nil)
	if ids := leadIDs(first); ids != "L0001 L0002 L0005" {
		t.Errorf("list 1 batch %q", ids)
	}
	second := call(t, s, "outboundBatch", map[string]int{"list": 2, "offset": 0, "count": 1000}, nil, nil)
	if ids := leadIDs(second); ids != "L0003 L0004 L0006" {
		t.Errorf("list 2 batch %q", ids)
	}

	// The CSV way: each placed list's upload part holds the rows of its batches.
	var withParts struct{ Lists []struct{ Parts []string } }
	call(t, s, "outboundPlan", map[string]bool{"parts": true}, nil, &withParts)
	for i, batch := range [][]byte{first, second} {
		if got := withParts.Lists[i].Parts; len(got) != 1 || got[0] != fmt.Sprintf("list-%02d-contacts-001.csv", i+1) {
			t.Fatalf("list %d parts %q", i+1, got)
		}
		if part := call(t, s, "outboundPart", map[string]int{"list": i + 1, "part": 0}, nil, nil); !bytes.Equal(part, batch) {
			t.Errorf("list %d part %q, batch %q", i+1, part, batch)
		}
	}

	// A new page restores the placement from its bytes: the same plan and batches.
	r := &session{}
	call(t, r, "prepare", outboundSettings(0), [][]byte{leadExport(6)}, nil)
	call(t, r, "outboundRestore", map[string]any{"lists": placed.Lists}, [][]byte{of}, nil)
	var again struct{ Fingerprint string }
	call(t, r, "outboundPlan", map[string]bool{}, nil, &again)
	if again.Fingerprint != plan.Fingerprint || !bytes.Equal(call(t, r, "outboundBatch", map[string]int{"list": 2, "offset": 0, "count": 1000}, nil, nil), second) {
		t.Errorf("restored: fingerprint %s, want %s", again.Fingerprint, plan.Fingerprint)
	}
	// An edit forgets the placement: the rows may have changed.
	call(t, s, "edit", map[string]any{"row": 0, "col": 1, "value": "Anna"}, nil, nil)
	call(t, s, "outboundPlan", map[string]bool{}, nil, &plan)
	if len(plan.Lists) != 1 {
		t.Errorf("after an edit: %+v", plan.Lists)
	}
}

// leadIDs are the first fields of a batch's rows.
func leadIDs(batch []byte) string {
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(string(batch)), "\n")[1:] {
		ids = append(ids, strings.SplitN(line, ",", 2)[0])
	}
	return strings.Join(ids, " ")
}

// A DNC list gets a column's values or a file's lines of its kind; the others are
// counted and named.
func TestDNCEntries(t *testing.T) {
	s := &session{}
	call(t, s, "prepare", outboundSettings(0), [][]byte{append(leadExport(3), "L0004,Bo,n/a,\r\n"...)}, nil)
	var got struct {
		Entries        []string
		Total, LeftOut int
		Examples       []int
		Heading        bool
	}
	call(t, s, "dncEntries", map[string]any{"kind": "phone", "column": "Mobile"}, nil, &got)
	if strings.Join(got.Entries, " ") != "+14155551001 +14155551002 +14155551003" || got.Total != 4 || got.LeftOut != 1 || got.Examples[0] != 4 {
		t.Errorf("phones %+v", got)
	}
	call(t, s, "dncEntries", map[string]any{"kind": "custom", "file": true, "heading": "Lead ID"}, [][]byte{[]byte("\ufeffLead ID\r\nL0001\r\n\r\n L0002 \r\n")}, &got)
	if strings.Join(got.Entries, " ") != "L0001 L0002" || got.LeftOut != 0 || !got.Heading {
		t.Errorf("custom file %+v", got)
	}
	call(t, s, "dncEntries", map[string]any{"kind": "phone", "file": true}, [][]byte{[]byte("Phone\n+14155550100\n555-0101\n")}, &got)
	if strings.Join(got.Entries, " ") != "+14155550100" || !got.Heading || got.LeftOut != 1 || got.Examples[0] != 3 {
		t.Errorf("phone file %+v", got)
	}
}
