package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// contactsCSV is a valid contact list of n rows.
func contactsCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("Contact ID,First Name,Last Name,Work Phone\n")
	for i := range n {
		fmt.Fprintf(&b, "C%05d,Ann,Lee,+1 415 555 %04d\n", i, i%10000)
	}
	return []byte(b.String())
}

// names lists a folder, and the folders beside it that a run left.
func names(t *testing.T, dir string) (in []string, beside []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		in = append(in, e.Name())
	}
	around, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range around {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dir)) {
			beside = append(beside, e.Name())
		}
	}
	return in, beside
}

// A second run into a used folder replaces the first run's files whole:
// none of its parts stays beside the new ones.
func TestOutputReplacesAnEarlierRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	big := write(t, dir, "big.csv", contactsCSV(300))
	if code, _, stderr := runCLI(t, "prepare", "--max-bytes", "4000", "-o", out, big); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	first, _ := names(t, out)
	if !slices.Contains(first, "contacts-003.csv") {
		t.Fatalf("first run wrote %v, want several parts", first)
	}
	small := write(t, dir, "small.csv", contactsCSV(3))
	if code, _, stderr := runCLI(t, "prepare", "-o", out, small); code != exitOK {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	got, beside := names(t, out)
	want := []string{"contacts-001.csv", "findings.csv", "rejected.csv", "summary.json"}
	if !slices.Equal(got, want) || len(beside) > 0 {
		t.Errorf("folder holds %v (and %v beside it), want %v", got, beside, want)
	}
	if s := readSummary(t, out); s.InputRows != 3 || len(s.Parts) != 1 {
		t.Errorf("summary of %d rows in %d parts, want the second run's", s.InputRows, len(s.Parts))
	}
}

// A run that fails leaves the previous output as it was, and nothing beside.
func TestFailedRunLeavesPreviousOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	good := write(t, dir, "good.csv", contactsCSV(5))
	if code, _, stderr := runCLI(t, "prepare", "-o", out, good); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "contacts-001.csv"))
	bad := write(t, dir, "book.xlsx", thousandRowBook(t, func(b []byte) []byte { return b[:len(b)/2] }))
	if code, _, _ := runCLI(t, "prepare", "-o", out, bad); code != exitFailed {
		t.Fatalf("damaged input: exit %d, want %d", code, exitFailed)
	}
	after, _ := os.ReadFile(filepath.Join(out, "contacts-001.csv"))
	if string(after) != string(before) {
		t.Error("the previous output changed")
	}
	if _, beside := names(t, out); len(beside) > 0 {
		t.Errorf("left beside the output: %v", beside)
	}
}

// An input inside the output folder is refused, however it is named, and
// stays as it was.
func TestInputInsideOutputRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCLI(t, "prepare", "-o", out, write(t, dir, "in.csv", contactsCSV(5))); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	part := filepath.Join(out, "contacts-001.csv")
	before, _ := os.ReadFile(part)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(part, link); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{part, filepath.Join(dir, "out", "..", "out", "contacts-001.csv"), link} {
		code, _, stderr := runCLI(t, "prepare", "-o", out, in)
		if code != exitFailed || !strings.Contains(stderr, "inside the output folder") {
			t.Errorf("%s: exit %d, stderr %q", in, code, stderr)
		}
	}
	if after, _ := os.ReadFile(part); string(after) != string(before) {
		t.Error("the input changed")
	}
}

// A folder holding anything but a run's files (a link among them too) is
// refused and left as it was, unless --force, which replaces it whole
// without writing through the link.
func TestOutputFolderOfOtherFiles(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "in.csv", contactsCSV(5))
	elsewhere := write(t, dir, "precious.txt", []byte("keep me"))
	for _, c := range []struct {
		name  string
		setup func(out string)
	}{
		{"another file", func(out string) { write(t, out, "notes.txt", []byte("mine")) }},
		{"a folder", func(out string) { os.Mkdir(filepath.Join(out, "contacts-009.csv"), 0o755) }},
		{"a link named like a run's file", func(out string) { os.Symlink(elsewhere, filepath.Join(out, "findings.csv")) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			os.Mkdir(out, 0o755)
			c.setup(out)
			before, _ := names(t, out)
			code, _, stderr := runCLI(t, "prepare", "-o", out, in)
			if code != exitFailed || !strings.Contains(stderr, "--force") {
				t.Errorf("exit %d, stderr %q; want a refusal naming --force", code, stderr)
			}
			if now, beside := names(t, out); !slices.Equal(now, before) || len(beside) > 0 {
				t.Errorf("refused, yet the folder went from %v to %v (%v beside)", before, now, beside)
			}
			if code, _, stderr := runCLI(t, "prepare", "--force", "-o", out, in); code != exitOK {
				t.Fatalf("--force: exit %d: %s", code, stderr)
			}
			if now, _ := names(t, out); slices.Contains(now, "notes.txt") || slices.Contains(now, "contacts-009.csv") {
				t.Errorf("--force left %v", now)
			}
			if b, _ := os.ReadFile(elsewhere); string(b) != "keep me" {
				t.Errorf("a link was written through: %q", b)
			}
		})
	}
}

// An output folder that is a symbolic link is refused, and a file where the
// folder should be is replaced only with --force.
func TestOutputLinkOrFile(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "in.csv", contactsCSV(5))
	target := filepath.Join(dir, "target")
	os.Mkdir(target, 0o755)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "prepare", "--force", "-o", link, in); code != exitFailed || !strings.Contains(stderr, "symbolic link") {
		t.Errorf("link: exit %d, stderr %q", code, stderr)
	}
	if entries, _ := os.ReadDir(target); len(entries) > 0 {
		t.Errorf("written through the link: %v", entries)
	}
	file := write(t, dir, "file", []byte("x"))
	if code, _, stderr := runCLI(t, "prepare", "-o", file, in); code != exitFailed || !strings.Contains(stderr, "--force") {
		t.Errorf("file: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "prepare", "--force", "-o", file, in); code != exitOK {
		t.Errorf("file, --force: exit %d: %s", code, stderr)
	}
	if s := readSummary(t, file); s.InputRows != 5 {
		t.Errorf("%d rows in", s.InputRows)
	}
}
