package makefile

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docs are the documents a newcomer reads, from the repository's root.
var docs = []string{"README.md", "docs/architecture.md", "docs/performance.md", "function/README.md", "web/README.md"}

// TestDocsLinks: every relative link in the docs resolves to a file of the
// repository, so a fresh clone has no dead link.
func TestDocsLinks(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, doc := range docs {
		text, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path := filepath.Join(root, filepath.Dir(doc), target)
			if rel, err := filepath.Rel(root, path); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s links outside the repository: %s", doc, m[1])
				continue
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s links to %s, which a fresh clone lacks", doc, m[1])
			}
		}
	}
}

// TestDocsCommands: every make command the docs show (in a code span or an
// indented command line) is a target of the Makefile or of the make files
// it includes.
func TestDocsCommands(t *testing.T) {
	targets := map[string]bool{}
	mks, _ := filepath.Glob(filepath.Join(root, "*/*.mk"))
	for _, mk := range append(mks, filepath.Join(root, "Makefile")) {
		text, err := os.ReadFile(mk)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z0-9-]*)\s*:[^=]`).FindAllStringSubmatch(string(text), -1) {
			targets[m[1]] = true
		}
	}
	if !targets["run"] || !targets["test"] {
		t.Fatalf("make run and make test are not targets: %v", targets)
	}
	for _, doc := range docs {
		text, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile("(?m)(?:^ {4,}|`)make ([a-z][a-z0-9-]*)").FindAllStringSubmatch(string(text), -1) {
			if !targets[m[1]] {
				t.Errorf("%s names make %s, which is no make target", doc, m[1])
			}
		}
	}
}

// TestREADME: the README stays short for the admin and the newcomer, shows
// the two set-up commands, and its table names every finding code.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(readme) > 10*1024 {
		t.Errorf("README.md is %d bytes: keep it within 10 KB, details go in docs/", len(readme))
	}
	for _, cmd := range []string{"make run", "make test"} {
		if !strings.Contains(string(readme), "    "+cmd) {
			t.Errorf("README.md does not show %q as a command", cmd)
		}
	}
	codes, err := os.ReadFile(filepath.Join(root, "shared/finding/finding.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`Code = "(\w+)"`).FindAllStringSubmatch(string(codes), -1) {
		if !strings.Contains(string(readme), "`"+m[1]+"`") {
			t.Errorf("README.md's table of finding codes lacks %s", m[1])
		}
	}
}
