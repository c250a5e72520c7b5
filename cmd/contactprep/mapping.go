package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"contactprep/shared/leadmap"
)

const mappingUsage = `Usage: contactprep mapping --id-column NAME --list-id ID [-o FILE] EXPORT.csv

Reads a Genesys contact list export (Outbound > Contact Lists > Export: a UTF-8
BOM, quoted headers, an inin-outbound-id column) and writes lead-id-mapping.csv:
  <id column>,contact_list_id,genesys_contact_id
one row per contact that has its own id.

Exit status: 0 done, 2 unreadable export or bad usage.

Flags:
`

type mappingArgs struct {
	idColumn, listID, out string
}

func mappingFlags(a *mappingArgs, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("mapping", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&a.idColumn, "id-column", "", "the list's column holding each contact's own id, e.g. \"Lead ID\" (required)")
	fs.StringVar(&a.listID, "list-id", "", "the contact list's id, written in the contact_list_id column (required)")
	fs.StringVar(&a.out, "o", leadmap.FileName, "output file, - for standard output")
	fs.Usage = func() {
		fmt.Fprint(out, mappingUsage)
		fs.PrintDefaults()
	}
	return fs
}

func mappingCmd(args []string, stdout, stderr io.Writer) int {
	var a mappingArgs
	fs := mappingFlags(&a, stderr)
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	fail := failer(stderr)
	switch {
	case len(files) != 1:
		return fail("mapping needs one export file (see 'contactprep help mapping')")
	case strings.TrimSpace(a.idColumn) == "":
		return fail("mapping needs --id-column: the list's column of each contact's own id")
	case strings.TrimSpace(a.listID) == "":
		return fail("mapping needs --list-id: the contact list the export is of")
	}
	in, err := os.Open(files[0])
	if err != nil {
		return fail("%s: %v", files[0], pathless(err))
	}
	defer in.Close()
	var w io.Writer = stdout
	var file *os.File
	if a.out != "-" {
		// Written beside, then renamed: a failed run leaves no half mapping behind.
		if file, err = os.CreateTemp(filepath.Dir(a.out), ".lead-id-mapping-*"); err != nil {
			return fail("%s: %v", a.out, pathless(err))
		}
		defer os.Remove(file.Name())
		defer file.Close()
		w = file
	}
	st, err := leadmap.Convert(leadmap.NewWriter(w, strings.TrimSpace(a.idColumn)), in, a.idColumn, strings.TrimSpace(a.listID))
	if err != nil {
		return fail("%s: %v", files[0], err)
	}
	report, where := stdout, a.out
	if file == nil {
		report, where = stderr, "standard output"
	} else {
		if err := file.Chmod(0o644); err != nil {
			return fail("%s: %v", a.out, pathless(err))
		}
		if err := file.Close(); err != nil {
			return fail("%s: %v", a.out, pathless(err))
		}
		if err := os.Rename(file.Name(), a.out); err != nil {
			return fail("%s: %v", a.out, pathless(err))
		}
	}
	fmt.Fprintf(report, "%d contacts in the export: %d mapped, %d without their own id; written to %s\n", st.Contacts, st.Mapped, st.NoLeadID, where)
	return exitOK
}
