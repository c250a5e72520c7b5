//go:build js && wasm

// Command wasm is the engine for the browser page: it runs in a Web Worker
// (web/worker.js) and answers the page's calls with the shared/ packages.
//
// The worker calls contactprep.call(op, argsJSON, files) with files an array
// of Uint8Array; it returns [replyJSON, bytes or null] and reports progress
// by calling reportProgress(progressJSON) while it works. Replies carry whole
// batches (a summary, a range of rows), never one call per cell. The module
// never links the XLSX reader: the page converts workbooks with the separate
// module in wasm/xlsx and passes the chosen sheet as CSV with the workbook.
package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"syscall/js"

	"contactprep/shared/prepare"
)

func main() {
	debug.SetMemoryLimit(memoryLimit)
	report := js.Global().Get("reportProgress")
	s := &session{progress: func(p prepare.Progress) {
		if report.Type() == js.TypeFunction {
			b, _ := json.Marshal(p)
			report.Invoke(string(b))
		}
	}}
	js.Global().Set("contactprep", js.ValueOf(map[string]any{
		"call": js.FuncOf(func(_ js.Value, args []js.Value) any { return callJS(s, args) }),
	}))
	select {}
}

// memoryLimit keeps a worker's heap, and so its WebAssembly memory, which
// never shrinks, near what a run holds: at the default GOGC a 1.5 million-row
// file's table would grow the heap to twice that. A run that holds more than
// this still completes; it collects more often.
const memoryLimit = 640 << 20

// readChunk is how many bytes of a File bytesOf copies at a time.
const readChunk = 16 << 20

// bytesOf copies a file the page sent into Go memory: a Uint8Array at once,
// a File (or Blob) a chunk at a time through the worker's readChunk, so that
// a 200 MB file is never held whole by JavaScript as well. A file that can no
// longer be read (changed or removed since it was chosen) is an error.
func bytesOf(v js.Value) (b []byte, err error) {
	if v.Get("byteLength").Type() == js.TypeNumber {
		b = make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(b, v)
		return b, nil
	}
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("a chosen file could not be read (%v): choose it again", r)
		}
	}()
	b = make([]byte, v.Get("size").Int())
	read := js.Global().Get("readChunk")
	for off := 0; off < len(b); off += readChunk {
		n := min(readChunk, len(b)-off)
		if got := js.CopyBytesToGo(b[off:off+n], read.Invoke(v, off, n)); got != n {
			return nil, fmt.Errorf("a chosen file could not be read (%d of %d bytes at %d): choose it again", got, n, off)
		}
	}
	return b, nil
}

// callJS unpacks a call from JavaScript, runs it and packs the reply. An
// error becomes {"error": message}: messages name files and rows, never values.
func callJS(s *session, args []js.Value) any {
	if len(args) < 2 {
		return js.ValueOf([]any{`{"error":"call(op, args, files)"}`, nil})
	}
	var files [][]byte
	if len(args) > 2 && args[2].Truthy() {
		for i := range args[2].Length() {
			b, err := bytesOf(args[2].Index(i))
			if err != nil {
				b, _ := json.Marshal(map[string]string{"error": err.Error()})
				return js.ValueOf([]any{string(b), nil})
			}
			files = append(files, b)
		}
	}
	reply, file, err := s.call(args[0].String(), []byte(args[1].String()), files)
	if err != nil {
		b, _ := json.Marshal(map[string]string{"error": err.Error()})
		return js.ValueOf([]any{string(b), nil})
	}
	b, err := json.Marshal(reply)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	var bytes any
	if file != nil {
		u := js.Global().Get("Uint8Array").New(len(file))
		js.CopyBytesToJS(u, file)
		bytes = u
	}
	return js.ValueOf([]any{string(b), bytes})
}
