//go:build js && wasm

// Command wasm is the engine for the browser page: it runs in a Web Worker
// (web/worker.js) and answers the page's calls with the shared/ packages.
//
// The worker calls contactprep.call(op, argsJSON, files) with files an array
// of Uint8Array, copied in, or of File, read through the worker's readChosen
// (chosen.go, fileOf); it returns a promise of [replyJSON, bytes
// or null] and reports progress by calling reportProgress(progressJSON) while
// it works. Replies carry whole batches (a summary, a range of rows, a chunk
// of a download), never one call per cell. The module never links the XLSX
// reader: the page converts workbooks with the separate module in wasm/xlsx
// and passes the chosen sheet as CSV with the workbook.
package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"syscall/js"

	"contactprep/shared/prepare"
)

func main() {
	debug.SetMemoryLimit(memoryLimit)
	debug.SetGCPercent(gcPercent)
	report := js.Global().Get("reportProgress")
	s := &session{progress: func(p prepare.Progress) {
		if report.Type() == js.TypeFunction {
			b, _ := json.Marshal(p)
			report.Invoke(string(b))
		}
	}}
	js.Global().Set("contactprep", js.ValueOf(map[string]any{
		"call": js.FuncOf(func(_ js.Value, args []js.Value) any { return promise(func() any { return callJS(s, args) }) }),
	}))
	select {}
}

// A worker's WebAssembly memory never shrinks: it is the most its heap ever
// took. A run of a large file holds its table (about 250 MB at 1.5 million
// rows) and makes garbage as fast as it reads the file back (a new window a
// megabyte), so the heap is collected when it has grown by a quarter
// (gcPercent), not doubled: measured at 1.5 million rows in Chromium, 456 MB
// of memory against 662 MB at the default, in the same time. A smaller run
// collects at the default (collectFor). memoryLimit caps a larger run, which
// collects more often near it rather than grow past it.
const (
	gcPercent   = 25
	memoryLimit = 640 << 20
)

// collectFor sets how soon the engine collects in a run of files of n bytes
// in all: at gcPercent when they are read where they lie (over heldMax), at
// Go's default when they are held, and the heap stays small: measured in
// Chromium, the 60,000-row run took about 285 ms at the default against
// 320-350 ms at gcPercent, where a fifth of its time went to collecting; at
// 1.5 million rows the default took the page past a gigabyte.
func collectFor(n int64) {
	if n > heldMax {
		debug.SetGCPercent(gcPercent)
	} else {
		debug.SetGCPercent(100)
	}
}

// resolveGCPercent is how soon the primary collects while it resolves a run
// of files read where they lie (finishRun). Resolving allocates what it
// needs for moments (grouping the keys, reading the grouped rows) on top of
// the table, and the memory grown for them stays the worker's: collecting
// the slices' garbage first, and then at a tenth, took the engine's memory
// at 1.5 million rows in Chromium from 410-424 MB to 396-399 MB, in the
// same time (2.8-3.1 s).
const resolveGCPercent = 10

// collectWhileResolving readies the heap for resolving a run of n bytes and
// returns what restores it.
func collectWhileResolving(n int64) (restore func()) {
	if n <= heldMax {
		return func() {}
	}
	runtime.GC()
	old := debug.SetGCPercent(resolveGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// promise runs do in a goroutine and returns a promise of its result. A call
// runs until it waits for the worker, which reading a chosen File does: the
// worker's event loop then turns, and can collect what the reads left.
//
// A panic in do would end the whole program and leave the promise, and the
// page, waiting forever: it is printed to the console (the worker's, with
// the stack; a panic names no cell) and the promise resolves to
// stoppedReply, after which the page starts a fresh worker (web/worker.js).
func promise(do func() any) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve := args[0]
		go func() {
			defer func() {
				if r := recover(); r != nil {
					println("contactprep: panic:", fmt.Sprint(r), "\n"+string(debug.Stack()))
					resolve.Invoke(js.ValueOf([]any{stoppedReply, nil}))
				}
			}()
			resolve.Invoke(do())
		}()
		return nil
	})
	defer executor.Release()
	return js.Global().Get("Promise").New(executor)
}

// stoppedReply answers a call the engine gave up: the worker stops (web/worker.js).
const stoppedReply = `{"error":"the engine stopped","stopped":true}`

// fileOf makes a call's file of what the page sent: a Uint8Array is copied
// into Go memory, and so is a File of up to heldMax bytes, read whole,
// when hold is set (not yet when later is: callFile.later); a larger File,
// or any File when hold is not, is read where it lies (chosen.go).
func fileOf(v js.Value, hold, later bool) (callFile, error) {
	if blob := js.Global().Get("Blob"); blob.Type() == js.TypeFunction && v.InstanceOf(blob) {
		f := newChosenFile(v, js.Global().Get("readChosen"))
		file := callFile{at: f, size: f.size}
		if !hold || f.size > heldMax {
			return file, nil
		}
		if later {
			file.later = true
			return file, nil
		}
		data, err := file.bytes()
		if err != nil {
			return callFile{}, fmt.Errorf("%s: %w", v.Get("name").String(), err)
		}
		return callFile{data: data}, nil
	}
	b := make([]byte, v.Get("byteLength").Int())
	js.CopyBytesToGo(b, v)
	return callFile{data: b}, nil
}

// heldMax is the largest chosen File held in memory. A file held is read
// once; one read where it lies is read again as the table needs its records
// (about six times over), from the browser's file system, which took the
// 60,000-row run from 290 to 540 ms in Chromium. Above this size the
// memory is worth more: at 1.5 million rows (268 MB) holding the file took
// Chromium over a gigabyte.
const heldMax = 64 << 20

// callJS unpacks a call from JavaScript, runs it and packs the reply. An
// error becomes {"error": message}: messages name files and rows, never values.
func callJS(s *session, args []js.Value) any {
	if len(args) < 2 {
		return js.ValueOf([]any{`{"error":"call(op, args, files)"}`, nil})
	}
	var files []callFile
	if len(args) > 2 && args[2].Truthy() {
		// A shard worker reads only its slice of the File it is given: read
		// whole, the 60,000-row file's 10.7 MB took it longer than checking
		// its 4.3 MB slice.
		hold, later := args[0].String() != "prepareSlice", args[0].String() == "inspect"
		for i := range args[2].Length() {
			f, err := fileOf(args[2].Index(i), hold, later)
			if err != nil {
				b, _ := json.Marshal(map[string]string{"error": err.Error()})
				return js.ValueOf([]any{string(b), nil})
			}
			files = append(files, f)
		}
	}
	reply, file, err := s.call(args[0].String(), []byte(args[1].String()), files)
	if err != nil {
		return js.ValueOf([]any{string(errorReply(err)), nil})
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
