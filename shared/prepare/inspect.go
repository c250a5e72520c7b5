package prepare

import (
	"errors"
	"io"

	"contactprep/shared/check"
	"contactprep/shared/csvread"
	"contactprep/shared/mapping"
	"contactprep/shared/schema"
	"contactprep/shared/sniff"
)

// Detected is what Inspect learns of an input without checking its rows: what
// the page shows the admin before the run, to confirm or change the mapping.
type Detected struct {
	InputInfo
	Header  []string         `json:"header"`
	Mapping *mapping.Mapping `json:"-"`
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
	format, err := sniff.Detect(in.Data)
	if err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	d.Format = string(format)
	if format == sniff.XLSX {
		err = inspectWorkbook(in, opt, d)
	} else {
		err = inspectText(in, opt, d)
	}
	if err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	if d.Mapping, err = mapHeader(d.Header, opt, check.New(target, nil)); err != nil {
		return nil, &Error{File: in.Name, Err: err}
	}
	return d, nil
}

func inspectText(in Input, opt Options, d *Detected) error {
	text, err := decodeText(in, opt, check.New(&schema.Target{}, nil), &d.InputInfo)
	if err != nil {
		return err
	}
	comma := csvread.Sniff(text[:min(len(text), 1<<16)])
	d.Delimiter = string(comma)
	r := csvread.NewReader(text, comma)
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !blank(fields) {
			d.Header = strings2(fields)
			return nil
		}
	}
}

func inspectWorkbook(in Input, opt Options, d *Detected) error {
	if opt.Workbooks == nil {
		return errors.New("XLSX support is not loaded here: save the sheet as CSV")
	}
	rows, sheet, err := opt.Workbooks(in.Data, opt.Sheet)
	if err != nil {
		return err
	}
	if c, ok := rows.(io.Closer); ok {
		defer c.Close()
	}
	d.Sheet, d.Encoding, d.Confidence = sheet, "utf-8", 1
	for {
		cells, err := rows.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !blankStrings(cells) {
			d.Header = cells
			return nil
		}
	}
}
