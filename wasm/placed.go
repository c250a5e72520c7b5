//go:build js && wasm

package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"contactprep/shared/field"
	"contactprep/shared/listfit"
	"contactprep/shared/output"
	"contactprep/shared/schema"
)

// Sending into contact lists the org already has (issue 26): the page hands the
// chosen lists (their size, limit and columns) and each one's lead-id-mapping.csv,
// read back from Genesys; listfit places every ready row, and the API batches of
// each list are cut from its own rows. The placement is handed to the page as
// bytes, which it keeps with the sending, so a resumed sending restores it rather
// than placing again into lists that hold this sending's contacts by then.

// placeList is a chosen list as the page sends it.
type placeList struct {
	Name         string   `json:"name"`
	Size         int      `json:"size"`
	Limit        int      `json:"limit"`
	Columns      []string `json:"columns"`
	PhoneColumns []string `json:"phoneColumns"`
}

// placedList is one list of a placement: 1-based List as the batches name it.
type placedList struct {
	List int `json:"list"`
	listfit.Placed
}

type placement struct {
	lists []placedList
	rows  [][]int32 // per list, its ready rows in table order
	parts [][]int   // per list, where each upload part starts in rows and, last, its end; made on demand
}

// outboundPlace checks the chosen lists' columns against the file's and places the
// ready rows; files[i] is list i's lead-id-mapping.csv. Column problems come back
// instead of a placement; without files, only they do (or none).
func (s *session) outboundPlace(lists []placeList, newSize int, files []callFile) (any, []byte, error) {
	if !s.outbound() {
		return nil, nil, errors.New("nothing is prepared for a contact list yet")
	}
	if len(files) != len(lists) && len(files) != 0 {
		return nil, nil, fmt.Errorf("%d lists but %d mappings", len(lists), len(files))
	}
	info := s.outboundSummary()
	chosen := make([]listfit.List, len(lists))
	var problems []string
	for i, l := range lists {
		chosen[i] = listfit.List{Name: l.Name, Size: l.Size, Limit: l.Limit, Columns: l.Columns, PhoneColumns: l.PhoneColumns}
		problems = append(problems, listfit.ColumnProblems(chosen[i], info.Columns, info.IDColumn, info.PhoneColumns)...)
	}
	if len(problems) > 0 || len(files) == 0 { // without the mappings: the columns only
		return struct {
			Problems []string `json:"problems"`
		}{problems}, nil, nil
	}
	holds := map[string]int{}
	mismatched := make([]int, len(lists))
	for i, f := range files {
		data, err := f.bytes()
		if err != nil {
			return nil, nil, err
		}
		if _, mismatched[i], err = listfit.Holds(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))), i, holds); err != nil {
			return nil, nil, fmt.Errorf("list %q: %w", lists[i].Name, err)
		}
	}
	ids := s.readyIDs()
	plan, err := listfit.Place(ids, holds, chosen, s.listSize())
	if err != nil {
		return nil, nil, err
	}
	s.setPlacement(plan)
	of := make([]byte, 2*len(plan.Of))
	for k, j := range plan.Of {
		binary.LittleEndian.PutUint16(of[2*k:], j)
	}
	return struct {
		Lists      []placedList `json:"lists"`
		Mismatched []int        `json:"mismatched"`
	}{s.placed.lists, mismatched}, of, nil
}

// outboundRestore puts back a placement outboundPlace made: files[0] is its bytes.
func (s *session) outboundRestore(lists []listfit.Placed, files []callFile) (any, []byte, error) {
	if !s.outbound() || len(files) != 1 {
		return nil, nil, errors.New("nothing is prepared for a contact list yet")
	}
	of, err := files[0].bytes()
	if err != nil {
		return nil, nil, err
	}
	plan := listfit.Plan{Lists: lists, Of: make([]uint16, len(of)/2)}
	if len(of) != 2*len(s.readyRows()) {
		return nil, nil, errors.New("the prepared rows are not those the sending was planned for")
	}
	for k := range plan.Of {
		if plan.Of[k] = binary.LittleEndian.Uint16(of[2*k:]); int(plan.Of[k]) >= len(lists) {
			return nil, nil, errors.New("the sending's plan is damaged")
		}
	}
	s.setPlacement(plan)
	return struct {
		Lists []placedList `json:"lists"`
	}{s.placed.lists}, nil, nil
}

func (s *session) setPlacement(plan listfit.Plan) {
	p := &placement{lists: make([]placedList, len(plan.Lists)), rows: make([][]int32, len(plan.Lists))}
	for i, l := range plan.Lists {
		p.lists[i] = placedList{List: i + 1, Placed: l}
		p.rows[i] = make([]int32, 0, l.Rows)
	}
	for k, r := range s.readyRows() {
		p.rows[plan.Of[k]] = append(p.rows[plan.Of[k]], r)
	}
	s.placed = p
}

// placedCut cuts each placed list's rows into upload parts of at most the target's
// MaxBytes, header included, as output.Write cuts a list: the CSV way of sending
// into existing lists.
func (s *session) placedCut() [][]int {
	p := s.placed
	if p.parts != nil {
		return p.parts
	}
	t := s.res.Table
	limit := int(t.Target.MaxBytes)
	header := len(output.AppendHeader(nil, t, s.cols))
	var line []byte
	p.parts = make([][]int, len(p.rows))
	for i, rows := range p.rows {
		cut := []int{0}
		size := header
		for k, r := range rows {
			line = output.AppendRow(line[:0], t, s.cols, int(r))
			if size > header && limit > 0 && size+len(line) > limit {
				cut, size = append(cut, k), header
			}
			size += len(line)
		}
		p.parts[i] = append(cut, len(rows))
	}
	return p.parts
}

// placedParts names the upload parts of placed list list (1-based).
func (s *session) placedParts(list int) []string {
	cut := s.placedCut()[list-1]
	names := make([]string, 0, len(cut)-1)
	for n := 1; n < len(cut) && cut[n] > cut[n-1]; n++ {
		names = append(names, output.ListPartName(list, n))
	}
	return names
}

// placedPart writes upload part part (0-based) of placed list list.
func (s *session) placedPart(list, part int) (any, []byte, error) {
	if list < 1 || list > len(s.placed.rows) {
		return nil, nil, fmt.Errorf("list %d has no part %d", list, part+1)
	}
	cut := s.placedCut()[list-1]
	if part < 0 || part+1 >= len(cut) || cut[part+1] == cut[part] {
		return nil, nil, fmt.Errorf("list %d has no part %d", list, part+1)
	}
	t := s.res.Table
	b := output.AppendHeader(nil, t, s.cols)
	for _, r := range s.placed.rows[list-1][cut[part]:cut[part+1]] {
		b = output.AppendRow(b, t, s.cols, int(r))
	}
	return struct {
		Name string `json:"name"`
		Rows int    `json:"rows"`
	}{output.ListPartName(list, part+1), cut[part+1] - cut[part]}, b, nil
}

// readyIDs returns the contact id of every ready row, in order.
func (s *session) readyIDs() []string {
	t := s.res.Table
	key := -1
	for i, c := range t.Target.Columns {
		if c.Kind == schema.ID && c.Key {
			key = i
		}
	}
	ready := s.readyRows()
	ids := make([]string, len(ready))
	if key < 0 {
		return ids
	}
	for k, r := range ready {
		ids[k] = field.Trim(string(t.CellBytes(int(r), key)))
	}
	return ids
}

// dncEntries returns what a DNC list taking entries of kind (listfit.DNCPhone,
// DNCEmail, DNCCustom) gets: the values of column in the ready rows, or with file set,
// the lines of files[0] (one entry per line; a first line that is not an entry, or
// is heading, the DNC list's column name, is the file's heading). Values not of the kind are left out, counted, and the first of them
// named by row or line: rows in = entries + left out.
func (s *session) dncEntries(kind, column, heading string, file bool, files []callFile) (any, []byte, error) {
	type out struct {
		Entries  []string `json:"entries"`
		Total    int      `json:"total"`
		LeftOut  int      `json:"leftOut"`
		Examples []int    `json:"examples"` // 1-based rows of the prepared table, or lines of the file
		Heading  bool     `json:"heading"`  // the file's first line was taken as its heading
	}
	o := out{Entries: []string{}, Examples: []int{}}
	take := func(v string, at func() int) {
		o.Total++
		if listfit.DNCEntryOK(kind, v) {
			o.Entries = append(o.Entries, v)
			return
		}
		o.LeftOut++
		if len(o.Examples) < 10 {
			o.Examples = append(o.Examples, at())
		}
	}
	if file {
		if len(files) != 1 {
			return nil, nil, errors.New("no file was given")
		}
		data, err := files[0].bytes()
		if err != nil {
			return nil, nil, err
		}
		lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
		for i, line := range lines {
			v := field.Trim(strings.TrimSuffix(line, "\r"))
			switch {
			case v == "":
			case i == 0 && listfit.DNCHeading(kind, v, heading):
				o.Heading = true
			default:
				take(v, func() int { return i + 1 })
			}
		}
		return o, nil, nil
	}
	if !s.outbound() {
		return nil, nil, errors.New("nothing is prepared for a contact list yet")
	}
	t := s.res.Table
	col := t.Target.ListIndex(column)
	if col < 0 {
		return nil, nil, fmt.Errorf("the file has no column %q", column)
	}
	for _, r := range s.readyRows() {
		take(field.Trim(string(t.CellBytes(int(r), col))), func() int { _, row := t.Place(int(r)); return row })
	}
	return o, nil, nil
}
