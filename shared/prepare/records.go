package prepare

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"contactprep/shared/csvread"
	"contactprep/shared/decode"
	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/schema"
	"contactprep/shared/sniff"
)

// records streams an input's records as byte fields, whatever its format, so
// that Run and Inspect read text and workbooks the same way.
type records interface {
	// next returns the next record and the reader's reason when its shape was
	// broken; io.EOF at the end. The fields are valid until the next call.
	next() (fields [][]byte, malformed string, err error)
	// offset is how many input bytes were consumed, for progress.
	offset() int64
	// resume makes next go on after the first consumed records, with rest
	// the records read after them (a text reads them again, a sheet hands
	// them back), and pads a sheet's rows to width, its header's.
	resume(consumed int, rest [][]string, width int)
	close()
}

// open detects an input's format and encoding, fills in what it found, and
// returns its records with the findings about the whole file.
func open(in Input, opt Options, info *InputInfo) (records, []finding.Finding, error) {
	if in.Data == nil && in.At != nil {
		recs, err := openAt(in, opt, info)
		if recs != nil || err != nil {
			return recs, nil, err
		}
		// Not a UTF-8 text: read whole, as if it had been given so.
		data := make([]byte, in.Size)
		if n, err := in.At.ReadAt(data, 0); int64(n) < in.Size {
			return nil, nil, fmt.Errorf("reading it: %w", orShort(err))
		}
		in.Data = data
	}
	format, err := sniff.Detect(in.Data)
	if err != nil {
		return nil, nil, err
	}
	info.Format = string(format)
	if format == sniff.XLSX {
		if opt.Workbooks == nil {
			return nil, nil, errors.New("XLSX support is not loaded here: save the sheet as CSV")
		}
		t := headerTarget(opt)
		score := func(head [][]string) int { return mapping.SheetScore(head, t) }
		rows, sheet, err := opt.Workbooks(in.Data, opt.Sheet, mapping.HeadRows, score)
		if err != nil {
			return nil, nil, err
		}
		info.Sheet, info.Encoding, info.Confidence = sheet, "utf-8", 1
		return &sheetRecords{rows: rows}, nil, nil
	}
	text, notes, detected, err := decodeText(in, opt, info)
	if err != nil {
		return nil, nil, err
	}
	comma := csvread.Sniff(text[:min(len(text), 1<<16)])
	info.Delimiter = string(comma)
	return textRecords{r: csvread.NewReader(text, comma), text: text, comma: comma, detected: detected}, notes, nil
}

// headAt is how much of an input read from Input.At is read first: the part
// sniffing and the header row are read from.
const headAt = 1 << 20

// openAt opens an input read from in.At as a text never held whole, when it
// is a UTF-8 text with its encoding to be detected; nil records, and no
// error, when it is anything else (a workbook, another encoding, a header
// row longer than headAt).
func openAt(in Input, opt Options, info *InputInfo) (records, error) {
	if enc := in.encoding(opt); enc != "" && !strings.EqualFold(enc, "auto") {
		return nil, nil
	}
	head := make([]byte, min(in.Size, headAt))
	if n, err := in.At.ReadAt(head, 0); n < len(head) {
		return nil, fmt.Errorf("reading it: %w", orShort(err))
	}
	format, err := sniff.Detect(head)
	if err != nil || format != sniff.Text {
		return nil, err
	}
	detected := in.Detected
	if detected == nil || !detected.Whole && (detected.Upto == 0 || opt.DetectHead == 0) {
		d, ok, err := decode.DetectAtHead(in.At, in.Size, opt.DetectHead)
		if err != nil {
			return nil, fmt.Errorf("reading it: %w", err)
		}
		if !ok {
			return nil, nil
		}
		detected = &d
	}
	if detected.Encoding != "utf-8" {
		return nil, nil
	}
	text := head[detected.BOM:]
	comma := csvread.Sniff(text[:min(len(text), 1<<16)])
	if int64(len(head)) < in.Size {
		// The header row must end inside the head.
		h := textRecords{r: csvread.NewReader(text, comma), text: text, comma: comma}
		if _, err := findHeader(h, headerTarget(opt)); err != nil || h.r.Offset() >= int64(len(text)) {
			return nil, nil
		}
	}
	info.Format = string(sniff.Text)
	info.Encoding, info.Confidence = detected.Encoding, detected.Confidence
	info.Delimiter = string(comma)
	at := io.NewSectionReader(in.At, int64(detected.BOM), in.Size-int64(detected.BOM))
	return textRecords{r: csvread.NewReader(text, comma), text: text, comma: comma, detected: detected, at: at}, nil
}

// orShort is err, or io.ErrUnexpectedEOF for a read that came short without one.
func orShort(err error) error {
	if err == nil || err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// header is where an input's header row was found.
type header struct {
	row []string
	// titles are the non-blank rows above the header (a report's title, its
	// date): not contacts, so not rows of the input; each as its cells.
	titles [][]string
}

// findHeader reads an input's first rows, finds its header row among them
// (mapping.FindHeader, scored against t) and leaves recs just after it, to
// read the rows below. io.EOF: no header.
func findHeader(recs records, t *schema.Target) (header, error) {
	var rows [][]string
	for !mapping.HeadRead(rows) {
		fields, _, err := recs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return header{}, err
		}
		rows = append(rows, cells(fields))
	}
	at := mapping.FindHeader(rows, t)
	if at < 0 {
		return header{}, io.EOF
	}
	h := header{row: rows[at]}
	for _, r := range rows[:at] {
		if !blankStrings(r) {
			h.titles = append(h.titles, r)
		}
	}
	recs.resume(at+1, rows[at+1:], len(h.row))
	return h, nil
}

// cells copies a record's fields as strings.
func cells(fields [][]byte) []string {
	c := make([]string, len(fields))
	for i, f := range fields {
		c[i] = string(f)
	}
	return c
}

// titleFinding reports the title lines of file above its header row.
func titleFinding(file string, titles [][]string) finding.Finding {
	msg := "the row above the header row looks like a title, not a contact: it is left out"
	if n := len(titles); n > 1 {
		msg = fmt.Sprintf("the %d rows above the header row look like a title, not contacts: they are left out", n)
	}
	return finding.Finding{File: file, Code: finding.TitleRows, Severity: finding.Info, Original: titleText(titles[0]), Message: msg}
}

// titleText is a title row's words, its cells joined.
func titleText(row []string) string { return strings.Join(strings.Fields(strings.Join(row, " ")), " ") }

// decodeText detects or applies the encoding and returns UTF-8 text, and the
// encoding detected (or taken from in.Detected), nil when one was given.
func decodeText(in Input, opt Options, info *InputInfo) ([]byte, []finding.Finding, *decode.Result, error) {
	enc, conf := in.encoding(opt), 1.0
	var detected *decode.Result
	if enc == "" || strings.EqualFold(enc, "auto") {
		// A detection from the head alone (Upto) does not hold for the whole.
		if detected = in.Detected; detected == nil || detected.Upto > 0 {
			d := decode.Detect(in.Data)
			detected = &d
		}
		if detected.Whole {
			// Detect has read it all as valid UTF-8: it is its own text.
			info.Encoding, info.Confidence = detected.Encoding, detected.Confidence
			return in.Data[detected.BOM:], nil, detected, nil
		}
		enc, conf = detected.Encoding, detected.Confidence
	} else if c, ok := decode.Canonical(enc); ok {
		enc = c
	} else {
		return nil, nil, nil, &OptionError{Option: "Encoding", Value: enc, Err: ErrUnknown}
	}
	info.Encoding, info.Confidence = enc, conf
	text, invalid, err := decode.ToUTF8(in.Data, enc)
	if err != nil {
		return nil, nil, nil, err
	}
	var notes []finding.Finding
	if enc != "utf-8" {
		notes = append(notes, finding.Finding{File: in.Name, Code: finding.EncodingConverted, Severity: finding.Info, Original: enc, Suggested: "utf-8",
			Message: "read as " + decode.Title(enc) + " text and written as UTF-8"})
	}
	if invalid > 0 {
		notes = append(notes, finding.Finding{File: in.Name, Code: finding.EncodingInvalid, Severity: finding.Warning, Original: enc,
			Message: fmt.Sprintf("%d characters could not be read as %s and show as \uFFFD: if names look wrong, choose the file's encoding", invalid, decode.Title(enc))})
	}
	return text, notes, detected, nil
}

// textRecords are a decoded text's records; Run reads the rows after the
// header itself, in slices of text (slice.go).
type textRecords struct {
	r        *csvread.Reader
	text     []byte // the text, or its head when at is not nil
	comma    byte
	detected *decode.Result // the encoding detected, nil when it was given
	// at, when not nil, is the whole text, read from the input as needed
	// (Input.At), of which text is the head.
	at *io.SectionReader
}

func (t textRecords) next() ([][]byte, string, error) {
	fields, err := t.r.Read()
	return fields, t.r.Malformed(), err
}

func (t textRecords) offset() int64 { return t.r.Offset() }
func (t textRecords) close()        {}

func (t textRecords) resume(consumed int, _ [][]string, _ int) {
	t.r.Reset(t.text, t.comma)
	for range consumed {
		t.r.Read()
	}
}

// sheetRecords are a workbook sheet's rows. Rows after the header are padded
// to its width: a sheet does not store trailing empty cells, and a short row
// there is not a malformed one.
type sheetRecords struct {
	rows   RowReader
	held   [][]string // rows read ahead, handed out first (resume)
	width  int
	fields [][]byte
	// Cells right of the header's last column are not read: a sheet may
	// hold one in column XFD on each row, which would make every row 16,384
	// cells wide. ignored counts those not empty, on ignoredRows rows.
	ignored, ignoredRows int
	err                  error // narrowing the rows failed
}

// narrowRows is a RowReader that can leave out the cells right of a column
// before it reads them (xlsx.Rows), and count those it left out.
type narrowRows interface {
	Narrow(width int) error
	Ignored() (cells, rows int)
}

// ignoredCells counts the cells right of the header's last column, on how
// many rows: those of the rows read ahead, and those the reader left out.
func (s *sheetRecords) ignoredCells() (cells, rows int) {
	cells, rows = s.ignored, s.ignoredRows
	if n, ok := s.rows.(narrowRows); ok {
		c, r := n.Ignored()
		cells, rows = cells+c, rows+r
	}
	return cells, rows
}

func (s *sheetRecords) next() ([][]byte, string, error) {
	if s.err != nil {
		return nil, "", s.err
	}
	var cells []string
	if len(s.held) > 0 {
		cells, s.held = s.held[0], s.held[1:]
	} else {
		var err error
		if cells, err = s.rows.Read(); err != nil {
			return nil, "", err
		}
	}
	if s.width > 0 && len(cells) > s.width {
		n := 0
		for _, c := range cells[s.width:] {
			if c != "" {
				n++
			}
		}
		s.ignored += n
		s.ignoredRows++
		cells = cells[:s.width]
	}
	s.fields = s.fields[:0]
	for _, c := range cells {
		s.fields = append(s.fields, []byte(c))
	}
	for len(s.fields) < s.width {
		s.fields = append(s.fields, nil)
	}
	return s.fields, "", nil
}

func (s *sheetRecords) offset() int64 { return 0 }

func (s *sheetRecords) resume(_ int, rest [][]string, width int) {
	s.held, s.width = append(rest, s.held...), width
	if n, ok := s.rows.(narrowRows); ok {
		s.err = n.Narrow(width)
	}
}

func (s *sheetRecords) close() {
	if c, ok := s.rows.(io.Closer); ok {
		c.Close()
	}
}
