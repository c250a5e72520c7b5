//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// inbox holds the chosen files the worker is copying into Go memory before
// the call that uses them (web/worker.js intoEngine): it streams each File
// through one reused buffer and writes it here piece by piece. Reading a File
// in the call itself, with FileReaderSync, made a new ArrayBuffer per chunk
// that the worker, busy in the call, could not collect: a 268 MB file took
// its size twice over.
type inbox struct {
	next  int
	files map[int][]byte
}

var chosen = inbox{files: map[int][]byte{}}

// open makes room for a file of size bytes and returns its number.
func (b *inbox) open(size int) int {
	b.next++
	b.files[b.next] = make([]byte, size)
	return b.next
}

// write copies the bytes of the Uint8Array u into file n at off; it reports
// false when they do not fit, or n is not open.
func (b *inbox) write(n, off int, u js.Value) bool {
	f, ok := b.files[n]
	if !ok || off < 0 || off > len(f) || u.Get("byteLength").Int() > len(f)-off {
		return false
	}
	js.CopyBytesToGo(f[off:], u)
	return true
}

// drop forgets file n, written or not.
func (b *inbox) drop(n int) { delete(b.files, n) }

// take hands file n to a call, which owns it from then on.
func (b *inbox) take(n int) ([]byte, error) {
	f, ok := b.files[n]
	if !ok {
		return nil, errors.New("a chosen file was not read: choose it again")
	}
	delete(b.files, n)
	return f, nil
}
