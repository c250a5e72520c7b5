package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SheetError is a sheet that cannot be read to its end: its XML breaks off
// or is damaged (a partial download, a bare "&" written by a careless
// exporter, a broken tag). The rows after LastRow would be lost, so none are
// read. It is ErrDamaged for errors.Is, and its text never holds a cell value.
type SheetError struct {
	Sheet   string
	LastRow int   // the sheet row number of the last row that reads whole; 0 for none
	Err     error // what broke; its text may quote the sheet, so Error leaves it out
}

func (e *SheetError) Error() string {
	if e.LastRow == 0 {
		return fmt.Sprintf("the sheet %q is damaged before its first row: open the file in Excel and save it again", e.Sheet)
	}
	return fmt.Sprintf("the sheet %q is damaged after row %d: open the file in Excel and save it again", e.Sheet, e.LastRow)
}

func (e *SheetError) Unwrap() error        { return e.Err }
func (e *SheetError) Is(target error) bool { return target == ErrDamaged }

// sharedStringsPart holds the text of most cells; excelize reports its
// damage only as a decoding error with the XML parser's words.
const sharedStringsPart = "xl/sharedStrings.xml"

// check reads the named sheet's XML, and the shared strings, through to their
// ends, and returns a *SheetError if either is not well formed. excelize
// stops reading a sheet at its first XML error as if the sheet ended there.
// It returns the sheet's part and its widest cell's column (1-based).
func (w *Workbook) check(sheet string) (part string, widest int, err error) {
	name, ok := "", false
	for s, p := range w.parts {
		if strings.EqualFold(s, sheet) { // as excelize finds it
			name, ok = p, true
		}
	}
	if !ok {
		return "", 0, &SheetError{Sheet: sheet, Err: errors.New("no part for the sheet")}
	}
	last, widest, err := w.checkXML(name)
	if err != nil {
		return "", 0, &SheetError{Sheet: sheet, LastRow: last, Err: err}
	}
	if _, _, err := w.checkXML(sharedStringsPart); err != nil {
		return "", 0, &SheetError{Sheet: sheet, Err: fmt.Errorf("shared strings: %w", err)}
	}
	return name, widest, nil
}

// checkXML reads the named part's XML to its end, if the workbook has the
// part, and returns the number of the last <row> that closed before any
// damage: an element left open at the end, an end tag that closes another,
// or anything encoding/xml refuses. widest is the column of the rightmost
// cell (<c>) of a sheet.
func (w *Workbook) checkXML(name string) (lastRow, widest int, err error) {
	v, ok := w.file.Pkg.Load(name)
	if !ok {
		return 0, 0, nil
	}
	d := xml.NewDecoder(bytes.NewReader(v.([]byte)))
	d.CharsetReader = w.file.CharsetReader
	var open []xml.Name
	row, roots, col := 0, 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(open) > 0 || roots != 1 {
				return lastRow, widest, io.ErrUnexpectedEOF
			}
			return lastRow, widest, nil
		}
		if err != nil {
			return lastRow, widest, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(open) == 0 {
				roots++
			}
			open = append(open, t.Name)
			switch t.Name.Local {
			case "row":
				row, col = rowNumber(t.Attr, row), 0
			case "c":
				col = cellColumn(t.Attr, col)
				widest = max(widest, col)
			}
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				line, _ := d.InputPos()
				return lastRow, widest, fmt.Errorf("line %d: an end tag closes no open element", line)
			}
			open = open[:len(open)-1]
			if t.Name.Local == "row" {
				lastRow = row
			}
		}
	}
}

// rowNumber is a <row>'s number: its r attribute, or the one after prev.
func rowNumber(attrs []xml.Attr, prev int) int {
	for _, a := range attrs {
		if a.Name.Local == "r" {
			if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
				return n
			}
		}
	}
	return prev + 1
}

// cellColumn is a <c>'s column (A is 1): from the letters of its r
// attribute, or the one after prev.
func cellColumn(attrs []xml.Attr, prev int) int {
	for _, a := range attrs {
		if a.Name.Local != "r" {
			continue
		}
		col := 0
		for i := 0; i < len(a.Value) && col <= 1<<20; i++ {
			c := a.Value[i] &^ 0x20 // upper case, as excelize reads it
			if c < 'A' || c > 'Z' {
				break
			}
			col = col*26 + int(c-'A') + 1
		}
		if col > 0 {
			return col
		}
	}
	return prev + 1
}

// The workbook's own XML, as much of it as sheetParts needs.
type (
	workbookXML struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"` // r:id, in either the transitional or the strict namespace
		} `xml:"sheets>sheet"`
	}
	relsXML struct {
		Relationships []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
)

// sheetParts finds each sheet's part in the archive, as excelize does:
// through the workbook's relationships, a target relative to xl/ or
// absolute. A sheet whose part cannot be found is left out; Rows refuses it.
func sheetParts(f *excelize.File) (map[string]string, error) {
	var wb workbookXML
	var rels relsXML
	for name, into := range map[string]any{workbookPart: &wb, "xl/_rels/workbook.xml.rels": &rels} {
		v, ok := f.Pkg.Load(name)
		if !ok {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(v.([]byte)))
		d.CharsetReader = f.CharsetReader
		if err := d.Decode(into); err != nil {
			return nil, fmt.Errorf("xlsx: %s: %w", name, ErrDamaged)
		}
	}
	target := make(map[string]string, len(rels.Relationships))
	for _, r := range rels.Relationships {
		target[r.ID] = r.Target
	}
	parts := make(map[string]string, len(wb.Sheets))
	for _, s := range wb.Sheets {
		t, ok := target[s.ID]
		if !ok {
			continue
		}
		t = strings.ReplaceAll(t, `\`, "/")
		if strings.HasPrefix(t, "/") {
			parts[s.Name] = strings.TrimPrefix(path.Clean(t), "/")
		} else {
			parts[s.Name] = path.Clean(path.Join(path.Dir(workbookPart), t))
		}
	}
	return parts, nil
}
