// Command contactprep turns contact spreadsheets into clean Genesys Cloud import files: External Contacts and dialer contact lists.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"contactprep/shared/decode"
	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
	"contactprep/shared/xlsx"
)

const usage = `contactprep turns contact spreadsheets into clean Genesys Cloud import files.

Usage:
  contactprep prepare [flags] -o DIR FILE...
  contactprep mapping --id-column NAME --list-id ID [-o FILE] EXPORT.csv
  contactprep help [prepare|mapping]

Run 'contactprep help prepare' or 'contactprep help mapping' for the flags.
`

const prepareUsage = `Usage: contactprep prepare [flags] -o DIR FILE...

Reads each FILE (CSV, TSV or other delimited text in any common encoding, or
XLSX), maps its columns to the Genesys headers, checks and cleans every row,
settles duplicate Contact IDs and account conflicts across all files, and
writes into DIR:
  contacts-NNN.csv  UTF-8 import files, each at most --max-bytes
  rejected.csv      rows that cannot be imported, as read, with the reason
  findings.csv      every finding: file,row,column,code,severity,original,suggested,message
  summary.json      counts, parts, what was detected in each input

In rejected.csv and findings.csv a cell that a spreadsheet would run as a
formula (starting with = + - @) starts with an apostrophe; a fixed
rejected.csv given back to prepare reads without it.

The files are written into a new folder beside DIR, which replaces DIR only
once all are written: a failed run leaves DIR as it was. A DIR holding the
files of an earlier run is replaced whole; a DIR holding anything else (or a
file named DIR) is refused unless --force. DIR may not be a symbolic link,
and no FILE may be inside DIR.

With --target outbound the files are for dialer contact lists: the columns are
the file's own, --id-column names each contact's own id (a Lead ID: present
and unique), phone columns become E.164, and the rows are cut into lists of at
most --list-size contacts, each in upload parts of at most --max-bytes
(default 10,000,000): list-01-contacts-001.csv, list-01-contacts-002.csv,
list-02-contacts-001.csv, … summary.json says which list each part is for.

Exit status: 0 all rows exported, 1 some rows rejected (or, for outbound, a
contact list limit broken), 2 unreadable or damaged input, an output folder
refused, or bad usage.

Flags:
`

// Exit statuses.
const (
	exitOK       = 0
	exitRejected = 1
	exitFailed   = 2
)

// main leaves GOGC at its default: the CLI reads its files where they lie
// (prepare.Input.At), so what a run holds is its table, and the records it
// reads back are garbage at once; a higher GOGC only lets them pile up
// (1.5M rows: 686 MB peak RSS at GOGC=100, 1.58 GB at 400). prepare holds
// the heap to the run's memory budget (holdToBudget).
func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitFailed
	}
	switch args[0] {
	case "prepare":
		return prepareCmd(args[1:], stdout, stderr)
	case "mapping":
		return mappingCmd(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] == "prepare" {
			fs := prepareFlags(new(prepareArgs), stdout)
			fs.Usage()
			return exitOK
		}
		if len(args) > 1 && args[1] == "mapping" {
			fs := mappingFlags(new(mappingArgs), stdout)
			fs.Usage()
			return exitOK
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "contactprep: unknown command %q\n%s", args[0], usage)
	return exitFailed
}

type prepareArgs struct {
	country, target, template, encoding, sheet, out string
	maxBytes                                        int64
	maps                                            mapFlags
	idColumn, phoneColumns                          string
	listSize                                        int
	phonesSet                                       bool // --phone-columns was given, maybe empty
	makeIDs                                         bool
	force                                           bool
}

// mapFlags collects repeated --map Source=Target flags.
type mapFlags []mapping.Override

func (m *mapFlags) String() string { return "" }
func (m *mapFlags) Set(s string) error {
	o, err := mapping.ParseOverride(s)
	if err != nil {
		return err
	}
	*m = append(*m, o)
	return nil
}

func prepareFlags(a *prepareArgs, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("prepare", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&a.country, "country", "US", "country (ISO 3166 code) for phone numbers written without one, in rows whose address names no country")
	fs.StringVar(&a.target, "target", schema.Legacy, "legacy (admin UI Bulk CSV Import, 10 MB files), bulk (Bulk Import API, 50 MB) or outbound (dialer contact lists)")
	fs.StringVar(&a.template, "template", "", "the org's sample setup file: its header row becomes the exact output headers")
	fs.Var(&a.maps, "map", "Source=Target: map a source column to a target header (repeatable; Source= ignores the column)")
	fs.BoolVar(&a.makeIDs, "make-ids", false, "make the Contact IDs and Account IDs a file has no column for: from the e-mail (or names and phone) and the account name; the same file always gets the same IDs")
	fs.Int64Var(&a.maxBytes, "max-bytes", 0, "largest output file in bytes (default: the target's limit)")
	fs.StringVar(&a.encoding, "encoding", "auto", "text encoding of the inputs: auto, or a name such as windows-1252, utf-16le, shift_jis")
	fs.StringVar(&a.sheet, "sheet", "", "workbook sheet to read (default: the sheet whose header best matches the Genesys columns, or the template's)")
	fs.StringVar(&a.out, "o", "", "output directory (required)")
	fs.BoolVar(&a.force, "force", false, "replace the output directory even when it holds files not from a run of contactprep")
	fs.StringVar(&a.idColumn, "id-column", "", "outbound: the column holding each contact's own id, e.g. \"Lead ID\" (required)")
	fs.IntVar(&a.listSize, "list-size", schema.ListSize, "outbound: most contacts in one contact list")
	fs.Func("phone-columns", "outbound: comma-separated phone columns, e.g. \"Mobile,Home\" (default: told by their names)", func(s string) error {
		a.phoneColumns, a.phonesSet = s, true
		return nil
	})
	fs.Usage = func() {
		fmt.Fprint(out, prepareUsage)
		fs.PrintDefaults()
	}
	return fs
}

func prepareCmd(args []string, stdout, stderr io.Writer) int {
	var a prepareArgs
	fs := prepareFlags(&a, stderr)
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	fail := failer(stderr)
	if a.out == "" {
		return fail("prepare needs -o DIR (see 'contactprep help prepare')")
	}
	if len(files) == 0 {
		return fail("prepare needs at least one input file (see 'contactprep help prepare')")
	}
	opt := prepare.Options{
		Country: strings.ToUpper(a.country), Target: a.target, Map: a.maps, MakeIDs: a.makeIDs, MaxBytes: a.maxBytes,
		Encoding: a.encoding, Sheet: a.sheet, Workbooks: openSheet,
		IDColumn: a.idColumn, ListSize: a.listSize,
	}
	if a.target != schema.Outbound && (a.idColumn != "" || a.phonesSet) {
		return fail("--id-column and --phone-columns apply to --target outbound only")
	}
	if a.target == schema.Outbound && a.makeIDs {
		return fail("--make-ids applies to External Contacts (--target legacy or bulk) only: a contact list's ids are its --id-column")
	}
	if a.listSize < 1 {
		return fail("--list-size %d: want a positive number of contacts", a.listSize)
	}
	if a.phonesSet {
		opt.PhoneColumns = []string{}
		for _, p := range strings.Split(a.phoneColumns, ",") {
			if p = strings.TrimSpace(p); p != "" {
				opt.PhoneColumns = append(opt.PhoneColumns, p)
			}
		}
	}
	if a.template != "" {
		data, err := os.ReadFile(a.template)
		if err != nil {
			return fail("%s: %v", a.template, pathless(err))
		}
		h, err := prepare.Header(prepare.Input{Name: a.template, Data: data}, opt)
		if err != nil {
			return fail("%s", inFlags(err))
		}
		opt.Template = h
	}
	out, err := newOutDir(a.out, files, a.force)
	if err != nil {
		return fail("%v", err)
	}
	defer out.Abandon()
	// The files are read where they lie, not into memory: a UTF-8 text's
	// rows are read in slices and read back as the table needs them, so a
	// file takes little memory beyond its table (prepare.Input.At).
	inputs := make([]prepare.Input, 0, len(files))
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return fail("%s: %v", name, pathless(err))
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return fail("%s: %v", name, pathless(err))
		}
		if !st.Mode().IsRegular() {
			data, err := io.ReadAll(f) // a pipe or a device: no reading at random
			if err != nil {
				return fail("%s: %v", name, pathless(err))
			}
			inputs = append(inputs, prepare.Input{Name: name, Data: data})
			continue
		}
		inputs = append(inputs, prepare.Input{Name: name, At: f, Size: st.Size()})
	}
	holdToBudget(inputs)
	res, err := prepare.Run(inputs, opt)
	if err != nil {
		return fail("%s", inFlags(err))
	}
	sum, err := output.Write(res, out.Sink())
	if err != nil {
		return fail("%s: %v", a.out, pathless(err))
	}
	if err := out.Commit(); err != nil {
		return fail("%s: %v", a.out, pathless(err))
	}
	fmt.Fprintf(stdout, "%d rows in: %d ready in %d file(s), %d rejected, %d merged duplicates; written to %s\n",
		sum.InputRows, sum.OutputRows, len(sum.Parts), sum.RejectedRows, sum.MergedRows, a.out)
	if n := countAll(sum.FindingsNotListed); n > 0 {
		fmt.Fprintf(stdout, "%d findings are not listed in findings.csv (too many of one kind); summary.json counts them under findings_not_listed\n", n)
	}
	if sum.Outbound != nil {
		fmt.Fprintf(stdout, "%d contact list(s) of at most %d contacts, with %q as the contact id\n", len(sum.Lists), res.Table.Target.ListSize, sum.IDColumn)
	}
	if sum.RejectedRows > 0 || fileErrors(res) {
		return exitRejected
	}
	return exitOK
}

// runtimeOutsideLimit is what the process holds that the Go memory limit
// does not count (the program's own pages): about 15 MB, with room.
const runtimeOutsideLimit = 32 << 20

// holdToBudget sets the collector's soft memory limit to the run's budget
// (prepare.MemoryBudget): GOGC lets the heap grow to twice what is live, and
// a file with a finding on each of its 1.5 million rows (67 MB, 260 MB live)
// reached 484–572 MB against a budget of 434 MB. Near the limit the
// collector runs more often instead (for that file: 393 MB, the same CPU
// time). A GOMEMLIMIT the user set is left as it is.
func holdToBudget(inputs []prepare.Input) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var n int64
	for _, in := range inputs {
		n += in.Size + int64(len(in.Data))
	}
	debug.SetMemoryLimit(prepare.MemoryBudget(n) - runtimeOutsideLimit)
}

// countAll adds up counts.
func countAll(counts map[finding.Code]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// fileErrors reports an error about a whole file, such as a contact list limit
// broken: its rows are written but Genesys would refuse them.
func fileErrors(res *prepare.Result) bool {
	for _, f := range res.Table.FileFindings() {
		if f.Severity == finding.Error {
			return true
		}
	}
	return false
}

// parseArgs parses flags that may come after file names too: parse, take a
// file, parse the rest. When it is not ok, the command exits with code.
func parseArgs(fs *flag.FlagSet, args []string) (files []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitFailed, false
		}
		if fs.NArg() == 0 {
			return files, 0, true
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// failer returns a function that says one line on stderr and gives the exit status for bad usage.
func failer(stderr io.Writer) func(format string, v ...any) int {
	return func(format string, v ...any) int {
		fmt.Fprintf(stderr, "contactprep: "+format+"\n", v...)
		return exitFailed
	}
}

// flags names the flag that sets each prepare.Options field.
var flags = map[string]string{
	"Country": "--country", "Target": "--target", "Template": "--template", "Map": "--map",
	"MaxBytes": "--max-bytes", "Encoding": "--encoding", "IDColumn": "--id-column",
	"ListSize": "--list-size", "PhoneColumns": "--phone-columns",
}

// inFlags words an engine error about an option as the flag that set it
// (`--max-bytes 1000: too small …`), naming the file first when it is one
// file's; other errors say their own words.
func inFlags(err error) string {
	var oe *prepare.OptionError
	if !errors.As(err, &oe) {
		return err.Error()
	}
	s := oe.Named(flags[oe.Option])
	if oe.Err == prepare.ErrUnknown {
		switch oe.Option {
		case "Target":
			s += ": use " + schema.Legacy + ", " + schema.Bulk + " or " + schema.Outbound
		case "Encoding":
			s += " (known: " + strings.Join(decode.Names(), ", ") + ")"
		case "Country":
			s += ": use a two-letter country code such as US, GB or DE"
		}
	}
	if oe.Err == prepare.ErrLeaveOutOnly {
		s += fmt.Sprintf(" (--map %q)", oe.Source+"=")
	}
	if fe := (*prepare.Error)(nil); errors.As(err, &fe) {
		s = fe.File + ": " + s
	}
	return s
}

// openSheet opens a workbook sheet for prepare.
func openSheet(data []byte, sheet string, n int, score func([][]string) int) (prepare.RowReader, string, error) {
	rows, name, err := xlsx.OpenSheet(data, sheet, n, score)
	if err != nil {
		return nil, "", err
	}
	return rows, name, nil
}

// pathless drops the path an *os.PathError repeats, since messages already name the file.
func pathless(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
