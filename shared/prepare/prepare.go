// Package prepare runs the pipeline: read, decode, map and check every input into one table.
//
// The write stage (package output) turns the table into import files. XLSX
// support is passed in (Options.Workbooks) so that programs which do not need
// it, such as the browser's first module, do not link a spreadsheet library.
package prepare

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"contactprep/shared/check"
	"contactprep/shared/csvread"
	"contactprep/shared/decode"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// Input is one file as the admin gave it.
type Input struct {
	Name string
	Data []byte
	// At, when Data is nil, is where the input is read from, Size bytes:
	// a file too large to hold. A UTF-8 text is then never held whole: its
	// rows are read in slices, and read back from At as the table needs
	// them (check.Table.SetReader). Anything else is read whole first.
	At   io.ReaderAt
	Size int64
	// Detected, if not nil, is the encoding Inspect detected in Data
	// (Detected.Decoding), so that a run with the encoding detected need
	// not read all of Data for it again.
	Detected *decode.Result
	// Encoding, when not "", is the encoding the admin chose for this input,
	// by any name decode.Canonical knows, or "auto"; "" takes Options.Encoding.
	Encoding string
}

// encoding returns the encoding chosen for the input: its own, or else opt's.
func (in Input) encoding(opt Options) string {
	if in.Encoding != "" {
		return in.Encoding
	}
	return opt.Encoding
}

// size returns the input's size in bytes.
func (in Input) size() int64 {
	if in.Data == nil && in.At != nil {
		return in.Size
	}
	return int64(len(in.Data))
}

// RowReader streams a sheet's rows; io.EOF ends it.
type RowReader interface {
	Read() ([]string, error)
}

// Workbooks opens a workbook and returns the rows of the named sheet, with
// the sheet's name. When sheet is "" it is the sheet whose first n rows
// score highest (the higher, the more a row looks like the header): the
// sheet of contacts, not a cover sheet before it.
type Workbooks func(data []byte, sheet string, n int, score func(head [][]string) int) (rows RowReader, sheetName string, err error)

// Options are the admin's choices. The zero value prepares for the legacy
// target with US as the default country and everything detected.
type Options struct {
	Country   string             // region for phones without a country code in rows whose address names none; "" means US
	Target    string             // schema.Legacy, schema.Bulk or schema.Outbound; "" means legacy
	Template  []string           // the org's sample setup file's header row; nil means the built-in catalog
	Map       []mapping.Override // explicit Source=Target pairs
	MakeIDs   bool               // make the Contact IDs and Account IDs no column fills (mapping.Mapping.MakeIDs)
	MaxBytes  int64              // largest part to write; 0 means the target's limit
	Encoding  string             // "" or "auto" to detect, else a name decode knows
	Sheet     string             // workbook sheet; "" means the one whose header best matches the target
	Workbooks Workbooks          // nil: workbooks are refused
	Progress  func(Progress)     // called now and then, from one goroutine at a time; may be nil
	// Workers is how many goroutines check a text input's rows, each a slice
	// of them (slice.go); 0 means GOMAXPROCS, 1 reads it in one pass.
	Workers int
	// DetectHead, when not 0, is how much of a text read where it lies
	// (Input.At) is read to tell that it is UTF-8, before any row: the rest
	// is checked as its slices are read, and a slice that is not UTF-8 fails
	// the run with ErrNotUTF8, after which a run with DetectHead 0 reads the
	// whole input to tell its encoding first, as it otherwise does.
	DetectHead int64

	// LeadWeight is the first slice's size against each other one's when a
	// text is cut into one slice per worker (0 or 1: all alike): the worker
	// that takes the first one may have less to do around its slice.
	LeadWeight float64

	// The outbound target's (outbound.go): the source header of each contact's
	// own id (required), the most contacts in one list (0: schema.ListSize), and
	// the phone columns (nil: those schema.PhoneHeader tells by their names).
	IDColumn     string
	ListSize     int
	PhoneColumns []string
}

// Progress reports how far the work is.
type Progress struct {
	Phase      string `json:"phase"` // "read", "resolve", or a caller's own (Step)
	File       string `json:"file"`
	Rows       int    `json:"rows"`       // rows read so far, all inputs
	Bytes      int64  `json:"bytes"`      // input bytes read so far, all inputs
	TotalBytes int64  `json:"totalBytes"` // all inputs
	// After "read", a phase's steps done so far of all of them, such as the
	// rows Resolve went through in all its passes.
	Done  int `json:"done"`
	Total int `json:"total"`
}

// InputInfo says what was detected in an input.
type InputInfo struct {
	File       string  `json:"file"`
	Format     string  `json:"format"`
	Encoding   string  `json:"encoding"`
	Confidence float64 `json:"confidence"`
	Delimiter  string  `json:"delimiter"`
	Sheet      string  `json:"sheet,omitempty"`
	Rows       int     `json:"rows"`
	BlankRows  int     `json:"blank_rows"`
	// TitleRows are the non-blank rows above the header row (a title_rows
	// finding): not contacts, so not in Rows, and not in the summary's
	// input_rows either.
	TitleRows int `json:"title_rows"`
}

// Result is the checked table and what was learnt about the inputs.
type Result struct {
	Table    *check.Table
	Inputs   []InputInfo
	MaxBytes int64
}

// Error is a reason an input cannot be read at all. It names the file, never
// its contents.
type Error struct {
	File string
	Err  error
}

func (e *Error) Error() string { return e.File + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// MaxColumns bounds the header width; no contact list needs more, and a
// "header" wider than this is a binary file or a broken export. It is the
// most fields the text reader keeps of a record, so a wider row is
// malformed_row without its fields being held.
const MaxColumns = csvread.MaxFields

// MemoryBudget is the most memory a native run over inputs of n bytes in
// all may take (issue 21): twice the inputs and 300 MB, whatever their shape.
func MemoryBudget(n int64) int64 { return 2*n + 300<<20 }

// Run reads and checks all inputs into one table and resolves conflicts
// across them. An input that cannot be read at all stops the run with an
// *Error; everything else becomes a finding.
func Run(inputs []Input, opt Options) (*Result, error) {
	pl, err := NewPlan(inputs, opt)
	if err != nil {
		return nil, err
	}
	// Slices are checked in goroutines, at most Workers at once, started in
	// order and appended in order as soon as all before them are; at most
	// twice Workers parts wait in memory besides the table.
	jobs, w := pl.Jobs(), workers(opt)
	parts := make([]chan *check.Table, len(jobs))
	for j := range parts {
		parts[j] = make(chan *check.Table, 1)
	}
	window, busy := make(chan struct{}, 2*w), make(chan struct{}, w)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for j := range jobs {
			select {
			case window <- struct{}{}:
			case <-stop:
				return
			}
			go func() {
				busy <- struct{}{}
				parts[j] <- pl.Part(j)
				<-busy
			}()
		}
	}()
	for j := range jobs {
		part := <-parts[j]
		<-window
		if err := pl.Append(j, part, 0); err != nil {
			return nil, err
		}
	}
	return pl.Finish()
}

// newTable checks the options and makes the empty table they ask for.
func newTable(opt Options) (*Result, error) {
	target, err := targetOf(opt)
	if err != nil {
		return nil, err
	}
	if target.Name == schema.Outbound && opt.IDColumn == "" {
		return nil, &OptionError{Option: "IDColumn", Err: ErrRequired}
	}
	country := opt.Country
	if country == "" {
		country = "US"
	}
	phones, err := phone.New(country)
	if err != nil {
		return nil, &OptionError{Option: "Country", Value: country, Err: ErrUnknown}
	}
	for _, o := range opt.Map {
		if o.Target != "" && target.Index(o.Target) < 0 {
			return nil, &OptionError{Option: "Map", Source: o.Source, Value: o.Target, Err: ErrNotInTarget}
		}
	}
	res := &Result{Table: check.New(target, phones), MaxBytes: opt.MaxBytes}
	if res.MaxBytes <= 0 {
		res.MaxBytes = target.MaxBytes
	}
	res.Table.MaxRowBytes = res.MaxBytes - headerBytes(target)
	return res, nil
}

func targetOf(opt Options) (*schema.Target, error) {
	name := opt.Target
	if name == "" {
		name = schema.Legacy
	}
	if _, ok := schema.New(name); !ok {
		return nil, &OptionError{Option: "Target", Value: name, Err: ErrUnknown}
	}
	if name == schema.Outbound {
		return outboundTarget(opt)
	}
	if opt.Template != nil {
		t := schema.FromTemplate(name, opt.Template)
		if len(t.Columns) == 0 {
			return nil, &OptionError{Option: "Template", Err: ErrNoHeader}
		}
		return t, nil
	}
	t, _ := schema.New(name)
	return t, nil
}

// headerTarget is what a header row is looked for by (findHeader), and a
// workbook's sheets are scored against (schema.HeaderTarget).
func headerTarget(opt Options) *schema.Target { return schema.HeaderTarget(opt.Target, opt.Template) }

// headerBytes bounds the size of the output header row.
func headerBytes(t *schema.Target) int64 {
	if t.Name == schema.Outbound {
		return outboundHeaderBytes
	}
	n := int64(0)
	for _, c := range t.Columns {
		n += int64(len(c.Header)) + 3
	}
	return n
}

// mapHeader maps a header row to the target.
func mapHeader(header []string, opt Options, target *schema.Target) (*mapping.Mapping, error) {
	if len(header) > MaxColumns {
		return nil, fmt.Errorf("the header row has %d columns; at most %d are supported", len(header), MaxColumns)
	}
	if target.Name == schema.Outbound {
		return outboundMapping(header, opt, target)
	}
	m := mapping.Map(header, target, opt.Map)
	if opt.MakeIDs {
		m.MakeIDs()
	}
	return m, nil
}

// blank reports a record whose every field is empty or white space.
func blank(fields [][]byte) bool {
	for _, f := range fields {
		for _, c := range f {
			if c != ' ' && c != '\t' {
				return false
			}
		}
	}
	return true
}

func blankStrings(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// progress rate-limits Options.Progress and serializes its calls.
type progress struct {
	mu          sync.Mutex
	fn          func(Progress)
	rows        int
	done, total int64
	last        time.Time // of the last step reported
}

// add counts rows more rows and bytes more input bytes read, and reports.
func (p *progress) add(file string, rows int, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rows += rows
	p.done += bytes
	if p.fn != nil {
		p.fn(Progress{Phase: "read", File: file, Rows: p.rows, Bytes: min(p.done, p.total), TotalBytes: p.total})
	}
}

// finished sets the bytes read to done, the inputs read so far.
func (p *progress) finished(done int64) {
	p.mu.Lock()
	p.done = done
	p.mu.Unlock()
}

// step reports that phase name is at done of total steps: its first and
// last step, and the others at most every stepEvery.
func (p *progress) step(name string, done, total int) {
	if p.fn == nil || (done > 0 && done < total && time.Since(p.last) < stepEvery) {
		return
	}
	p.last = time.Now()
	p.fn(Progress{Phase: name, Rows: p.rows, Bytes: p.done, TotalBytes: p.total, Done: done, Total: total})
}

// stepEvery spaces the reports of the phases after "read": often enough for
// a progress bar to move smoothly, seldom enough to cost nothing.
const stepEvery = 100 * time.Millisecond

// Step returns a func that reports phase name at done of total steps to
// report, throttled like the phases of Run: for a caller's own long stage
// after Run, such as a summary over all rows. report may be nil.
func Step(name string, report func(Progress)) func(done, total int) {
	p := &progress{fn: report}
	return func(done, total int) { p.step(name, done, total) }
}

// Header returns the first non-blank row of an input: how a template (the
// org's sample setup file) gives the target's headers. Its encoding and
// delimiter are always detected, and a workbook's first sheet with data is read.
func Header(in Input, opt Options) ([]string, error) {
	opt.Encoding, opt.Sheet, opt.Template, opt.Map = "", "", nil, nil
	d, err := Inspect(in, opt)
	if err != nil {
		return nil, err
	}
	if blankStrings(d.Header) {
		return nil, &Error{File: in.Name, Err: errors.New("no header row")}
	}
	return d.Header, nil
}
