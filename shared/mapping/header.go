package mapping

import (
	"strings"
	"unicode"

	"contactprep/shared/schema"
)

// HeadRows is how many rows from the top of a file or sheet the header row
// is looked for in: CRM and ERP exports put a title, a date or a filter
// above it ("Q3 customer contacts", an empty line, then the header).
const HeadRows = 10

// Score returns how many of t's columns the cells of row would fill, as Map
// matches headers: how much the row looks like a header row for t.
func Score(row []string, t *schema.Target) int {
	n := 0
	for _, to := range Map(row, t, nil).To {
		if to >= 0 {
			n++
		}
	}
	return n
}

// HeaderRow returns which of rows, the first rows of a file or sheet
// (blank ones too, at most HeadRows are looked at), is its header row, and
// that row's Score; -1 when all are blank. It is the first non-blank row
// unless a later one fills at least twice as many cells as every row above
// it (title lines fill a cell or a few, the header a column each), holds no
// value only data has (an e-mail address, a number), and matches at least
// two columns, more than any row above; or, when no row matches, unless the first fills a single
// cell and a later one more (a title above a header of names no column
// matches).
func HeaderRow(rows [][]string, t *schema.Target) (at, score int) {
	at, widest, lone := -1, 0, -1
	for k, row := range rows[:min(len(rows), HeadRows)] {
		n := filled(row)
		if n == 0 {
			continue
		}
		if at < 0 {
			at, widest, score = k, n, Score(row, t)
			continue
		}
		wider := n >= 2*widest
		if lone < 0 && widest == 1 && n > 1 {
			lone = k
		}
		widest = max(widest, n)
		if !wider || holdsData(row) {
			continue
		}
		if s := Score(row, t); s >= 2 && s > score {
			at, score = k, s
		}
	}
	if score == 0 && lone >= 0 {
		at = lone
	}
	return at, score
}

// HeadRead reports whether rows, a file's first rows as read so far, are
// enough to find its header row in (FindHeader): HeadRows rows, and after
// blank ones the first that is not.
func HeadRead(rows [][]string) bool {
	return len(rows) >= HeadRows && filled(rows[len(rows)-1]) > 0
}

// FindHeader returns which of rows, a file's first rows read until HeadRead
// or the end, is its header row; -1 for none. It is HeaderRow's, or, when
// the first HeadRows rows are blank, the first row after them.
func FindHeader(rows [][]string, t *schema.Target) int {
	at, _ := HeaderRow(rows, t)
	if at < 0 && len(rows) > HeadRows {
		at = len(rows) - 1
	}
	return at
}

// SheetScore scores a workbook sheet's first rows (head) as the sheet of
// contacts to read: its header row's Score (HeaderRow), or -1 when the head
// holds no table at all, no row filling two cells and none matching a
// column: a cover sheet's title and notes, each a lone cell, are no
// contacts, even in a workbook that has no other sheet.
func SheetScore(head [][]string, t *schema.Target) int {
	at, score := HeaderRow(head, t)
	if at < 0 {
		return -1
	}
	if score > 0 {
		return score
	}
	for _, row := range head[:min(len(head), HeadRows)] {
		if filled(row) >= 2 {
			return 0
		}
	}
	return -1
}

// filled counts a row's cells that hold more than white space.
func filled(row []string) int {
	n := 0
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// holdsData reports a row with a cell no header has: an e-mail address, or
// a number of three digits or more without a letter (a phone, an ID, a date).
func holdsData(row []string) bool {
	for _, c := range row {
		if strings.ContainsRune(c, '@') {
			return true
		}
		digits, letters := 0, 0
		for _, r := range c {
			switch {
			case unicode.IsDigit(r):
				digits++
			case unicode.IsLetter(r):
				letters++
			}
		}
		if digits >= 3 && letters == 0 {
			return true
		}
	}
	return false
}
