// Package csvread reads delimited text (CSV, TSV, …) from memory, forgiving the mistakes real exports make.
package csvread

import (
	"encoding/binary"
	"io"
	"math/bits"
)

// Reasons reported by Malformed. They describe the syntax, never the cell values.
const (
	reasonUnterminated   = "unterminated quote"
	reasonTextAfterQuote = "text after closing quote"
	reasonTooManyFields  = "more than 16384 fields: the rest of the record is not read"
)

// MaxFields is the most fields of a record Read keeps: Excel's last column
// is the 16,384th. A record with more (a binary file, a line of millions
// of commas) gives its first MaxFields+1, so that a caller can tell, and is
// Malformed; the rest is read past without being held, so a record takes
// bounded memory whatever its shape.
const MaxFields = 16384

// maxQuotedLines bounds how many physical lines a record may span while a
// quoted field is open. Real multi-line cells (addresses, notes) span a handful
// of lines, and Excel caps a cell at 32,767 characters; a quote still open
// 10,000 lines later is a stray one, and without the bound it would be "closed"
// by the next stray quote however far away, swallowing every record between.
// The bound counts lines, not bytes, because a long single-line cell is
// legitimate and costs no records.
const maxQuotedLines = 10_000

// Reader reads records from an in-memory UTF-8 (or any ASCII-compatible)
// byte slice. It follows RFC 4180 and also accepts what real files contain:
//
//   - CRLF, LF and lone CR line ends, mixed freely.
//   - A final record without a line end. A trailing empty line (nothing after
//     the last line end) is not a record.
//   - A completely empty line (zero bytes between line ends) is a record with
//     one empty field; callers skip blank records themselves.
//   - A quote inside an unquoted field is a literal character.
//   - Characters between a closing quote and the next delimiter are kept
//     literally (the closing quote itself is dropped) and the record is
//     flagged Malformed.
//   - A quoted field that never closes — it runs to the end of data, takes the
//     record past maxQuotedLines lines, or spans line ends and is "closed" by a
//     quote followed by stray text — is taken to be a stray quote: the record's first
//     physical line is re-read with quotes as literal characters, flagged
//     Malformed, and reading continues with the next physical line. No byte
//     is lost and no stray quote swallows the rest of the file.
//
// Inside quoted fields line ends are kept exactly as written ("\r\n" stays
// "\r\n"). NUL bytes and invalid UTF-8 are ordinary data. Read never returns
// an error other than io.EOF. Besides the input, a Reader holds only the
// largest record's field slices and unescaped text, reused from record to record.
type Reader struct {
	data  []byte
	comma byte

	pos  int // next unread byte of data
	line int // physical line of data[pos], 1-based

	recordLine int
	malformed  string
	cut        bool // the last record ran into the end of data inside a quoted field

	fields  [][]byte // the record Read returns, reused
	scratch []byte   // unescaped quoted fields, reused
}

// NewReader returns a Reader over data split by comma, usually the byte Sniff
// returns. A comma that cannot separate fields ('"', '\r' or '\n') is
// replaced by ','.
func NewReader(data []byte, comma byte) *Reader {
	if comma == '"' || comma == '\r' || comma == '\n' {
		comma = ','
	}
	return &Reader{data: data, comma: comma, line: 1}
}

// Reset makes r read data from the start, as NewReader(data, comma) would,
// but keeps its buffers. Reading again the exact bytes Read consumed for a
// record (from the Offset before it to the Offset after it) returns the same
// fields: a record's reading never looks past its own end.
func (r *Reader) Reset(data []byte, comma byte) {
	if comma == '"' || comma == '\r' || comma == '\n' {
		comma = ','
	}
	*r = Reader{data: data, comma: comma, line: 1, fields: r.fields[:0], scratch: r.scratch[:0]}
}

// Read returns the next record, or io.EOF after the last one. The record and
// its fields alias the input or an internal buffer and are valid only until
// the next call to Read; copy what you keep. Fields have no spare capacity, so
// appending to one never overwrites its neighbour.
func (r *Reader) Read() ([][]byte, error) {
	r.malformed, r.cut = "", false
	if r.pos >= len(r.data) {
		return nil, io.EOF
	}
	start, startLine := r.pos, r.line
	r.recordLine = startLine
	defer func() {
		if len(r.fields) > MaxFields && r.malformed == "" {
			r.malformed = reasonTooManyFields
		}
	}()
	if !r.readRecord(true) {
		// Reading stays linear: every quote run inside the failed field has even
		// length, and an even run cannot open a field, so the next failure can
		// start no earlier than where this one ended.
		r.pos, r.line = start, startLine
		r.readRecord(false)
		r.malformed = reasonUnterminated
	}
	return r.fields, nil
}

// Line returns the 1-based physical line where the last record started.
func (r *Reader) Line() int { return r.recordLine }

// Offset returns the byte offset just after the last record and its line end;
// it reaches len(data) when Read returns io.EOF.
func (r *Reader) Offset() int64 { return int64(r.pos) }

// Cut reports whether the last record ran into the end of the data inside a
// quoted field (and was then read again with quotes as literal characters).
// Reading a slice of a larger text, it means the slice may have been cut
// inside a quoted field, where a reader of the whole text would not end it.
func (r *Reader) Cut() bool { return r.cut }

// Malformed returns "" if the last record was well formed, or else a short
// reason naming the syntax problem. The reason never contains cell values.
func (r *Reader) Malformed() string { return r.malformed }

// readRecord reads one record from r.pos into r.fields. With quotes false every
// quote is literal and the record ends at the first line end. It reports false,
// leaving r.pos undefined, if a quoted field never closes.
func (r *Reader) readRecord(quotes bool) bool {
	r.fields = r.fields[:0]
	r.scratch = r.scratch[:0]
	data, comma := r.data, r.comma
	stop := stopTable(comma)
	pos := r.pos
	kept := 0 // scratch the kept fields use
	for {
		var field []byte
		if quotes && pos < len(data) && data[pos] == '"' {
			var ok bool
			if field, pos, ok = r.readQuoted(pos); !ok {
				return false
			}
		} else {
			start := pos
			if stop != nil {
				pos = skipPlain(data, pos, comma)
				for pos < len(data) && !stop[data[pos]] {
					pos++
				}
			} else {
				for pos < len(data) {
					if c := data[pos]; c == comma || c == '\n' || c == '\r' {
						break
					}
					pos++
				}
			}
			field = data[start:pos:pos]
		}
		if len(r.fields) <= MaxFields {
			r.fields = append(r.fields, field)
			kept = len(r.scratch)
		} else {
			r.scratch = r.scratch[:kept] // the field read past
		}
		if pos >= len(data) {
			r.pos = pos
			return true
		}
		switch data[pos] {
		case '\n':
			r.pos, r.line = pos+1, r.line+1
			return true
		case '\r':
			pos++
			if pos < len(data) && data[pos] == '\n' {
				pos++
			}
			r.pos, r.line = pos, r.line+1
			return true
		default: // the delimiter
			pos++
		}
	}
}

// skipPlain returns the position of the first delimiter or line end at or
// after pos in data, or of the last few bytes before the end of data, which
// the caller reads a byte at a time. It reads eight bytes at a time: most
// fields are several bytes long, and a byte loop is the inner loop of
// reading (in WebAssembly, with a bounds check and a table lookup a byte).
func skipPlain(data []byte, pos int, comma byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	c, n, r := ones*uint64(comma), ones*uint64('\n'), ones*uint64('\r')
	for ; pos+8 <= len(data); pos += 8 {
		w := binary.LittleEndian.Uint64(data[pos:])
		// A byte of w equal to the one repeated in x is a zero byte of w^x;
		// the lowest byte that is zero sets the lowest high bit here (higher
		// ones may be set falsely by a borrow, and are not looked at).
		x, y, z := w^c, w^n, w^r
		if m := ((x - ones) &^ x) | ((y - ones) &^ y) | ((z - ones) &^ z); m&highs != 0 {
			return pos + bits.TrailingZeros64(m&highs)/8
		}
	}
	return pos
}

// stopTable marks, for the usual delimiters, the bytes that end an unquoted
// field: the delimiter and the line ends. One lookup a byte instead of three
// comparisons is the inner loop of reading; other delimiters get nil.
func stopTable(comma byte) *[256]bool {
	switch comma {
	case ',':
		return &stopComma
	case ';':
		return &stopSemicolon
	case '\t':
		return &stopTab
	case '|':
		return &stopPipe
	}
	return nil
}

var stopComma, stopSemicolon, stopTab, stopPipe = stops(','), stops(';'), stops('\t'), stops('|')

func stops(comma byte) (t [256]bool) {
	t[comma], t['\n'], t['\r'] = true, true, true
	return t
}

// readQuoted reads the quoted field whose opening quote is at data[pos]. It
// returns the unescaped field and the position of the delimiter, line end or
// end of data after it, or ok false if the field never properly closes.
func (r *Reader) readQuoted(pos int) (field []byte, next int, ok bool) {
	data, comma := r.data, r.comma
	openLine := r.line
	pos++
	segment := pos // start of content not yet copied to scratch
	copied := -1   // start of this field in scratch, once it needs scratch
	for {
		if pos >= len(data) {
			r.cut = true
			return nil, pos, false
		}
		switch data[pos] {
		case '"':
			if pos+1 < len(data) && data[pos+1] == '"' {
				if copied < 0 {
					copied = len(r.scratch)
				}
				r.scratch = append(r.scratch, data[segment:pos+1]...)
				pos += 2
				segment = pos
				continue
			}
			end := pos
			pos++
			stray := pos
			for pos < len(data) {
				if c := data[pos]; c == comma || c == '\n' || c == '\r' {
					break
				}
				pos++
			}
			if pos == stray && copied < 0 {
				return data[segment:end:end], pos, true
			}
			if pos > stray {
				if r.line != openLine {
					return nil, pos, false
				}
				r.malformed = reasonTextAfterQuote
			}
			if copied < 0 {
				copied = len(r.scratch)
			}
			r.scratch = append(r.scratch, data[segment:end]...)
			r.scratch = append(r.scratch, data[stray:pos]...)
			return r.scratch[copied:len(r.scratch):len(r.scratch)], pos, true
		case '\r':
			if pos+1 < len(data) && data[pos+1] == '\n' {
				break // the '\n' counts the line
			}
			fallthrough
		case '\n':
			r.line++
			if r.line-r.recordLine >= maxQuotedLines {
				return nil, pos, false
			}
		}
		pos++
	}
}
