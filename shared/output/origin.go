package output

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"

	"contactprep/shared/check"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// Place names a row of an import part as a report about that part does: by
// its data row (1-based, as the Worker's re-check counts records) or by its
// line (1-based, the header being line 1, as Genesys' checks count lines, a
// cell holding a line break taking two), and by the part's column header.
// With List instead of Part, Row counts the rows of that outbound contact
// list (1-based) across its parts, as its batches are sent.
type Place struct {
	Part   string `json:"part,omitempty"`
	List   int    `json:"list,omitempty"`
	Row    int    `json:"row,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column string `json:"column,omitempty"`
}

// Origin is where a Place came from, in the admin's terms: the table row,
// the admin's file and its row there, and the admin's column that filled the
// part's column.
type Origin struct {
	Table  int    `json:"table"` // -1 when the place names no row of the part
	File   string `json:"file,omitempty"`
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
}

// placed is one written row: its table row and the part's line it starts on.
type placed struct{ row, line int32 }

// Origins finds where each place came from, in order. It cuts the parts
// again exactly as WriteParts does (writing nothing), so a place names the
// row of the parts as they are written now: call it before the table changes.
func Origins(res *prepare.Result, places []Place) ([]Origin, error) {
	t := res.Table
	want := map[string][]placed{} // the rows of each part named
	lists := map[int][]placed{}   // the rows of each list named
	for _, p := range places {
		if p.List > 0 {
			lists[p.List] = nil
		} else {
			want[p.Part] = nil
		}
	}
	cols := Columns(t)
	sink := &lineSink{first: 1 + int32(bytes.Count(AppendHeader(nil, t, cols), []byte{'\n'}))}
	_, err := writeParts(t, cols, res.MaxBytes, sink, func(r int, row []byte) {
		if rows, ok := want[sink.name]; ok {
			want[sink.name] = append(rows, placed{int32(r), sink.line})
		}
		if rows, ok := lists[sink.list]; ok {
			lists[sink.list] = append(rows, placed{int32(r), sink.line})
		}
		sink.line += int32(bytes.Count(row, []byte{'\n'}))
	})
	if err = readBack(t, err); err != nil {
		return nil, err
	}
	out := make([]Origin, len(places))
	for i, p := range places {
		rows := want[p.Part]
		if p.List > 0 {
			rows = lists[p.List]
		}
		at := -1
		switch {
		case p.Row > 0:
			at = p.Row - 1
		case p.Line > 0:
			// The row holding the line: the last one starting at or before it.
			at = sort.Search(len(rows), func(k int) bool { return rows[k].line > int32(p.Line) }) - 1
		}
		if at < 0 || at >= len(rows) {
			out[i] = Origin{Table: -1, Column: sourceColumn(t, 0, p.Column)}
			continue
		}
		r := int(rows[at].row)
		file, srcRow := t.Place(r)
		out[i] = Origin{Table: r, File: t.Files()[file].Name, Row: srcRow, Column: sourceColumn(t, file, p.Column)}
	}
	return out, nil
}

// sourceColumn is the admin's column of file that fills the target column
// header: an extension's is its phone's. A column no source fills keeps its
// header (the value came from no column of the admin's).
func sourceColumn(t *check.Table, file int, header string) string {
	if header == "" || file >= len(t.Files()) {
		return header
	}
	c := t.Target.Index(header)
	if c < 0 {
		return header
	}
	if col := t.Target.Columns[c]; col.Kind == schema.Extension {
		if p := t.Target.Index(col.PhoneOf); p >= 0 {
			c = p
		}
	}
	m := t.Files()[file].Mapping
	for i, to := range m.To {
		if to == c {
			return m.Source[i]
		}
	}
	return header
}

// lineSink writes nothing and follows the part being written, its outbound
// list, and its line.
type lineSink struct {
	name        string
	list        int
	first, line int32
}

func (s *lineSink) Create(name string) (io.WriteCloser, error) {
	s.name, s.line, s.list = name, s.first, 0
	var n int
	if _, err := fmt.Sscanf(name, listPartFormat, &s.list, &n); err != nil {
		s.list = 0
	}
	return nopWriteCloser{io.Discard}, nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// WritePartWithout writes import part part as WriteParts writes it, less the
// table rows leave: the part sent again once the admin chose to leave out
// the rows Genesys' trial run refused. It returns the rows written.
func WritePartWithout(res *prepare.Result, part string, leave []int, w io.Writer) (int, error) {
	t := res.Table
	cols := Columns(t)
	out := bufio.NewWriterSize(w, 1<<16)
	out.Write(AppendHeader(nil, t, cols))
	left := make(map[int]bool, len(leave))
	for _, r := range leave {
		left[r] = true
	}
	sink := &lineSink{}
	rows := 0
	_, err := writeParts(t, cols, res.MaxBytes, sink, func(r int, row []byte) {
		if sink.name == part && !left[r] {
			out.Write(row)
			rows++
		}
	})
	if err = readBack(t, err); err != nil {
		return 0, err
	}
	return rows, out.Flush()
}
