package prepare

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"contactprep/shared/csvread"
	"contactprep/shared/decode"
	"contactprep/shared/finding"
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
		rows, sheet, err := opt.Workbooks(in.Data, opt.Sheet)
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
	if detected == nil || !detected.Whole {
		d, ok, err := decode.DetectAt(in.At, in.Size)
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
		h := textRecords{r: csvread.NewReader(text, comma)}
		if _, err := header(h); err != nil || h.r.Offset() >= int64(len(text)) {
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

// header returns the first non-blank record as the header row, or io.EOF.
func header(recs records) ([]string, error) {
	for {
		fields, _, err := recs.next()
		if err != nil {
			return nil, err
		}
		if !blank(fields) {
			h := make([]string, len(fields))
			for i, f := range fields {
				h[i] = string(f)
			}
			return h, nil
		}
	}
}

// decodeText detects or applies the encoding and returns UTF-8 text, and the
// encoding detected (or taken from in.Detected), nil when one was given.
func decodeText(in Input, opt Options, info *InputInfo) ([]byte, []finding.Finding, *decode.Result, error) {
	enc, conf := in.encoding(opt), 1.0
	var detected *decode.Result
	if enc == "" || strings.EqualFold(enc, "auto") {
		if detected = in.Detected; detected == nil {
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
		return nil, nil, nil, fmt.Errorf("unknown encoding %q (known: %s)", enc, strings.Join(decode.Names(), ", "))
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

// sheetRecords are a workbook sheet's rows. Rows after the header are padded
// to its width: a sheet does not store trailing empty cells, and a short row
// there is not a malformed one.
type sheetRecords struct {
	rows   RowReader
	width  int
	fields [][]byte
}

func (s *sheetRecords) next() ([][]byte, string, error) {
	cells, err := s.rows.Read()
	if err != nil {
		return nil, "", err
	}
	s.fields = s.fields[:0]
	for _, c := range cells {
		s.fields = append(s.fields, []byte(c))
	}
	if s.width == 0 && !blank(s.fields) {
		s.width = len(s.fields) // the header row
	}
	for len(s.fields) < s.width {
		s.fields = append(s.fields, nil)
	}
	return s.fields, "", nil
}

func (s *sheetRecords) offset() int64 { return 0 }

func (s *sheetRecords) close() {
	if c, ok := s.rows.(io.Closer); ok {
		c.Close()
	}
}
