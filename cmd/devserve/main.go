// Command devserve serves the built page (web/dist) on 127.0.0.1 for local use and tests.
//
// Usage:
//
//	devserve [-dir web/dist]
//
// The port is $PORT, or 8080; PORT=0 picks a free one. It prints the page's URL
// on one line, sends every response the headers web/dist/_headers gives (the
// same file Cloudflare reads, so the Content-Security-Policy tested here is the
// one deployed), and stops cleanly on Ctrl-C.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("devserve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "web/dist", "folder to serve")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		fmt.Fprintf(stderr, "devserve: %s has no index.html: build the page first (make build)\n", *dir)
		return 2
	}
	rules, err := readHeaders(filepath.Join(*dir, "_headers"))
	if err != nil {
		fmt.Fprintln(stderr, "devserve:", err)
		return 2
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		fmt.Fprintf(stderr, "devserve: cannot listen on 127.0.0.1:%s (%v); another port: PORT=8081 make run\n", port, err)
		return 1
	}
	srv := &http.Server{Handler: handler(*dir, rules)}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Shutdown(context.Background())
	}()
	fmt.Fprintf(stdout, "contactprep page: http://%s/  (Ctrl-C stops the server)\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "devserve:", err)
		return 1
	}
	fmt.Fprintln(stdout, "devserve: stopped")
	return 0
}
