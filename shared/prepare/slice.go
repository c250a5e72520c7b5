package prepare

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"contactprep/shared/check"
	"contactprep/shared/csvread"
	"contactprep/shared/decode"
	"contactprep/shared/finding"
	"contactprep/shared/mapping"
)

// A text input's rows are checked in slices cut at line ends. Each slice is
// checked into a part table on its own — natively in a goroutine, in the
// browser in a Web Worker — and the parts are appended in order, so the table,
// and every file written from it, is the one a single pass makes. A quoted
// cell may hold line breaks, so a line end is not always a record's end: a
// slice whose reading ran into its end inside a quoted field
// (csvread.Reader.Cut) is checked again joined with the next slice, and so
// on, until the joined slice ends where a reader of the whole text would.
// Rows are numbered when parts are appended, by the records before them.

// Slice is a run of an input's text after its header, cut at line ends.
type Slice struct {
	Lo int64 `json:"lo"`
	Hi int64 `json:"hi"`
}

// minSlice is the least text worth a slice of its own: below it, starting a
// worker costs more than the rows. maxSlice bounds a slice, so that a large
// input is many jobs: parts are appended to the table while later slices are
// checked, and only a few parts are in memory besides the table.
const minSlice = 64 << 10

var maxSlice int64 = 8 << 20 // a variable for tests

func workers(opt Options) int {
	if opt.Workers > 0 {
		return opt.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// cut cuts text[lo:size] into slices at line ends: n of about equal size,
// or more when they would be larger than maxSlice, each at least minSlice.
// When it is cut into n, the first is lead times the size of each other
// one (lead <= 1: alike). It reads only around the cuts.
func cut(text io.ReaderAt, size, lo int64, n int, lead float64) ([]Slice, error) {
	if n > 1 {
		n = min(n, int((size-lo)/minSlice))
	}
	// Even for one worker: a text read from Input.At is read a slice at a time.
	if k := int((size - lo + maxSlice - 1) / maxSlice); k > n {
		n, lead = k, 1
	}
	if n <= 1 {
		return []Slice{{Lo: lo, Hi: size}}, nil
	}
	lead = max(lead, 1)
	// The k-th cut is after lead+k-1 of lead+n-1 equal shares.
	share := float64(size-lo) / (lead + float64(n-1))
	out := make([]Slice, 0, n)
	s := Slice{Lo: lo}
	buf := make([]byte, 64<<10)
	for k := 1; k < n; k++ {
		at, err := lineEnd(text, size, max(lo+int64(share*(lead+float64(k-1))), s.Lo+1), buf)
		if err != nil {
			return nil, err
		}
		if at >= size {
			break
		}
		s.Hi = at
		out = append(out, s)
		s = Slice{Lo: at}
	}
	s.Hi = size
	return append(out, s), nil
}

// lineEnd returns the offset just past the first line end (\n, \r or \r\n)
// at or after at, or size when there is none.
func lineEnd(text io.ReaderAt, size, at int64, buf []byte) (int64, error) {
	for at < size {
		b := buf[:min(int64(len(buf)), size-at)]
		if n, err := text.ReadAt(b, at); n < len(b) {
			return 0, orShort(err)
		}
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			at += int64(len(b))
			continue
		}
		at += int64(i) + 1
		if b[i] == '\r' && at < size {
			var next [1]byte
			if _, err := text.ReadAt(next[:], at); err != nil && err != io.EOF {
				return 0, err
			}
			if next[0] == '\n' {
				at++
			}
		}
		return at, nil
	}
	return size, nil
}

// readSlice checks the records of slice s of text into t as rows of file,
// numbered from 1, and notes in t its blank records and whether its end may
// have cut a quoted field. The records' spans are offsets in text minus
// shift: a part that holds only its slice's bytes has shift s.Lo, one that
// sees the whole text has 0.
func readSlice(t *check.Table, file int, text []byte, comma byte, s Slice, shift int64, name string, p *progress) {
	rows, blanks, cut := 0, 0, false
	rd := csvread.NewReader(text[s.Lo:s.Hi], comma)
	reported := int64(0)
	at := int64(0)
	parts := t.Parts()
	mark := parts.Mark()
	for row := 1; ; row++ {
		fields, err := rd.Read()
		if err != nil {
			break
		}
		cut = cut || rd.Cut()
		next := rd.Offset()
		if blank(fields) {
			blanks++
		} else {
			t.AddRecord(file, row, s.Lo-shift+at, s.Lo-shift+next, fields, rd.Malformed())
			rows++
			if rows == 1024 && next < s.Hi-s.Lo {
				// Room for the rest at the rate so far, so storage grows once.
				parts.ReserveSince(mark, float64(s.Hi-s.Lo-next)/float64(next)*1.05)
			}
			if rows&4095 == 0 {
				p.add(name, 4096, next-reported)
				reported = next
			}
		}
		at = next
	}
	p.add(name, rows&4095, at-reported)
	parts.SetBlankRows(blanks)
	parts.SetCut(cut)
}

// Plan is a run cut into jobs: NewPlan reads every input's header and cuts
// its rows into slices, each slice is checked into a part table on its own
// (Part natively, PrepareSlice in another Web Worker), the parts are appended
// in order (Append), and Finish reads what was not sliced and resolves.
type Plan struct {
	opt    Options
	res    *Result
	inputs []planned
	jobs   []Job
	p      progress
	next   int   // the first input not yet in the table
	done   int64 // input bytes of the inputs in the table
	merged int   // jobs appended so far

	mu  sync.Mutex
	err error // the first slice that could not be read (fail)
}

// Job is one slice of one input's rows.
type Job struct {
	Input int   `json:"input"`
	Slice Slice `json:"slice"`
}

// planned is one input as the plan found it.
type planned struct {
	in      Input
	info    InputInfo
	notes   []finding.Finding
	recs    records
	empty   bool // no header row
	m       *mapping.Mapping
	file    int               // its index in the table, once added
	text    []byte            // decoded text, when the rows are sliced and it is held
	held    int64             // where a held text lies in Input.Data, or -1: decoded into a copy
	at      *io.SectionReader // or the text, read as needed (Input.At)
	size    int64             // the text's size
	comma   byte              //
	jobs    []int             // its jobs, in order
	headers [][]string        // the header rows mapped up to its own, for PrepareSlice
	records int               // records of its rows in the table so far, blank ones too
	// unchecked: a text read where it lies told UTF-8 by its head alone
	// (Options.DetectHead), whose slices are checked as they are read.
	unchecked bool
}

// ErrNotUTF8 fails a run whose input was told UTF-8 by its head alone
// (Options.DetectHead) when a slice of it is not: run it again with
// DetectHead 0, which tells its encoding from all of it.
var ErrNotUTF8 = errors.New("not UTF-8 text past its first part: its encoding is to be told from all of it")

// checkUTF8 is ErrNotUTF8 for input name's slice text when it is not UTF-8.
func checkUTF8(name string, text []byte) error {
	if decode.ValidText(text) {
		return nil
	}
	return &Error{File: name, Err: ErrNotUTF8}
}

// NewPlan checks the options, opens every input, maps its header and cuts
// its rows into up to opt.Workers slices. An input that cannot be read at all
// is an *Error.
func NewPlan(inputs []Input, opt Options) (*Plan, error) {
	res, err := newTable(opt)
	if err != nil {
		return nil, err
	}
	pl := &Plan{opt: opt, res: res, p: progress{fn: opt.Progress}}
	var headers [][]string
	for i, in := range inputs {
		pl.p.total += in.size()
		pi := planned{in: in, info: InputInfo{File: in.Name}, held: -1}
		if err := pl.open(&pi, &headers); err != nil {
			for _, o := range pl.inputs {
				o.close()
			}
			pi.close()
			return nil, &Error{File: in.Name, Err: err}
		}
		if tr, ok := pi.recs.(textRecords); ok && !pi.empty {
			pi.comma = tr.comma
			var whole io.ReaderAt
			if tr.at != nil {
				whole, pi.at, pi.size = tr.at, tr.at, tr.at.Size()
				pi.unchecked = tr.detected != nil && tr.detected.Upto > 0
			} else {
				whole, pi.text, pi.size = bytes.NewReader(tr.text), tr.text, int64(len(tr.text))
				pi.held = tailOffset(in.Data, tr.text)
			}
			slices, err := cut(whole, pi.size, tr.r.Offset(), workers(opt), opt.LeadWeight)
			if err != nil {
				for _, o := range pl.inputs {
					o.close()
				}
				return nil, &Error{File: in.Name, Err: fmt.Errorf("reading it: %w", err)}
			}
			for _, s := range slices {
				pi.jobs = append(pi.jobs, len(pl.jobs))
				pl.jobs = append(pl.jobs, Job{Input: i, Slice: s})
			}
		}
		pl.inputs = append(pl.inputs, pi)
	}
	return pl, nil
}

func (pi *planned) close() {
	if pi.recs != nil {
		pi.recs.close()
	}
}

// open opens one input and maps its header.
func (pl *Plan) open(pi *planned, headers *[][]string) error {
	recs, notes, err := open(pi.in, pl.opt, &pi.info)
	if err != nil {
		return err
	}
	pi.recs, pi.notes = recs, notes
	found, err := findHeader(recs, headerTarget(pl.opt))
	if err == io.EOF {
		pi.empty = true
		return nil
	}
	if err != nil {
		return err
	}
	h := found.row
	if pi.info.TitleRows = len(found.titles); pi.info.TitleRows > 0 {
		pi.notes = append(pi.notes, titleFinding(pi.in.Name, found.titles))
	}
	if pi.m, err = mapHeader(h, pl.opt, pl.res.Table.Target); err != nil {
		return err
	}
	*headers = append(*headers, h)
	pi.headers = *headers
	return nil
}

// Jobs returns the slices to check, in the order Append takes them.
func (pl *Plan) Jobs() []Job { return pl.jobs }

// Part checks job j's slice into a part table. Parts may be made at once, in
// goroutines.
func (pl *Plan) Part(j int) *check.Table {
	job := pl.jobs[j]
	return pl.part(&pl.inputs[job.Input], job.Slice)
}

// part checks slice s of input pi into a part table whose spans are offsets
// in the whole text.
func (pl *Plan) part(pi *planned, s Slice) *check.Table {
	part := check.New(pl.res.Table.Target, pl.res.Table.Phones())
	part.MaxRowBytes = pl.res.Table.MaxRowBytes
	part.AddFile(pi.in.Name, pi.m)
	if pi.at == nil {
		part.SetText(0, pi.text, pi.comma)
		readSlice(part, 0, pi.text, pi.comma, s, 0, pi.in.Name, &pl.p)
		return part
	}
	text, err := pi.sliceText(s)
	if err != nil {
		pl.fail(err) // Append tells; the part stays empty
		return part
	}
	part.SetTextAt(0, text, s.Lo, pi.comma)
	readSlice(part, 0, text, pi.comma, Slice{Lo: 0, Hi: int64(len(text))}, -s.Lo, pi.in.Name, &pl.p)
	return part
}

// sliceText returns the bytes of slice s of input pi's text.
func (pi *planned) sliceText(s Slice) ([]byte, error) {
	if pi.at == nil {
		return pi.text[s.Lo:s.Hi], nil
	}
	b := make([]byte, s.Hi-s.Lo)
	if n, err := pi.at.ReadAt(b, s.Lo); n < len(b) {
		return nil, fmt.Errorf("%s: reading it: %w", pi.in.Name, orShort(err))
	}
	if pi.unchecked {
		if err := checkUTF8(pi.in.Name, b); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// fail keeps the first error reading a slice, which may happen in a goroutine.
func (pl *Plan) fail(err error) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.err == nil {
		pl.err = err
	}
}

// failed returns the first error reading a slice, or nil.
func (pl *Plan) failed() error {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.err
}

// Append adds job j's part to the table. Jobs are appended in order; a job
// that an earlier one was joined with (see the top of this file) is skipped.
// Shift is where the part's text starts in the input's: the slice's Lo when
// it was checked from the slice's bytes alone (PrepareSlice), 0 when from the
// whole text (Part).
func (pl *Plan) Append(j int, part *check.Table, shift int64) error {
	if err := pl.failed(); err != nil {
		return err
	}
	if j < pl.merged {
		return nil
	}
	if j != pl.merged {
		return fmt.Errorf("part %d appended before part %d", j, pl.merged)
	}
	job := pl.jobs[j]
	if err := pl.through(job.Input); err != nil {
		return err
	}
	pi := &pl.inputs[job.Input]
	last := pi.jobs[len(pi.jobs)-1]
	if j == pi.jobs[0] {
		pl.start(pi)
		if s := job.Slice; len(pi.jobs) > 1 && s.Hi > s.Lo {
			// The slices are alike: room for all of them at once.
			pl.res.Table.Parts().ReserveLike(part, float64(pi.size-s.Lo)/float64(s.Hi-s.Lo)*1.05)
		}
	}
	for k := j; part.Parts().Cut() && k < last; {
		k++
		part, shift = pl.part(pi, Slice{Lo: job.Slice.Lo, Hi: pl.jobs[k].Slice.Hi}), 0
		j = k
	}
	if err := pl.failed(); err != nil { // reading a joined slice
		return err
	}
	rows, blanks := part.Len(), part.Parts().BlankRows()
	pi.info.Rows += rows
	pi.info.BlankRows += blanks
	pl.res.Table.Parts().Append(pi.file, part, shift, pi.records)
	pi.records += rows + blanks
	pl.merged = j + 1
	if j == last {
		pl.end(pi)
	}
	return nil
}

// through brings the table up to input k: the inputs before it not sliced
// are read here, in order.
func (pl *Plan) through(k int) error {
	for pl.next < k {
		pi := &pl.inputs[pl.next]
		if len(pi.jobs) > 0 {
			return fmt.Errorf("the parts of %s are missing", pi.in.Name)
		}
		pl.start(pi)
		if !pi.empty {
			if err := pl.readRecords(pi); err != nil {
				return &Error{File: pi.in.Name, Err: err}
			}
		}
		pl.end(pi)
	}
	return nil
}

// start adds input pi's file findings and mapping to the table.
func (pl *Plan) start(pi *planned) {
	t := pl.res.Table
	for _, f := range pi.notes {
		t.Note(f)
	}
	if pi.empty {
		t.Note(finding.Finding{File: pi.in.Name, Code: finding.EmptyFile, Severity: finding.Warning, Message: "the " + what(pi) + " is empty"})
		return
	}
	pi.file = t.AddFile(pi.in.Name, pi.m)
	switch {
	case pi.at != nil:
		t.SetReader(pi.file, pi.at, pi.comma)
	case pi.text != nil:
		t.SetText(pi.file, pi.text, pi.comma)
	}
}

// end closes input pi once all its rows are in the table.
func (pl *Plan) end(pi *planned) {
	if !pi.empty && pi.info.Rows == 0 {
		pl.res.Table.Note(finding.Finding{File: pi.in.Name, Code: finding.EmptyFile, Severity: finding.Warning, Message: "the " + what(pi) + " has a header row but no data rows"})
	}
	pi.close()
	pl.res.Inputs = append(pl.res.Inputs, pi.info)
	pl.done += pi.in.size()
	pl.p.finished(pl.done)
	pl.next++
}

func what(pi *planned) string {
	if pi.info.Sheet != "" {
		return "sheet"
	}
	return "file"
}

// readRecords reads a workbook sheet's rows into the table.
func (pl *Plan) readRecords(pi *planned) error {
	t := pl.res.Table
	for row := 1; ; row++ {
		fields, malformed, err := pi.recs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("row %d: %w", row, err)
		}
		if blank(fields) {
			pi.info.BlankRows++
			continue
		}
		t.AddRow(pi.file, row, fields, malformed)
		pi.info.Rows++
		if pi.info.Rows&4095 == 0 {
			pl.p.add(pi.in.Name, 4096, 0)
		}
	}
	pl.p.add(pi.in.Name, pi.info.Rows&4095, 0)
	if s, ok := pi.recs.(*sheetRecords); ok {
		if cells, rows := s.ignoredCells(); cells > 0 {
			t.Note(finding.Finding{File: pi.in.Name, Code: finding.MalformedRow, Severity: finding.Warning,
				Message: fmt.Sprintf("%d cells right of the header row's last column, on %d rows, have no column name and were left out", cells, rows)})
		}
	}
	return nil
}

// Finish reads the inputs after the last part and resolves the table.
func (pl *Plan) Finish() (*Result, error) {
	if pl.merged != len(pl.jobs) {
		return nil, fmt.Errorf("%d of %d parts are missing", len(pl.jobs)-pl.merged, len(pl.jobs))
	}
	if err := pl.through(len(pl.inputs)); err != nil {
		return nil, err
	}
	pl.p.step("resolve", 0, 1)
	pl.res.Table.ResolveReporting(func(done, total int) { pl.p.step("resolve", done, total) })
	if err := pl.res.Table.SourceErr(); err != nil {
		return nil, err
	}
	return pl.res, nil
}

// SliceSpec is what checking one job's slice needs besides its bytes: the
// options that shape the target, and the header rows mapped so far, from
// which a Web Worker that never saw the inputs makes the same target and
// mapping as the plan.
type SliceSpec struct {
	Country      string             `json:"country"`
	Target       string             `json:"target"`
	Template     []string           `json:"template"`
	Map          []mapping.Override `json:"map"`
	MaxBytes     int64              `json:"maxBytes"`
	IDColumn     string             `json:"idColumn"`
	ListSize     int                `json:"listSize"`
	PhoneColumns []string           `json:"phoneColumns"`
	Headers      [][]string         `json:"headers"` // the inputs' header rows up to the slice's own, in order
	Name         string             `json:"name"`
	Comma        byte               `json:"comma"`
	// CheckUTF8: the input was told UTF-8 by its head alone, and the slice
	// is checked to be (ErrNotUTF8).
	CheckUTF8 bool `json:"checkUTF8,omitempty"`
}

// Spec returns what PrepareSlice needs to check job j, with SliceText(j).
func (pl *Plan) Spec(j int) SliceSpec {
	job := pl.jobs[j]
	pi := &pl.inputs[job.Input]
	o := pl.opt
	return SliceSpec{Country: o.Country, Target: o.Target, Template: o.Template, Map: o.Map, MaxBytes: o.MaxBytes,
		IDColumn: o.IDColumn, ListSize: o.ListSize, PhoneColumns: o.PhoneColumns,
		Headers: pi.headers, Name: pi.in.Name, Comma: pi.comma, CheckUTF8: pi.unchecked}
}

// SliceText returns the bytes of job j's slice (they alias the plan's text
// when it holds it).
func (pl *Plan) SliceText(j int) ([]byte, error) {
	return pl.inputs[pl.jobs[j].Input].sliceText(pl.jobs[j].Slice)
}

// SliceAt returns where job j's slice lies in its input's file, when the
// slice's bytes are the file's there: a UTF-8 text (after any byte-order
// mark) read where it lies (Input.At) or held as Input.Data itself, not
// decoded into a copy. A Web Worker that has the file can then read the
// slice itself, not be sent it.
func (pl *Plan) SliceAt(j int) (lo, hi int64, ok bool) {
	job := pl.jobs[j]
	pi := &pl.inputs[job.Input]
	if pi.at == nil {
		if pi.held < 0 {
			return 0, 0, false
		}
		return job.Slice.Lo + pi.held, job.Slice.Hi + pi.held, true
	}
	_, off, _ := pi.at.Outer()
	return job.Slice.Lo + off, job.Slice.Hi + off, true
}

// tailOffset is where text starts in data when text is data's own tail (a
// UTF-8 text after its byte-order mark, as decodeText returns it), else -1.
func tailOffset(data, text []byte) int64 {
	off := len(data) - len(text)
	if len(text) == 0 || off < 0 || &data[off] != &text[0] {
		return -1
	}
	return int64(off)
}

// PrepareSlice checks the records of text, one job's slice, into a part
// encoded for Plan.AppendEncoded. Progress, if not nil, is told of the rows
// and bytes done so far.
func PrepareSlice(spec SliceSpec, text []byte, report func(Progress)) ([]byte, error) {
	opt := Options{Country: spec.Country, Target: spec.Target, Template: spec.Template, Map: spec.Map, MaxBytes: spec.MaxBytes,
		IDColumn: spec.IDColumn, ListSize: spec.ListSize, PhoneColumns: spec.PhoneColumns}
	res, err := newTable(opt)
	if err != nil {
		return nil, err
	}
	if len(spec.Headers) == 0 {
		return nil, fmt.Errorf("%s: a slice needs its header row", spec.Name)
	}
	var m *mapping.Mapping
	for _, h := range spec.Headers {
		if m, err = mapHeader(h, opt, res.Table.Target); err != nil {
			return nil, &Error{File: spec.Name, Err: err}
		}
	}
	if spec.CheckUTF8 {
		if err := checkUTF8(spec.Name, text); err != nil {
			return nil, err
		}
	}
	t := res.Table
	t.AddFile(spec.Name, m)
	t.SetText(0, text, spec.Comma)
	p := progress{fn: report, total: int64(len(text))}
	readSlice(t, 0, text, spec.Comma, Slice{Lo: 0, Hi: int64(len(text))}, 0, spec.Name, &p)
	return t.Parts().Encode(), nil
}

// AppendEncoded appends job j's part made by PrepareSlice.
func (pl *Plan) AppendEncoded(j int, b []byte) error {
	if j < 0 || j >= len(pl.jobs) {
		return fmt.Errorf("no part %d", j)
	}
	part, err := pl.res.Table.Parts().Decode(b)
	if err != nil {
		return err
	}
	s := pl.jobs[j].Slice
	if part.SourceEnd() > s.Hi-s.Lo {
		return fmt.Errorf("part %d does not fit its slice", j)
	}
	return pl.Append(j, part, s.Lo)
}

// Options returns the options the plan was made with.
func (pl *Plan) Options() Options { return pl.opt }
