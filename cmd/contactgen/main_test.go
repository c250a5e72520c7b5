package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"contactprep/internal/gen"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		status int
		rows   int // rows reported in the Truth line when status is 0
	}{
		{"csv file", []string{"-rows", "300", "-seed", "1", "-encoding", "windows-1252", "-o", filepath.Join(dir, "a.csv")}, 0, 300},
		{"tab delimiter", []string{"-rows", "20", "-delimiter", "tab", "-o", filepath.Join(dir, "b.tsv")}, 0, 20},
		{"clean to stdout", []string{"-rows", "10", "-clean"}, 0, 10},
		{"xlsx", []string{"-rows", "5", "-format", "xlsx", "-o", filepath.Join(dir, "c.xlsx")}, 0, 5},
		{"leads", []string{"-kind", "leads", "-rows", "40", "-o", filepath.Join(dir, "leads.csv")}, 0, 40},
		{"leads as xlsx", []string{"-kind", "leads", "-format", "xlsx"}, 1, 0},
		{"unknown kind", []string{"-kind", "prospects"}, 1, 0},
		{"bad delimiter", []string{"-delimiter", "|"}, 2, 0},
		{"unknown flag", []string{"-colour"}, 2, 0},
		{"stray argument", []string{"out.csv"}, 2, 0},
		{"bad encoding", []string{"-encoding", "ebcdic"}, 1, 0},
		{"unwritable file", []string{"-o", filepath.Join(dir, "missing", "x.csv")}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, &stdout, &stderr); got != tt.status {
				t.Fatalf("status %d, want %d; stderr: %s", got, tt.status, stderr.String())
			}
			if tt.status != 0 {
				return
			}
			var truth gen.Truth
			if err := json.Unmarshal(stderr.Bytes(), &truth); err != nil || strings.Count(stderr.String(), "\n") != 1 {
				t.Fatalf("stderr is not one JSON line: %q", stderr.String())
			}
			if truth.Rows != tt.rows {
				t.Errorf("Truth rows %d, want %d", truth.Rows, tt.rows)
			}
		})
	}
}

// TestFileMatchesLibrary checks the command writes what gen.Write writes.
func TestFileMatchesLibrary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a.csv")
	var stderr bytes.Buffer
	if run([]string{"-rows", "200", "-seed", "9", "-delimiter", ";", "-o", out}, &bytes.Buffer{}, &stderr) != 0 {
		t.Fatal(stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := gen.Write(&want, gen.Options{Rows: 200, Seed: 9, Delimiter: ';'}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("the file differs from gen.Write's output")
	}
}

// TestLeadsMatchLibrary checks -kind leads writes gen's lead export, BOM and quoted headers.
func TestLeadsMatchLibrary(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if run([]string{"-kind", "leads", "-rows", "100", "-seed", "3"}, &stdout, &stderr) != 0 {
		t.Fatal(stderr.String())
	}
	var want bytes.Buffer
	if err := gen.Write(&want, gen.Options{Kind: gen.KindLeads, Rows: 100, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), want.Bytes()) || !bytes.HasPrefix(stdout.Bytes(), []byte("\ufeff\"Lead ID\",")) {
		t.Errorf("the leads differ from gen.Write's, or lack the BOM and quoted header: %q", stdout.String()[:40])
	}
}
