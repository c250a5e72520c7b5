//go:build js && wasm

// Command wasm is the engine for the browser page: it runs in a Web Worker
// (web/worker.js) and answers the page's calls with the shared/ packages.
//
// The worker calls contactprep.call(op, argsJSON, files) with files an array
// of Uint8Array, or of numbers naming files it copied in before the call
// (contactprep.open, write and drop: inbox.go); it returns [replyJSON, bytes
// or null] and reports progress by calling reportProgress(progressJSON) while
// it works. Replies carry whole batches (a summary, a range of rows, a chunk
// of a download), never one call per cell. The module never links the XLSX
// reader: the page converts workbooks with the separate module in wasm/xlsx
// and passes the chosen sheet as CSV with the workbook.
package main

import (
	"encoding/json"
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
		"open": js.FuncOf(func(_ js.Value, args []js.Value) any { return chosen.open(args[0].Int()) }),
		"write": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return chosen.write(args[0].Int(), args[1].Int(), args[2])
		}),
		"drop": js.FuncOf(func(_ js.Value, args []js.Value) any { chosen.drop(args[0].Int()); return nil }),
	}))
	select {}
}

// memoryLimit keeps a worker's heap, and so its WebAssembly memory, which
// never shrinks, near what a run holds: at the default GOGC a 1.5 million-row
// file's table would grow the heap to twice that. A run that holds more than
// this still completes; it collects more often.
const memoryLimit = 640 << 20

// bytesOf copies a file the page sent as a Uint8Array into Go memory; a
// number names a file the worker has already copied in (inbox).
func bytesOf(v js.Value) ([]byte, error) {
	if v.Type() == js.TypeNumber {
		return chosen.take(v.Int())
	}
	b := make([]byte, v.Get("byteLength").Int())
	js.CopyBytesToGo(b, v)
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
