//go:build js && wasm

package main

import (
	"errors"
	"io"
	"sync"
	"syscall/js"
)

// A File the admin chose is read where it lies, a piece at a time as the
// engine needs it (prepare.Input.At), never copied into the engine whole: the
// worker's WebAssembly memory never shrinks, and a 268 MB file would take its
// size of it for as long as the worker lives. A read waits for the worker
// (readChosen in web/worker.js copies the piece into one buffer, reused,
// which the engine copies from), so a call that reads runs as a promise
// (main.go). Reading synchronously
// (FileReaderSync) made a new ArrayBuffer per piece that a worker busy in
// the call could not collect: at 1.5 million rows, read back several times
// over, Chromium's renderer grew to 2.4 GB.

// chosenPiece is the most a read asks the worker for at once. Each read is
// a round trip to the browser for a fresh buffer: at 1 MB, inspecting a
// 10.7 MB file took 11 of them and a shard's 5 MB slice 5 (inspect 161-167
// ms against 135-140 ms with whole reads, in one A/B on two cores).
const chosenPiece = 4 << 20

// chosenFile is a File read through the worker's readChosen(file, off,
// length, reader, end), which returns a promise of the bytes read, a
// Uint8Array valid until the next read through reader, or of a message when
// the file could not be read; end, where this ReadAt stops, lets it read
// the next piece while the engine copies this one.
type chosenFile struct {
	file js.Value
	size int64
	read js.Value // readChosen

	mu     sync.Mutex // a piece stays valid until the next read
	reader js.Value   // readChosen's state for this file: the buffer it reuses
}

// newChosenFile wraps the File f; read is the worker's readChosen.
func newChosenFile(f, read js.Value) *chosenFile {
	return &chosenFile{file: f, size: int64(f.Get("size").Float()), read: read, reader: js.Global().Get("Object").New()}
}

// ReadAt reads len(p) bytes at off, or what is left of the file with io.EOF.
func (f *chosenFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.read.Type() != js.TypeFunction {
		return 0, errors.New("this worker cannot read chosen files")
	}
	n := 0
	end := min(off+int64(len(p)), f.size)
	for n < len(p) && off < f.size {
		k := int(min(int64(len(p)-n), f.size-off, chosenPiece))
		got := await(f.read.Invoke(f.file, float64(off), k, f.reader, float64(end)))
		if got.Type() != js.TypeObject {
			return n, errors.New(got.String())
		}
		m := got.Length()
		if m <= 0 || m > k {
			return n, io.ErrUnexpectedEOF // the file is shorter than when it was chosen
		}
		js.CopyBytesToGo(p[n:n+m], got)
		n += m
		off += int64(m)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// await waits for the promise p and returns what it resolved to, or the
// rejection's message as a string.
func await(p js.Value) js.Value {
	got := make(chan js.Value, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any { got <- args[0]; return nil })
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		got <- js.ValueOf(js.Global().Get("String").Invoke(args[0]).String())
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	return <-got
}
