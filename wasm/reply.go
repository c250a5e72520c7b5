//go:build js && wasm

package main

import (
	"slices"

	"contactprep/shared/check"
	"contactprep/shared/finding"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// Limits on what one reply carries: the page asks for more rows by range.
const (
	maxConflicts     = 20 // conflict groups of each code listed in a summary
	maxConflictRows  = 10 // rows named per listed group
	maxRowsPerReply  = 500
	defaultRowsReply = 100
)

type column struct {
	Col    int    `json:"col"` // target column index, for edits
	Header string `json:"header"`
	Part   string `json:"part"`
	// Key: the column that says who a row is (the contact's key), which the
	// page keeps in view beside the row's place.
	Key bool `json:"key"`
}

type kindCount struct {
	kind
	Findings int `json:"findings"`
	Rows     int `json:"rows"`
}

type rowRef struct {
	Row  int    `json:"row"` // table row
	File string `json:"file"`
	Line int    `json:"line"` // 1-based data row of the file
}

type conflict struct {
	Index   int          `json:"index"` // in the table's conflicts, for the rows call
	Code    finding.Code `json:"code"`
	Key     string       `json:"key"`
	Size    int          `json:"size"`
	Rows    []rowRef     `json:"rows"` // the first maxConflictRows
	Columns []string     `json:"columns"`
	// Versions, of an account conflict: the values its rows carry in Columns.
	Versions []check.Version `json:"versions,omitempty"`
}

type summary struct {
	InputRows     int                  `json:"inputRows"`
	Ready         int                  `json:"ready"`
	Rejected      int                  `json:"rejected"`
	Merged        int                  `json:"merged"`
	Inputs        []prepare.InputInfo  `json:"inputs"`
	Columns       []column             `json:"columns"`
	Kinds         []kindCount          `json:"kinds"`
	FileFindings  []finding.Finding    `json:"fileFindings"`
	Conflicts     []conflict           `json:"conflicts"`
	MoreConflicts map[finding.Code]int `json:"moreConflicts"` // groups not listed, per code
	CanUndo       bool                 `json:"canUndo"`
	CanRedo       bool                 `json:"canRedo"`
	Outbound      *outboundInfo        `json:"outbound,omitempty"` // the outbound target's lists
	Decisions     decisions            `json:"decisions"`          // decide.go
}

func (s *session) ref(r int) rowRef {
	file, line := s.res.Table.Place(r)
	return rowRef{Row: r, File: s.res.Table.Files()[file].Name, Line: line}
}

func (s *session) summary() summary {
	t := s.res.Table
	sum := summary{Inputs: s.res.Inputs, FileFindings: t.FileFindings(), Kinds: []kindCount{}, Conflicts: []conflict{}, MoreConflicts: map[finding.Code]int{},
		CanUndo: len(s.undo) > 0, CanRedo: len(s.redo) > 0, Outbound: s.outboundSummary(), Decisions: s.decisions()}
	if sum.Inputs == nil {
		sum.Inputs = []prepare.InputInfo{}
	}
	if sum.FileFindings == nil {
		sum.FileFindings = []finding.Finding{}
	}
	for r := range t.Len() {
		sum.InputRows++
		switch t.State(r) {
		case check.Ready:
			sum.Ready++
		case check.Rejected:
			sum.Rejected++
		case check.Merged:
			sum.Merged++
		}
	}
	for _, c := range s.cols {
		col := t.Target.Columns[c]
		sum.Columns = append(sum.Columns, column{Col: c, Header: col.Header, Part: col.Part.String(), Key: c == t.Target.Key(schema.Contact)})
	}
	ix := s.ensureIndex()
	for i, k := range ix.kinds {
		sum.Kinds = append(sum.Kinds, kindCount{kind: k, Findings: ix.findings[i], Rows: ix.rows[i]})
	}
	// Errors first, then by how many rows a kind touches.
	slices.SortStableFunc(sum.Kinds, func(a, b kindCount) int {
		if a.Severity != b.Severity {
			return int(b.Severity) - int(a.Severity)
		}
		return b.Rows - a.Rows
	})
	listed := map[finding.Code]int{}
	var accounts []check.Conflict // the account conflicts listed, whose versions are read together
	var versions []int            // their places in sum.Conflicts
	for i, c := range t.Conflicts() {
		if listed[c.Code] == maxConflicts {
			sum.MoreConflicts[c.Code]++
			continue
		}
		listed[c.Code]++
		out := conflict{Index: i, Code: c.Code, Key: c.Key, Size: len(c.Rows)}
		for _, r := range c.Rows[:min(len(c.Rows), maxConflictRows)] {
			out.Rows = append(out.Rows, s.ref(int(r)))
		}
		for _, col := range c.Columns {
			out.Columns = append(out.Columns, t.Target.Columns[col].Header)
		}
		if c.Code == finding.AccountConflict {
			accounts, versions = append(accounts, c), append(versions, len(sum.Conflicts))
		}
		sum.Conflicts = append(sum.Conflicts, out)
	}
	// One pass in row order over their rows: a large file's rows are read
	// back from it, and one conflict after another would read them at random.
	for i, vs := range t.VersionsOf(accounts) {
		sum.Conflicts[versions[i]].Versions = vs
	}
	return sum
}

// rowsArgs picks a range of the affected rows: those with a finding of the
// given codes and severities (empty lists: any), the rows of one conflict group,
// or the rows named.
type rowsArgs struct {
	Offset     int                `json:"offset"`
	Count      int                `json:"count"`
	Codes      []finding.Code     `json:"codes"`
	Severities []finding.Severity `json:"severities"`
	Conflict   *int               `json:"conflict"` // index into the table's conflicts
	Rows       []int32            `json:"rows"`     // these table rows, when not nil (a refusal's, a trial run's)
}

type rowFinding struct {
	finding.Finding
	Col int `json:"col"` // position in the summary's columns, or -1
}

type rowOut struct {
	rowRef
	State    string       `json:"state"`
	Cells    []string     `json:"cells"` // per summary column
	Findings []rowFinding `json:"findings"`
	Version  bool         `json:"version"` // in an account conflict: "use this version" applies
	// Conflict, with Version: the account conflict's index in the table's conflicts.
	Conflict int `json:"conflict"`
}

type rowsReply struct {
	Total  int      `json:"total"`
	Offset int      `json:"offset"`
	Rows   []rowOut `json:"rows"`
}

func (s *session) rows(a rowsArgs) (any, []byte, error) {
	if s.res == nil {
		return rowsReply{Rows: []rowOut{}}, nil, nil
	}
	rows := s.selected(a)
	if a.Count <= 0 {
		a.Count = defaultRowsReply
	}
	a.Count = min(a.Count, maxRowsPerReply)
	a.Offset = max(0, min(a.Offset, len(rows)))
	reply := rowsReply{Total: len(rows), Offset: a.Offset, Rows: []rowOut{}}
	for _, r := range rows[a.Offset:min(len(rows), a.Offset+a.Count)] {
		reply.Rows = append(reply.Rows, s.row(int(r)))
	}
	return reply, nil, nil
}

// selected returns the rows a picks, in order (its range aside).
func (s *session) selected(a rowsArgs) []int32 {
	t := s.res.Table
	switch {
	case a.Rows != nil:
		return tableRows(a.Rows, t.Len())
	case a.Conflict != nil:
		if cs := t.Conflicts(); *a.Conflict >= 0 && *a.Conflict < len(cs) {
			return cs[*a.Conflict].Rows
		}
		return nil
	}
	return s.filter(s.ensureIndex().mask(a.Codes, a.Severities))
}

// tableRows keeps the rows that are in a table of n rows, in order, once each.
func tableRows(rows []int32, n int) []int32 {
	out := slices.Clone(rows)
	slices.Sort(out)
	out = slices.Compact(out)
	return slices.DeleteFunc(out, func(r int32) bool { return r < 0 || int(r) >= n })
}

// row is one row as the table shows it: cleaned cells and every finding, each
// pointing at the column it is about.
func (s *session) row(r int) rowOut {
	t := s.res.Table
	out := rowOut{rowRef: s.ref(r), State: t.State(r).String(), Cells: make([]string, len(s.cols)), Findings: []rowFinding{}}
	for i, c := range s.cols {
		out.Cells[i] = t.Cell(r, c)
	}
	file, _ := t.Place(r)
	m := t.Files()[file].Mapping
	for _, f := range t.Findings(r) {
		target := -1
		if i := slices.Index(m.Source, f.Column); i >= 0 {
			target = m.To[i]
		} else if f.Column != "" {
			target = t.Target.Index(f.Column)
		}
		out.Findings = append(out.Findings, rowFinding{Finding: f, Col: slices.Index(s.cols, target)})
		if f.Code == finding.AccountConflict && !out.Version {
			out.Version = true
			out.Conflict = slices.IndexFunc(t.Conflicts(), func(c check.Conflict) bool {
				return c.Code == finding.AccountConflict && slices.Contains(c.Rows, int32(r))
			})
		}
	}
	return out
}
