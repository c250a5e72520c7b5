package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxFaultDelay keeps a mistyped delay from hanging a test run.
const maxFaultDelay = 5 * time.Minute

// Fault makes matching requests stall or fail, so callers' retry paths can be tested.
// In JSON: {"path":"/api/v2/...","method":"GET","status":429,"retryAfter":1,"times":2,"delay":"2s","act":true}.
type Fault struct {
	Path       string        // URL path prefix; empty matches every path outside /_emulator/
	Method     string        // empty matches every method
	Status     int           // the error status to answer; 0 answers normally after Delay
	RetryAfter int           // seconds, sent as Retry-After when positive
	Delay      time.Duration // wait before answering
	Times      int           // requests it applies to: 0 means once, -1 forever
	// Act serves the request first, then waits Delay and answers Status instead of its
	// reply, as a gateway that gave up waiting does (a 504 after Genesys made the list).
	Act bool
}

type faultJSON struct {
	Path       string `json:"path,omitempty"`
	Method     string `json:"method,omitempty"`
	Status     int    `json:"status,omitempty"`
	RetryAfter int    `json:"retryAfter,omitempty"`
	Delay      string `json:"delay,omitempty"`
	Times      int    `json:"times,omitempty"`
	Act        bool   `json:"act,omitempty"`
}

// MarshalJSON writes the delay as a Go duration string ("2s").
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{Path: f.Path, Method: f.Method, Status: f.Status, RetryAfter: f.RetryAfter, Times: f.Times, Act: f.Act}
	if f.Delay > 0 {
		j.Delay = f.Delay.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the delay as a Go duration string ("2s", "150ms").
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	var delay time.Duration
	if j.Delay != "" {
		d, err := time.ParseDuration(j.Delay)
		if err != nil {
			return fmt.Errorf("delay: %w", err)
		}
		delay = d
	}
	*f = Fault{Path: j.Path, Method: j.Method, Status: j.Status, RetryAfter: j.RetryAfter, Delay: delay, Times: j.Times, Act: j.Act}
	return nil
}

func (f Fault) check() error {
	switch {
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("status %d is not an error status", f.Status)
	case f.Status == 0 && f.Delay == 0:
		return fmt.Errorf("a fault needs a status or a delay")
	case f.Act && f.Status == 0:
		return fmt.Errorf("a fault that acts needs a status to answer after")
	case f.Delay < 0 || f.Delay > maxFaultDelay:
		return fmt.Errorf("delay must be between 0 and %s", maxFaultDelay)
	case f.Times < -1:
		return fmt.Errorf("times must be -1 (forever), 0 (once) or a positive count")
	case f.RetryAfter < 0:
		return fmt.Errorf("retryAfter must not be negative")
	}
	return nil
}

func (f Fault) matches(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, f.Path) && (f.Method == "" || strings.EqualFold(f.Method, r.Method))
}

// AddFault installs a fault after those already installed; the first match wins.
func (s *Server) AddFault(f Fault) error {
	if err := f.check(); err != nil {
		return err
	}
	s.mu.Lock()
	s.faults = append(s.faults, f)
	s.mu.Unlock()
	return nil
}

// ClearFaults removes every installed fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// injectFault applies the first fault matching r and reports whether it answered.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var hit *Fault
	for i := range s.faults {
		f := &s.faults[i]
		if !f.matches(r) {
			continue
		}
		applied := *f
		hit = &applied
		switch {
		case f.Times == 0 || f.Times == 1:
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		case f.Times > 1:
			f.Times--
		}
		break
	}
	s.mu.Unlock()
	if hit == nil {
		return false
	}
	if hit.Act {
		s.mux.ServeHTTP(discard{header: http.Header{}}, r)
	}
	if hit.Delay > 0 {
		select {
		case <-time.After(hit.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	if hit.Status == 0 {
		return false
	}
	if hit.Status == http.StatusTooManyRequests {
		// Genesys' normalized 429: always this code and a Retry-After in seconds
		// (genesys.md §7), at least one.
		hit.RetryAfter = max(hit.RetryAfter, 1)
	}
	if hit.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(hit.RetryAfter))
	}
	switch hit.Status {
	case http.StatusTooManyRequests:
		writeError(w, hit.Status, "too.many.requests.retry.after",
			fmt.Sprintf("Rate limit exceeded the maximum. Retry the request in [%d] seconds", hit.RetryAfter))
	case http.StatusServiceUnavailable:
		writeError(w, hit.Status, "service.unavailable", "Service Unavailable - The server is currently unavailable.")
	default:
		writeError(w, hit.Status, "fault.injected", http.StatusText(hit.Status))
	}
	return true
}

// discard is a reply nobody receives.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}

func (s *Server) handleListFaults(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	faults := append([]Fault{}, s.faults...)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, faults)
}

// handleAddFaults takes one fault object or an array of them.
func (s *Server) handleAddFaults(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if !s.decodeJSON(w, r, &raw) {
		return
	}
	var faults []Fault
	if trimmed := strings.TrimSpace(string(raw)); strings.HasPrefix(trimmed, "[") {
		if err := json.Unmarshal(raw, &faults); err != nil {
			badRequest(w, "faults: "+err.Error())
			return
		}
	} else {
		var f Fault
		if err := json.Unmarshal(raw, &f); err != nil {
			badRequest(w, "fault: "+err.Error())
			return
		}
		faults = []Fault{f}
	}
	for _, f := range faults {
		if err := f.check(); err != nil {
			badRequest(w, "fault: "+err.Error())
			return
		}
	}
	s.mu.Lock()
	s.faults = append(s.faults, faults...)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleClearFaults(w http.ResponseWriter, r *http.Request) {
	s.ClearFaults()
	w.WriteHeader(http.StatusNoContent)
}
