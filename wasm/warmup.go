//go:build js && wasm

package main

import (
	"fmt"
	"runtime"
	"strings"

	"contactprep/shared/prepare"
)

// The browser first runs WebAssembly in code from its baseline compiler and
// recompiles a function with its optimising one only once the function has
// run a while, in background threads that a run on every core leaves little
// time. Measured on the bench's file, a page's first run took twice as long
// as its fourth. So the primary engine worker, once the page has started,
// runs the engine over a small made-up file ("warmup"): the hot code is
// optimised before the admin's file comes, for the shard workers too, which
// share the compiled module; and so is a whole-group decision and its undo.

// warmupRows is the made-up file's size: enough calls for the browser to
// optimise the row loop, a fraction of a second even in baseline code.
const warmupRows = 3000

// warmup prepares the made-up file the way the page's large files are,
// sliced, appended and resolved, in a session of its own.
func warmup() error {
	text := warmupText(warmupRows)
	var w session
	w.progress = func(prepare.Progress) {}
	a := settings{Files: []fileArg{{Name: "warmup.csv", Data: 0, CSV: -1}}, Country: "US"}
	plan, err := w.planRun(a, 2, dataFiles(text))
	if err != nil {
		return err
	}
	for j, jb := range plan.Jobs {
		text, err := w.shard.plan.SliceText(j)
		if err != nil {
			return err
		}
		part, err := prepare.PrepareSlice(jb.Spec, text, nil)
		if err != nil {
			return err
		}
		if err := w.shard.plan.AppendEncoded(j, part); err != nil {
			return err
		}
	}
	if _, err := w.finishRun(); err != nil {
		return err
	}
	if _, _, err := w.rows(rowsArgs{Count: 50}); err != nil {
		return err
	}
	// A whole-group decision and its undo re-check rows and resolve them
	// again by other paths: the admin's first one took seconds more than
	// the next in baseline code.
	if _, _, err := w.decide(decision{Action: "clearPhones"}); err != nil {
		return err
	}
	_, _, err = w.step(&w.undo, &w.redo, false)
	prefault(prefaultBytes)
	return err
}

// prefaultBytes is how much memory the warm-up touches and hands back to
// Go's heap. Memory a worker's heap takes for the first time costs a page
// fault per 4 kB page, which on the 2-core AMD EPYC VMs was dear: 40 MB
// touched the first time took 135-178 ms against 2 ms again (Node), and a
// 60,000-row run grew the primary from 18 to 50 MB and a shard from 18 to
// 33 MB while the admin waited. Touched during the warm-up instead (the
// admin still choosing a file), counted with perf: the primary's faults
// during prepare 6,158 -> 446, the shard's 8,274 -> 4,666. The memory
// stays the worker's (a WebAssembly memory never shrinks): a larger run
// takes it anyway, a small one leaves it idle.
const prefaultBytes = 40 << 20

// prefault touches n bytes of fresh heap and lets the collector have them
// back: later allocations reuse the pages, which Go zeroes itself.
func prefault(n int) {
	b := make([]byte, n)
	for i := 0; i < n; i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	runtime.GC()
}

// warmupText is a CSV file of n contacts in the shapes admins' files have:
// numbers typed several ways, several countries, and notes; web addresses
// with and without a scheme, accounts shared by a few rows, yes/no flags.
func warmupText(n int) []byte {
	var b strings.Builder
	b.WriteString("Customer ID,First Name,Last Name,Email,Mobile,Work Phone,Home Phone,Company ID,Company,Website,City,Country,Opt Out\n")
	// All on the engine's own tables: a number phonenumbers had to read would
	// fetch phone.wasm with the page's first load.
	phones := []string{"+1 415 555 %04d", "(212) 555-%04d", "+44 20 7946 %04d", "+33 6 12 34 %02d 00", "0049 30 1234%04d", "212555%04d", "+61 2 9374 %04d x12", "n/a"}
	for i := range n {
		p := func(k int) string {
			if f := phones[(i+k)%len(phones)]; strings.Contains(f, "%") {
				return fmt.Sprintf(f, i%10000)
			}
			return phones[(i+k)%len(phones)]
		}
		site := fmt.Sprintf("www.company%d.example", i/4)
		if i/4%3 == 0 {
			site = "https://" + site + "/contact"
		}
		fmt.Fprintf(&b, "C%06d,Ann,Lee %d,ann.lee%d@example.com,%s,%s,%s,A%04d,Company %d,%s,Springfield,US,%s\n",
			i, i, i, p(0), p(3), p(5), i/4, i/4, site, []string{"yes", "no", "false", "TRUE"}[i%4])
	}
	return []byte(b.String())
}
