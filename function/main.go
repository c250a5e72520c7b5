//go:build js && wasm

// Command function is the contactprep Cloudflare Worker: the API under /api/ that
// re-checks a file and imports it into Genesys Cloud. Workers static assets serve
// the page itself. Everything but the wiring to the Workers runtime is in package
// api, which runs and is tested as ordinary Go.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"syscall/js"
	"time"

	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/kv"

	"contactprep/function/api"
)

func main() {
	logger := log.New(os.Stderr, "", 0)
	serve(bodyDone(handler(logger)), logger)
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
	doer := fetchDoer{}
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

// fetchDoer sends requests with the runtime's fetch, through syumai/workers' fetch
// client. It calls the client directly: going through an http.Client would link
// net/http's whole transport and TLS stack, doubling the Worker's size, for nothing
// the Worker can use.
type fetchDoer struct{}

// Do never follows redirects: the function talks to the region's hosts only.
//
// The request's body does not go through the client, whose stream keeps each body
// (and a callback) for as long as the program runs: it is written into a stream of
// its own, of its length when known, so it goes out with a Content-Length, as the
// presigned storage URL Genesys uploads to wants (as S3 does), without a copy of the
// whole body in JavaScript. The answer's body is read by streamBody, not by the
// client's reader, which leaves a callback per piece read behind and panics on the
// null body of an answer that has none by its status (204, as Genesys' DNC calls
// answer).
func (fetchDoer) Do(req *http.Request) (*http.Response, error) {
	body := js.Null()
	var out *pieces
	var sent chan error
	if req.Body != nil && req.Body != http.NoBody {
		length := req.ContentLength
		if length <= 0 {
			length = -1
		}
		body, out = newPieces(length)
		sent = make(chan error, 1)
		go func() { sent <- out.copyFrom(req.Body) }()
	}
	bare := req.Clone(req.Context())
	bare.Body, bare.GetBody, bare.ContentLength = nil, nil, 0
	client := fetch.NewClient(fetch.WithBinding(helpers.Call("fetcher", body)))
	res, err := client.Do(&fetch.Request{Request: bare}, &fetch.RequestInit{Redirect: fetch.RedirectModeManual})
	if sent != nil {
		select {
		case <-sent:
		default: // answered before taking the whole body: the rest is not sent
			out.abort()
			<-sent
		}
		req.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	raw, ok := res.Body.(interface{ GetRawJSBody() js.Value })
	if !ok {
		return nil, errors.New("the fetch client's answer body is not a JavaScript stream")
	}
	res.Body = newStreamBody(raw.GetRawJSBody())
	return res, nil
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
