// Package xlsx reads XLSX workbooks safely and streams their rows as text.
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits bound what Open is willing to unpack. A zero or negative field takes
// its default from DefaultLimits.
type Limits struct {
	MaxRatio        int64 // max compression ratio of any part (unpacked/packed size); default 100
	MaxUncompressed int64 // cap on the total unpacked size of all parts in bytes; default 1 GiB
}

// DefaultLimits are the limits a zero Limits stands for: no part may unpack to
// more than 100 times its packed size, and all parts together to no more than 1 GiB.
var DefaultLimits = Limits{MaxRatio: 100, MaxUncompressed: 1 << 30}

// The errors Open and Read wrap, so callers can tell the cases apart with errors.Is.
var (
	ErrUnsupportedFormat = errors.New("unsupported format: save as XLSX or CSV")
	ErrTooLarge          = errors.New("workbook unpacks too large (zip bomb?)")
	ErrDamaged           = errors.New("damaged or truncated XLSX file")
	ErrNoSheet           = errors.New("no sheet of the workbook holds contacts: each is empty or holds only a title or notes")
)

// ratioFloor is the unpacked size below which the ratio check is skipped. Small
// parts compress at wild ratios (a sheet of empty styled cells, a theme) and
// cannot hurt on their own; many of them together are held to the ratio as
// one, and bounded by MaxUncompressed.
const ratioFloor = 1 << 20

// workbookPart is the part every Excel workbook has; a .docx, .numbers, .ods or
// .xlsb archive does not.
const workbookPart = "xl/workbook.xml"

// oleMagic starts legacy .xls files and password-protected XLSX (which Excel
// wraps in an OLE container).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func (l Limits) withDefaults() Limits {
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = DefaultLimits.MaxUncompressed
	}
	return l
}

// Workbook is an opened XLSX file. All its parts are held in memory: contact
// data never goes to a temporary file, and the browser has no file system.
type Workbook struct {
	file   *excelize.File
	sheets []string
	parts  map[string]string // each sheet's part, by sheet name
}

// Open checks the archive against lim, then opens it. Nothing is parsed before
// the checks pass, and no error carries a cell value. Memory is a copy of data,
// the unpacked parts (which lim caps) and the decoded shared strings.
func Open(data []byte, lim Limits) (*Workbook, error) {
	lim = lim.withDefaults()
	if err := checkArchive(data, lim); err != nil {
		return nil, err
	}
	file, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Parts above UnzipXMLSizeLimit would go to temporary files; making it
		// equal to UnzipSizeLimit keeps every part in memory, within the cap.
		UnzipSizeLimit:    lim.MaxUncompressed,
		UnzipXMLSizeLimit: lim.MaxUncompressed,
	})
	if err != nil {
		if file != nil {
			_ = file.Close()
		}
		return nil, fmt.Errorf("xlsx: %w: %w", ErrDamaged, err)
	}
	// excelize's raw mode (RawCellValue) returns the XML text of a cell and
	// loses its type: a boolean reads "1", and a number stored as 4.47E+11
	// cannot be told from the text "4.47E+11". Its formatted mode knows the
	// type (TRUE/FALSE, numbers in plain decimal) but applies number formats
	// through the cell styles. Dropping the styles' cell formats gets the
	// typed value with no number format applied; the file is never saved.
	if file.Styles != nil {
		file.Styles.CellXfs = nil
	}
	w := &Workbook{file: file, sheets: file.GetSheetList()}
	if w.parts, err = sheetParts(file); err != nil {
		_ = file.Close()
		return nil, err
	}
	return w, nil
}

// checkArchive refuses data that is not an XLSX archive or that would unpack
// beyond lim, reading only the central directory and unpacking to nowhere.
func checkArchive(data []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	switch {
	case err == nil:
	case bytes.HasPrefix(data, oleMagic):
		return fmt.Errorf("xlsx: legacy .xls or password-protected workbook: %w", ErrUnsupportedFormat)
	case bytes.HasPrefix(data, []byte("PK")):
		return fmt.Errorf("xlsx: %w: %w", ErrDamaged, err)
	default:
		return fmt.Errorf("xlsx: not a zip archive: %w", ErrUnsupportedFormat)
	}
	if !hasPart(zr, workbookPart) {
		return fmt.Errorf("xlsx: no %s in the archive: %w", workbookPart, ErrUnsupportedFormat)
	}
	size := uint64(len(data))
	maxTotal := uint64(lim.MaxUncompressed)
	maxRatio := uint64(lim.MaxRatio)
	var packed, unpacked uint64
	for _, f := range zr.File {
		p, u := f.CompressedSize64, f.UncompressedSize64
		if p > size-packed {
			// Parts that claim more bytes than the file has, together or
			// alone, are damaged or overlap (a zip bomb trick).
			return fmt.Errorf("xlsx: part %q: sizes do not fit the file: %w", f.Name, ErrDamaged)
		}
		packed += p
		if u > maxTotal-unpacked {
			return fmt.Errorf("xlsx: parts unpack to more than %d bytes: %w", maxTotal, ErrTooLarge)
		}
		unpacked += u
		if u > ratioFloor && u/max(p, 1) > maxRatio {
			return fmt.Errorf("xlsx: part %q unpacks to %d times its size (limit %d): %w",
				f.Name, u/max(p, 1), maxRatio, ErrTooLarge)
		}
	}
	// Many parts each under the floor are a bomb too (1,000 parts of 1 MiB
	// took 2.44 GB): the ratio holds for all of them together.
	if unpacked > ratioFloor && unpacked/max(packed, 1) > maxRatio {
		return fmt.Errorf("xlsx: the parts together unpack to %d times their size (limit %d): %w",
			unpacked/max(packed, 1), maxRatio, ErrTooLarge)
	}
	return unpackAll(zr, lim.MaxUncompressed)
}

// unpackAll unpacks every part to nowhere. excelize ignores read errors when it
// unpacks a part, so a damaged part would silently lose rows; here a wrong
// checksum or size is an error. The bytes actually produced are counted too:
// archive/zip stops at the declared size, but the cap does not rely on it.
func unpackAll(zr *zip.Reader, budget int64) error {
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("xlsx: part %q: %w: %w", f.Name, ErrDamaged, err)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, budget+1))
		_ = rc.Close()
		if err != nil {
			return fmt.Errorf("xlsx: part %q: %w: %w", f.Name, ErrDamaged, err)
		}
		if budget -= n; budget < 0 {
			return fmt.Errorf("xlsx: parts unpack to more bytes than declared: %w", ErrTooLarge)
		}
	}
	return nil
}

// hasPart reports whether the archive holds the named part, spelled with either
// slash as excelize accepts.
func hasPart(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if strings.ReplaceAll(f.Name, `\`, "/") == name {
			return true
		}
	}
	return false
}

// Sheets returns the sheet names in workbook order.
func (w *Workbook) Sheets() []string { return w.sheets }

// BestSheet returns the sheet with data whose first n rows score highest,
// the earlier of equals: the sheet of contacts behind a cover sheet, scored
// by how much a row looks like their header (mapping.SheetScore). A sheet
// scored below 0 holds no contacts (a cover page) and is never chosen. A
// damaged sheet met first is returned as it is, for Rows to tell that it is
// damaged rather than another sheet being read without a word. "" when no
// sheet has data (ErrNoSheet for callers).
func (w *Workbook) BestSheet(n int, score func(head [][]string) int) string {
	best, top := "", -1
	for _, sheet := range w.sheets {
		head, err := w.head(sheet, n)
		if err != nil {
			return sheet
		}
		if len(head) == 0 {
			continue
		}
		if s := score(head); s > top {
			best, top = sheet, s
		}
	}
	return best
}

// head returns a sheet's first n rows from its first with a cell (none for
// an empty sheet), or the error that the sheet is damaged.
func (w *Workbook) head(sheet string, n int) ([][]string, error) {
	rows, err := w.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var head [][]string
	for len(head) < n {
		cells, err := rows.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(cells) > 0 || len(head) > 0 {
			head = append(head, cells)
		}
	}
	return head, nil
}

// Rows starts streaming the rows of the named sheet; an unknown name is an
// error that names it. A sheet whose XML is damaged is a *SheetError before
// any row is read: excelize would end its rows at the damage without a word.
func (w *Workbook) Rows(sheet string) (*Rows, error) {
	rows, err := w.file.Rows(sheet)
	if err != nil {
		if _, ok := errors.AsType[excelize.ErrSheetNotExist](err); ok {
			return nil, fmt.Errorf("xlsx: no sheet named %q", sheet)
		}
		return nil, fmt.Errorf("xlsx: sheet %q: %w", sheet, err)
	}
	part, widest, err := w.check(sheet)
	if err != nil {
		_ = rows.Close()
		return nil, err
	}
	return &Rows{wb: w, sheet: sheet, part: part, widest: widest, rows: rows}, nil
}

// Close releases the workbook.
func (w *Workbook) Close() error { return w.file.Close() }

// Rows streams the rows of one sheet.
type Rows struct {
	wb     *Workbook
	sheet  string
	part   string // the sheet's part in the archive
	widest int    // the column of the sheet's rightmost cell
	rows   *excelize.Rows
	row    int
	// ignored counts the cells with a value that Narrow left out, on
	// ignoredRows rows.
	ignored, ignoredRows int
}

// Read returns the next row's cells, or io.EOF after the last row. Trailing
// empty cells are trimmed and cells missing before the last are "". Rows the
// sheet skips come back as empty records, so Row stays the sheet's row number.
// Values are as stored, with no number format applied: text as written
// ("00441234"), numbers in plain decimal ("4155552671", not "4.155552671E+09";
// over 15 significant digits rounded to 15 as Excel shows them), booleans TRUE
// or FALSE, formulas their cached value. The slice is the caller's to keep.
func (r *Rows) Read() ([]string, error) {
	if !r.rows.Next() {
		if err := r.rows.Error(); err != nil {
			return nil, &SheetError{Sheet: r.sheet, LastRow: r.row, Err: err}
		}
		return nil, io.EOF
	}
	r.row++
	cells, err := r.rows.Columns()
	if err != nil {
		return nil, &SheetError{Sheet: r.sheet, LastRow: r.row - 1, Err: err}
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells, nil
}

// Row returns the 1-based sheet row number of the last row read. Rows are
// numbered in the order the sheet stores them.
func (r *Rows) Row() int { return r.row }

// Close stops the stream.
func (r *Rows) Close() error { return r.rows.Close() }
