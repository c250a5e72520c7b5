//go:build js && wasm

package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"contactprep/shared/check"
	"contactprep/shared/output"
)

// downloadAll fetches a download chunk by chunk, as the page does.
func downloadAll(t *testing.T, s *session, what string) (name, typ string, data []byte) {
	t.Helper()
	reply, b, err := s.call("download", []byte(`{"what":"`+what+`"}`), nil)
	for chunks := 1; ; chunks++ {
		if err != nil {
			t.Fatalf("%s, chunk %d: %v", what, chunks, err)
		}
		var r struct {
			Name, Type string
			Done       bool
		}
		j, _ := json.Marshal(reply)
		json.Unmarshal(j, &r)
		if len(b) > downloadChunk {
			t.Fatalf("%s: a chunk of %d bytes, over %d", what, len(b), downloadChunk)
		}
		data = append(data, b...)
		if r.Done {
			return r.Name, r.Type, data
		}
		if len(b) != downloadChunk {
			t.Fatalf("%s: chunk %d of %d bytes is not the last", what, chunks, len(b))
		}
		reply, b, err = s.call("downloadNext", nil, nil)
	}
}

// TestDownloadInChunks: each file, fetched a few bytes at a time, is what
// output.Write makes of the same table, several parts as a zip of them.
func TestDownloadInChunks(t *testing.T) {
	defer func(n int) { downloadChunk = n }(downloadChunk)
	downloadChunk = 100
	for _, maxBytes := range []int64{0, 160} {
		s := &session{}
		call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, nil)
		if maxBytes > 0 {
			s.res.MaxBytes = maxBytes
		}
		want := &output.Memory{}
		sum, err := output.Write(s.res, want)
		if err != nil {
			t.Fatal(err)
		}
		for what, file := range map[string]string{"rejected": output.RejectedFile, "report": output.FindingsFile} {
			name, typ, got := downloadAll(t, s, what)
			if name != file || typ != csvType || !bytes.Equal(got, want.Files[file]) {
				t.Errorf("%s: %s %s, %d bytes, want %s, %d bytes", what, name, typ, len(got), file, len(want.Files[file]))
			}
		}
		name, typ, got := downloadAll(t, s, "cleaned")
		if maxBytes > 0 && len(sum.Parts) < 2 {
			t.Fatalf("%d bytes a part made %d parts", maxBytes, len(sum.Parts))
		}
		if len(sum.Parts) == 1 {
			if name != sum.Parts[0].File || typ != csvType || !bytes.Equal(got, want.Files[name]) {
				t.Errorf("cleaned: %s %s %q", name, typ, got)
			}
			continue
		}
		if name != "contacts.zip" || typ != "application/zip" {
			t.Fatalf("cleaned of %d parts: %s %s", len(sum.Parts), name, typ)
		}
		z, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
		if err != nil {
			t.Fatal(err)
		}
		if len(z.File) != len(sum.Parts) {
			t.Fatalf("%d files in the zip, want %d", len(z.File), len(sum.Parts))
		}
		for i, f := range z.File {
			r, _ := f.Open()
			b, err := io.ReadAll(r) // checks the CRC-32
			if f.Name != sum.Parts[i].File || f.Method != zip.Store || err != nil || !bytes.Equal(b, want.Files[f.Name]) {
				t.Errorf("%s: method %d, %v, %q", f.Name, f.Method, err, b)
			}
		}
	}
}

// TestDownloadEndsOnChange: an edit between two chunks ends the download,
// which would otherwise mix the table before and after it.
func TestDownloadEndsOnChange(t *testing.T) {
	defer func(n int) { downloadChunk = n }(downloadChunk)
	downloadChunk = 50
	s := &session{}
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, nil)
	call(t, s, "download", map[string]string{"what": "report"}, nil, nil)
	call(t, s, "edit", check.CellEdit{Row: 1, Col: 3, Value: "(415) 555-0100"}, nil, nil)
	if _, _, err := s.call("downloadNext", nil, nil); !errors.Is(err, errChanged) {
		t.Errorf("downloadNext after an edit: %v, want %v", err, errChanged)
	}
	if _, _, err := s.call("downloadNext", nil, nil); !errors.Is(err, errNoDownload) {
		t.Errorf("downloadNext once more: %v, want %v", err, errNoDownload)
	}
	if _, _, data := downloadAll(t, s, "report"); len(data) <= downloadChunk {
		t.Errorf("a new download after the edit: %d bytes", len(data))
	}
}
