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

	"contactprep/shared/check"
	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// Input is one file as the admin gave it.
type Input struct {
	Name string
	Data []byte
}

// RowReader streams a sheet's rows; io.EOF ends it.
type RowReader interface {
	Read() ([]string, error)
}

// Workbooks opens a workbook and returns the rows of the named sheet (or of
// the first sheet with data when sheet is ""), with the sheet's name.
type Workbooks func(data []byte, sheet string) (rows RowReader, sheetName string, err error)

// Options are the admin's choices. The zero value prepares for the legacy
// target with US as the default country and everything detected.
type Options struct {
	Country   string             // default region for phones without a country code; "" means US
	Target    string             // schema.Legacy or schema.Bulk; "" means legacy
	Template  []string           // the org's sample setup file's header row; nil means the built-in catalog
	Map       []mapping.Override // explicit Source=Target pairs
	MaxBytes  int64              // largest part to write; 0 means the target's limit
	Encoding  string             // "" or "auto" to detect, else a name decode knows
	Sheet     string             // workbook sheet; "" means the first with data
	Workbooks Workbooks          // nil: workbooks are refused
	Progress  func(Progress)     // called now and then; may be nil
}

// Progress reports how far the work is.
type Progress struct {
	Phase      string `json:"phase"` // "read", "resolve"
	File       string `json:"file"`
	Rows       int    `json:"rows"`       // rows read so far, all inputs
	Bytes      int64  `json:"bytes"`      // input bytes read so far, all inputs
	TotalBytes int64  `json:"totalBytes"` // all inputs
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
// "header" wider than this is a binary file or a broken export.
const MaxColumns = 16384

// Run reads and checks all inputs into one table and resolves conflicts
// across them. An input that cannot be read at all stops the run with an
// *Error; everything else becomes a finding.
func Run(inputs []Input, opt Options) (*Result, error) {
	target, err := targetOf(opt)
	if err != nil {
		return nil, err
	}
	country := opt.Country
	if country == "" {
		country = "US"
	}
	phones, err := phone.New(country)
	if err != nil {
		return nil, fmt.Errorf("--country: %w", err)
	}
	for _, o := range opt.Map {
		if o.Target != "" && target.Index(o.Target) < 0 {
			return nil, fmt.Errorf("--map %s=%s: the target has no column %q", o.Source, o.Target, o.Target)
		}
	}
	res := &Result{Table: check.New(target, phones), MaxBytes: opt.MaxBytes}
	if res.MaxBytes <= 0 {
		res.MaxBytes = target.MaxBytes
	}
	res.Table.MaxRowBytes = res.MaxBytes - headerBytes(target)
	p := progress{fn: opt.Progress}
	for _, in := range inputs {
		p.total += int64(len(in.Data))
	}
	for _, in := range inputs {
		info, err := read(in, opt, res.Table, &p)
		if err != nil {
			return nil, &Error{File: in.Name, Err: err}
		}
		res.Inputs = append(res.Inputs, info)
		p.done += int64(len(in.Data))
	}
	p.phase("resolve")
	res.Table.Resolve()
	return res, nil
}

func targetOf(opt Options) (*schema.Target, error) {
	name := opt.Target
	if name == "" {
		name = schema.Legacy
	}
	if _, ok := schema.New(name); !ok {
		return nil, fmt.Errorf("unknown target %q: use legacy or bulk", name)
	}
	if opt.Template != nil {
		t := schema.FromTemplate(name, opt.Template)
		if len(t.Columns) == 0 {
			return nil, errors.New("the template has no header row")
		}
		return t, nil
	}
	t, _ := schema.New(name)
	return t, nil
}

// read runs one input through the stages into the table.
func read(in Input, opt Options, t *check.Table, p *progress) (InputInfo, error) {
	info := InputInfo{File: in.Name}
	recs, notes, err := open(in, opt, &info)
	if err != nil {
		return info, err
	}
	defer recs.close()
	for _, f := range notes {
		t.Note(f)
	}
	what := "file"
	if info.Sheet != "" {
		what = "sheet"
	}
	h, err := header(recs)
	if err == io.EOF {
		t.Note(finding.Finding{File: in.Name, Code: finding.EmptyFile, Severity: finding.Warning, Message: "the " + what + " is empty"})
		return info, nil
	}
	if err != nil {
		return info, err
	}
	m, err := mapHeader(h, opt, t.Target)
	if err != nil {
		return info, err
	}
	file := t.AddFile(in.Name, m)
	for row := 1; ; row++ {
		fields, malformed, err := recs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return info, fmt.Errorf("row %d: %w", row, err)
		}
		if blank(fields) {
			info.BlankRows++
			continue
		}
		t.AddRow(file, row, fields, malformed)
		info.Rows++
		if info.Rows&4095 == 0 {
			p.rows += 4096
			p.at(in.Name, recs.offset())
		}
	}
	p.rows += info.Rows & 4095
	if info.Rows == 0 {
		t.Note(finding.Finding{File: in.Name, Code: finding.EmptyFile, Severity: finding.Warning, Message: "the " + what + " has a header row but no data rows"})
	}
	return info, nil
}

// headerBytes bounds the size of the output header row.
func headerBytes(t *schema.Target) int64 {
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
	return mapping.Map(header, target, opt.Map), nil
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

// progress rate-limits Options.Progress.
type progress struct {
	fn          func(Progress)
	rows        int
	done, total int64
}

func (p *progress) at(file string, offset int64) {
	if p.fn != nil {
		p.fn(Progress{Phase: "read", File: file, Rows: p.rows, Bytes: p.done + offset, TotalBytes: p.total})
	}
}

func (p *progress) phase(name string) {
	if p.fn != nil {
		p.fn(Progress{Phase: name, Rows: p.rows, Bytes: p.done, TotalBytes: p.total})
	}
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
