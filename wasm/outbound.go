//go:build js && wasm

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"contactprep/shared/check"
	"contactprep/shared/leadmap"
	"contactprep/shared/listfit"
	"contactprep/shared/output"
	"contactprep/shared/schema"
)

// The outbound target's operations: the page sends contact lists either as
// upload parts (the files output.Write makes) or as API batches of at most
// maxBatch rows, cut from the same ready rows in the same order, so that both
// ways put each contact in the same list. Rows leave the engine as CSV bytes,
// a part or a batch at a time, never one value at a time.

// maxBatch is the most contacts Genesys takes in one request (genesys.md §4).
const maxBatch = 1000

// outboundInfo tells the page what it sends: the columns of each list, the
// contact id column, the phone columns, and how many rows go into each list.
type outboundInfo struct {
	IDColumn     string     `json:"idColumn"`
	Columns      []string   `json:"columns"`
	PhoneColumns []string   `json:"phoneColumns"`
	ListSize     int        `json:"listSize"`
	Lists        []listInfo `json:"lists"`
	// The most contacts an existing list holds unless raised, and the most an admin
	// may say it holds (listfit): the page's defaults, not its rules.
	ListLimit    int        `json:"listLimit"`
	MaxListLimit int        `json:"maxListLimit"`
	Limits       listLimits `json:"limits"`
}

// listLimits are Genesys' contact list limits, as the engine holds them
// (schema): sent with inspect's reply and with the outbound summary, so that
// the page words them and holds none of its own.
type listLimits struct {
	ListSize    int `json:"listSize"`    // the most contacts in one new list
	Columns     int `json:"columns"`     // the most columns
	HeaderChars int `json:"headerChars"` // the longest column name, in characters
}

var limits = listLimits{ListSize: schema.ListSize, Columns: schema.ListMaxColumns, HeaderChars: schema.ListMaxHeaderChars}

type listInfo struct {
	List  int      `json:"list"` // 1-based, as in the file names
	Rows  int      `json:"rows"`
	Parts []string `json:"parts,omitempty"` // the upload parts, in order (outboundPlan only)
}

func (s *session) outbound() bool {
	return s.res != nil && s.res.Table.Target.Name == schema.Outbound
}

// listSize is the most contacts in one list, as the engine cut them.
func (s *session) listSize() int { return output.ListSize(s.res.Table.Target) }

// readyRows returns the ready rows in table order: the rows of every list, one after another.
func (s *session) readyRows() []int32 {
	if s.ready == nil {
		t := s.res.Table
		s.ready = []int32{}
		for r := range t.Len() {
			if t.State(r) == check.Ready {
				s.ready = append(s.ready, int32(r))
			}
		}
	}
	return s.ready
}

// outboundSummary is the summary's outbound part; nil for other targets.
func (s *session) outboundSummary() *outboundInfo {
	if !s.outbound() {
		return nil
	}
	t := s.res.Table
	info := &outboundInfo{IDColumn: s.args.IDColumn, ListSize: s.listSize(), Columns: []string{}, PhoneColumns: []string{}, Lists: []listInfo{},
		ListLimit: listfit.DefaultLimit, MaxListLimit: listfit.MaxLimit, Limits: limits}
	for _, c := range s.cols {
		col := t.Target.Columns[c]
		info.Columns = append(info.Columns, col.Header)
		if col.Kind == schema.Phone {
			info.PhoneColumns = append(info.PhoneColumns, col.Header)
		}
	}
	if s.placed != nil {
		for _, l := range s.placed.lists {
			info.Lists = append(info.Lists, listInfo{List: l.List, Rows: l.Rows})
		}
		return info
	}
	n, size := len(s.readyRows()), s.listSize()
	for l := 1; ; l++ {
		start, end := output.ListRows(l, size, n)
		if start == end {
			break
		}
		info.Lists = append(info.Lists, listInfo{List: l, Rows: end - start})
	}
	return info
}

// outboundPlan returns the lists with their upload parts (when parts is set:
// it writes the files) and a fingerprint of the rows to send, so that a
// resumed sending can tell they are the same: the SHA-256 of the list size,
// the columns, which rows are ready, in order (so which list each row is in),
// and the admin's edits in force. Hashing every cell would cost seconds on a
// million rows; the file and the settings are in the page's key already.
func (s *session) outboundPlan(parts bool) (any, []byte, error) {
	if !s.outbound() {
		return nil, nil, errors.New("nothing is prepared for a contact list yet")
	}
	info := s.outboundSummary()
	if parts && s.placed != nil {
		for i := range info.Lists {
			info.Lists[i].Parts = s.placedParts(i + 1)
		}
	} else if parts {
		if err := s.write(); err != nil {
			return nil, nil, err
		}
		for i := range info.Lists {
			info.Lists[i].Parts = s.listParts(i + 1)
		}
		for _, l := range info.Lists {
			rows := 0
			for _, p := range l.Parts {
				rows += s.partRows(p)
			}
			if rows != l.Rows {
				return nil, nil, fmt.Errorf("the upload files of list %d hold %d rows, not %d", l.List, rows, l.Rows)
			}
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\n%q\n", s.listSize(), info.Columns)
	var b []byte
	for _, r := range s.readyRows() {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
	}
	h.Write(b)
	if s.placed != nil { // and which list each row goes into
		for _, rows := range s.placed.rows {
			b = b[:0]
			for _, r := range rows {
				b = binary.LittleEndian.AppendUint32(b, uint32(r))
			}
			fmt.Fprintf(h, "list %d\n", len(rows))
			h.Write(b)
		}
	}
	for _, c := range s.undo {
		for _, e := range c.do {
			fmt.Fprintf(h, "%d,%d,%q\n", e.Row, e.Col, e.Value)
		}
	}
	return struct {
		*outboundInfo
		Fingerprint string `json:"fingerprint"`
	}{info, hex.EncodeToString(h.Sum(nil))}, nil, nil
}

// outboundPart returns upload part number part (0-based) of list list.
func (s *session) outboundPart(list, part int) (any, []byte, error) {
	if !s.outbound() {
		return nil, nil, errors.New("nothing is prepared for a contact list yet")
	}
	if s.placed != nil {
		return s.placedPart(list, part)
	}
	if err := s.write(); err != nil {
		return nil, nil, err
	}
	if parts := s.listParts(list); part >= 0 && part < len(parts) {
		name := parts[part]
		return struct {
			Name string `json:"name"`
			Rows int    `json:"rows"`
		}{name, s.partRows(name)}, s.written.Files[name], nil
	}
	return nil, nil, fmt.Errorf("list %d has no part %d", list, part+1)
}

// outboundBatch returns rows offset … offset+count-1 of list list (1-based) as
// CSV with the header row, at most maxBatch of them.
func (s *session) outboundBatch(list, offset, count int) (any, []byte, error) {
	if !s.outbound() {
		return nil, nil, errors.New("nothing is prepared for a contact list yet")
	}
	ready := s.readyRows()
	if list < 1 || offset < 0 || count < 1 {
		return nil, nil, fmt.Errorf("list %d has no rows from row %d", list, offset+1)
	}
	first, last := output.ListRows(list, s.listSize(), len(ready))
	rows := ready
	if s.placed != nil && list <= len(s.placed.rows) {
		rows, first, last = s.placed.rows[list-1], 0, len(s.placed.rows[list-1])
	}
	start, end := first+offset, min(last, first+offset+min(count, maxBatch))
	if start >= end {
		return nil, nil, fmt.Errorf("list %d has no rows from row %d", list, offset+1)
	}
	t := s.res.Table
	b := output.AppendHeader(nil, t, s.cols)
	for _, r := range rows[start:end] {
		b = output.AppendRow(b, t, s.cols, int(r))
	}
	return struct {
		Rows int `json:"rows"`
	}{end - start}, b, nil
}

// listParts names the upload parts of list list (1-based), in order.
func (s *session) listParts(list int) []string {
	var parts []string
	for _, p := range s.parts {
		if p.List == list {
			parts = append(parts, p.File)
		}
	}
	return parts
}

func (s *session) partRows(name string) int {
	for _, p := range s.parts {
		if p.File == name {
			return p.Rows
		}
	}
	return 0
}

// leadMappingArgs asks for a piece of lead-id-mapping.csv: the header alone
// (Header), the rows of a list's mapping file the submission function wrote
// (in files), or rows of contacts Genesys confirmed batch by batch (Pairs of
// Lead ID and contact id, all of list ListID).
type leadMappingArgs struct {
	IDColumn string      `json:"idColumn"`
	Header   bool        `json:"header"`
	ListID   string      `json:"listId"`
	Pairs    [][2]string `json:"pairs"`
}

// leadMapping writes a piece of lead-id-mapping.csv with leadmap: the page
// joins the pieces into the file, a list or a few thousand rows at a time.
// It needs no prepared table: the sending may have been resumed in a later page.
func leadMapping(a leadMappingArgs, files []callFile) (any, []byte, error) {
	var b bytes.Buffer
	var w *leadmap.Writer
	if a.Header {
		w = leadmap.NewWriter(&b, a.IDColumn)
	} else {
		w = leadmap.NewRowsWriter(&b)
	}
	for _, f := range files {
		data, err := f.bytes()
		if err != nil {
			return nil, nil, err
		}
		if _, err := w.Append(bytes.NewReader(data)); err != nil {
			return nil, nil, err
		}
	}
	for _, p := range a.Pairs {
		if err := w.Write(p[0], a.ListID, p[1]); err != nil {
			return nil, nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, nil, err
	}
	return struct {
		Rows int `json:"rows"`
	}{w.Rows()}, b.Bytes(), nil
}
