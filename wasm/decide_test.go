//go:build js && wasm

package main

import (
	"slices"
	"strings"
	"testing"

	"contactprep/shared/finding"
)

// TestDecide: each decision says what it would change, then changes it in
// one step that one undo takes back.
func TestDecide(t *testing.T) {
	file := strings.Join([]string{
		"Contact ID,First Name,Last Name,Mobile,Account ID,Account Name",
		"K1,Ann,Lee,N/A,A1,Acme Corp",
		"K2,Bo,Ray,call after 5pm,A1,ACME Corporation",
		"K3,Cy,Ng,4155552673,A1,Acme Corp",
		"K4,Di,Ho,4.15555E+09,A2,Beta",
		"K5,Ed,Po,4155552675,A2,Beta Ltd",
	}, "\n") + "\n"
	s := &session{}
	var sum summary
	a := csvSettings()
	call(t, s, "prepare", a, [][]byte{[]byte(file)}, &sum)
	if sum.Decisions != (decisions{UnreadablePhones: 3, Accounts: 2}) {
		t.Fatalf("decisions %+v", sum.Decisions)
	}
	if v := sum.Conflicts[0].Versions; len(v) != 2 || !slices.Equal(v[0].Values, []string{"Acme Corp"}) || v[0].Rows != 2 || v[1].Rows != 1 {
		t.Errorf("versions %+v", v)
	}
	before := counts(sum)

	var p preview
	call(t, s, "decide", decision{Action: "clearPhones", Preview: true}, nil, &p)
	if p != (preview{Cells: 3, Rows: 3}) {
		t.Errorf("preview of clearing %+v", p)
	}
	call(t, s, "decide", decision{Action: "clearPhones"}, nil, &sum)
	if sum.Decisions.UnreadablePhones != 0 || !sum.CanUndo {
		t.Errorf("after clearing: %+v", sum.Decisions)
	}
	call(t, s, "decide", decision{Action: "mostCommon", Preview: true}, nil, &p)
	if p != (preview{Cells: 2, Rows: 2}) {
		t.Errorf("preview of the most common %+v", p)
	}
	call(t, s, "decide", decision{Action: "mostCommon"}, nil, &sum)
	if len(sum.Conflicts) != 0 || sum.Ready != 5 {
		t.Errorf("after the most common: %v %+v", counts(sum), sum.Conflicts)
	}
	call(t, s, "undo", nil, nil, &sum)
	call(t, s, "undo", nil, nil, &sum)
	if counts(sum) != before || sum.Decisions.UnreadablePhones != 3 || sum.CanUndo {
		t.Errorf("after two undos %v %+v", counts(sum), sum.Decisions)
	}

	call(t, s, "decide", decision{Action: "keepPhones"}, nil, &sum)
	if !sum.Decisions.KeptTyped || !sum.CanUndo {
		t.Errorf("keeping them as typed: %+v", sum.Decisions)
	}
	call(t, s, "undo", nil, nil, &sum)
	if sum.Decisions.KeptTyped {
		t.Errorf("undo kept them as typed")
	}

	name := 0
	for _, c := range sum.Columns {
		if c.Header == "Account Name" {
			name = c.Col
		}
	}
	call(t, s, "decide", decision{Action: "replace", Col: name, Find: "Acme", With: "ACME", Preview: true}, nil, &p)
	if p != (preview{Cells: 2, Rows: 2}) {
		t.Errorf("preview of replacing %+v", p)
	}
	call(t, s, "decide", decision{Action: "clearColumn", Col: name, Preview: true}, nil, &p)
	if p != (preview{Cells: 5, Rows: 5}) {
		t.Errorf("preview of clearing the column %+v", p)
	}
	if _, _, err := s.call("decide", []byte(`{"action":"nonsense"}`), nil); err == nil {
		t.Errorf("an unknown decision was taken")
	}
}

// TestLeaveOut: the rows the table shows (a conflict group here) are left out
// as one step, counted first; they are rejected with their reason, the rows
// still add up, and undo and redo take the step back and make it again.
func TestLeaveOut(t *testing.T) {
	file := strings.Join([]string{
		"Contact ID,First Name,Last Name,Account ID,Account Name",
		"K1,Ann,Lee,A1,Acme Corp",
		"K2,Bo,Ray,A1,ACME Corporation",
		"K3,Cy,Ng,A2,Beta",
	}, "\n") + "\n"
	s := &session{}
	var sum summary
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(file)}, &sum)
	before := counts(sum)
	group := 0
	var p preview
	call(t, s, "decide", decision{Action: "leaveOut", Select: rowsArgs{Conflict: &group}, Preview: true}, nil, &p)
	if p != (preview{Rows: 2}) {
		t.Errorf("preview of leaving the group out %+v", p)
	}
	call(t, s, "decide", decision{Action: "leaveOut", Select: rowsArgs{Conflict: &group}}, nil, &sum)
	if counts(sum) != [4]int{3, 1, 2, 0} || len(sum.Conflicts) != 0 || !sum.CanUndo {
		t.Errorf("after leaving the group out: %v, conflicts %+v", counts(sum), sum.Conflicts)
	}
	var rows rowsReply
	call(t, s, "rows", rowsArgs{Codes: []finding.Code{finding.RowLeftOut}}, nil, &rows)
	if rows.Total != 2 || rows.Rows[0].State != "rejected" || rows.Rows[0].Findings[0].Message != "left out on purpose: you chose not to import this row" {
		t.Errorf("rows left out: %+v", rows)
	}
	call(t, s, "decide", decision{Action: "putBack", Select: rowsArgs{Codes: []finding.Code{finding.RowLeftOut}}, Preview: true}, nil, &p)
	if p != (preview{Rows: 2}) {
		t.Errorf("preview of putting them back %+v", p)
	}
	call(t, s, "undo", nil, nil, &sum)
	if counts(sum) != before || len(sum.Conflicts) != 1 {
		t.Errorf("after undo: %v, want %v", counts(sum), before)
	}
	call(t, s, "redo", nil, nil, &sum)
	if counts(sum) != [4]int{3, 1, 2, 0} {
		t.Errorf("after redo: %v", counts(sum))
	}
	call(t, s, "decide", decision{Action: "putBack", Select: rowsArgs{Rows: []int32{1}}}, nil, &sum)
	if counts(sum) != [4]int{3, 2, 1, 0} || len(sum.Conflicts) != 0 {
		t.Errorf("row 2 put back, alone in its account while row 1 is out: %v %+v", counts(sum), sum.Conflicts)
	}
	call(t, s, "undo", nil, nil, &sum)
	call(t, s, "undo", nil, nil, &sum)
	if counts(sum) != before || sum.CanUndo {
		t.Errorf("after undoing both: %v", counts(sum))
	}
}
