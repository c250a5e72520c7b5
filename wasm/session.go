//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"contactprep/shared/check"
	"contactprep/shared/csvread"
	"contactprep/shared/decode"
	"contactprep/shared/listfit"
	"contactprep/shared/mapping"
	"contactprep/shared/output"
	"contactprep/shared/phone"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// session is the engine's state between the page's calls: the last run's
// table, its row index and the undo history. It holds no rule: every check
// and every fix is a call into shared/.
type session struct {
	progress func(prepare.Progress)

	res     *prepare.Result
	args    settings           // the settings res was prepared with
	cols    []int              // the target columns written, in order
	written *output.Memory     // the import files of the current table, made for outbound uploads
	parts   []output.Part      // the parts in written
	dls     downloads          // the downloads under way (download.go)
	ready   []int32            // the ready rows in order, made on demand (outbound lists)
	placed  *placement         // where the ready rows go among existing lists (placed.go), or nil
	undo    []change           // last change last
	redo    []change           // last undone last
	index   rowIndex           // per row: which kinds of findings it has
	filters map[uint64][]int32 // rows matching a kind mask, made on demand
	shard   shardState         // a run prepared in several workers (shard.go)
	// indexing, while a run's first summary builds the row index, is told
	// how far it is (index.go): over a million rows, that takes seconds.
	indexing func(done, total int)
	kept     keptFiles // the files of the last inspect, until a run uses them
	// keptTyped: the admin chose to keep the unreadable phones as typed.
	keptTyped bool
}

// callFile is one file of a call: bytes the page sent, or a File it chose,
// read where it lies (chosen.go).
type callFile struct {
	data []byte
	at   io.ReaderAt // when data is nil
	size int64
	// later: a chosen File small enough to hold (heldMax), read where it
	// lies until a call needs it whole (hold). Inspect reads its head alone,
	// so the admin sees the file's columns without waiting for the rest:
	// reading the 10.7 MB of 60,000 rows took Chromium 60-200 ms of the
	// 100-170 ms inspect took on two cores.
	later bool
}

// hold reads a file held later whole, now.
func (f *callFile) hold() error {
	if !f.later {
		return nil
	}
	data, err := f.span(0, f.size)
	if err != nil {
		return err
	}
	*f = callFile{data: data}
	return nil
}

// input is the file as the engine's input.
func (f callFile) input(name string) prepare.Input {
	if f.data == nil && f.at != nil {
		return prepare.Input{Name: name, At: f.at, Size: f.size}
	}
	return prepare.Input{Name: name, Data: f.data}
}

// bytes returns the file's bytes, reading a chosen File whole.
func (f callFile) bytes() ([]byte, error) {
	if f.data != nil || f.at == nil {
		return f.data, nil
	}
	return f.span(0, f.size)
}

// length returns the file's size in bytes.
func (f callFile) length() int64 {
	if f.data != nil || f.at == nil {
		return int64(len(f.data))
	}
	return f.size
}

// totalLength returns the sizes of files added up.
func totalLength(files []callFile) int64 {
	var n int64
	for _, f := range files {
		n += f.length()
	}
	return n
}

// span returns the file's bytes from lo to hi, reading a chosen File there.
func (f callFile) span(lo, hi int64) ([]byte, error) {
	if lo < 0 || hi < lo || hi > f.length() {
		return nil, fmt.Errorf("no bytes %d to %d in a file of %d", lo, hi, f.length())
	}
	if f.data != nil || f.at == nil {
		return f.data[lo:hi], nil
	}
	b := make([]byte, hi-lo)
	if n, err := f.at.ReadAt(b, lo); n < len(b) {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("reading it: %w", err)
	}
	return b, nil
}

// dataFiles are files of bytes, as tests and the engine's own calls make them.
func dataFiles(data ...[]byte) []callFile {
	files := make([]callFile, len(data))
	for i, d := range data {
		files[i] = callFile{data: d}
	}
	return files
}

// keptFiles are the files the page chose, kept from "inspect" for the calls
// that follow, so that the page need not send them again: the page names
// them by its token for that choice (settings.Keep).
type keptFiles struct {
	token int
	files []callFile
	// detected: per file, the encoding the last inspect detected in it, or
	// nil, so that a run of the kept files need not read them for it again.
	detected []*decode.Result
}

// holds reports whether files, a call's under a.Keep, are the kept ones.
func (k *keptFiles) holds(a settings, files []callFile) bool {
	return a.Keep != 0 && a.Keep == k.token && len(files) == len(k.files) && len(files) > 0 && &files[0] == &k.files[0]
}

// detect notes what inspect detected in input i of a, if its files are the kept ones.
func (k *keptFiles) detect(a settings, files []callFile, i int, d *decode.Result) {
	if !k.holds(a, files) {
		return
	}
	if len(k.detected) != len(files) {
		k.detected = make([]*decode.Result, len(files))
	}
	k.detected[a.Files[i].Data] = d
}

// file returns file number data of the choice keep, if the files kept are that choice's.
func (k *keptFiles) file(keep, data int) (callFile, bool) {
	if keep == 0 || keep != k.token || data < 0 || data >= len(k.files) {
		return callFile{}, false
	}
	return k.files[data], true
}

// hold reads whole the kept files inspect read the heads of, named by
// name(i), and tells the encoding of each from all of it where inspect
// told it from its head: a run of them then reads them no more.
func (k *keptFiles) hold(name func(i int) string) error {
	for i := range k.files {
		f := &k.files[i]
		if !f.later {
			continue
		}
		if err := f.hold(); err != nil {
			return fmt.Errorf("%s: %w", name(i), err)
		}
		if i < len(k.detected) && k.detected[i] != nil && k.detected[i].Upto > 0 {
			d := decode.Detect(f.data)
			k.detected[i] = &d
		}
	}
	return nil
}

// nameOf returns a function naming file number i of a's files.
func nameOf(a settings) func(i int) string {
	return func(i int) string {
		for _, f := range a.Files {
			if f.Data == i {
				return f.Name
			}
		}
		return "a chosen file"
	}
}

// detections returns what inspect detected in files, if they are the kept ones.
func (k *keptFiles) detections(a settings, files []callFile) []*decode.Result {
	if !k.holds(a, files) {
		return nil
	}
	return k.detected
}

// errNotKept answers a call that names files the engine no longer holds (a
// run used them, or a cancel restarted the worker): the page sends them again.
var errNotKept = errors.New("files not kept")

// filesFor returns the files of a call: those sent, which the session keeps
// when a.Keep names them, or else those it kept under a.Keep.
func (s *session) filesFor(a settings, files []callFile) ([]callFile, error) {
	if len(files) > 0 {
		if a.Keep != 0 {
			s.kept = keptFiles{token: a.Keep, files: files}
		}
		return files, nil
	}
	if a.Keep != 0 && a.Keep == s.kept.token {
		return s.kept.files, nil
	}
	if a.Keep != 0 {
		return nil, errNotKept
	}
	return nil, nil
}

// change is one step of the admin's edits, with the edits that take it back;
// keepTyped is the decision to keep unreadable phones as typed (decide.go),
// which edits nothing; leave are the rows it left out (out) or put back.
type change struct {
	do, undo  []check.CellEdit
	keepTyped bool
	leave     []int
	out       bool
}

// fileArg names one input: its bytes are files[Data]; a workbook also brings
// the chosen sheet as UTF-8 CSV in files[CSV], converted by the XLSX module.
type fileArg struct {
	Name  string `json:"name"`
	Data  int    `json:"data"`
	CSV   int    `json:"csv"` // -1: not a workbook
	Sheet string `json:"sheet"`
	// Width, Ignored and IgnoredRows are the converter's: the header row's
	// width it left out the cells right of (0: none), and how many with a
	// value it left out, on how many rows.
	Width       int `json:"width"`
	Ignored     int `json:"ignored"`
	IgnoredRows int `json:"ignoredRows"`
	// Encoding is the encoding the admin chose for a text file, a name from
	// the "encodings" call; "" or "auto" detects it.
	Encoding string `json:"encoding"`
}

// settings are the admin's choices on the page.
type settings struct {
	Files    []fileArg          `json:"files"`
	Country  string             `json:"country"`
	Target   string             `json:"target"`
	Template []string           `json:"template"`
	Map      []mapping.Override `json:"map"`
	MakeIDs  bool               `json:"makeIDs"`
	// The outbound target's: the contact id column, the largest list (0: Genesys'
	// limit), and the phone columns (nil: those the engine tells by their names).
	IDColumn     string   `json:"idColumn"`
	ListSize     int      `json:"listSize"`
	PhoneColumns []string `json:"phoneColumns"`
	// Keep is the page's token for the chosen files: sent with them, the
	// session keeps them; sent without, it uses those it kept (filesFor).
	Keep int `json:"keep"`
	// DetectWhole: a file read where it lies is read through to tell its
	// encoding before any row, not told UTF-8 by its head (detectHead): the
	// page runs again so when a run found it not UTF-8 past its head.
	DetectWhole bool `json:"detectWhole"`
}

// detectHead is how much of a file read where it lies (over heldMax, or
// held later: callFile.later) the engine reads to tell it UTF-8
// (prepare.Options.DetectHead); the slices of one read where it lies are
// checked as they are read, and one held is told from all of it once held
// (keptFiles.hold). Read through first, the 268 MB file took the page
// 1.7-2.8 s before the admin saw step 2, and was read again by the run;
// the 10.7 MB one 60-200 ms of the 100-170 ms inspect took.
var detectHead int64 = 1 << 20 // a variable for tests

// call runs one operation. args is JSON; files are the bytes the page sent.
// It returns a JSON reply and, for downloads, the file's bytes.
func (s *session) call(op string, args []byte, files []callFile) (reply any, file []byte, err error) {
	switch op {
	case "inspect":
		var a settings
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.inspect(a, files)
	case "prepare":
		var a settings
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.prepare(a, files)
	case "template":
		var a fileArg
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.template(a, files)
	case "rows":
		var a rowsArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.rows(a)
	case "edit":
		var a check.CellEdit
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.edit([]check.CellEdit{a})
	case "useVersion":
		var a struct{ Row int }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.useVersion(a.Row)
	case "decide":
		var a decision
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.decide(a)
	case "undo":
		return s.step(&s.undo, &s.redo, false)
	case "redo":
		return s.step(&s.redo, &s.undo, true)
	case "encodings":
		// The encodings the admin can choose for a text file: [{name,
		// title}], name for fileArg.Encoding, title as people know it
		// ("Western European (Windows-1252)").
		return struct {
			Encodings []decode.Encoding `json:"encodings"`
		}{decode.Encodings()}, nil, nil
	case "targets":
		// The targets the page offers, each with the largest file Genesys
		// takes for it (schema), which the page says by its choice.
		type targetSize struct {
			Name     string `json:"name"`
			MaxBytes int64  `json:"maxBytes"`
		}
		var out []targetSize
		for _, name := range []string{schema.Legacy, schema.Bulk, schema.Outbound} {
			t, _ := schema.New(name)
			out = append(out, targetSize{name, t.MaxBytes})
		}
		return struct {
			Targets []targetSize `json:"targets"`
		}{out}, nil, nil
	case "regions":
		regions := phone.Regions()
		return struct {
			Regions []string `json:"regions"`
		}{regions}, nil, nil
	case "download":
		var a struct{ What string }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.download(a.What)
	case "downloadNext":
		var a struct{ ID int }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.downloadNext(a.ID)
	case "origins":
		var a struct{ Places []output.Place }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.origins(a.Places)
	case "orgRows":
		return s.orgRows()
	case "partWithout":
		var a struct {
			Part  string
			Leave []int
		}
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.partWithout(a.Part, a.Leave)
	case "outboundPlan":
		var a struct{ Parts bool }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.outboundPlan(a.Parts)
	case "outboundPart":
		var a struct{ List, Part int }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.outboundPart(a.List, a.Part)
	case "outboundBatch":
		var a struct{ List, Offset, Count int }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.outboundBatch(a.List, a.Offset, a.Count)
	case "outboundPlace":
		var a struct {
			Lists   []placeList
			NewSize int
		}
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.outboundPlace(a.Lists, a.NewSize, files)
	case "dncEntries":
		var a struct {
			Kind, Column, Heading string
			File                  bool
		}
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.dncEntries(a.Kind, a.Column, a.Heading, a.File, files)
	case "outboundRestore":
		var a struct{ Lists []listfit.Placed }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return s.outboundRestore(a.Lists, files)
	case "leadMapping":
		var a leadMappingArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, err
		}
		return leadMapping(a, files)
	}
	if reply, file, ok, err := s.shardCall(op, args, files); ok {
		return reply, file, err
	}
	return nil, nil, fmt.Errorf("unknown operation %q", op)
}

// inputs turns the page's files into engine inputs and the workbook hook that
// serves each workbook's converted sheet.
func inputs(args []fileArg, files []callFile, detected []*decode.Result) ([]prepare.Input, prepare.Workbooks, error) {
	get := func(i int) (*callFile, error) {
		if i < 0 || i >= len(files) {
			return nil, errors.New("a file's bytes are missing")
		}
		return &files[i], nil
	}
	var ins []prepare.Input
	var books []sheet
	for _, f := range args {
		file, err := get(f.Data)
		if err != nil {
			return nil, nil, err
		}
		in := file.input(f.Name)
		in.Encoding = f.Encoding
		if f.Data < len(detected) {
			in.Detected = detected[f.Data]
		}
		if f.CSV >= 0 {
			// A workbook is read whole, and known by its bytes (sheets.open);
			// one to be held is held now, and read once.
			csv, err := get(f.CSV)
			if err != nil {
				return nil, nil, err
			}
			if err := file.hold(); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			if in.Data, err = file.bytes(); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			in.At = nil
			s := sheet{data: in.Data, name: f.Sheet, width: f.Width, ignored: f.Ignored, ignoredRows: f.IgnoredRows}
			if s.csv, err = csv.bytes(); err != nil {
				return nil, nil, fmt.Errorf("%s: its sheet: %w", f.Name, err)
			}
			books = append(books, s)
		}
		ins = append(ins, in)
	}
	return ins, sheets(books).open, nil
}

// sheet is a workbook the XLSX module has already turned into CSV, with
// the cells right of its header row left out (fileArg.Width).
type sheet struct {
	data, csv                   []byte
	name                        string
	width, ignored, ignoredRows int
}

type sheets []sheet

// open serves prepare the converted sheet of the workbook whose bytes are data.
// The sheet was chosen when it was converted, so the sheet arguments are unused.
func (b sheets) open(data []byte, _ string, _ int, _ func([][]string) int) (prepare.RowReader, string, error) {
	for _, s := range b {
		if len(data) > 0 && len(s.data) > 0 && &s.data[0] == &data[0] {
			return &csvRows{r: csvread.NewReader(s.csv, ','), width: s.width, ignored: s.ignored, ignoredRows: s.ignoredRows}, s.name, nil
		}
	}
	return nil, "", errors.New("the workbook was not converted: choose the file again")
}

// csvRows reads a converted sheet back as the workbook's rows.
type csvRows struct {
	r                           *csvread.Reader
	width, ignored, ignoredRows int
}

// Narrow is xlsx.Rows.Narrow for a sheet the converter already narrowed:
// the engine's header row must be no wider than the converter's, else
// cells it names were left out.
func (c *csvRows) Narrow(width int) error {
	if c.width > 0 && width > c.width {
		return errors.New("the sheet was read for another header row: choose the file again")
	}
	return nil
}

// Ignored is how many cells with a value the converter left out, on how
// many rows.
func (c *csvRows) Ignored() (cells, rows int) { return c.ignored, c.ignoredRows }

func (c *csvRows) Read() ([]string, error) {
	fields, err := c.r.Read()
	if err != nil {
		return nil, err
	}
	if len(fields) == 1 && len(fields[0]) == 0 {
		return nil, nil // an empty line is an empty sheet row
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = string(f)
	}
	return out, nil
}

func (a settings) options(books prepare.Workbooks) prepare.Options {
	opt := prepare.Options{Country: strings.ToUpper(a.Country), Target: a.Target, Template: a.Template, Map: a.Map, MakeIDs: a.MakeIDs, Workbooks: books}
	if !a.DetectWhole {
		opt.DetectHead = detectHead
	}
	a.outboundOptions(&opt)
	return opt
}

// targetColumn is a target column as the mapping table offers it.
type targetColumn struct {
	Header   string `json:"header"`
	Part     string `json:"part"`
	Required bool   `json:"required"`
}

type detected struct {
	prepare.InputInfo
	// EncodingTitle is the encoding as people know it ("Western European
	// (Windows-1252)"): what the page shows, with the "encodings" call's
	// list to change it.
	EncodingTitle string   `json:"encodingTitle"`
	Header        []string `json:"header"`
	Targets       []string `json:"targets"` // per header column: its target header, "" for none
	How           []string `json:"how"`
	Phones        []string `json:"phones"` // the header columns the target types as phones
	// Missing names the required target columns no header column fills
	// (prepare.Detected.Missing): the page stops Prepare until each is mapped.
	Missing []string `json:"missing"`
	// Samples are, per header column, a few of its values (prepare.Detected.Samples).
	Samples [][]string `json:"samples"`
	// Makeable names the missing ID columns the engine can make, and Layout
	// the known export the file is (prepare.Detected).
	Makeable []string `json:"makeable"`
	Layout   string   `json:"layout"`
	// Titles are the rows above the header row, left out as a title, each
	// as its words (prepare.Detected.Titles); title_rows counts them.
	Titles []string `json:"titles"`
	// HasRows: any row follows the header (prepare.Detected.HasRows).
	HasRows bool `json:"hasRows"`
}

func (s *session) inspect(a settings, files []callFile) (any, []byte, error) {
	files, err := s.filesFor(a, files)
	if err != nil {
		return nil, nil, err
	}
	collectFor(totalLength(files))
	ins, books, err := inputs(a.Files, files, nil)
	if err != nil {
		return nil, nil, err
	}
	// IDColumn is the engine's guess of a contact list's id column among the
	// files' columns, and Limits the list's limits: the page's outbound settings.
	reply := struct {
		Targets  []targetColumn `json:"targets"`
		Inputs   []detected     `json:"inputs"`
		IDColumn string         `json:"idColumn"`
		Limits   listLimits     `json:"limits"`
	}{Inputs: []detected{}, Limits: limits}
	var headers []string
	for i, in := range ins {
		d, err := prepare.Inspect(in, a.options(books))
		if err != nil {
			return nil, nil, err
		}
		s.kept.detect(a, files, i, d.Decoding)
		det := detected{InputInfo: d.InputInfo, EncodingTitle: decode.Title(d.Encoding), Header: d.Header, Targets: []string{}, How: []string{}, Phones: []string{},
			Missing: append([]string{}, d.Missing...), Samples: d.Samples, Makeable: append([]string{}, d.Makeable...), Layout: d.Layout,
			Titles: append([]string{}, d.Titles...), HasRows: d.HasRows}
		for i, to := range d.Mapping.To {
			h := ""
			if to >= 0 {
				h = d.Mapping.Target.Columns[to].Header
				if d.Mapping.Target.Columns[to].Kind == schema.Phone {
					det.Phones = append(det.Phones, d.Header[i])
				}
			}
			det.Targets = append(det.Targets, h)
			det.How = append(det.How, d.Mapping.How[i].String())
		}
		if reply.Targets == nil {
			for _, c := range d.Mapping.Target.Columns {
				reply.Targets = append(reply.Targets, targetColumn{c.Header, c.Part.String(), c.Required})
			}
		}
		reply.Inputs = append(reply.Inputs, det)
		for _, h := range d.Header {
			if h != "" && !slices.Contains(headers, h) {
				headers = append(headers, h)
			}
		}
	}
	reply.IDColumn = schema.GuessIDColumn(headers)
	return reply, nil, nil
}

func (s *session) template(a fileArg, files []callFile) (any, []byte, error) {
	ins, books, err := inputs([]fileArg{a}, files, nil)
	if err != nil {
		return nil, nil, err
	}
	h, err := prepare.Header(ins[0], prepare.Options{Workbooks: books})
	if err != nil {
		return nil, nil, err
	}
	return struct {
		Header []string `json:"header"`
	}{h}, nil, nil
}

func (s *session) prepare(a settings, files []callFile) (any, []byte, error) {
	files, err := s.filesFor(a, files)
	if err != nil {
		return nil, nil, err
	}
	if err := s.kept.hold(nameOf(a)); err != nil {
		return nil, nil, err
	}
	collectFor(totalLength(files))
	ins, books, err := inputs(a.Files, files, s.kept.detections(a, files))
	if err != nil {
		return nil, nil, err
	}
	opt := a.options(books)
	opt.Progress = s.progress
	s.reset()
	res, err := prepare.Run(ins, opt)
	if err != nil {
		return nil, nil, err
	}
	s.res, s.args, s.cols = res, a, output.Columns(res.Table)
	return s.firstSummary(), nil, nil
}

// firstSummary is the summary of a run just made, reporting the "summary"
// phase's progress while it builds the row index.
func (s *session) firstSummary() summary {
	s.indexing = prepare.Step("summary", s.progress)
	defer func() { s.indexing = nil }()
	return s.summary()
}

// reset empties the session for a new run. The downloads under way end
// first: their writers would keep the old table.
func (s *session) reset() {
	s.endDownloads(errChanged)
	*s = session{progress: s.progress}
}

// changed brings the session up to date after the table changed.
func (s *session) changed() {
	s.written, s.parts, s.ready, s.placed = nil, nil, nil, nil
	s.endDownloads(errChanged)
	s.index = rowIndex{}
	s.filters = nil
}

func (s *session) edit(edits []check.CellEdit) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	t := s.res.Table
	for _, e := range edits {
		if e.Row < 0 || e.Row >= t.Len() || e.Col < 0 || e.Col >= len(t.Target.Columns) {
			return nil, nil, fmt.Errorf("no cell at row %d, column %d", e.Row, e.Col)
		}
	}
	c := change{do: edits, undo: t.Undoing(edits)}
	if len(edits) > 0 {
		t.Apply(edits)
		s.undo, s.redo = append(s.undo, c), nil
		s.changed()
	}
	return s.summary(), nil, nil
}

func (s *session) useVersion(r int) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	edits := s.res.Table.VersionEdits(r)
	if edits == nil {
		return nil, nil, errors.New("this row is not in an account conflict")
	}
	return s.edit(edits)
}

// step undoes (from undo to redo) or redoes (from redo to undo, again) one change.
func (s *session) step(from, to *[]change, again bool) (any, []byte, error) {
	if s.res == nil || len(*from) == 0 {
		return nil, nil, errors.New("nothing to take back")
	}
	c := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	switch {
	case c.keepTyped:
		s.keptTyped = !s.keptTyped
	case c.leave != nil:
		s.res.Table.LeaveOut(c.leave, c.out == again)
	case again:
		s.res.Table.Apply(c.do)
	default:
		s.res.Table.Apply(c.undo)
	}
	*to = append(*to, c)
	s.changed()
	return s.summary(), nil, nil
}

// write makes the import files of the current table, once per change, for
// the outbound uploads.
func (s *session) write() error {
	if s.written != nil {
		return nil
	}
	mem := &output.Memory{}
	parts, err := output.WriteParts(s.res, mem)
	if err != nil {
		return err
	}
	s.written, s.parts = mem, parts
	return nil
}
