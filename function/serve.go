//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall/js"
)

// The bridge between the runtime and the handler, in place of syumai/workers' Serve:
// that one ends the Go program after each answer, and its entry (worker.mjs, which
// replaces it) starts a new program for every request. It also leaves a callback
// behind for each piece of a body it reads or writes, which a program that lives on
// cannot afford. Here the program lives as long as the isolate, and each request
// makes no callback of its own: promises are awaited through one (await).

// helpers are worker.mjs's functions (context.helpers).
var helpers = js.Global().Get("context").Get("helpers")

var (
	uint8Array   = js.Global().Get("Uint8Array")
	responseCtor = js.Global().Get("Response")
	headersCtor  = js.Global().Get("Headers")
)

// serve answers every request with h and never returns.
func serve(h http.Handler, logger *log.Logger) {
	js.Global().Get("context").Get("binding").Set("handleRequest", js.FuncOf(func(_ js.Value, args []js.Value) any {
		go answer(h, logger, args[0], args[1], args[2])
		return nil
	}))
	select {}
}

// answer runs h for the runtime's request and resolves the runtime's promise with
// the answer (a Response) once the handler starts writing it or returns.
func answer(h http.Handler, logger *log.Logger, jsReq, resolve, reject js.Value) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	touched(requestBytes)
	r, err := toRequest(ctx, jsReq)
	if err != nil {
		reject.Invoke(js.Global().Get("Error").New(err.Error()))
		return
	}
	w := &responseWriter{header: http.Header{}, status: http.StatusOK, resolve: resolve, head: r.Method == http.MethodHead}
	defer func() {
		if p := recover(); p != nil {
			// As net/http's server does: one request's bug does not end the program.
			logger.Printf("contactprep: panic serving %s %s: %v", r.Method, r.URL.Path, p)
			w.fail(http.StatusInternalServerError)
			return
		}
		w.finish()
	}()
	h.ServeHTTP(w, r)
}

func toRequest(ctx context.Context, jsReq js.Value) (*http.Request, error) {
	u, err := url.Parse(jsReq.Get("url").String())
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	entries := helpers.Call("headers", jsReq.Get("headers"))
	for i, n := 0, entries.Length(); i < n; i++ {
		e := entries.Index(i)
		header.Add(e.Index(0).String(), e.Index(1).String())
	}
	r := (&http.Request{
		Method:     jsReq.Get("method").String(),
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     header,
		Body:       http.NoBody,
		Host:       u.Host,
		RemoteAddr: header.Get("Cf-Connecting-Ip"),
		RequestURI: u.RequestURI(),
	}).WithContext(ctx)
	if body := jsReq.Get("body"); !body.IsNull() && !body.IsUndefined() {
		r.Body = newStreamBody(body)
		r.ContentLength = -1
		if n, err := strconv.ParseInt(header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
			r.ContentLength = n
		}
	}
	return r, nil
}

// responseWriter hands the answer to the runtime at its first byte: a Response whose
// body is a stream the handler's writes go into, piece by piece, each waited for
// until the runtime took it, so a long answer is never held whole.
type responseWriter struct {
	header  http.Header
	status  int
	wrote   bool // WriteHeader was called
	resolve js.Value
	head    bool
	sent    bool    // the Response went to the runtime
	body    *pieces // the body's stream; nil for an answer without body
	buf     []byte  // what the handler wrote, not yet handed over
	err     error   // the stream broke (the client went away)
}

// pieceBytes is the size of the pieces the answer is handed over in.
const pieceBytes = 64 << 10

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if !w.wrote && !w.sent {
		w.wrote, w.status = true, status
	}
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if !w.sent {
		w.send()
	}
	if w.err != nil {
		return 0, w.err
	}
	if w.body == nil {
		return len(p), nil // an answer that has no body by its status or method
	}
	n := len(p)
	for len(p) > 0 {
		if w.buf == nil {
			w.buf = make([]byte, 0, pieceBytes)
		}
		c := copy(w.buf[len(w.buf):cap(w.buf)], p)
		w.buf, p = w.buf[:len(w.buf)+c], p[c:]
		if len(w.buf) == cap(w.buf) {
			if err := w.flush(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

// Flush hands over what was written so far.
func (w *responseWriter) Flush() {
	if !w.sent {
		w.send()
	}
	w.flush()
}

func (w *responseWriter) flush() error {
	if w.err != nil || len(w.buf) == 0 {
		return w.err
	}
	if err := w.body.write(w.buf); err != nil {
		w.err = fmt.Errorf("the answer could not be sent: %w", err)
	}
	w.buf = w.buf[:0]
	return w.err
}

// send resolves the runtime's promise with the Response.
func (w *responseWriter) send() {
	w.sent = true
	headers := headersCtor.New()
	for k, vs := range w.header {
		for _, v := range vs {
			headers.Call("append", k, v)
		}
	}
	init := js.Global().Get("Object").New()
	init.Set("status", w.status)
	init.Set("statusText", http.StatusText(w.status))
	init.Set("headers", headers)
	body := js.Null()
	if !w.head && bodyAllowed(w.status) {
		length := int64(-1)
		if n, err := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
			length = n
		}
		body, w.body = newPieces(length)
	}
	w.resolve.Invoke(responseCtor.New(body, init))
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusResetContent && status != http.StatusNotModified
}

// finish hands over the rest and ends the answer.
func (w *responseWriter) finish() {
	if !w.sent {
		w.send()
	}
	if w.body == nil {
		return
	}
	if w.flush() == nil {
		w.body.close()
		return
	}
	w.body.abort()
}

// fail ends an answer after a panic: a 500 when nothing was sent, else a cut stream.
func (w *responseWriter) fail(status int) {
	if !w.sent {
		w.header = http.Header{}
		w.status = status
		w.send()
	}
	if w.body != nil {
		w.body.abort()
	}
}

// await waits for a promise through the one callback the program keeps for all.
func await(p js.Value) (js.Value, error) {
	ch := make(chan settlement, 1)
	awaiting.mu.Lock()
	awaiting.next++
	id := awaiting.next
	awaiting.m[id] = ch
	awaiting.mu.Unlock()
	helpers.Call("settle", p, id, settled)
	s := <-ch
	return s.value, s.err
}

type settlement struct {
	value js.Value
	err   error
}

var awaiting = struct {
	mu   sync.Mutex
	m    map[int]chan settlement
	next int
}{m: map[int]chan settlement{}}

// settled is called by helpers.settle: (id, true, value) or (id, false, message).
var settled = js.FuncOf(func(_ js.Value, args []js.Value) any {
	id := args[0].Int()
	awaiting.mu.Lock()
	ch := awaiting.m[id]
	delete(awaiting.m, id)
	awaiting.mu.Unlock()
	if args[1].Bool() {
		ch <- settlement{value: args[2]}
	} else {
		ch <- settlement{err: errors.New(args[2].String())}
	}
	return nil
})

// pieces writes a body into a stream (helpers.stream) piece by piece, each through
// the same JavaScript buffer, waiting until the stream's reader took it.
type pieces struct {
	writer js.Value
	piece  js.Value // a Uint8Array of pieceBytes, made at the first write
}

// newPieces makes a stream of length bytes (-1: unknown) and answers its readable
// side, for a Response or a fetch, and its writing side.
func newPieces(length int64) (js.Value, *pieces) {
	s := helpers.Call("stream", length)
	return s.Get("readable"), &pieces{writer: s.Get("writer")}
}

// write sends p, at most pieceBytes long.
func (s *pieces) write(p []byte) error {
	if s.piece.IsUndefined() {
		s.piece = takePiece()
	}
	js.CopyBytesToJS(s.piece, p)
	piece := s.piece
	if len(p) < pieceBytes {
		piece = s.piece.Call("subarray", 0, len(p))
	}
	touched(len(p))
	_, err := await(s.writer.Call("write", piece))
	return err
}

func (s *pieces) close() error {
	_, err := await(s.writer.Call("close"))
	if err == nil && !s.piece.IsUndefined() {
		givePiece(s.piece)
		s.piece = js.Undefined()
	}
	return err
}

// The buffers of bodies written to their end, kept for the next ones: a new one for
// each answer is 64 KB that V8 frees only once 64 MB of such have piled up.
var piecePool struct {
	sync.Mutex
	free []js.Value
}

const maxPieces = 16

func takePiece() js.Value {
	piecePool.Lock()
	defer piecePool.Unlock()
	if n := len(piecePool.free); n > 0 {
		p := piecePool.free[n-1]
		piecePool.free = piecePool.free[:n-1]
		return p
	}
	return uint8Array.New(pieceBytes)
}

func givePiece(p js.Value) {
	piecePool.Lock()
	defer piecePool.Unlock()
	if len(piecePool.free) < maxPieces {
		piecePool.free = append(piecePool.free, p)
	}
}

func (s *pieces) abort() { s.writer.Call("abort") }

// copyFrom writes r into the stream and closes it; on a read or write error it
// aborts the stream.
func (s *pieces) copyFrom(r io.Reader) error {
	buf := make([]byte, pieceBytes)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if werr := s.write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return s.close()
		}
		if err != nil {
			s.abort()
			return err
		}
	}
}

// The JavaScript values Go holds (each piece of a body, each Response, each header
// list) stay alive until Go's collector finds them unused and its finalizers release
// them. Go's heap hardly grows while bodies go through, so it would seldom collect,
// and workerd's memory would fill with pieces long done with: the program collects
// after every gcEvery bytes of values it touched, a request counting requestBytes.
const (
	gcEvery      = 4 << 20
	requestBytes = 32 << 10
)

var sinceGC atomic.Int64

func touched(n int) {
	if sinceGC.Add(int64(n)) >= gcEvery {
		sinceGC.Store(0)
		runtime.GC()
	}
}
