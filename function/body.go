//go:build js && wasm

package main

import (
	"errors"
	"io"
	"net/http"
	"syscall/js"
)

// streamBody reads a body the runtime gives (a request's, or a fetched answer's: a
// ReadableStream) as an io.ReadCloser. syumai/workers' reader makes two callbacks for
// each piece and releases one; this one makes none (see await), reads every piece
// into the same JavaScript buffer (helpers.reader), and copies it into Go once,
// straight into the caller's buffer when it fits.
type streamBody struct {
	stream js.Value
	reader js.Value // helpers.reader's, once the first Read made it
	// rest is what the caller's buffer had no room for, of the last piece; buf its
	// storage, kept for the next piece.
	rest, buf []byte
	err       error // io.EOF or the stream's error, once met
}

// newStreamBody reads stream, which may be null (an answer with no body).
func newStreamBody(stream js.Value) io.ReadCloser {
	if stream.IsNull() || stream.IsUndefined() {
		return http.NoBody
	}
	return &streamBody{stream: stream}
}

func (b *streamBody) Read(p []byte) (int, error) {
	if len(b.rest) > 0 {
		n := copy(p, b.rest)
		b.rest = b.rest[n:]
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if b.reader.IsUndefined() {
		b.reader = helpers.Call("reader", b.stream)
	}
	for {
		chunk, err := await(b.reader.Call("read"))
		if err != nil {
			b.err = errors.New("the body broke off: " + err.Error())
			return 0, b.err
		}
		if chunk.IsNull() {
			b.err = io.EOF
			b.buf = nil
			return 0, io.EOF
		}
		size := chunk.Get("byteLength").Int()
		touched(size)
		if size == 0 {
			continue
		}
		if size <= len(p) {
			return js.CopyBytesToGo(p, chunk), nil
		}
		if cap(b.buf) < size {
			b.buf = make([]byte, size)
		}
		b.rest = b.buf[:size]
		js.CopyBytesToGo(b.rest, chunk)
		n := copy(p, b.rest)
		b.rest = b.rest[n:]
		return n, nil
	}
}

// Close gives up the rest of a body whose reading started: the runtime stops
// receiving it. A body never read is left as it is (see bodyDone). No read is
// pending when Close runs, as Read waits for its result.
func (b *streamBody) Close() error {
	if b.err == nil {
		b.err = errors.New("read after close")
		if !b.reader.IsUndefined() {
			b.reader.Call("cancel")
		}
	}
	b.rest, b.buf = nil, nil
	return nil
}
