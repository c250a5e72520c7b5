//go:build js && wasm

// Command function is the contactprep Cloudflare Worker: the API under /api/ that
// re-checks a file and imports it into Genesys Cloud. Workers static assets serve
// the page itself. Everything but the wiring to the Workers runtime is in package
// api, which runs and is tested as ordinary Go.
package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"syscall/js"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/kv"

	"contactprep/function/api"
)

func main() {
	logger := log.New(os.Stderr, "", 0)
	workers.Serve(bodyDone(handler(logger)))
}

// bodyDone reads a request body the handler started on to its end before the answer
// leaves, as net/http's server does and syumai/workers (v0.33.0) does not: under
// wrangler dev, a Worker that answers with a request body partly read (bad settings
// refused before the file part) leaves workerd's connection broken, and the next
// request gets 503 "Your worker restarted mid-request". Cancelling the body instead
// does not help. A body never read is left alone (refusing by Content-Length, or
// before sign-in, harms nothing), and one longer than drainLimit is cancelled.
func bodyDone(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil {
			h.ServeHTTP(w, r)
			return
		}
		body := &startedBody{ReadCloser: r.Body}
		r.Body = body
		bw := &bodyDoneWriter{ResponseWriter: w, body: body}
		h.ServeHTTP(bw, r)
		bw.finish()
	})
}

// drainLimit bounds what bodyDone reads of a body the handler gave up on.
const drainLimit = 64 << 20

// startedBody is a request body that knows whether its reading started.
type startedBody struct {
	io.ReadCloser
	started bool
}

func (b *startedBody) Read(p []byte) (int, error) {
	b.started = true
	return b.ReadCloser.Read(p)
}

// bodyDoneWriter finishes with the request body before the first byte of the answer:
// syumai/workers hands the answer to the runtime at that write.
type bodyDoneWriter struct {
	http.ResponseWriter
	body *startedBody
	once sync.Once
}

func (w *bodyDoneWriter) finish() {
	w.once.Do(func() {
		if w.body.started {
			io.Copy(io.Discard, io.LimitReader(w.body, drainLimit))
		}
		w.body.Close()
	})
}

func (w *bodyDoneWriter) Write(p []byte) (int, error) {
	w.finish()
	return w.ResponseWriter.Write(p)
}

func handler(logger *log.Logger) http.Handler {
	ns, err := kv.NewNamespace("IMPORTS")
	if err != nil {
		return misconfigured(logger, "the IMPORTS KV namespace is not bound (see wrangler.toml)")
	}
	doer := fetchDoer{fetch.NewClient(fetch.WithBinding(bufferedFetch()))}
	cfg, err := api.ConfigFromEnv(cloudflare.Getenv, doer, kvStore{ns}, logger)
	if err != nil {
		return misconfigured(logger, err.Error())
	}
	return api.New(cfg)
}

// misconfigured answers every request with the configuration problem, which names
// variables, never their values.
func misconfigured(logger *log.Logger, problem string) http.Handler {
	logger.Printf("contactprep: misconfigured: %s", problem)
	body, _ := json.Marshal(map[string]string{"code": "misconfigured", "message": problem})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(body)
	})
}

// fetchDoer sends requests with the runtime's fetch. It calls the fetch client
// directly: going through an http.Client would link net/http's whole transport and
// TLS stack, doubling the Worker's size, for nothing the Worker can use.
type fetchDoer struct{ c *fetch.Client }

// Do never follows redirects: the function talks to the region's hosts only. An
// answer that has no body by its status (204, as Genesys' DNC calls answer) has a null
// body stream in the runtime, which the fetch client's reader panics on: it gets an
// empty body instead.
func (d fetchDoer) Do(req *http.Request) (*http.Response, error) {
	res, err := d.c.Do(&fetch.Request{Request: req}, &fetch.RequestInit{Redirect: fetch.RedirectModeManual})
	if err == nil && (res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusResetContent || res.StatusCode == http.StatusNotModified) {
		res.Body = http.NoBody
	}
	return res, err
}

// kvStore is api.Store on a Workers KV namespace.
type kvStore struct{ ns *kv.Namespace }

func (s kvStore) Get(_ context.Context, key string) (string, bool, error) {
	v, err := s.ns.GetString(key, nil)
	// A missing key reads as JavaScript null, which syscall/js spells "<null>"; stored
	// values are JSON documents, never that.
	if err != nil || v == "<null>" {
		return "", false, err
	}
	return v, true, nil
}

func (s kvStore) Put(_ context.Context, key, value string, ttl time.Duration) error {
	return s.ns.PutString(key, value, &kv.PutOptions{ExpirationTTL: int(max(ttl, time.Minute) / time.Second)})
}

func (s kvStore) Delete(_ context.Context, key string) error {
	return s.ns.Delete(key)
}

// bufferedFetch is a fetch that collects a request's body before sending it. The
// fetch client hands bodies over as streams, which go out chunked, and the presigned
// storage URL Genesys uploads to wants a Content-Length, as S3 does.
func bufferedFetch() js.Value {
	global := js.Global()
	fetch := global.Get("fetch") // invoked without a this: workerd refuses any other
	binding := global.Get("Object").New()
	binding.Set("fetch", js.FuncOf(func(_ js.Value, args []js.Value) any {
		req, init := args[0], js.Undefined()
		if len(args) > 1 {
			init = args[1]
		}
		if req.Get("body").IsNull() {
			return fetch.Invoke(req, init)
		}
		var send js.Func
		send = js.FuncOf(func(_ js.Value, body []js.Value) any {
			send.Release()
			opts := global.Get("Object").New()
			opts.Set("method", req.Get("method"))
			opts.Set("headers", req.Get("headers"))
			opts.Set("body", body[0])
			if !init.IsUndefined() && !init.Get("redirect").IsUndefined() {
				opts.Set("redirect", init.Get("redirect"))
			}
			return fetch.Invoke(req.Get("url"), opts)
		})
		return req.Call("arrayBuffer").Call("then", send)
	}))
	return binding
}
