//go:build js && wasm

package main

import (
	"strings"
	"testing"

	"contactprep/shared/output"
)

// A refusal's row of the sent part leads to the admin's row and column, and
// "rows" shows exactly the rows named.
func TestOriginsAndTheirRows(t *testing.T) {
	s := &session{}
	var sum summary
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, &sum)
	var got struct{ Origins []output.Origin }
	call(t, s, "origins", map[string]any{"places": []output.Place{
		{Part: "contacts-001.csv", Row: 3, Column: "Contact Cell Phone"}, // the third ready row: the admin's row 5
		{Part: "contacts-001.csv", Line: 2},
		{Part: "contacts-001.csv", Row: 9},
	}}, nil, &got)
	o := got.Origins
	if len(o) != 3 || o[0].File != "messy.csv" || o[0].Row != 5 || o[0].Column != "Mobile" || o[1].Row != 1 || o[2].Table != -1 {
		t.Fatalf("origins %+v", o)
	}
	var rows rowsReply
	call(t, s, "rows", rowsArgs{Rows: []int32{int32(o[1].Table), int32(o[0].Table), 99, int32(o[0].Table)}}, nil, &rows)
	if rows.Total != 2 || rows.Rows[0].Line != 1 || rows.Rows[1].Line != 5 {
		t.Fatalf("rows %+v", rows)
	}
}

func TestPartWithout(t *testing.T) {
	s := &session{}
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, nil)
	var got struct{ Origins []output.Origin }
	call(t, s, "origins", map[string]any{"places": []output.Place{{Part: "contacts-001.csv", Row: 2}}}, nil, &got)
	var reply struct{ Rows int }
	csv := call(t, s, "partWithout", map[string]any{"part": "contacts-001.csv", "leave": []int{got.Origins[0].Table}}, nil, &reply)
	if reply.Rows != 2 || strings.Count(string(csv), "\n") != 3 || strings.Contains(string(csv), "C2,") {
		t.Errorf("%d rows:\n%s", reply.Rows, csv)
	}
}
