// Command contactprep turns contact spreadsheets into clean Genesys Cloud External Contacts import files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"contactprep/shared/mapping"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
	"contactprep/shared/xlsx"
)

const usage = `contactprep turns contact spreadsheets into clean Genesys Cloud import files.

Usage:
  contactprep prepare [flags] -o DIR FILE...
  contactprep help [prepare]

Run 'contactprep help prepare' for the flags.
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

Exit status: 0 all rows exported, 1 some rows rejected, 2 unreadable input or bad usage.

Flags:
`

// Exit statuses.
const (
	exitOK       = 0
	exitRejected = 1
	exitFailed   = 2
)

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
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] == "prepare" {
			fs := prepareFlags(new(prepareArgs), stdout)
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
	fs.StringVar(&a.country, "country", "US", "default country (ISO 3166 code) for phone numbers written without one")
	fs.StringVar(&a.target, "target", schema.Legacy, "legacy (admin UI Bulk CSV Import, 10 MB files) or bulk (Bulk Import API, 50 MB)")
	fs.StringVar(&a.template, "template", "", "the org's sample setup file: its header row becomes the exact output headers")
	fs.Var(&a.maps, "map", "Source=Target: map a source column to a target header (repeatable; Source= ignores the column)")
	fs.Int64Var(&a.maxBytes, "max-bytes", 0, "largest output file in bytes (default: the target's limit)")
	fs.StringVar(&a.encoding, "encoding", "auto", "text encoding of the inputs: auto, or a name such as windows-1252, utf-16le, shift_jis")
	fs.StringVar(&a.sheet, "sheet", "", "workbook sheet to read (default: the first sheet with data)")
	fs.StringVar(&a.out, "o", "", "output directory (required)")
	fs.Usage = func() {
		fmt.Fprint(out, prepareUsage)
		fs.PrintDefaults()
	}
	return fs
}

func prepareCmd(args []string, stdout, stderr io.Writer) int {
	var a prepareArgs
	fs := prepareFlags(&a, stderr)
	// Flags may come after file names too: parse, take a file, parse the rest.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitFailed
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fail := func(format string, v ...any) int {
		fmt.Fprintf(stderr, "contactprep: "+format+"\n", v...)
		return exitFailed
	}
	if a.out == "" {
		return fail("prepare needs -o DIR (see 'contactprep help prepare')")
	}
	if len(files) == 0 {
		return fail("prepare needs at least one input file (see 'contactprep help prepare')")
	}
	opt := prepare.Options{
		Country: strings.ToUpper(a.country), Target: a.target, Map: a.maps, MaxBytes: a.maxBytes,
		Encoding: a.encoding, Sheet: a.sheet, Workbooks: openSheet,
	}
	if a.template != "" {
		data, err := os.ReadFile(a.template)
		if err != nil {
			return fail("%s: %v", a.template, pathless(err))
		}
		h, err := prepare.Header(prepare.Input{Name: a.template, Data: data}, opt)
		if err != nil {
			return fail("%v", err)
		}
		opt.Template = h
	}
	inputs := make([]prepare.Input, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fail("%s: %v", f, pathless(err))
		}
		inputs = append(inputs, prepare.Input{Name: f, Data: data})
	}
	res, err := prepare.Run(inputs, opt)
	if err != nil {
		return fail("%v", err)
	}
	sum, err := output.Write(res, output.Dir(a.out))
	if err != nil {
		return fail("%s: %v", a.out, pathless(err))
	}
	fmt.Fprintf(stdout, "%d rows in: %d ready in %d file(s), %d rejected, %d merged duplicates; written to %s\n",
		sum.InputRows, sum.OutputRows, len(sum.Parts), sum.RejectedRows, sum.MergedRows, a.out)
	if sum.RejectedRows > 0 {
		return exitRejected
	}
	return exitOK
}

// openSheet opens a workbook sheet for prepare.
func openSheet(data []byte, sheet string) (prepare.RowReader, string, error) {
	rows, name, err := xlsx.OpenSheet(data, sheet)
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
