// Package leadmap maps each contact's own id (the CRM's Lead ID) to the id Genesys gave it: lead-id-mapping.csv.
//
// The mapping comes from a contact list export (Export) or from the contacts
// the API returned (Writer alone). It streams: an export of a million
// contacts is read a row at a time, in the browser, the Worker and the CLI.
package leadmap

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"contactprep/shared/csvwrite"
)

// FileName is the mapping file's name.
const FileName = "lead-id-mapping.csv"

// ContactIDColumn is the export's column of Genesys' contact id.
const ContactIDColumn = "inin-outbound-id"

// Header returns the mapping file's header row for the id column's name.
func Header(idColumn string) []string {
	return []string{idColumn, "contact_list_id", "genesys_contact_id"}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Export reads a contact list export: a UTF-8 BOM (or none), a header row
// whose names may be quoted twice ("""Lead ID""", as Genesys writes them) or
// once, the list's columns, inin-outbound-id and system columns
// (ContactCallable, Callable-<column>, …) in any order.
type Export struct {
	r        *csv.Reader
	lead, id int  // column indexes
	wrapped  bool // the header names were quoted twice: values may be too
	row      int
}

// NewExport reads the export's header and finds the id column (exactly, else
// ignoring case) and inin-outbound-id. Errors name the column, never a value.
func NewExport(r io.Reader, idColumn string) (*Export, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("the export is empty: it has no header row")
	}
	if err != nil {
		return nil, fmt.Errorf("the export's header row: %w", err)
	}
	e := &Export{r: cr, lead: -1, id: -1}
	names := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		if u, ok := unwrap(h); ok {
			h, e.wrapped = strings.TrimSpace(u), true
		}
		names[i] = h
	}
	idColumn = strings.TrimSpace(idColumn)
	if idColumn == "" {
		return nil, errors.New("no id column named: say which column holds each contact's own id")
	}
	if e.lead = find(names, idColumn); e.lead < 0 {
		return nil, fmt.Errorf("the export has no column %q", idColumn)
	}
	if e.id = find(names, ContactIDColumn); e.id < 0 {
		return nil, fmt.Errorf("the export has no %s column: is it a contact list export?", ContactIDColumn)
	}
	return e, nil
}

// find returns the column named name, exactly or else ignoring case, or -1.
func find(names []string, name string) int {
	folded := -1
	for i, n := range names {
		if n == name {
			return i
		}
		if folded < 0 && strings.EqualFold(n, name) {
			folded = i
		}
	}
	return folded
}

// unwrap removes one pair of quotes around s.
func unwrap(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1], true
	}
	return s, false
}

// Read returns the next contact's own id and Genesys' id for it; io.EOF at the
// end. A contact without its own id has leadID "". Errors name the data row.
func (e *Export) Read() (leadID, contactID string, err error) {
	rec, err := e.r.Read()
	if err == io.EOF {
		return "", "", io.EOF
	}
	e.row++
	if err != nil {
		return "", "", fmt.Errorf("export row %d: %w", e.row, err)
	}
	if len(rec) <= max(e.lead, e.id) {
		return "", "", fmt.Errorf("export row %d has %d fields, too few for the id columns", e.row, len(rec))
	}
	leadID, contactID = e.value(rec[e.lead]), e.value(rec[e.id])
	if contactID == "" {
		return "", "", fmt.Errorf("export row %d has no %s", e.row, ContactIDColumn)
	}
	return leadID, contactID, nil
}

// Row returns the 1-based data row Read returned last.
func (e *Export) Row() int { return e.row }

func (e *Export) value(s string) string {
	s = strings.TrimSpace(s)
	if e.wrapped {
		s, _ = unwrap(s)
	}
	return s
}

// Writer writes lead-id-mapping.csv: the header, then one row per contact.
type Writer struct {
	w      *bufio.Writer
	header []string
	line   []byte
	rows   int
}

// NewWriter starts a mapping file whose first column is named idColumn. The
// header is written with the first row, or by Flush when there is none.
func NewWriter(w io.Writer, idColumn string) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), header: Header(idColumn)}
}

// NewRowsWriter continues a mapping file begun by another Writer: it writes
// rows only, no header. The page gets a file of millions of rows from the
// engine in pieces, the header with the first.
func NewRowsWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes one contact's row.
func (w *Writer) Write(leadID, listID, contactID string) error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.line = csvwrite.AppendRecord(w.line[:0], leadID, listID, contactID)
	w.rows++
	_, err := w.w.Write(w.line)
	return err
}

// Append writes the rows of mapping, a mapping file another Writer wrote (the
// submission function's, of one list), after those written so far: the
// lists' files become one, with one header. It returns how many rows it
// wrote. A row is read and written again, not copied, so that the file stays
// CSV as this package writes it.
func (w *Writer) Append(mapping io.Reader) (int, error) {
	br := bufio.NewReaderSize(mapping, 64<<10)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(Header(""))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return 0, errors.New("a list's mapping is empty: it has no header row")
	}
	if err != nil || !slices.Equal(header[1:], Header("")[1:]) {
		return 0, fmt.Errorf("a list's mapping is not a %s", FileName)
	}
	n := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("a list's mapping, row %d: %w", n+1, err)
		}
		if err := w.Write(rec[0], rec[1], rec[2]); err != nil {
			return n, err
		}
		n++
	}
}

// Rows returns how many rows were written, not counting the header.
func (w *Writer) Rows() int { return w.rows }

// Flush writes what is buffered, and the header if nothing was written yet.
func (w *Writer) Flush() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	return w.w.Flush()
}

func (w *Writer) writeHeader() error {
	if w.header == nil {
		return nil
	}
	_, err := w.w.Write(csvwrite.AppendRecord(nil, w.header...))
	w.header = nil
	return err
}

// Stats counts an export's contacts.
type Stats struct {
	Contacts int // rows of the export
	Mapped   int // rows written to the mapping
	NoLeadID int // contacts without their own id: left out of the mapping
}

// Convert reads the export of contact list listID and writes a mapping row for
// every contact with its own id; it flushes w at the end. It keeps no state
// per contact (a list's contact ids are unique), so any size streams through.
func Convert(w *Writer, export io.Reader, idColumn, listID string) (Stats, error) {
	var st Stats
	e, err := NewExport(export, idColumn)
	if err != nil {
		return st, err
	}
	for {
		lead, id, err := e.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return st, err
		}
		st.Contacts++
		if lead == "" {
			st.NoLeadID++
			continue
		}
		if err := w.Write(lead, listID, id); err != nil {
			return st, err
		}
		st.Mapped++
	}
	return st, w.Flush()
}
