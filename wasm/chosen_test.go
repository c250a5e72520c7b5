//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"syscall/js"
	"testing"

	"contactprep/internal/gen"
)

// fakeFile is a Blob-like object holding data, and a readChosen over it that
// answers as the worker's does (web/worker.js): a promise, resolved in a
// later task, of the bytes asked for or a message. Node has no
// FileReaderSync or file system Blobs; the page's tests read real Files.
func fakeFile(data []byte) (file, read js.Value) {
	u := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u, data)
	file = js.Global().Get("Object").New()
	file.Set("size", len(data))
	file.Set("bytes", u)
	read = js.Global().Get("Function").New("file", "off", "length", "reader", `
		return new Promise((resolve) => setTimeout(() => {
			if (file.broken) return resolve("the file could not be read again: it changed or moved since it was chosen; choose it again");
			resolve(file.bytes.slice(off, off + length));
		}, 0));`)
	return file, read
}

func TestChosenFileReadsWhereItLies(t *testing.T) {
	data := make([]byte, 2*chosenPiece+123)
	for i := range data {
		data[i] = byte(i * 7)
	}
	file, read := fakeFile(data)
	f := newChosenFile(file, read)
	if f.size != int64(len(data)) {
		t.Fatalf("size %d, want %d", f.size, len(data))
	}
	for _, c := range []struct{ off, n int }{{0, 10}, {0, len(data)}, {chosenPiece - 3, 9}, {len(data) - 5, 5}, {5, 2*chosenPiece + 1}} {
		p := make([]byte, c.n)
		n, err := f.ReadAt(p, int64(c.off))
		if n != c.n || err != nil || !bytes.Equal(p, data[c.off:c.off+c.n]) {
			t.Errorf("ReadAt(%d bytes, %d) = %d, %v", c.n, c.off, n, err)
		}
	}
	p := make([]byte, 10)
	if n, err := f.ReadAt(p, int64(len(data)-4)); n != 4 || err != io.EOF || !bytes.Equal(p[:4], data[len(data)-4:]) {
		t.Errorf("reading past the end: %d, %v, want 4, EOF", n, err)
	}
	if n, err := f.ReadAt(p, int64(len(data))); n != 0 || err != io.EOF {
		t.Errorf("reading at the end: %d, %v, want 0, EOF", n, err)
	}
	file.Set("broken", true)
	if _, err := f.ReadAt(p, 0); err == nil || errors.Is(err, io.EOF) {
		t.Errorf("reading a file that went away: %v, want its message", err)
	}
}

// TestRunFromChosenFile prepares a generated file of several pieces as a
// chosen File (read where it lies), kept from inspect as the page does, and
// checks the summary and every download are those of the same bytes sent.
func TestRunFromChosenFile(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 50000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if len(data) < 2*chosenPiece {
		t.Fatalf("%d bytes: too few for several pieces", len(data))
	}
	args := settings{Files: []fileArg{{Name: "big.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy", Keep: 3}

	sent := &session{}
	var want summary
	call(t, sent, "prepare", args, [][]byte{data}, &want)

	file, read := fakeFile(data)
	f := newChosenFile(file, read)
	chosen := &session{}
	a, _ := json.Marshal(args)
	if _, _, err := chosen.call("inspect", a, []callFile{{at: f, size: f.size}}); err != nil {
		t.Fatal(err)
	}
	reply, _, err := chosen.call("prepare", a, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameRun(t, "from the chosen file", chosen, reply, sent, want)
	file.Set("broken", true)
	if _, _, err := chosen.call("download", []byte(`{"what":"cleaned"}`), nil); err == nil {
		t.Error("downloading after the file went away succeeded")
	}
}

// TestSummaryOfChosenFileReadsInOrder: the summary of a run read where it
// lies, which the page asks for after the run and after every change, reads
// the file in order, a piece at a time, never row by row: each read waits
// for the browser's file system, and counting the accounts "mostCommon"
// settles by reading every account conflict's rows took a read per row
// (about 21,000 at 400,000 rows), which left the 71 MB file's page waiting
// for minutes before step 4.
func TestSummaryOfChosenFileReadsInOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 12000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	file, read := fakeFile(data)
	reads := js.Global().Get("Object").New()
	reads.Set("n", 0)
	counted := js.Global().Get("Function").New("read", "reads", `return (...a) => { reads.n++; return read(...a); }`).Invoke(read, reads)
	f := newChosenFile(file, counted)
	s := &session{}
	args, _ := json.Marshal(settings{Files: []fileArg{{Name: "big.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy"})
	if _, _, err := s.call("prepare", args, []callFile{{at: f, size: f.size}}); err != nil {
		t.Fatal(err)
	}
	inConflict := 0
	for _, c := range s.res.Table.Conflicts() {
		inConflict += len(c.Rows)
	}
	// A window, or a small read and a window, per megabyte of the file: the
	// table reads a file read where it lies a window of 1 MB at a time.
	most := 2 * (len(data)>>20 + 1)
	if inConflict <= most {
		t.Fatalf("%d rows in conflicts: too few to tell reading in order from reading row by row", inConflict)
	}
	for _, op := range []string{"summary", "preview mostCommon"} {
		reads.Set("n", 0)
		if op == "summary" {
			s.summary()
		} else if _, _, err := s.call("decide", []byte(`{"action":"mostCommon","preview":true}`), nil); err != nil {
			t.Fatal(err)
		}
		if n := reads.Get("n").Int(); n > most {
			t.Errorf("%s: %d reads of a %d-byte file whose conflicts have %d rows: more than %d", op, n, len(data), inConflict, most)
		}
	}
}

// TestInspectReadsTheHeadOfAHeldFile: a chosen File small enough to hold is
// read no further than its head by "inspect" (the admin sees its columns
// sooner), and whole by "share" or a run, once; told UTF-8 by its head, its
// encoding is then told from all of it, so a file whose late rows are not
// UTF-8 runs as if it had been read whole at once, with no second run.
func TestInspectReadsTheHeadOfAHeldFile(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 30000, Seed: 6}); err != nil {
		t.Fatal(err)
	}
	utf8File := buf.Bytes()
	late := append(bytes.Clone(utf8File), "C9999999,Z\xF6e,Late\n"...) // Windows-1252 past the head
	if int64(len(utf8File)) < 4*detectHead {
		t.Fatalf("%d bytes: too few to tell the head from the whole", len(utf8File))
	}
	for _, c := range []struct {
		name string
		data []byte
		op   string // what reads it whole after inspect
	}{{"utf-8, shared", utf8File, "share"}, {"utf-8, run at once", utf8File, "prepare"}, {"late Windows-1252, shared", late, "share"}} {
		file, read := fakeFile(c.data)
		bytesRead := js.Global().Get("Object").New()
		bytesRead.Set("n", 0)
		counted := js.Global().Get("Function").New("read", "r", `return (file, off, length, ...a) => { r.n += length; return read(file, off, length, ...a); }`).Invoke(read, bytesRead)
		f := newChosenFile(file, counted)
		args := settings{Files: []fileArg{{Name: "held.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy", Keep: 9}
		a, _ := json.Marshal(args)
		s := &session{}
		reply, _, err := s.call("inspect", a, []callFile{{at: f, size: f.size, later: true}})
		if err != nil {
			t.Fatalf("%s: inspect: %v", c.name, err)
		}
		if !bytes.Contains(must(json.Marshal(reply)), []byte(`"encoding":"utf-8"`)) {
			t.Errorf("%s: inspected as %s, want utf-8 from its head", c.name, must(json.Marshal(reply)))
		}
		if n := bytesRead.Get("n").Int(); n > 2*int(detectHead) {
			t.Errorf("%s: inspect read %d bytes of %d, want no more than its head twice (%d)", c.name, n, len(c.data), 2*detectHead)
		}
		if c.op == "share" {
			shared := call(t, s, "share", struct{ Keep, Data int }{9, 0}, nil, nil)
			if !bytes.Equal(shared, c.data) {
				t.Fatalf("%s: shared %d bytes, want the file's %d", c.name, len(shared), len(c.data))
			}
		}
		bytesRead.Set("n", 0)
		got, _, err := s.call("prepare", a, nil)
		if err != nil {
			t.Fatalf("%s: prepare: %v", c.name, err)
		}
		if n := bytesRead.Get("n").Int(); c.op == "share" && n != 0 || c.op == "prepare" && n != len(c.data) {
			t.Errorf("%s: the run read %d bytes of %d", c.name, n, len(c.data))
		}
		var want summary
		call(t, &session{}, "prepare", settings{Files: args.Files, Country: "us", Target: "legacy"}, [][]byte{c.data}, &want)
		if g, w := must(json.Marshal(got)), must(json.Marshal(want)); !bytes.Equal(g, w) {
			t.Errorf("%s: the run of the held file differs from one of its bytes:\n%.600s\nwant\n%.600s", c.name, g, w)
		}
	}
}
