//go:build js && wasm

package main

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"contactprep/shared/output"
)

// made is when zipOf's files were made: a local time, two hours ahead of UTC.
var made = time.Date(2026, 12, 4, 19, 5, 42, 0, time.FixedZone("", 2*3600))

// zipOf writes the named files of m into a zip with zipWriter.
func zipOf(m *output.Memory, names []string) ([]byte, error) {
	var b bytes.Buffer
	z := &zipWriter{w: &b, modified: made}
	for _, n := range names {
		if err := z.add(n, m.Files[n]); err != nil {
			return nil, err
		}
	}
	err := z.close()
	return b.Bytes(), err
}

// TestZipWriter reads zipWriter's output back with archive/zip: every file,
// in order, byte for byte, its CRC checked by the reader.
func TestZipWriter(t *testing.T) {
	m := &output.Memory{Files: map[string][]byte{
		"contacts-001.csv": []byte("Contact ID,First Name\nC1,Ana\n"),
		"contacts-002.csv": bytes.Repeat([]byte("C2,Zoë\n"), 10000),
		"leer.csv":         {},
		"größe.csv":        []byte("x\n"),
	}}
	names := []string{"contacts-001.csv", "contacts-002.csv", "leer.csv", "größe.csv"}
	b, err := zipOf(m, names)
	if err != nil {
		t.Fatal(err)
	}
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.File) != len(names) {
		t.Fatalf("%d files, want %d", len(r.File), len(names))
	}
	for i, f := range r.File {
		if f.Name != names[i] || f.Method != zip.Store {
			t.Errorf("file %d: %q method %d, want %q stored", i, f.Name, f.Method, names[i])
		}
		// The DOS date and time hold the local wall clock (to the even
		// second), the extended timestamp the instant itself.
		dos := time.Date(1980+int(f.ModifiedDate>>9), time.Month(f.ModifiedDate>>5&15), int(f.ModifiedDate&31),
			int(f.ModifiedTime>>11), int(f.ModifiedTime>>5&63), int(f.ModifiedTime&31)*2, 0, time.UTC)
		if want := time.Date(2026, 12, 4, 19, 5, 42, 0, time.UTC); !dos.Equal(want) {
			t.Errorf("%s: DOS date %v, want %v", f.Name, dos, want)
		}
		if !f.Modified.Equal(made) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, made)
		}
		if f.NonUTF8 != false || strings.ContainsRune(f.Name, 'ö') && f.Flags&0x800 == 0 {
			t.Errorf("%s: UTF-8 flag not set", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC-32 at the end
		rc.Close()
		if err != nil || !bytes.Equal(got, m.Files[names[i]]) {
			t.Errorf("%s: read %d bytes (%v), want %d", f.Name, len(got), err, len(m.Files[names[i]]))
		}
	}
	if b, err := zipOf(&output.Memory{}, nil); err != nil || len(b) != 22 {
		t.Errorf("empty zip: %d bytes, %v", len(b), err)
	}
}
