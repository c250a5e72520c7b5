// Command bench compares, in one run on one generated file, the JavaScript peer, the native engine and the engine as WebAssembly under Node.
//
// Run it with `make bench`. It prints a table and writes bench/out/latest.json
// (ignored by git) so figures can be compared across commits. Times are
// medians of REPS runs inside each process, so start-up is not counted.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"contactprep/internal/gen"
)

type result struct {
	Name      string  `json:"name"`
	Rows      int64   `json:"rows"`
	Ms        float64 `json:"ms"`
	RowsPerS  float64 `json:"rows_per_s"`
	MBPerS    float64 `json:"mb_per_s"`
	VsPeer    float64 `json:"speedup_vs_peer"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

func main() {
	rows := flag.Int("rows", 60000, "rows in the generated file")
	reps := flag.Int("reps", 3, "runs per contender (the median counts)")
	out := flag.String("out", "bench/out", "working directory for files and results")
	flag.Parse()
	if err := run(*rows, *reps, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(rows, reps int, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	dir, _ = filepath.Abs(dir)
	file := filepath.Join(dir, fmt.Sprintf("contacts-%d.csv", rows))
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := gen.Write(bw, gen.Options{Rows: rows, Seed: 1}); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	f.Close()
	st, _ := os.Stat(file)
	size := st.Size()
	fmt.Printf("file: %d rows, %.1f MB (generated, seed 1), %s/%s, %d cores\n\n", rows, float64(size)/1e6, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())

	peerDir, err := installPeer(dir)
	if err != nil {
		return err
	}
	goroot := strings.TrimSpace(output("go", "env", "GOROOT"))
	native := filepath.Join(dir, "engine")
	wasm := filepath.Join(dir, "engine.wasm")
	if err := sh(nil, "go", "build", "-o", native, "./bench/engine"); err != nil {
		return err
	}
	if err := sh([]string{"GOOS=js", "GOARCH=wasm"}, "go", "build", "-o", wasm, "./bench/engine"); err != nil {
		return err
	}

	var results []result
	peer, err := measure("JavaScript peer (Papa Parse + libphonenumber-js/max, Node)", reps, func() ([]byte, *os.ProcessState, error) {
		return capture(peerDir, "node", "peer.mjs", file, "US", "Mobile", "Work Phone", "Home Phone")
	})
	if err != nil {
		return err
	}
	results = append(results, peer)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"contactprep engine, native Go", []string{native, file, "US", fmt.Sprint(reps)}},
		{"contactprep engine, WebAssembly under Node", []string{"node", filepath.Join(goroot, "lib", "wasm", "wasm_exec_node.js"), wasm, file, "US", fmt.Sprint(reps)}},
	} {
		r, err := measure(c.name, 1, func() ([]byte, *os.ProcessState, error) { return capture("", c.args[0], c.args[1:]...) })
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	for i := range results {
		r := &results[i]
		r.RowsPerS = float64(r.Rows) / (r.Ms / 1000)
		r.MBPerS = float64(size) / 1e6 / (r.Ms / 1000)
		r.VsPeer = peer.Ms / r.Ms
	}
	fmt.Printf("%-58s %10s %12s %8s %12s %10s\n", "contender", "ms", "rows/s", "MB/s", "vs peer", "peak MB")
	for _, r := range results {
		fmt.Printf("%-58s %10.0f %12.0f %8.1f %11.2f× %10.0f\n", r.Name, r.Ms, r.RowsPerS, r.MBPerS, r.VsPeer, r.PeakRSSMB)
	}
	fmt.Println("\n(ms: median of in-process runs, without process start-up; vs peer: the peer's time divided by this one's, higher is faster)")
	js, _ := json.MarshalIndent(map[string]any{
		"date": time.Now().UTC().Format(time.RFC3339), "rows": rows, "bytes": size,
		"cores": runtime.NumCPU(), "goos": runtime.GOOS, "goarch": runtime.GOARCH, "results": results,
	}, "", "  ")
	return os.WriteFile(filepath.Join(dir, "latest.json"), js, 0o644)
}

// installPeer copies the read-only peer next to our files and installs its packages.
func installPeer(dir string) (string, error) {
	src := filepath.Join("..", "shared", "bench-peer")
	if _, err := os.Stat(src); err != nil {
		return "", fmt.Errorf("the JavaScript peer is missing at %s: %w", src, err)
	}
	peer := filepath.Join(dir, "peer")
	if err := os.MkdirAll(peer, 0o755); err != nil {
		return "", err
	}
	for _, n := range []string{"package.json", "package-lock.json", "peer.mjs"} {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(peer, n), b, 0o644); err != nil {
			return "", err
		}
	}
	if _, err := os.Stat(filepath.Join(peer, "node_modules", "papaparse")); err == nil {
		return peer, nil
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir, cmd.Stdout, cmd.Stderr = peer, os.Stderr, os.Stderr
	return peer, cmd.Run()
}

// measure runs a contender reps times and keeps the median time and the highest peak memory.
func measure(name string, reps int, run func() ([]byte, *os.ProcessState, error)) (result, error) {
	r := result{Name: name}
	var times []float64
	for range reps {
		out, ps, err := run()
		if err != nil {
			return r, fmt.Errorf("%s: %w", name, err)
		}
		var m struct {
			Rows    int64   `json:"rows"`
			TotalMs float64 `json:"total_ms"`
		}
		if err := json.Unmarshal(bytes.TrimSpace(lastLine(out)), &m); err != nil {
			return r, fmt.Errorf("%s: unreadable output %q", name, out)
		}
		times = append(times, m.TotalMs)
		r.Rows = m.Rows
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.PeakRSSMB = max(r.PeakRSSMB, float64(ru.Maxrss)/1024)
		}
	}
	slices.Sort(times)
	r.Ms = times[len(times)/2]
	return r, nil
}

func lastLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}

func capture(dir, name string, args ...string) ([]byte, *os.ProcessState, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	out, err := cmd.Output()
	return out, cmd.ProcessState, err
}

func sh(env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

func output(name string, args ...string) string {
	b, _ := exec.Command(name, args...).Output()
	return string(b)
}
