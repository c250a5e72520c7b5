//go:build unix

package workerd_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
)

// leadRows makes n clean lead rows, their ids from prefix.
func leadRows(prefix string, n int) string {
	var b strings.Builder
	b.WriteString("Lead ID,First Name,Mobile\n")
	for i := range n {
		fmt.Fprintf(&b, "%s%06d,Ann,+4915112%06d\n", prefix, i, i)
	}
	return b.String()
}

// TestWorkerOutbound runs both outbound paths through the built Worker: a list is
// created, filled by CSV parts and by API batches, and mapped back from its export,
// which streams through the Worker.
func TestWorkerOutbound(t *testing.T) {
	org := emutest.Start(t)
	w := startWorker(t, org.URL)
	admin := org.UserToken(t, emutest.Admin)
	auth := []string{"Authorization", "Bearer " + admin, "Origin", w.url}
	rows := func(list, route, csv string) answer {
		t.Helper()
		h := append([]string{"Content-Type", "text/csv", "X-Contact-Id-Column", "Lead ID"}, auth...)
		return w.do(t, "POST", "/api/outbound/contactlists/"+list+"/"+route, strings.NewReader(csv), h...)
	}

	// The list is made, but the answer is a 504; and the page asks again with the same
	// key, as after being closed before it saved the list's id: one list.
	org.AddFault(t, emulator.Fault{Path: "/api/v2/outbound/contactlists", Method: "POST", Status: 504, Act: true})
	var list struct{ ID, Name string }
	for range 2 {
		a := w.do(t, "POST", "/api/outbound/contactlists",
			strings.NewReader(`{"name":"Leads 2026-05 (1)","key":"leads-2026-05-1","columns":["Lead ID","First Name","Mobile"],"phoneColumns":["Mobile"]}`),
			append([]string{"Content-Type", "application/json"}, auth...)...)
		a.decode(t, &list)
		if a.status != 200 || list.ID == "" {
			t.Fatalf("create list: %d %s", a.status, a.body)
		}
	}
	if n := org.ContactListCount(); n != 1 {
		t.Fatalf("%d contact lists, want 1", n)
	}

	// Two CSV parts of 2,000 rows (about 58 KB each, under the test's 64 KB limit).
	for part := range 2 {
		a := rows(list.ID, "uploads", leadRows(fmt.Sprintf("U%d-", part), 2000))
		var up struct{ Rows int }
		a.decode(t, &up)
		if a.status != 200 || up.Rows != 2000 {
			t.Fatalf("upload part %d: %d %s", part+1, a.status, a.body)
		}
		var st struct {
			State           string
			PercentComplete int
			Done            bool
		}
		deadline := time.Now().Add(30 * time.Second)
		for !st.Done && time.Now().Before(deadline) {
			s := w.do(t, "GET", "/api/outbound/contactlists/"+list.ID+"/importstatus", nil, auth...)
			s.decode(t, &st)
			if s.status != 200 || st.State == "FAILED" {
				t.Fatalf("importstatus: %d %s", s.status, s.body)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if st.PercentComplete != 100 {
			t.Fatalf("import status %+v", st)
		}
	}

	// An API batch, with a 429 and a 503 on the way.
	org.AddFault(t, emulator.Fault{Path: "/api/v2/outbound/contactlists/" + list.ID + "/contacts", Status: 429, RetryAfter: 1})
	org.AddFault(t, emulator.Fault{Path: "/api/v2/outbound/contactlists/" + list.ID + "/contacts", Status: 503})
	a := rows(list.ID, "contacts", leadRows("A-", 1000))
	var added struct {
		Rows    int
		Mapping [][2]string
	}
	a.decode(t, &added)
	if a.status != 200 || added.Rows != 1000 || len(added.Mapping) != 1000 || added.Mapping[999] != [2]string{"A-000999", "A-000999"} {
		t.Fatalf("contacts: %d rows %d mapped %d", a.status, added.Rows, len(added.Mapping))
	}
	if left := faults(t, org); left != 0 {
		t.Errorf("%d faults left: the retries never met them", left)
	}

	t.Run("1,001 rows is 413", func(t *testing.T) {
		if a := rows(list.ID, "contacts", leadRows("X-", 1001)); a.status != 413 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("a bad batch is 422 with findings", func(t *testing.T) {
		a := rows(list.ID, "contacts", "Lead ID,First Name,Mobile\nB1,Ann,+49 151 12345678\nB1,Bo,\n")
		var r struct {
			Code     string
			Findings []struct {
				Row    int
				Column string
				Code   string
			}
		}
		a.decode(t, &r)
		if a.status != 422 || r.Code != "file_refused" || len(r.Findings) != 2 || r.Findings[0].Column != "Lead ID" ||
			strings.Contains(string(a.body), "12345678") {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	// The mapping reads the list's export back through the Worker's fetch: its
	// descriptors stay few however many pieces the export arrives in. Under wrangler
	// dev's DevTools proxy, each piece became a connection of its own (about 300 here).
	fds := w.watchDescriptors(t)
	a = rows(list.ID, "mapping", "")
	if most := fds(); most > maxWorkerdFDs {
		t.Errorf("a workerd process held %d file descriptors during the mapping, more than %d", most, maxWorkerdFDs)
	} else {
		t.Logf("a workerd process held at most %d file descriptors during the mapping", most)
	}
	lines := strings.Split(strings.TrimSuffix(string(a.body), "\n"), "\n")
	if a.status != 200 || len(lines) != 5001 || lines[0] != "Lead ID,contact_list_id,genesys_contact_id" {
		t.Fatalf("mapping: %d, %d lines, first %q", a.status, len(lines), lines[0])
	}
	var ids []string
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != 3 || f[1] != list.ID || f[0] != f[2] {
			t.Fatalf("mapping line %q", l)
		}
		ids = append(ids, f[0])
	}
	slices.Sort(ids)
	if len(slices.Compact(ids)) != 5000 {
		t.Errorf("the mapping repeats Lead IDs")
	}
	if n := len(org.ContactListContacts(list.ID)); n != 5000 {
		t.Errorf("%d contacts in the list, want 5000", n)
	}
}

// maxWorkerdFDs bounds the descriptors of each workerd process while a request runs:
// idle, the two processes of the Worker hold 15 to 30.
const maxWorkerdFDs = 100

// watchDescriptors samples the file descriptors of the Worker's workerd processes
// until the function it returns is called, which answers the most any one held.
func (w *worker) watchDescriptors(t *testing.T) func() int {
	t.Helper()
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Log("no /proc here: the descriptors are not watched")
		return func() int { return 0 }
	}
	if most := w.descriptors(); most == 0 {
		t.Fatal("no workerd process found in the Worker's process group")
	}
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		most := 0
		for {
			most = max(most, w.descriptors())
			select {
			case <-stop:
				done <- max(most, w.descriptors())
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() int {
		close(stop)
		return <-done
	}
}

// descriptors is the most file descriptors one workerd process of the Worker's
// process group holds now, from /proc (0 when none is found).
func (w *worker) descriptors() int {
	most := 0
	for _, pid := range w.workerdPIDs() {
		if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
			most = max(most, len(fds))
		}
	}
	return most
}

// workerdPIDs lists the workerd processes of the Worker's process group, from /proc.
func (w *worker) workerdPIDs() []int {
	dirs, _ := os.ReadDir("/proc")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp …: comm may hold spaces, so count from its ")".
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) < 3 || f[2] != strconv.Itoa(w.group) {
			continue
		}
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); filepath.Base(exe) != "workerd" {
			continue
		}
		pids = append(pids, pid)
	}
	return pids
}
