package check

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

// countingReader is a file read back, counting what is read.
type countingReader struct {
	r            io.ReaderAt
	reads, bytes int
	failAt       int64 // a read reaching this offset fails; 0: none
	failed       int   // reads that failed
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	if c.failAt > 0 && off+int64(len(p)) > c.failAt {
		c.failed++
		return 0, errors.New("the file changed")
	}
	c.reads++
	n, err := c.r.ReadAt(p, off)
	c.bytes += n
	return n, err
}

// readBack returns a table of text's rows whose records are read back from r
// (SetReader), as a large input's are, and the same table over the text held.
func readBack(t *testing.T, text []byte, r io.ReaderAt) (held, back *Table) {
	t.Helper()
	for _, tb := range []**Table{&held, &back} {
		part := benchTable(t, text)
		*tb = New(part.Target, part.Phones())
		f := (*tb).AddFile("b.csv", part.Files()[0].Mapping)
		if tb == &held {
			(*tb).SetText(f, text, ',')
		} else {
			(*tb).SetReader(f, r, ',')
		}
		(*tb).Parts().Append(f, part, 0, 0)
		(*tb).Resolve()
	}
	return held, back
}

// TestReadBack: a table whose records are read back from the file settles,
// fills and reports exactly as one holding the text, and Resolve reads the
// file once, in row order, not a record at a time at random (most rows
// belong to an account spread over the whole file).
func TestReadBack(t *testing.T) {
	text := benchText(t)
	file := &countingReader{r: bytes.NewReader(text)}
	held, back := readBack(t, text, file)
	if held.Len() != back.Len() || held.Len() < 50000 {
		t.Fatalf("%d rows held, %d read back", held.Len(), back.Len())
	}
	for r := range held.Len() {
		if held.State(r) != back.State(r) {
			t.Fatalf("row %d: %v, read back %v", r, held.State(r), back.State(r))
		}
		for c := range held.Target.Columns {
			if a, b := held.Cell(r, c), back.Cell(r, c); a != b {
				t.Fatalf("row %d column %d: %q, read back %q", r, c, a, b)
			}
		}
		if a, b := held.Findings(r), back.Findings(r); !reflect.DeepEqual(a, b) {
			t.Fatalf("row %d: findings %v, read back %v", r, a, b)
		}
	}
	if !reflect.DeepEqual(held.Conflicts(), back.Conflicts()) || len(held.Conflicts()) == 0 {
		t.Fatalf("conflicts differ, or there are none: %d, %d", len(held.Conflicts()), len(back.Conflicts()))
	}
	// Resolve's one pass that reads records (the keys it groups the rows
	// by are kept in the table) and the one above; reading the rows of
	// each account together, at random, would take a read for nearly every
	// record, and a pass per check the file over again.
	if most := 5 * len(text) / 2; file.bytes > most {
		t.Errorf("read %d bytes in %d reads for a %d-byte file: more than %d", file.bytes, file.reads, len(text), most)
	}
	if err := back.SourceErr(); err != nil {
		t.Error(err)
	}
	t.Logf("%d bytes in %d reads for a %d-byte file", file.bytes, file.reads, len(text))
}

// TestReadBackFails: a file that can no longer be read (changed, removed)
// gives empty cells and an error to report, not a crash, and is not read
// again: in the browser each read waits for the file system.
func TestReadBackFails(t *testing.T) {
	text := benchText(t)
	file := &countingReader{r: bytes.NewReader(text), failAt: int64(len(text) / 2)}
	_, back := readBack(t, text, file)
	err := back.SourceErr()
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("the file changed")) {
		t.Fatalf("error %v", err)
	}
	// A key's value is kept in the table; a name is read from the record.
	if v := back.Cell(back.Len()-1, back.Target.Index("Contact Last Name")); v != "" {
		t.Errorf("a cell of a record not read: %q", v)
	}
	if file.failed != 1 {
		t.Errorf("%d reads failed, want the first only", file.failed)
	}
}

// TestDecisionsReadNoRow: the versions of a read-back table's account
// conflicts, and the edits that settle them, are those its rows' cells show,
// and read nothing from the file: Resolve kept them as it read the grouped
// rows. A conflict's rows are spread over the file: read conflict by conflict
// they took a read per row, each a wait for the browser's file system (about
// 21,000 at 400,000 rows), and read in one pass in row order, the whole file
// again after every change (1.4 s at 1.5 million rows in the page).
func TestDecisionsReadNoRow(t *testing.T) {
	text := benchText(t)
	file := &countingReader{r: bytes.NewReader(text)}
	held, back := readBack(t, text, file)
	rows := 0
	for _, c := range accountConflicts(back) {
		rows += len(c.Rows)
	}
	if rows < 1000 {
		t.Fatalf("%d rows in account conflicts: too few to tell", rows)
	}

	file.reads = 0
	wantEdits, wantAccounts := held.UseMostCommonEdits()
	edits, accounts := back.UseMostCommonEdits()
	if !reflect.DeepEqual(edits, wantEdits) || accounts != wantAccounts || accounts == 0 {
		t.Errorf("read back: %d edits for %d accounts, held: %d for %d", len(edits), accounts, len(wantEdits), wantAccounts)
	}
	want, _ := readVersions(held, accountConflicts(held))
	if got := back.VersionsOf(accountConflicts(back)); !reflect.DeepEqual(got, want) {
		t.Errorf("versions read back differ from the held rows' cells")
	}
	if file.reads != 0 {
		t.Errorf("the versions of every conflict, and settling them: %d reads for %d rows in conflicts", file.reads, rows)
	}

	file.reads = 0
	if n := back.AccountsToSettle(); n != wantAccounts {
		t.Errorf("%d accounts to settle, want %d", n, wantAccounts)
	}
	if file.reads != 0 {
		t.Errorf("counting the accounts to settle read the file %d times", file.reads)
	}

	// Settling one account from a row reads nothing either.
	for _, c := range accountConflicts(back) {
		file.reads = 0
		if got, want := back.VersionEdits(int(c.Rows[1])), held.VersionEdits(int(c.Rows[1])); !reflect.DeepEqual(got, want) || len(got) == 0 {
			t.Errorf("account %s: version edits %v, held %v", c.Key, got, want)
		}
		if file.reads != 0 {
			t.Errorf("account %s: %d reads for its %d rows", c.Key, file.reads, len(c.Rows))
		}
		break
	}
}
