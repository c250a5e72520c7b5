// Command genesys-emulator serves a local stand-in for the Genesys Cloud APIs contactprep
// uses (login, api and apps in one), with the org of emulator.DefaultConfig.
//
// Usage:
//
//	genesys-emulator [-addr 127.0.0.1:8787] [-dry-run-delay 2s] [-import-delay 1s]
//
// It prints its base URL on the first line of standard output, then logs one line per
// request (method, path, status; never query strings, bodies or tokens) to standard error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"contactprep/internal/emulator"
)

func main() {
	cfg := emulator.DefaultConfig()
	addr := flag.String("addr", "127.0.0.1:8787", "address to listen on")
	flag.DurationVar(&cfg.DryRunDelay, "dry-run-delay", cfg.DryRunDelay, "how long an import job validates before its dry-run results show")
	flag.DurationVar(&cfg.ImportDelay, "import-delay", cfg.ImportDelay, "how long a continued import job runs before it completes")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("genesys-emulator: %v", err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	log.Printf("genesys-emulator: client id %s signs in %s", cfg.Clients[0].ID, cfg.Users[0].Name)

	srv := &http.Server{Handler: logRequests(emulator.New(cfg)), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("genesys-emulator: %v", err)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// logRequests logs the path only: query strings carry signatures and OAuth codes.
func logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		log.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Millisecond))
	})
}
