package prepare

import (
	"bytes"
	"io"
	"slices"

	"contactprep/shared/decode"
	"contactprep/shared/mapping"
)

// Detected is what Inspect learns of an input without checking its rows: what
// the page shows the admin before the run, to confirm or change the mapping.
type Detected struct {
	InputInfo
	Header  []string         `json:"header"`
	Mapping *mapping.Mapping `json:"-"`
	// Missing names the required target columns no column of the file
	// fills (mapping.Mapping.Missing): every row would be rejected, so the
	// page stops Prepare until each is mapped.
	Missing []string `json:"missing"`
	// Makeable names the ID columns among them that Options.MakeIDs would
	// make (mapping.Mapping.Makeable), and Layout the known export the file
	// is ("Google Contacts"), or "".
	Makeable []string `json:"makeable"`
	Layout   string   `json:"layout"`
	// Samples are, per header column, up to SampleValues different values
	// of its first rows, as read: what the mapping view shows beside each
	// column so the admin can tell what it holds.
	Samples [][]string `json:"samples"`
	// Titles are the rows above the header row, left out as a title
	// (InputInfo.TitleRows counts them), each as its cells' words: what
	// the page shows so the admin sees nothing was lost.
	Titles []string `json:"titles"`
	// HasRows tells whether any row follows the header row: a file of
	// column names alone has none, and nothing to import.
	HasRows bool `json:"hasRows"`
	// Decoding is the encoding detected in a text input, for Input.Detected
	// when the same bytes are run; nil when the encoding was given or the
	// input is a workbook.
	Decoding *decode.Result `json:"-"`
}

// Inspect detects an input's format, encoding and delimiter (or reads the
// workbook sheet opt.Sheet), and maps its header row to the target of opt, as
// Run would. A file without a header row has an empty Header; an input that
// cannot be read at all is an *Error.
func Inspect(in Input, opt Options) (*Detected, error) {
	target, err := targetOf(opt)
	if err != nil {
		return nil, err
	}
	d := &Detected{InputInfo: InputInfo{File: in.Name}}
	recs, _, err := open(in, opt, &d.InputInfo)
	if err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	defer recs.close()
	found, err := findHeader(recs, headerTarget(opt))
	if err != nil && err != io.EOF {
		return nil, &Error{File: in.Name, Err: err}
	}
	d.Header, d.TitleRows = found.row, len(found.titles)
	for _, t := range found.titles {
		d.Titles = append(d.Titles, titleText(t))
	}
	if d.Mapping, err = mapHeader(d.Header, opt, target); err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	d.Missing = d.Mapping.Missing()
	d.Makeable = d.Mapping.Makeable()
	if d.Mapping.Layout != nil {
		d.Layout = d.Mapping.Layout.Name
	}
	if tr, ok := recs.(textRecords); ok {
		d.Decoding = tr.detected
	}
	if d.Samples, d.HasRows, err = samples(recs, len(d.Header)); err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	return d, nil
}

// SampleValues is how many values of each column Inspect shows; it takes
// them from the first sampleRows rows after the header.
const (
	SampleValues = 3
	sampleRows   = 100
)

// samples reads up to sampleRows records and returns, per column of width,
// up to SampleValues different non-blank values, trimmed, in order, and
// whether there was any record.
func samples(recs records, width int) ([][]string, bool, error) {
	out := make([][]string, width)
	for i := range out {
		out[i] = []string{}
	}
	some := false
	for range sampleRows {
		fields, _, err := recs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
		some = true
		for i, f := range fields[:min(len(fields), width)] {
			v := string(bytes.TrimSpace(f))
			if v != "" && len(out[i]) < SampleValues && !slices.Contains(out[i], v) {
				out[i] = append(out[i], v)
			}
		}
	}
	return out, some, nil
}
