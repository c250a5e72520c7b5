package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
)

// types are the MIME types of what the page is made of, set here so they do
// not depend on the machine's mime.types.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
}

// rule is one block of a _headers file: a path pattern and its headers.
type rule struct {
	pattern string
	headers [][2]string
}

// readHeaders reads a Cloudflare _headers file: a line holding a path
// pattern (a trailing * matches any rest), then indented "Name: value" lines.
// Lines starting with # are comments. A missing file means no rules.
func readHeaders(file string) ([]rule, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rules []rule
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case line[0] != ' ' && line[0] != '\t':
			rules = append(rules, rule{pattern: trimmed})
		default:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || len(rules) == 0 {
				return nil, fmt.Errorf("%s:%d: want an indented Name: value under a path", file, n)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
		}
	}
	return rules, sc.Err()
}

func (r rule) matches(p string) bool {
	if prefix, ok := strings.CutSuffix(r.pattern, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == r.pattern
}

// handler serves the files of dir with their MIME types and the rules'
// headers; _headers itself is not served, as on Cloudflare.
func handler(dir string, rules []rule) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		for _, rl := range rules {
			if rl.matches(p) {
				for _, h := range rl.headers {
					w.Header().Set(h[0], h[1])
				}
			}
		}
		if p == "/_headers" {
			http.NotFound(w, r)
			return
		}
		ext := path.Ext(p)
		if p == "/" || strings.HasSuffix(p, "/") {
			ext = ".html"
		}
		if t, ok := types[ext]; ok {
			w.Header().Set("Content-Type", t)
		} else if t := mime.TypeByExtension(ext); t != "" {
			w.Header().Set("Content-Type", t)
		}
		files.ServeHTTP(w, r)
	})
}
