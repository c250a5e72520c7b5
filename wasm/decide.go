//go:build js && wasm

package main

import (
	"errors"
	"fmt"

	"contactprep/shared/check"
)

// decision is a decision over a whole group of rows, as the page asks for
// it: with Preview, the engine says how much it would change and changes
// nothing; else it makes the change as one step of the undo history. The
// rules are check's (decide.go).
type decision struct {
	// Action: "clearPhones" or "keepPhones" (the phones kept as typed),
	// "mostCommon" (every account conflict), "replace" or "clearColumn",
	// "leaveOut" or "putBack" (the rows Select picks).
	Action  string   `json:"action"`
	Col     int      `json:"col"` // target column, for replace and clearColumn
	Find    string   `json:"find"`
	With    string   `json:"with"`
	Whole   bool     `json:"whole"`  // replace whole cells equal to Find, not the text in them
	Select  rowsArgs `json:"select"` // the rows to leave out or put back, as the table picks them (its range aside)
	Preview bool     `json:"preview"`
}

// preview is what a decision would change.
type preview struct {
	Cells int `json:"cells"`
	Rows  int `json:"rows"`
}

// decisions is what the summary tells the page of the decisions it offers.
type decisions struct {
	UnreadablePhones int  `json:"unreadablePhones"` // phone cells kept as typed
	KeptTyped        bool `json:"keptTyped"`        // the admin chose to keep them so
	Accounts         int  `json:"accounts"`         // account conflicts "mostCommon" settles
}

func (s *session) decisions() decisions {
	t := s.res.Table
	d := decisions{KeptTyped: s.keptTyped}
	t.EachUnreadablePhone(func(int, int) { d.UnreadablePhones++ })
	d.Accounts = t.AccountsToSettle() // reads no row: the summary says it after every change
	return d
}

func (s *session) decide(a decision) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	t := s.res.Table
	var edits []check.CellEdit
	switch a.Action {
	case "keepPhones":
		if a.Preview {
			return preview{Cells: s.decisions().UnreadablePhones}, nil, nil
		}
		if !s.keptTyped {
			s.keptTyped = true
			s.undo, s.redo = append(s.undo, change{keepTyped: true}), nil
		}
		return s.summary(), nil, nil
	case "leaveOut", "putBack":
		return s.leaveOut(a)
	case "clearPhones":
		edits = t.ClearUnreadablePhones()
	case "mostCommon":
		edits, _ = t.UseMostCommonEdits()
	case "replace":
		edits = t.ReplaceEdits(a.Col, a.Find, a.With, a.Whole)
	case "clearColumn":
		edits = t.ClearColumnEdits(a.Col)
	default:
		return nil, nil, fmt.Errorf("unknown decision %q", a.Action)
	}
	if a.Preview {
		p := preview{Cells: len(edits)}
		last := -1
		for _, e := range edits { // each decision's edits come row after row
			if e.Row != last {
				p.Rows++
				last = e.Row
			}
		}
		return p, nil, nil
	}
	return s.edit(edits)
}

// leaveOut leaves the rows a picks out on purpose, or puts them back
// (check.Table.LeaveOut), as one step of the undo history.
func (s *session) leaveOut(a decision) (any, []byte, error) {
	t := s.res.Table
	picked := s.selected(a.Select)
	rows := make([]int, len(picked))
	for i, r := range picked {
		rows[i] = int(r)
	}
	out := a.Action == "leaveOut"
	if a.Preview {
		n := t.Leaving(rows, out)
		return preview{Rows: n}, nil, nil
	}
	if changed := t.LeaveOut(rows, out); len(changed) > 0 {
		s.undo, s.redo = append(s.undo, change{leave: changed, out: out}), nil
		s.changed()
	}
	return s.summary(), nil, nil
}
