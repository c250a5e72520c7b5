package emulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestFaultRateLimitThenRecovery(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	const path = "/api/v2/externalcontacts/import/settings"
	if rec := h.do("POST", "/_emulator/faults", "", `{"path":"`+path+`","status":429,"retryAfter":1,"times":2}`); rec.Code != http.StatusNoContent {
		t.Fatalf("installing the fault: status %d body %s", rec.Code, rec.Body)
	}
	// Genesys' normalized 429 (genesys.md §7): its own code, and a Retry-After even
	// when the fault gave none.
	if rec := h.do("POST", "/_emulator/faults", "", `{"path":"`+path+`","status":429}`); rec.Code != http.StatusNoContent {
		t.Fatalf("installing the fault: status %d body %s", rec.Code, rec.Body)
	}
	for i := range 3 {
		rec := h.do("GET", path, tok, nil)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || errorCode(t, rec) != "too.many.requests.retry.after" {
			t.Fatalf("request %d: status %d, Retry-After %q, body %s", i+1, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
		}
	}
	if rec := h.do("GET", path, tok, nil); rec.Code != http.StatusOK {
		t.Errorf("third request: status %d", rec.Code)
	}
	if rec := h.do("GET", "/api/v2/externalcontacts/import/csv/settings", tok, nil); rec.Code != http.StatusOK {
		t.Errorf("another path: status %d", rec.Code)
	}
}

func TestFaultForever(t *testing.T) {
	cfg := testConfig()
	cfg.Faults = []Fault{{Path: "/api/v2/", Status: http.StatusServiceUnavailable, Times: -1}}
	h := newHarness(t, cfg)
	tok := h.admin() // /oauth/token is outside the fault's path
	for i := range 5 {
		if rec := h.do("GET", "/api/v2/externalcontacts/import/settings", tok, nil); rec.Code != http.StatusServiceUnavailable || errorCode(t, rec) != "service.unavailable" {
			t.Fatalf("request %d: status %d", i+1, rec.Code)
		}
	}
	if rec := h.do("GET", "/_emulator/contacts", "", nil); rec.Code != http.StatusOK {
		t.Errorf("inspection endpoints must not fail: status %d", rec.Code)
	}
	var listed []Fault
	h.ok("GET", "/_emulator/faults", "", nil, &listed)
	if len(listed) != 1 || listed[0].Times != -1 {
		t.Errorf("listed faults = %+v", listed)
	}
	if rec := h.do("DELETE", "/_emulator/faults", "", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("clearing: status %d", rec.Code)
	}
	if rec := h.do("GET", "/api/v2/externalcontacts/import/settings", tok, nil); rec.Code != http.StatusOK {
		t.Errorf("after clearing: status %d", rec.Code)
	}
}

func TestFaultMatching(t *testing.T) {
	tests := []struct {
		name   string
		fault  Fault
		method string
		path   string
		hit    bool
	}{
		{"every path", Fault{Status: 500}, "GET", "/api/v2/users/me", true},
		{"path prefix", Fault{Path: "/api/v2/externalcontacts", Status: 500}, "GET", "/api/v2/externalcontacts/import/jobs/x", true},
		{"other path", Fault{Path: "/api/v2/externalcontacts", Status: 500}, "GET", "/api/v2/users/me", false},
		{"method", Fault{Method: "put", Status: 500}, "PUT", "/_upload/x", true},
		{"other method", Fault{Method: "POST", Status: 500}, "GET", "/api/v2/users/me", false},
		{"emulator paths exempt", Fault{Status: 500}, "GET", "/_emulator/contacts", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			if err := h.s.AddFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			rec := h.do(tt.method, tt.path, "", nil)
			if hit := rec.Code == 500; hit != tt.hit {
				t.Errorf("status %d, want hit %v", rec.Code, tt.hit)
			}
		})
	}
}

func TestFaultDelay(t *testing.T) {
	h := newHarness(t, testConfig())
	if rec := h.do("POST", "/_emulator/faults", "", `[{"path":"/api/v2/users/me","delay":"30ms"}]`); rec.Code != http.StatusNoContent {
		t.Fatalf("installing: status %d body %s", rec.Code, rec.Body)
	}
	start := time.Now()
	rec := h.do("GET", "/api/v2/users/me", "", nil)
	if elapsed := time.Since(start); elapsed < 30*time.Millisecond || rec.Code != http.StatusUnauthorized {
		t.Errorf("delayed request took %s with status %d; want ≥30ms and the normal answer", elapsed, rec.Code)
	}
	start = time.Now()
	h.do("GET", "/api/v2/users/me", "", nil)
	if elapsed := time.Since(start); elapsed >= 30*time.Millisecond {
		t.Errorf("a once-only delay applied twice (%s)", elapsed)
	}

	h.s.AddFault(Fault{Delay: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/api/v2/users/me", nil).WithContext(ctx)
	start = time.Now()
	h.s.ServeHTTP(httptest.NewRecorder(), req)
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("a delay outlived its request's context (%s)", elapsed)
	}
}

func TestFaultRejected(t *testing.T) {
	h := newHarness(t, testConfig())
	for _, body := range []string{
		`{"status":200}`,
		`{"path":"/api"}`,
		`{"delay":"soon"}`,
		`{"delay":"-1s"}`,
		`{"delay":"1h"}`,
		`{"status":503,"times":-2}`,
		`{"status":429,"retryAfter":-1}`,
		`not json`,
	} {
		if rec := h.do("POST", "/_emulator/faults", "", body); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", body, rec.Code)
		}
	}
	if len(h.s.faults) != 0 {
		t.Errorf("rejected faults were installed: %+v", h.s.faults)
	}
}

func TestReset(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	h.importFile(tok, header+"C-1,Ann,Lee,,,,,,\n")
	h.s.AddFault(Fault{Path: "/nowhere", Status: 500, Times: -1})
	if rec := h.do("POST", "/_emulator/reset", "", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("reset: status %d", rec.Code)
	}
	if len(h.s.Contacts()) != 0 || len(h.s.Organizations()) != 0 || len(h.s.faults) != 0 {
		t.Error("reset kept data")
	}
	var list struct{ Entities []any }
	h.ok("GET", "/api/v2/externalcontacts/import/settings", tok, nil, &list) // the token survives
	if len(list.Entities) != 0 {
		t.Errorf("reset kept settings: %v", list.Entities)
	}
}

// TestFaultActsThenFails: an acting fault lets the request take effect and answers its
// status instead of the reply, as a gateway that gave up after Genesys acted.
func TestFaultActsThenFails(t *testing.T) {
	h := newHarness(t, testConfig())
	tok := h.admin()
	if rec := h.do("POST", "/_emulator/faults", "", `{"path":"/api/v2/outbound/contactlists","method":"POST","status":504,"act":true}`); rec.Code != http.StatusNoContent {
		t.Fatalf("installing the fault: status %d body %s", rec.Code, rec.Body)
	}
	body := map[string]any{"name": "leads", "columnNames": []string{"Phone"}, "phoneColumns": []phoneColumn{{ColumnName: "Phone"}}}
	if rec := h.do("POST", "/api/v2/outbound/contactlists", tok, body); rec.Code != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 504", rec.Code)
	}
	var page struct{ Entities []contactListView }
	h.ok("GET", "/api/v2/outbound/contactlists?name=leads&filterType=Equals", tok, nil, &page)
	if len(page.Entities) != 1 {
		t.Errorf("%d lists named leads after the acting fault, want 1", len(page.Entities))
	}
	if rec := h.do("POST", "/_emulator/faults", "", `{"status":502,"act":false,"delay":"1ms"}`); rec.Code != http.StatusNoContent {
		t.Errorf("a plain fault: status %d", rec.Code)
	}
	if rec := h.do("POST", "/_emulator/faults", "", `{"act":true,"delay":"1ms"}`); rec.Code != http.StatusBadRequest {
		t.Errorf("an acting fault without a status: status %d", rec.Code)
	}
}
