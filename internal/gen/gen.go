// Package gen writes realistic dirty contact files, byte-identical for a seed, for tests and benchmarks.
package gen

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Options says what file to write. The zero value asks for an empty UTF-8 CSV
// with the default dirt.
type Options struct {
	// Kind is "contacts" (default: Columns, for External Contacts) or "leads"
	// (LeadColumns: a CRM's lead export for a dialer contact list, every Lead ID
	// unique, a UTF-8 BOM and every header quoted unless Encoding says otherwise).
	Kind     string
	Rows     int    // data rows, not counting the header
	Seed     int64  // the same seed and options give byte-identical output
	Format   string // "csv" (default) or "xlsx"
	Encoding string // csv only: "utf-8" (default), "utf-8-bom", "windows-1252", "utf-16le" (with BOM, like Excel's "Unicode Text"), "shift_jis"
	// Delimiter separates csv fields: ',' (default), ';' or '\t'. For utf-16le the
	// default is '\t', as Excel writes it.
	Delimiter byte
	// The rates below are shares of rows. Zero means the default; a negative rate
	// means none.
	DuplicateRate       float64 // rows repeating an earlier Customer ID with identical data (default 0.02)
	ConflictRate        float64 // rows repeating an earlier Customer ID with different names (default 0.005)
	AccountConflictRate float64 // rows whose account data differs from other rows of the same Company ID (default 0.005)
	// Clean drops all dirt: E.164 phones, valid e-mails and opt-outs, no
	// duplicates or conflicts. It is the baseline for speed measurements.
	Clean bool
}

// Truth counts what the generator injected, so tests can check the engine's counts.
type Truth struct {
	Rows int `json:"rows"`
	// DuplicateRows counts rows identical to an earlier row.
	DuplicateRows int `json:"duplicate_rows"`
	// ConflictingContactIDs counts Customer IDs whose rows carry more than one name.
	ConflictingContactIDs int `json:"conflicting_contact_ids"`
	// ConflictingAccountIDs counts Company IDs whose rows carry more than one version
	// of the account data (Company through Country).
	ConflictingAccountIDs int `json:"conflicting_account_ids"`
	// InvalidPhones counts phone cells that hold no valid number ("555-0123", "n/a").
	InvalidPhones int `json:"invalid_phones"`
	// DamagedPhones counts phone cells Excel turned into scientific notation
	// ("4.15555E+09"): their last digits are lost. They are not in InvalidPhones.
	DamagedPhones int `json:"damaged_phones"`
}

// Columns is the header row, named as CRMs export it rather than as Genesys does.
var Columns = []string{"Customer ID", "First Name", "Last Name", "Email", "Mobile", "Work Phone",
	"Home Phone", "Company ID", "Company", "Website", "Street", "City", "State", "Zip", "Country", "Opt Out"}

const (
	colCompany = 8  // first account column after Company ID
	colCountry = 14 // last account column
)

const (
	// maxRows bounds the memory for counting the Truth (about 1.2 bytes a row)
	// at some 150 MB, for a CSV of about 18 GB.
	maxRows = 100_000_000
	// maxXLSXRows is Excel's sheet limit less the header row.
	maxXLSXRows = 1<<20 - 1
)

// Write writes a contact file.
func Write(w io.Writer, opt Options) error {
	_, err := WriteWithTruth(w, opt)
	return err
}

// WriteWithTruth writes a contact file and returns what it injected.
func WriteWithTruth(w io.Writer, opt Options) (Truth, error) {
	opt, err := opt.normalized()
	if err != nil {
		return Truth{}, err
	}
	g := newGenerator(opt)
	if opt.Format == "xlsx" {
		return g.writeXLSX(w)
	}
	return g.writeCSV(w, opt.Encoding)
}

var encodings = []string{"utf-8", "utf-8-bom", "windows-1252", "utf-16le", "shift_jis"}

// normalized fills in defaults and rejects options that cannot be met.
func (o Options) normalized() (Options, error) {
	if o.Rows < 0 || o.Rows > maxRows {
		return o, fmt.Errorf("gen: rows must be between 0 and %d", maxRows)
	}
	o.Kind = strings.ToLower(o.Kind)
	switch o.Kind {
	case "":
		o.Kind = KindContacts
	case KindContacts:
	case KindLeads:
		if o.Encoding == "" {
			o.Encoding = "utf-8-bom"
		}
		if o.Format != "" && !strings.EqualFold(o.Format, "csv") {
			return o, errors.New("gen: leads are written as csv only")
		}
	default:
		return o, fmt.Errorf("gen: unknown kind %q (want contacts or leads)", o.Kind)
	}
	o.Format = strings.ToLower(o.Format)
	switch o.Format {
	case "":
		o.Format = "csv"
	case "csv":
	case "xlsx":
		if o.Rows > maxXLSXRows {
			return o, fmt.Errorf("gen: an xlsx sheet holds at most %d data rows", maxXLSXRows)
		}
	default:
		return o, fmt.Errorf("gen: unknown format %q (want csv or xlsx)", o.Format)
	}
	o.Encoding = strings.ToLower(o.Encoding)
	if o.Encoding == "" {
		o.Encoding = "utf-8"
	}
	known := false
	for _, e := range encodings {
		known = known || e == o.Encoding
	}
	if !known {
		return o, fmt.Errorf("gen: unknown encoding %q (want one of %s)", o.Encoding, strings.Join(encodings, ", "))
	}
	if o.Format == "xlsx" && o.Encoding != "utf-8" {
		return o, errors.New("gen: an encoding applies to csv only")
	}
	switch o.Delimiter {
	case 0:
		o.Delimiter = ','
		if o.Encoding == "utf-16le" {
			o.Delimiter = '\t'
		}
	case ',', ';', '\t':
	default:
		return o, fmt.Errorf("gen: unsupported delimiter %q (want , ; or tab)", o.Delimiter)
	}
	rates := []struct {
		name     string
		rate     *float64
		fallback float64
	}{
		{"duplicate", &o.DuplicateRate, 0.02},
		{"conflict", &o.ConflictRate, 0.005},
		{"account conflict", &o.AccountConflictRate, 0.005},
	}
	for _, r := range rates {
		switch {
		case math.IsNaN(*r.rate) || *r.rate > 1:
			return o, fmt.Errorf("gen: %s rate must be at most 1", r.name)
		case o.Clean || *r.rate < 0:
			*r.rate = 0
		case *r.rate == 0:
			*r.rate = r.fallback
		}
	}
	if o.DuplicateRate+o.ConflictRate >= 1 {
		return o, errors.New("gen: duplicate and conflict rates must add up to less than 1")
	}
	return o, nil
}
