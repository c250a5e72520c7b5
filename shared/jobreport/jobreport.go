// Package jobreport reads the report Genesys writes of an import job's trial run (dryRunReportDownloadUrl): which lines of the sent file would fail, and why.
//
// Genesys documents the report's address, not its format (genesys.md §8). So
// the reading is tolerant: a line column, a status column and a reason column
// are recognised by the names such reports use, in any order and case; a
// report without them, or a row whose line cannot be read, is kept as Genesys
// wrote it (Raw), never dropped.
package jobreport

import (
	"bytes"
	"strconv"
	"strings"

	"contactprep/shared/csvread"
)

// MaxRows bounds the rows a Report keeps: the failures, and the rows kept as
// written. Dropped counts the rest.
const MaxRows = 5000

// Failure is one line of the sent file the trial run would not import.
type Failure struct {
	Line   int    `json:"line"`   // 1-based line of the sent file, its header being line 1
	Reason string `json:"reason"` // Genesys' words, as written
}

// Report is what a trial run's report says.
type Report struct {
	// Recognised is true when the line column and a status or reason column
	// were found: Failures then holds every failed row.
	Recognised bool      `json:"recognised"`
	Failures   []Failure `json:"failures"`
	// Header and Raw are the report as Genesys wrote it: all of it when it was
	// not recognised, else the failed rows whose line could not be read.
	Header  []string   `json:"header"`
	Raw     [][]string `json:"raw"`
	Dropped int        `json:"dropped"` // rows beyond MaxRows
	Cut     bool       `json:"cut"`     // the report was longer than was read
}

// Names the columns go by, compared without case, spaces, dashes or underscores.
var (
	lineNames   = []string{"linenumber", "line", "lineno", "row", "rownumber", "recordnumber"}
	statusNames = []string{"status", "result", "outcome", "state"}
	reasonNames = []string{"errors", "error", "errormessage", "errormessages", "reason", "reasons", "message", "messages", "failurereason", "details"}
	successes   = []string{"success", "succeeded", "successful", "ok", "valid", "passed", "created", "updated", "imported"}
)

// Read reads a report; cut says the bytes given stop before the report's end.
func Read(data []byte, cut bool) Report {
	rep := Report{Failures: []Failure{}, Header: []string{}, Raw: [][]string{}, Cut: cut}
	rd := csvread.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), ',')
	head, err := rd.Read()
	if err != nil {
		return rep
	}
	rep.Header = strs(head)
	line, status, reason := find(rep.Header, lineNames), find(rep.Header, statusNames), find(rep.Header, reasonNames)
	rep.Recognised = line >= 0 && (status >= 0 || reason >= 0)
	keep := func(rec []string) {
		if len(rep.Failures)+len(rep.Raw) >= MaxRows {
			rep.Dropped++
			return
		}
		rep.Raw = append(rep.Raw, rec)
	}
	for {
		b, err := rd.Read()
		if err != nil {
			break
		}
		if len(b) == 1 && len(b[0]) == 0 {
			continue
		}
		rec := strs(b)
		if !rep.Recognised {
			keep(rec)
			continue
		}
		st, why := cell(rec, status), cell(rec, reason)
		if status >= 0 && isSuccess(st) || status < 0 && why == "" {
			continue
		}
		n, err := strconv.Atoi(cell(rec, line))
		if err != nil || n < 1 {
			keep(rec)
			continue
		}
		if len(rep.Failures)+len(rep.Raw) >= MaxRows {
			rep.Dropped++
			continue
		}
		if why == "" {
			why = st
		}
		rep.Failures = append(rep.Failures, Failure{Line: n, Reason: why})
	}
	return rep
}

func strs(rec [][]byte) []string {
	out := make([]string, len(rec))
	for i, b := range rec {
		out[i] = string(b)
	}
	return out
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// find is the first column of header going by one of names, or -1.
func find(header []string, names []string) int {
	for i, h := range header {
		for _, n := range names {
			if squeeze(h) == n {
				return i
			}
		}
	}
	return -1
}

// squeeze lowers a name and drops what is not a letter or digit: "Line Number", "line_number" → "linenumber".
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

func isSuccess(status string) bool {
	for _, s := range successes {
		if squeeze(status) == s {
			return true
		}
	}
	return false
}
