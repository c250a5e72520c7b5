// Package genesys calls the Genesys Cloud APIs the submission function needs (OAuth, the signed-in user, the External Contacts CSV import), retrying what may be retried.
package genesys

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Doer sends one HTTP request. In the Worker it is the runtime's fetch; in tests, an
// http.Client talking to the emulator.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Client calls one org's APIs.
type Client struct {
	HTTP  Doer
	Bases Bases
	Retry Retry
	// Sleep waits between attempts; nil waits on a timer that ctx can cut short.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Retry bounds how hard a call tries. A 429 waits its Retry-After; a 5xx or a network
// error waits a capped exponential backoff with jitter.
type Retry struct {
	Attempts int           // tries per call, the first included
	Base     time.Duration // backoff after the first failure, before jitter
	Cap      time.Duration // largest single backoff
	Budget   time.Duration // most time one call spends waiting between attempts
}

// DefaultRetry keeps a call under half a minute of waiting.
var DefaultRetry = Retry{Attempts: 5, Base: 250 * time.Millisecond, Cap: 4 * time.Second, Budget: 20 * time.Second}

// Error is a call that did not succeed: an error answer, or no answer at all.
type Error struct {
	Op         string        // what was being done, such as "create upload"
	Status     int           // the HTTP status; 0 when no answer came
	Code       string        // Genesys' error code ("bad.credentials"), when it sent one
	RetryAfter time.Duration // a 429's Retry-After, when it was too long to wait here
	// Permissions are what the call requires by Genesys' SDK docs, set on a 403 so the
	// admin can be told which one to ask for.
	Permissions []string
	// Ambiguous is a create that failed in a way that does not say whether Genesys
	// acted (a 500, 502 or 504, or no answer): it must be looked up, not repeated.
	Ambiguous bool
	Attempts  int
	cause     error // the network error when Status is 0
}

func (e *Error) Error() string {
	switch {
	case e.Status == 0:
		return fmt.Sprintf("genesys: %s: no answer after %d attempts: %v", e.Op, e.Attempts, e.cause)
	case e.Code != "":
		return fmt.Sprintf("genesys: %s: %d %s", e.Op, e.Status, e.Code)
	}
	return fmt.Sprintf("genesys: %s: %d %s", e.Op, e.Status, http.StatusText(e.Status))
}

func (e *Error) Unwrap() error { return e.cause }

// StatusOf returns the HTTP status of a failed call, 0 if no answer came.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// retryable statuses: Genesys' rate limit and the server errors a later try may not meet.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// ambiguous statuses may come after the server acted: a gateway that gave up waiting
// (502, 504) or an error after the work (500). A 429 or 503 comes before any.
func ambiguous(status int) bool {
	return status == http.StatusInternalServerError || status == http.StatusBadGateway || status == http.StatusGatewayTimeout
}

// request is one call, rebuilt for every attempt.
type request struct {
	op          string
	method      string
	url         string
	token       string // bearer token, or "" for none
	basic       [2]string
	body        []byte
	parts       [][]byte // sent one after the other as the body, when body is nil
	json        any      // sent as the JSON body when body is nil
	contentType string
	header      http.Header
	redirects   bool     // a 3xx is handed back to the caller rather than refused
	permissions []string // what the endpoint requires (the SDK docs), named on a 403
	create      bool     // not repeated after an ambiguous failure (see createOnce)
}

// maxAnswerBytes bounds what is read of an answer: Genesys' JSON answers are small.
const maxAnswerBytes = 4 << 20

// call sends r until it succeeds or the retry bounds are met, and decodes a JSON
// answer into out when out is not nil.
func (c *Client) call(ctx context.Context, r request, out any) error {
	res, attempts, err := c.attempt(ctx, r)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if out == nil {
		io.Copy(io.Discard, io.LimitReader(res.Body, maxAnswerBytes))
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, maxAnswerBytes)).Decode(out); err != nil {
		return &Error{Op: r.op, Status: res.StatusCode, Code: "unreadable.answer", Attempts: attempts}
	}
	return nil
}

// attempt sends r until it gets a 2xx answer, whose body the caller reads and
// closes, or the retry bounds are met. A 3xx is an answer too when r.redirects is set.
func (c *Client) attempt(ctx context.Context, r request) (*http.Response, int, error) {
	retry := c.Retry
	if retry.Attempts <= 0 {
		retry = DefaultRetry
	}
	if r.json != nil {
		b, err := json.Marshal(r.json)
		if err != nil {
			return nil, 0, &Error{Op: r.op, cause: err}
		}
		r.body, r.contentType = b, "application/json"
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		res, err := c.send(ctx, r)
		var failure *Error
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, attempt, &Error{Op: r.op, Attempts: attempt, cause: ctx.Err()}
			}
			failure = &Error{Op: r.op, Attempts: attempt, cause: err, Ambiguous: r.create}
			wait = retry.backoff(attempt)
		case res.StatusCode >= 200 && res.StatusCode < 300,
			r.redirects && res.StatusCode >= 300 && res.StatusCode < 400:
			return res, attempt, nil
		default:
			failure = &Error{Op: r.op, Status: res.StatusCode, Code: errorCode(res.Body), Attempts: attempt}
			res.Body.Close()
			if res.StatusCode == http.StatusForbidden {
				failure.Permissions = r.permissions
			}
			failure.Ambiguous = r.create && ambiguous(res.StatusCode)
			if !retryable(res.StatusCode) {
				return nil, attempt, failure
			}
			wait = retry.backoff(attempt)
			if res.StatusCode == http.StatusTooManyRequests {
				if after, ok := retryAfter(res.Header.Get("Retry-After")); ok {
					wait = after
					failure.RetryAfter = after
				}
			}
		}
		if failure.Ambiguous || attempt >= retry.Attempts || waited+wait > retry.Budget {
			return nil, attempt, failure
		}
		failure.RetryAfter = 0
		if err := c.sleep(ctx, wait); err != nil {
			return nil, attempt, &Error{Op: r.op, Attempts: attempt, cause: err}
		}
		waited += wait
	}
}

func (c *Client) send(ctx context.Context, r request) (*http.Response, error) {
	var body io.Reader
	var length int64
	switch {
	case r.body != nil:
		body = bytes.NewReader(r.body)
	case r.parts != nil:
		readers := make([]io.Reader, len(r.parts))
		for i, p := range r.parts {
			readers[i] = bytes.NewReader(p)
			length += int64(len(p))
		}
		body = io.MultiReader(readers...)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, err
	}
	if r.parts != nil {
		req.ContentLength = length
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	switch {
	case r.token != "":
		req.Header.Set("Authorization", "Bearer "+r.token)
	case r.basic[0] != "":
		req.SetBasicAuth(r.basic[0], r.basic[1])
	}
	return c.HTTP.Do(req)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff is the wait after the attempt-th failure: Base doubled per failure, capped,
// then jittered to between half and all of it so retrying callers spread out.
func (r Retry) backoff(attempt int) time.Duration {
	d := r.Base << min(attempt-1, 20)
	if d > r.Cap || d <= 0 {
		d = r.Cap
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// retryAfter reads Retry-After as seconds or as an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// errorCode reads the code of a Genesys error body ({"code": …}) or an OAuth one
// ({"error": …}). The message is not read: it may echo what was sent.
func errorCode(body io.Reader) string {
	var e struct {
		Code  string `json:"code"`
		Error string `json:"error"`
	}
	json.NewDecoder(io.LimitReader(body, 64<<10)).Decode(&e)
	code := e.Code
	if code == "" {
		code = e.Error
	}
	if len(code) > 100 {
		code = code[:100]
	}
	return code
}

func (c *Client) api(path string, segments ...string) string {
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}
	return c.Bases.API + fmt.Sprintf(path, toAny(segments)...)
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
