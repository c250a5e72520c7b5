package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const headersFile = `# every response
/*
  Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'
  X-Content-Type-Options: nosniff

/sw.js
  Cache-Control: no-cache
`

func site(t *testing.T, headers string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.html": "<!doctype html>", "app.js": "export {}", "engine.wasm": "\x00asm", "sw.js": "//", "_headers": headers, "style.css": "p{}",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHandler(t *testing.T) {
	dir := site(t, headersFile)
	rules, err := readHeaders(filepath.Join(dir, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	h := handler(dir, rules)
	for _, c := range []struct {
		path, status, ctype, cache string
	}{
		{"/", "200", "text/html; charset=utf-8", ""},
		{"/app.js", "200", "text/javascript; charset=utf-8", ""},
		{"/engine.wasm", "200", "application/wasm", ""},
		{"/style.css", "200", "text/css; charset=utf-8", ""},
		{"/sw.js", "200", "text/javascript; charset=utf-8", "no-cache"},
		{"/_headers", "404", "", ""},
		{"/missing.js", "404", "", ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		res := rec.Result()
		if got := strings.Fields(res.Status)[0]; got != c.status {
			t.Errorf("%s: status %s, want %s", c.path, got, c.status)
		}
		if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
			t.Errorf("%s: Content-Type %q, want %q", c.path, res.Header.Get("Content-Type"), c.ctype)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Cache-Control") != c.cache {
			t.Errorf("%s: headers %v", c.path, res.Header)
		}
	}
}

func TestReadHeadersRefusesStrayValues(t *testing.T) {
	dir := site(t, "  X-Frame-Options: DENY\n")
	if _, err := readHeaders(filepath.Join(dir, "_headers")); err == nil || !strings.Contains(err.Error(), "_headers:1") {
		t.Errorf("err %v", err)
	}
	if rules, err := readHeaders(filepath.Join(dir, "none")); err != nil || rules != nil {
		t.Errorf("missing file: %v %v", rules, err)
	}
}

func TestRunNeedsABuiltPage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-dir", t.TempDir()}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "make build") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
