//go:build unix

package workerd_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

// TestWorkerMemoryFlat sends the Worker many requests, as a long send does: small
// ones and read-backs of a list's export. Its memory grows while the Go program's
// heap reaches its working size, then stays: what each later request adds is
// measured against what the first ones left. When every request ran a Go program of
// its own, each left 4.5 MB (a read-back 20 MB) for V8 to free when it chose, and
// workerd grew by hundreds of MB over a long send.
func TestWorkerMemoryFlat(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here: the Worker's memory cannot be read")
	}
	const contacts = 50_000
	org := emutest.Start(t)
	var seed emulator.Seed
	if err := json.Unmarshal([]byte(fmt.Sprintf(`{"contactLists":[{"name":"Leads","columnNames":["Lead ID","Mobile"],"phoneColumns":[{"columnName":"Mobile","type":"cell"}],
		"generated":{"idColumn":"Lead ID","prefix":"L-2026-05-","width":7,"count":%d}}]}`, contacts)), &seed); err != nil {
		t.Fatal(err)
	}
	seeded, err := org.SeedLists(seed)
	if err != nil {
		t.Fatal(err)
	}
	list := seeded.ContactLists[0].ID
	w := startWorker(t, org.URL)
	admin := org.UserToken(t, emutest.Admin)
	h := []string{"Authorization", "Bearer " + admin, "Origin", w.url, "Content-Type", "text/csv", "X-Contact-Id-Column", "Lead ID"}
	readBack := func(i int) {
		a := w.do(t, "POST", "/api/outbound/contactlists/"+list+"/mapping", strings.NewReader(""), h...)
		if n := bytes.Count(a.body, []byte("\n")); a.status != 200 || n != contacts+1 {
			t.Fatalf("read-back %d: %d, %d lines", i, a.status, n)
		}
	}
	small := func() {
		if a := w.do(t, "GET", "/api/config", nil, h...); a.status != 200 {
			t.Fatalf("config: %d", a.status)
		}
	}
	// Rounds of 20 small requests and a read-back: the first warm rounds reach the
	// working size (the Go program's heap, V8's, which takes some 150 requests); over
	// the next ones, sampled after every request, workerd must stay within 12 MB (100
	// KB a request; with a Go program a request, it swung by 40 MB).
	const warm, rounds = 8, 14
	var after []int
	low, high := 0, 0
	sample := func(i int) {
		if i < warm {
			return
		}
		rss := w.rssKB()
		if low == 0 || rss < low {
			low = rss
		}
		high = max(high, rss)
	}
	for i := range rounds {
		for range 20 {
			small()
			sample(i)
		}
		readBack(i + 1)
		sample(i)
		after = append(after, w.rssKB())
	}
	t.Logf("workerd RSS after each round of 20 small requests and a read-back of %d contacts: %v MB; over the last %d rounds %d to %d MB",
		contacts, mbs(after), rounds-warm, low>>10, high>>10)
	if high-low > 12<<10 {
		t.Errorf("workerd went from %d to %d MB over the last %d rounds, want flat (within 12 MB)", low>>10, high>>10, rounds-warm)
	}
}

func mbs(kb []int) []int {
	out := make([]int, len(kb))
	for i, v := range kb {
		out[i] = v >> 10
	}
	return out
}

// rssKB is the largest resident memory, in KB, of one workerd process of the
// Worker's process group (0 when none is found).
func (w *worker) rssKB() int {
	most := 0
	for _, pid := range w.workerdPIDs() {
		status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				most = max(most, kb)
			}
		}
	}
	return most
}
