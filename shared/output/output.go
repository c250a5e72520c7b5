// Package output writes the import files: UTF-8 CSV parts under the size limit, rejected rows, findings and a summary.
package output

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"contactprep/shared/check"
	"contactprep/shared/csvwrite"
	"contactprep/shared/field"
	"contactprep/shared/finding"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// Sink creates the output files.
type Sink interface {
	Create(name string) (io.WriteCloser, error)
}

// Dir is a Sink writing into a directory on disk, which it creates.
type Dir string

// Create creates the file name inside the directory.
func (d Dir) Create(name string) (io.WriteCloser, error) {
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return nil, err
	}
	return os.Create(filepath.Join(string(d), name))
}

// File names of the fixed outputs.
const (
	RejectedFile = "rejected.csv"
	FindingsFile = "findings.csv"
	SummaryFile  = "summary.json"
)

// Part is one import file.
type Part struct {
	File  string `json:"file"`
	List  int    `json:"list,omitempty"` // outbound: the contact list (1-based) the part goes into
	Rows  int    `json:"rows"`
	Bytes int64  `json:"bytes"`
}

// List is one outbound contact list: at most the target's ListSize rows, in parts.
type List struct {
	List  int      `json:"list"`
	Rows  int      `json:"rows"`
	Parts []string `json:"parts"`
}

// Summary is summary.json. InputRows = OutputRows + RejectedRows + MergedRows, always.
type Summary struct {
	InputRows    int                  `json:"input_rows"`
	OutputRows   int                  `json:"output_rows"`
	RejectedRows int                  `json:"rejected_rows"`
	MergedRows   int                  `json:"merged_rows"`
	Target       string               `json:"target"`
	MaxBytes     int64                `json:"max_bytes"`
	Columns      []string             `json:"columns"`
	Parts        []Part               `json:"parts"`
	Inputs       []prepare.InputInfo  `json:"inputs"`
	Findings     map[finding.Code]int `json:"findings"`
	// FindingsNotListed counts, per code, the findings beyond the first
	// 100,000 that findings.csv leaves out; Findings counts them all.
	FindingsNotListed map[finding.Code]int `json:"findings_not_listed,omitempty"`
	Severities        map[string]int       `json:"severities"`
	*Outbound                              // the outbound target's; nil for the others
}

// Outbound is what summary.json adds for the outbound target.
type Outbound struct {
	IDColumn     string   `json:"id_column"`     // the contact id column
	PhoneColumns []string `json:"phone_columns"` // the columns written in E.164
	Lists        []List   `json:"lists"`
}

// Write writes the parts, rejected.csv, findings.csv and summary.json, and
// returns the summary.
func Write(res *prepare.Result, sink Sink) (*Summary, error) {
	t := res.Table
	cols := Columns(t)
	sum := &Summary{Target: t.Target.Name, MaxBytes: res.MaxBytes, Inputs: res.Inputs,
		Findings: map[finding.Code]int{}, Severities: map[string]int{}, Parts: []Part{}}
	if sum.Inputs == nil {
		sum.Inputs = []prepare.InputInfo{}
	}
	for _, c := range cols {
		sum.Columns = append(sum.Columns, t.Target.Columns[c].Header)
	}
	for r := range t.Len() {
		sum.InputRows++
		switch t.State(r) {
		case check.Ready:
			sum.OutputRows++
		case check.Rejected:
			sum.RejectedRows++
		case check.Merged:
			sum.MergedRows++
		}
	}
	// The report, the largest file, is written while the import files are,
	// through a reader of its own.
	report := make(chan error, 1)
	go func(t *check.Table) { report <- writeFindings(t, sink, sum) }(t.Reader())
	parts, err := writeParts(t, cols, res.MaxBytes, sink, nil)
	if err == nil {
		err = writeRejected(t, sink)
	}
	if err := errors.Join(err, <-report, t.SourceErr()); err != nil {
		return nil, err // a file read back that failed has written empty cells
	}
	sum.Parts = parts
	if t.Target.Name == schema.Outbound {
		describeLists(t, sum)
	}
	w, err := sink.Create(SummaryFile)
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		w.Close()
		return nil, err
	}
	return sum, w.Close()
}

// Columns returns the target columns to write, in target order. A template
// target writes all its columns, exactly as the org's sample file has them.
// The built-in catalog writes the columns some input fills, the required
// columns of each part present, and the extension column of each phone written.
func Columns(t *check.Table) []int {
	cols := t.Target.Columns
	if t.Target.Template {
		all := make([]int, len(cols))
		for i := range all {
			all[i] = i
		}
		return all
	}
	use := make([]bool, len(cols))
	var parts [2]bool
	for _, f := range t.Files() {
		for _, c := range f.Mapping.Targets() {
			use[c] = true
			parts[cols[c].Part] = true
		}
	}
	for i, c := range cols {
		if c.Required && parts[c.Part] {
			use[i] = true
		}
		if c.Kind == schema.Extension {
			if p := t.Target.Index(c.PhoneOf); p >= 0 && use[p] {
				use[i] = true
			}
		}
	}
	var out []int
	for i, u := range use {
		if u {
			out = append(out, i)
		}
	}
	return out
}

// writeParts writes the exported rows into parts of at most max bytes each.
// Every Contact ID is on one row only (duplicates are merged or rejected), so
// a contact is never split across parts. An outbound target's rows are first
// cut into lists of at most its ListSize rows, each list into its own parts.
// written, if not nil, is told each table row written and its bytes, after
// the part it went into was created (Origins).
func writeParts(t *check.Table, cols []int, max int64, sink Sink, written func(r int, row []byte)) ([]Part, error) {
	listSize := ListSize(t.Target)
	header := AppendHeader(nil, t, cols)

	var parts []Part
	var w io.WriteCloser
	var bw *bufio.Writer
	var row []byte
	closePart := func() error {
		if w == nil {
			return nil
		}
		if err := bw.Flush(); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	}
	list, listParts, ready := 0, 0, 0 // outbound: the list being written, its parts so far; the ready rows so far
	for r := range t.Len() {
		if t.State(r) != check.Ready {
			continue
		}
		if listSize > 0 && ListOf(ready, listSize) != list {
			if err := closePart(); err != nil {
				return nil, err
			}
			w = nil
			list, listParts = ListOf(ready, listSize), 0
		}
		ready++
		row = AppendRow(row[:0], t, cols, r)
		if w != nil && parts[len(parts)-1].Bytes+int64(len(row)) > max {
			if err := closePart(); err != nil {
				return nil, err
			}
			w = nil
		}
		if w == nil {
			p := Part{File: fmt.Sprintf("contacts-%03d.csv", len(parts)+1), Bytes: int64(len(header))}
			if list > 0 {
				listParts++
				p.File, p.List = ListPartName(list, listParts), list
			}
			var err error
			if w, err = sink.Create(p.File); err != nil {
				return nil, err
			}
			bw = bufio.NewWriterSize(w, 1<<16)
			bw.Write(header)
			parts = append(parts, p)
		}
		if _, err := bw.Write(row); err != nil {
			w.Close()
			return nil, err
		}
		parts[len(parts)-1].Rows++
		parts[len(parts)-1].Bytes += int64(len(row))
		if written != nil {
			written(r, row)
		}
	}
	if err := closePart(); err != nil {
		return nil, err
	}
	if parts == nil {
		parts = []Part{}
	}
	return parts, nil
}

// AppendHeader appends the header line of every part: the headers of the
// target columns cols (Columns).
func AppendHeader(b []byte, t *check.Table, cols []int) []byte {
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = csvwrite.AppendField(b, t.Target.Columns[c].Header)
	}
	return append(b, '\n')
}

// AppendRow appends table row r as the parts have it: its cells of the
// target columns cols, one line.
func AppendRow(b []byte, t *check.Table, cols []int, r int) []byte {
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = csvwrite.AppendField(b, t.CellBytes(r, c))
	}
	return append(b, '\n')
}

// ListSize is the most rows in one contact list of target t (its ListSize,
// or schema.ListSize); 0 for a target that is not a contact list.
func ListSize(t *schema.Target) int {
	switch {
	case t.Name != schema.Outbound:
		return 0
	case t.ListSize > 0:
		return t.ListSize
	}
	return schema.ListSize
}

// ListOf is the contact list (1-based) holding the k-th ready row (0-based,
// in table order) when lists take size rows each: the one cut of the rows
// into lists, for the parts and for the batches sent through the API.
func ListOf(k, size int) int { return k/size + 1 }

// ListRows is the ready rows [start, end) of list l (1-based) of total ready
// rows cut by ListOf; start == end when the list holds none.
func ListRows(l, size, total int) (start, end int) {
	start = min((l-1)*size, total)
	return start, min(start+size, total)
}

// ListPartName names part n (1-based) of outbound list l (1-based):
// list-01-contacts-001.csv.
func ListPartName(l, n int) string { return fmt.Sprintf(listPartFormat, l, n) }

const listPartFormat = "list-%02d-contacts-%03d.csv"

// RunFile reports whether name is a file Write writes (contacts-001.csv,
// list-01-contacts-001.csv, rejected.csv, findings.csv, summary.json): a
// folder of only such files holds a run's output, which the next run may
// replace whole.
func RunFile(name string) bool {
	switch name {
	case RejectedFile, FindingsFile, SummaryFile:
		return true
	}
	if rest, ok := strings.CutPrefix(name, "list-"); ok {
		n := digits(rest)
		if n < 2 || n == len(rest) || rest[n] != '-' {
			return false
		}
		name = rest[n+1:]
	}
	rest, ok := strings.CutPrefix(name, "contacts-")
	if !ok {
		return false
	}
	rest, ok = strings.CutSuffix(rest, ".csv")
	return ok && len(rest) >= 3 && digits(rest) == len(rest)
}

// digits returns how many ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// describeLists adds the outbound summary: the id column, the phone columns
// written, and each list's rows and parts.
func describeLists(t *check.Table, sum *Summary) {
	sum.Outbound = &Outbound{PhoneColumns: []string{}, Lists: []List{}}
	for _, c := range t.Target.Columns {
		switch {
		case c.Key:
			sum.IDColumn = c.Header
		case c.Kind == schema.Phone:
			sum.PhoneColumns = append(sum.PhoneColumns, c.Header)
		}
	}
	for _, p := range sum.Parts {
		if n := len(sum.Lists); n == 0 || sum.Lists[n-1].List != p.List {
			sum.Lists = append(sum.Lists, List{List: p.List, Parts: []string{}})
		}
		l := &sum.Lists[len(sum.Lists)-1]
		l.Rows += p.Rows
		l.Parts = append(l.Parts, p.File)
	}
}

// WriteParts writes the import files alone, as Write does, and returns them.
func WriteParts(res *prepare.Result, sink Sink) ([]Part, error) {
	parts, err := writeParts(res.Table, Columns(res.Table), res.MaxBytes, sink, nil)
	if err = readBack(res.Table, err); err != nil {
		return nil, err
	}
	return parts, nil
}

// WriteRejected writes rejected.csv alone: the rejected rows as they were
// read, after the file, row, reason (plain words) and the reason's codes. Inputs with different headers share
// one file: its source columns are the union of their headers, by name, in
// order of appearance. Like findings.csv, it is meant for a spreadsheet: a
// cell that would run as a formula there starts with an apostrophe
// (field.Defused), which the engine drops when the file is imported again.
func WriteRejected(t *check.Table, sink Sink) error { return readBack(t, writeRejected(t, sink)) }

// WriteFindings writes findings.csv alone.
func WriteFindings(t *check.Table, sink Sink) error { return readBack(t, writeFindings(t, sink, nil)) }

// readBack is err, or else the table's error reading its records back from
// a file, if one failed (check.Table.SourceErr): a file written after it
// has empty cells where that file's values were.
func readBack(t *check.Table, err error) error {
	if err != nil {
		return err
	}
	return t.SourceErr()
}

func writeRejected(t *check.Table, sink Sink) error {
	var names []string
	index := map[string]int{}
	perFile := make([][]int, len(t.Files()))
	for f, file := range t.Files() {
		for _, h := range file.Mapping.Source {
			i, ok := index[h]
			if !ok {
				i = len(names)
				index[h] = i
				names = append(names, field.Defused(h))
			}
			perFile[f] = append(perFile[f], i)
		}
	}
	w, err := sink.Create(RejectedFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	line := csvwrite.AppendRecord(nil, append([]string{"file", "row", "reason", "code"}, names...)...)
	bw.Write(line)
	cells := make([]string, len(names))
	for r := range t.Len() {
		if t.State(r) != check.Rejected {
			continue
		}
		file, srcRow, fields := t.Source(r)
		clear(cells)
		var extra []string
		for i, v := range fields {
			if i < len(perFile[file]) {
				cells[perFile[file][i]] = field.Defused(v)
			} else {
				extra = append(extra, field.Defused(v)) // fields beyond the header: kept, after the known columns
			}
		}
		reason, codes := t.Reason(r)
		line = csvwrite.AppendRecord(line[:0], append(append([]string{field.Defused(t.Files()[file].Name), strconv.Itoa(srcRow), reason, codes}, cells...), extra...)...)
		if _, err := bw.Write(line); err != nil {
			break // the error stays in bw for Flush
		}
	}
	if err := bw.Flush(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// maxListed is the most findings of one code findings.csv lists: a file of
// millions of rows may have a finding of a code on each (a 200 MB file made
// 1.85 GB of report). The rows themselves are all in the import files and
// rejected.csv, and summary.json counts every finding. A variable for tests.
var maxListed = 100_000

// writeFindings writes findings.csv, up to maxListed findings of a code, and
// counts the findings into sum, if not nil, with those not listed.
func writeFindings(t *check.Table, sink Sink, sum *Summary) error {
	w, err := sink.Create(FindingsFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	line := csvwrite.AppendRecord(nil, finding.Header...)
	bw.Write(line)
	listed := map[finding.Code]int{}
	for f := range t.AllFindings() {
		if sum != nil {
			sum.Findings[f.Code]++
			sum.Severities[f.Severity.String()]++
		}
		if listed[f.Code] >= maxListed {
			if sum != nil {
				if sum.FindingsNotListed == nil {
					sum.FindingsNotListed = map[finding.Code]int{}
				}
				sum.FindingsNotListed[f.Code]++
			}
			continue
		}
		listed[f.Code]++
		f.File, f.Column, f.Original, f.Suggested = field.Defused(f.File), field.Defused(f.Column), field.Defused(f.Original), field.Defused(f.Suggested)
		line = append(csvwrite.AppendField(line[:0], f.File), ',')
		line = append(strconv.AppendInt(line, int64(f.Row), 10), ',')
		line = csvwrite.AppendRecord(line, []string{f.Column, string(f.Code), f.Severity.String(), f.Original, f.Suggested, f.Message}...)
		if _, err := bw.Write(line); err != nil {
			break // the error stays in bw for Flush
		}
	}
	if err := bw.Flush(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
