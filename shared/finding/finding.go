// Package finding defines what the engine reports about its input: a code, a place and a severity.
package finding

import "fmt"

// Severity says what a finding does to its row.
type Severity uint8

const (
	Info    Severity = iota // nothing to do; the row was changed or noted
	Warning                 // the row is exported, but someone should look
	Error                   // the row is rejected
)

var severityNames = [...]string{"info", "warning", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", s)
}

// MarshalText writes the severity as info, warning or error.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads info, warning or error.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if string(b) == n {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q", b)
}

// Code names the kind of a finding. The values are a public contract: tests and
// reports outside this repository rely on them, so codes are added, never renamed.
type Code string

const (
	MissingRequired    Code = "missing_required"
	DuplicateContactID Code = "duplicate_contact_id"
	AccountConflict    Code = "account_conflict"
	AccountNameReuse   Code = "account_name_reuse"
	AccountFilled      Code = "account_filled"
	PhoneNormalized    Code = "phone_normalized"
	PhoneInvalid       Code = "phone_invalid"
	PhoneExtension     Code = "phone_extension"
	PhoneExcelDamage   Code = "phone_excel_damage"
	EmailInvalid       Code = "email_invalid"
	URLInvalid         Code = "url_invalid"
	URLNormalized      Code = "url_normalized"
	BoolInvalid        Code = "bool_invalid"
	ValueTooLong       Code = "value_too_long"
	UnknownColumn      Code = "unknown_column"
	HeaderMapped       Code = "header_mapped"
	HeaderDuplicate    Code = "header_duplicate"
	MissingColumn      Code = "missing_column"
	FormulaPrefix      Code = "formula_prefix"
	IDExcelDamage      Code = "id_excel_damage"
	MalformedRow       Code = "malformed_row"
	EncodingConverted  Code = "encoding_converted"
	EncodingInvalid    Code = "encoding_invalid"
	DuplicateRowMerged Code = "duplicate_row_merged"
	FileTooLarge       Code = "file_too_large"
	EmptyFile          Code = "empty_file"
	TooManyColumns     Code = "too_many_columns"     // a contact list holds at most 50 columns
	HeaderTooLong      Code = "header_too_long"      // a contact list's column names are at most 128 characters
	LayoutRecognized   Code = "layout_recognized"    // the header row is a known export's (Google Contacts, Outlook, …)
	IDMade             Code = "id_made"              // Contact IDs or Account IDs are made from each row's values
	ValueLeftOut       Code = "value_left_out"       // a labelled value found no free column of its kind
	TitleRows          Code = "title_rows"           // rows above the header row, left out as a title
	PhoneCountryUnsure Code = "phone_country_unsure" // valid only in the chosen country, not in the row's own
	RowLeftOut         Code = "row_left_out"         // the admin chose to leave the row out
)

// Codes lists every code, in the order above: what a test that must cover
// every kind of finding (its words, its page text) goes through.
var Codes = []Code{
	MissingRequired, DuplicateContactID, AccountConflict, AccountNameReuse, AccountFilled,
	PhoneNormalized, PhoneInvalid, PhoneExtension, PhoneExcelDamage, EmailInvalid, URLInvalid,
	URLNormalized, BoolInvalid, ValueTooLong, UnknownColumn, HeaderMapped, HeaderDuplicate,
	MissingColumn, FormulaPrefix, IDExcelDamage, MalformedRow, EncodingConverted, EncodingInvalid,
	DuplicateRowMerged, FileTooLarge, EmptyFile, TooManyColumns, HeaderTooLong, LayoutRecognized, IDMade,
	ValueLeftOut, TitleRows, PhoneCountryUnsure, RowLeftOut,
}

// Finding is one thing the engine noticed. Row is the 1-based data row of the
// source file (the header is row 0, and file-level findings use 0 too); Column is
// the source column's header. Message never contains cell values: values go in
// Original and Suggested, so a message can be logged without leaking contact data.
type Finding struct {
	File      string   `json:"file"`
	Row       int      `json:"row"`
	Column    string   `json:"column"`
	Code      Code     `json:"code"`
	Severity  Severity `json:"severity"`
	Original  string   `json:"original"`
	Suggested string   `json:"suggested"`
	Message   string   `json:"message"`
}

// Header is the column order of findings.csv.
var Header = []string{"file", "row", "column", "code", "severity", "original", "suggested", "message"}
