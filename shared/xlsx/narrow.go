package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// Narrow makes the rows still to be read leave out every cell right of
// column width (A is 1), which a header of width columns names nothing for.
// Read returns a row padded up to its rightmost cell, so one cell in column
// XFD on each row (Excel's last) would make every row 16,384 cells wide:
// 20,000 such rows took minutes. Here the sheet's XML is rewritten without
// those cells before the rows after the last one read are parsed, and the
// cells left out that held a value are counted (Ignored). A sheet whose
// cells all lie within width is left as it is.
func (r *Rows) Narrow(width int) error {
	if width <= 0 || r.widest <= width {
		return nil
	}
	v, ok := r.wb.file.Pkg.Load(r.part)
	if !ok {
		return nil
	}
	narrow, cells, rows, err := withinWidth(v.([]byte), width, r.row)
	if err != nil {
		return &SheetError{Sheet: r.sheet, LastRow: r.row, Err: err}
	}
	r.wb.file.Pkg.Store(r.part, narrow)
	fresh, err := r.wb.file.Rows(r.sheet)
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", r.sheet, err)
	}
	// The same rows again, up to the last one read: Next without Columns
	// only finds each row's start.
	for range r.row {
		if !fresh.Next() {
			_ = fresh.Close()
			return &SheetError{Sheet: r.sheet, LastRow: r.row, Err: fmt.Errorf("narrowed sheet ends before row %d", r.row)}
		}
	}
	_ = r.rows.Close()
	r.rows, r.widest = fresh, width
	r.ignored, r.ignoredRows = cells, rows
	return nil
}

// Ignored is how many cells with a value Narrow left out, on how many rows.
func (r *Rows) Ignored() (cells, rows int) { return r.ignored, r.ignoredRows }

// withinWidth returns sheet XML without the <c> elements right of column
// width, and counts those of rows after row after that hold a value. The XML
// was checked whole (checkXML), so its elements nest.
func withinWidth(sheet []byte, width, after int) (out []byte, cells, rows int, err error) {
	d := xml.NewDecoder(bytes.NewReader(sheet))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil } // offsets only; the bytes are copied as they are
	var b bytes.Buffer
	b.Grow(len(sheet))
	copied, row, col, rowCounted := int64(0), 0, 0, false
	for {
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, 0, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row, col, rowCounted = rowNumber(se.Attr, row), 0, false
			continue
		case "c":
		default:
			continue
		}
		if col = cellColumn(se.Attr, col); col <= width {
			continue
		}
		valued, err := skipCell(d)
		if err != nil {
			return nil, 0, 0, err
		}
		b.Write(sheet[copied:start])
		copied = d.InputOffset()
		if valued && row > after {
			cells++
			if !rowCounted {
				rows, rowCounted = rows+1, true
			}
		}
	}
	b.Write(sheet[copied:])
	return b.Bytes(), cells, rows, nil
}

// skipCell reads the rest of a <c> element and reports whether it held a
// value: text in its <v> or <t> elements.
func skipCell(d *xml.Decoder) (valued bool, err error) {
	depth, in := 1, ""
	for depth > 0 {
		tok, err := d.RawToken()
		if err != nil {
			return false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			in = t.Name.Local
		case xml.EndElement:
			depth--
			in = ""
		case xml.CharData:
			valued = valued || ((in == "v" || in == "t") && len(t) > 0)
		}
	}
	return valued, nil
}
