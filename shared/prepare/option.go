package prepare

import (
	"fmt"
	"strconv"
)

// OptionError is an option the engine cannot use, in the style of
// csv.ParseError: which option, the value given, and why. Each side puts it
// in its own words: the command line names its flag (--id-column), the page
// the choice the admin made. Error names the option as its Options field.
type OptionError struct {
	Option string // the Options field: "IDColumn", "Map", "ListSize", …
	Value  string // the value given, as text; for Map, the column chosen for Source
	Source string // for Map, the file's column the choice is for
	Limit  int64  // for ErrTooSmall the least value taken, for ErrTooLarge the most
	Err    error  // why: one of the Reasons below
}

func (e *OptionError) Error() string { return e.Named(e.Option) }

func (e *OptionError) Unwrap() error { return e.Err }

// Named words the error with name for the option, as a caller knows it
// (a flag: "--max-bytes"): `--max-bytes 1000: too small for a contact list's
// header and rows: at least 65536`.
func (e *OptionError) Named(name string) string {
	value := e.Value
	if e.Option == "Map" {
		value = e.Source + "=" + e.Value
	}
	if _, err := strconv.ParseInt(value, 10, 64); err != nil && value != "" {
		value = strconv.Quote(value)
	}
	s := name
	if value != "" {
		s += " " + value
	}
	s += ": " + e.Err.Error()
	switch e.Err {
	case ErrTooSmall:
		s += fmt.Sprintf(": at least %d", e.Limit)
	case ErrTooLarge:
		s += fmt.Sprintf(": at most %d", e.Limit)
	}
	return s
}

// A Reason is why an option cannot be used. Code names it for a caller that
// says it in its own words (the page); the text is the engine's own.
type Reason struct {
	Code string
	text string
}

func (r *Reason) Error() string { return r.text }

// The reasons an option is refused.
var (
	ErrRequired     = &Reason{"required", "a contact list needs it: the column holding each contact's own id"}
	ErrNotForList   = &Reason{"notForList", "does not apply to a contact list: its columns are the file's own"}
	ErrLeaveOutOnly = &Reason{"leaveOutOnly", "in a contact list a column keeps its own name: it can only be left out"}
	ErrTooSmall     = &Reason{"tooSmall", "too small for a contact list's header and rows"}
	ErrTooLarge     = &Reason{"tooLarge", "more than Genesys takes"}
	ErrNotPositive  = &Reason{"notPositive", "want a positive number"}
	ErrNoSuchColumn = &Reason{"noSuchColumn", "the file's header has no such column"}
	ErrNotInTarget  = &Reason{"notInTarget", "the target has no such column"}
	ErrNoHeader     = &Reason{"noHeader", "it has no header row"}
	ErrUnknown      = &Reason{"unknown", "not one the engine knows"}
)
