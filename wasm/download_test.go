//go:build js && wasm

package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"

	"contactprep/shared/check"
	"contactprep/shared/output"
)

// chunk is a download's reply.
type chunk struct {
	ID         int
	Name, Type string
	Done       bool
	bytes      []byte
}

// next asks for download op's next chunk: "download" with args, or "downloadNext".
func next(s *session, op, args string) (chunk, error) {
	reply, b, err := s.call(op, []byte(args), nil)
	if err != nil {
		return chunk{}, err
	}
	var c chunk
	j, _ := json.Marshal(reply)
	json.Unmarshal(j, &c)
	c.bytes = b
	return c, nil
}

// downloadAll fetches a download chunk by chunk, as the page does.
func downloadAll(t *testing.T, s *session, what string) (name, typ string, data []byte) {
	t.Helper()
	c, err := next(s, "download", `{"what":"`+what+`"}`)
	for chunks := 1; ; chunks++ {
		if err != nil {
			t.Fatalf("%s, chunk %d: %v", what, chunks, err)
		}
		if len(c.bytes) > downloadChunk {
			t.Fatalf("%s: a chunk of %d bytes, over %d", what, len(c.bytes), downloadChunk)
		}
		data = append(data, c.bytes...)
		if c.Done {
			return c.Name, c.Type, data
		}
		if len(c.bytes) != downloadChunk {
			t.Fatalf("%s: chunk %d of %d bytes is not the last", what, chunks, len(c.bytes))
		}
		c, err = next(s, "downloadNext", fmt.Sprintf(`{"id":%d}`, c.ID))
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
	c, err := next(s, "download", `{"what":"report"}`)
	if err != nil || c.Done {
		t.Fatalf("download: %+v, %v", c, err)
	}
	call(t, s, "edit", check.CellEdit{Row: 1, Col: 3, Value: "(415) 555-0100"}, nil, nil)
	again := fmt.Sprintf(`{"id":%d}`, c.ID)
	if _, err := next(s, "downloadNext", again); !errors.Is(err, errChanged) {
		t.Errorf("downloadNext after an edit: %v, want %v", err, errChanged)
	}
	if _, err := next(s, "downloadNext", again); !errors.Is(err, errNoDownload) {
		t.Errorf("downloadNext once more: %v, want %v", err, errNoDownload)
	}
	if _, _, data := downloadAll(t, s, "report"); len(data) <= downloadChunk {
		t.Errorf("a new download after the edit: %d bytes", len(data))
	}
}

// TestDownloadsSideBySide: two downloads asked for in turns, as when the
// admin presses two buttons, each get their own file.
func TestDownloadsSideBySide(t *testing.T) {
	defer func(n int) { downloadChunk = n }(downloadChunk)
	downloadChunk = 40
	s := &session{}
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, nil)
	want := &output.Memory{}
	if _, err := output.Write(s.res, want); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var ids []int
	for _, what := range []string{"report", "rejected"} {
		c, err := next(s, "download", `{"what":"`+what+`"}`)
		if err != nil {
			t.Fatal(err)
		}
		files[c.Name] = c.bytes
		ids = append(ids, c.ID)
	}
	for len(ids) > 0 {
		for i := 0; i < len(ids); i++ {
			c, err := next(s, "downloadNext", fmt.Sprintf(`{"id":%d}`, ids[i]))
			if err != nil {
				t.Fatal(err)
			}
			files[c.Name] = append(files[c.Name], c.bytes...)
			if c.Done {
				ids = append(ids[:i], ids[i+1:]...)
				i--
			}
		}
	}
	for _, name := range []string{output.FindingsFile, output.RejectedFile} {
		if !bytes.Equal(files[name], want.Files[name]) {
			t.Errorf("%s: %d bytes, want %d", name, len(files[name]), len(want.Files[name]))
		}
	}
}
