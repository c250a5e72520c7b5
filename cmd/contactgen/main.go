// Command contactgen writes a realistic dirty contact file for tests and benchmarks.
//
// Usage:
//
//	contactgen [flags]
//
//	-kind contacts|leads    contacts for External Contacts (default), or a CRM's
//	                        lead export for a dialer contact list: unique Lead IDs,
//	                        names, three phone columns, a UTF-8 BOM, quoted headers
//	-rows N                 data rows (default 1000)
//	-seed N                 the same seed and flags give the same bytes (default 1)
//	-format csv|xlsx        (default csv)
//	-encoding NAME          csv only: utf-8, utf-8-bom, windows-1252, utf-16le, shift_jis
//	                        (default utf-8, and utf-8-bom for leads)
//	-delimiter D            csv only: "," ";" or "tab" (utf-16le defaults to tab)
//	-duplicates R           share of rows repeating a contact exactly (default 0.02, negative: none)
//	-conflicts R            share of rows repeating a contact with other names (default 0.005)
//	-account-conflicts R    share of rows with differing account data (default 0.005)
//	-clean                  no dirt at all: the baseline for speed measurements
//	-o FILE                 output file (default standard output)
//
// It prints what it injected as one JSON line on standard error.
// Exit status: 0 done, 1 the file could not be written, 2 bad flags.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"contactprep/internal/gen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("contactgen", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var opt gen.Options
	var delimiter, out string
	flags.StringVar(&opt.Kind, "kind", gen.KindContacts, "contacts, or leads: a CRM's lead export for a dialer contact list")
	flags.IntVar(&opt.Rows, "rows", 1000, "data rows")
	flags.Int64Var(&opt.Seed, "seed", 1, "seed: the same seed and flags give the same bytes")
	flags.StringVar(&opt.Format, "format", "csv", "csv or xlsx")
	flags.StringVar(&opt.Encoding, "encoding", "", "csv only: utf-8, utf-8-bom, windows-1252, utf-16le, shift_jis (default utf-8, utf-8-bom for leads)")
	flags.StringVar(&delimiter, "delimiter", "", `csv only: "," ";" or "tab"`)
	flags.Float64Var(&opt.DuplicateRate, "duplicates", 0, "share of rows repeating a contact exactly (0: default 0.02, negative: none)")
	flags.Float64Var(&opt.ConflictRate, "conflicts", 0, "share of rows repeating a contact with other names (0: default 0.005)")
	flags.Float64Var(&opt.AccountConflictRate, "account-conflicts", 0, "share of rows with differing account data (0: default 0.005)")
	flags.BoolVar(&opt.Clean, "clean", false, "no dirt at all")
	flags.StringVar(&out, "o", "", "output file (default standard output)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintln(stderr, "contactgen: unexpected arguments; see contactgen -h")
		return 2
	}
	switch delimiter {
	case "":
	case ",", ";":
		opt.Delimiter = delimiter[0]
	case "tab", "\t", `\t`:
		opt.Delimiter = '\t'
	default:
		fmt.Fprintln(stderr, `contactgen: -delimiter must be "," ";" or "tab"`)
		return 2
	}

	w := stdout
	var file *os.File
	if out != "" && out != "-" {
		var err error
		if file, err = os.Create(out); err != nil {
			fmt.Fprintln(stderr, "contactgen:", err)
			return 1
		}
		w = file
	}
	truth, err := gen.WriteWithTruth(w, opt)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "contactgen:", err)
		return 1
	}
	line, _ := json.Marshal(truth)
	fmt.Fprintf(stderr, "%s\n", line)
	return 0
}
