package prepare

import (
	"io"

	"contactprep/shared/decode"
	"contactprep/shared/mapping"
)

// Detected is what Inspect learns of an input without checking its rows: what
// the page shows the admin before the run, to confirm or change the mapping.
type Detected struct {
	InputInfo
	Header  []string         `json:"header"`
	Mapping *mapping.Mapping `json:"-"`
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
	if d.Header, err = header(recs); err != nil && err != io.EOF {
		return nil, &Error{File: in.Name, Err: err}
	}
	if d.Mapping, err = mapHeader(d.Header, opt, target); err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	if tr, ok := recs.(textRecords); ok {
		d.Decoding = tr.detected
	}
	return d, nil
}
