//go:build unix

// Package workerd_test runs the built Worker under workerd (wrangler, through
// function/dev.mjs) against the Genesys emulator, the way it runs on Cloudflare. It
// runs when CONTACTPREP_WRANGLER is set (wrangler is installed) and the Worker is
// built: `make test-function` does both.
package workerd_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
	"contactprep/shared/fieldpath"
)

const maxFileBytes = 64 << 10

// worker is a running Worker under wrangler (function/dev.mjs).
type worker struct {
	url string
	log *syncBuffer
	// group is the process group of the launcher and its workerd processes.
	group int
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freePorts returns n distinct free loopback ports. The listeners stay open
// until all are chosen, so the same port is never handed out twice.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		ports[i] = ln.Addr().(*net.TCPAddr).Port
	}
	return ports
}

// startWorker runs the Worker under wrangler (function/dev.mjs) on a free loopback
// port with the repository's wrangler.toml, pointed at the emulator, with more
// NAME:VALUE vars, and stops it (its whole process group) when the test ends.
func startWorker(t *testing.T, genesysBase string, vars ...string) *worker {
	t.Helper()
	if os.Getenv("CONTACTPREP_WRANGLER") == "" {
		t.Skip("CONTACTPREP_WRANGLER is not set: run make test-function")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "function/build/app.wasm")); err != nil {
		t.Fatalf("the Worker is not built: %v (run make build-function)", err)
	}
	if err := os.MkdirAll(filepath.Join(root, "web/dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	port := freePorts(t, 1)[0]
	// function/dev.mjs is wrangler dev without its DevTools proxy, which turns every
	// piece of a fetched body into a request of its own (see there).
	cmd := exec.Command("node", filepath.Join(root, "function/dev.mjs"),
		"--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--persist-to", t.TempDir(),
		"--var", "GENESYS_API_BASE:"+genesysBase,
		"--var", "GENESYS_OAUTH_CLIENT_ID:"+emutest.Admin,
		"--var", "GENESYS_EXTERNAL_SOURCE_ID:workerd-test",
		"--var", fmt.Sprintf("MAX_FILE_BYTES:%d", maxFileBytes),
		"--var", "DRY_RUN_WAIT:15s",
		"--var", fmt.Sprintf("PAGE_ORIGIN:http://127.0.0.1:%d", port))
	for _, v := range vars {
		cmd.Args = append(cmd.Args, "--var", v)
	}
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false")
	w := &worker{url: fmt.Sprintf("http://127.0.0.1:%d", port), log: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = w.log, w.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.group = cmd.Process.Pid
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("function/dev.mjs output:\n%s", w.log)
		}
	})
	// The first start bundles and compiles for a while, longer on a busy machine.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get(w.url + "/api/config")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return w
			}
		}
		select {
		case <-exited:
			t.Fatalf("function/dev.mjs exited:\n%s", w.log)
		case <-time.After(500 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Worker did not answer within 2 minutes:\n%s", w.log)
		}
	}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("status %d, body %q: %v", a.status, a.body, err)
	}
}

var client = &http.Client{Timeout: time.Minute}

func (w *worker) do(t *testing.T, method, path string, body io.Reader, headers ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, w.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, res.Header, b}
}

// submit sends a file as the page does: from the Worker's own origin, multipart.
func (w *worker) submit(t *testing.T, token, settings, file string) answer {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("settings", settings)
	fw, _ := mw.CreateFormFile("file", "contacts-001.csv")
	io.WriteString(fw, file)
	mw.Close()
	headers := []string{"Content-Type", mw.FormDataContentType(), "Origin", w.url}
	if token != "" {
		headers = append(headers, "Authorization", "Bearer "+token)
	}
	return w.do(t, "POST", "/api/imports", &b, headers...)
}

type jobView struct {
	ID            string
	Status        string
	ExecutionStep string
	Existing      bool
	DryRun        *struct{ Success, Failed int }
	Import        *struct{ Success, Failed int }
}

const header = "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone,Contact Work Phone\n"

func TestWorker(t *testing.T) {
	org := emutest.Start(t)
	w := startWorker(t, org.URL)
	admin := org.UserToken(t, emutest.Admin)
	file := header + "C1,Ann,Lee,+4915112345678,+4930123456\nC2,Bo,Kim,+14155550123,\n"

	t.Run("happy path to Completed", func(t *testing.T) {
		a := w.submit(t, admin, `{"division":"div-1"}`, file)
		var job jobView
		a.decode(t, &job)
		if a.status != 202 || job.ExecutionStep != "Validated" || job.DryRun == nil || job.DryRun.Success != 2 {
			t.Fatalf("submit: %d %s", a.status, a.body)
		}
		if c := w.do(t, "POST", "/api/imports/"+job.ID+"/continue", nil, "Authorization", "Bearer "+admin, "Origin", w.url); c.status != 202 {
			t.Fatalf("continue: %d %s", c.status, c.body)
		}
		deadline := time.Now().Add(30 * time.Second)
		for job.Status != "Completed" && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
			w.do(t, "GET", "/api/imports/"+job.ID, nil, "Authorization", "Bearer "+admin).decode(t, &job)
		}
		if job.Status != "Completed" || job.Import == nil || job.Import.Success != 2 {
			t.Fatalf("job %+v", job)
		}
		c1, ok1 := org.Contact("C1")
		c2, ok2 := org.Contact("C2")
		if !ok1 || !ok2 || phone(c1, "cellPhone") != "+4915112345678" || phone(c1, "workPhone") != "+4930123456" || phone(c2, "cellPhone") != "+14155550123" {
			t.Errorf("contacts in the org: %v, %v", c1, c2)
		}

		t.Run("the same file twice is one import", func(t *testing.T) {
			var again jobView
			a := w.submit(t, admin, `{"division":"div-1"}`, file)
			a.decode(t, &again)
			if a.status != 200 || !again.Existing || again.ID != job.ID {
				t.Errorf("resubmit: %d %s; want job %s again", a.status, a.body, job.ID)
			}
		})
	})

	t.Run("no or invalid credentials are 401", func(t *testing.T) {
		for _, token := range []string{"", "not-a-token"} {
			if a := w.submit(t, token, `{}`, file); a.status != 401 {
				t.Errorf("token %q: %d %s", token, a.status, a.body)
			}
		}
	})

	t.Run("missing permission is 403", func(t *testing.T) {
		a := w.submit(t, org.UserToken(t, emutest.Reader), `{}`, file)
		var e struct {
			Code    string
			Missing []string
		}
		a.decode(t, &e)
		if a.status != 403 || e.Code != "missing_permission" || len(e.Missing) == 0 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("another origin is refused", func(t *testing.T) {
		for _, method := range []string{"GET", "OPTIONS"} {
			a := w.do(t, method, "/api/config", nil, "Origin", "http://evil.test", "Access-Control-Request-Method", "GET")
			if a.status != 403 || a.header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("%s: %d, Allow-Origin %q", method, a.status, a.header.Get("Access-Control-Allow-Origin"))
			}
		}
	})

	t.Run("oversized is 413", func(t *testing.T) {
		big := header + strings.Repeat("C9,Zed,Zu,+4930123456,\n", 3*maxFileBytes/24)
		if a := w.submit(t, admin, `{}`, big); a.status != 413 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("a broken file is 422 with findings", func(t *testing.T) {
		// A phone not in E.164 is kept as typed (one verdict); one over 512 characters is refused.
		a := w.submit(t, admin, `{}`, header+"C1,Ann,,0151 12345678,"+strings.Repeat("5", 513)+"\nC1,Bo,Kim,,\n")
		var r struct {
			Code     string
			Findings []struct {
				Row  int
				Code string
			}
		}
		a.decode(t, &r)
		codes := map[string]bool{}
		for _, f := range r.Findings {
			codes[f.Code] = true
		}
		if a.status != 422 || r.Code != "file_refused" || !codes["missing_required"] || !codes["value_too_long"] || codes["phone_invalid"] || !codes["duplicate_contact_id"] {
			t.Errorf("%d %s", a.status, a.body)
		}
	})

	t.Run("a submission refused before its file is read leaves the next unharmed", func(t *testing.T) {
		// A file near the limit is still arriving when bad settings are refused.
		near := header + strings.Repeat("C9,Zed,Zu,+4930123456,\n", (maxFileBytes-len(header))/24)
		for range 3 {
			if a := w.submit(t, admin, `not json`, near); a.status != 400 {
				t.Fatalf("bad settings: %d %s", a.status, a.body)
			}
			if a := w.submit(t, "", `{}`, near); a.status != 401 {
				t.Fatalf("no credentials: %d %s", a.status, a.body)
			}
			if a := w.submit(t, admin, `{}`, header+"C6,Fa,Ho,,\n"); a.status != 202 && a.status != 200 {
				t.Fatalf("the next submission: %d %s", a.status, a.body)
			}
		}
	})

	t.Run("429 then success is retried", func(t *testing.T) {
		org.AddFault(t, emulator.Fault{Path: "/api/v2/externalcontacts/import/csv/uploads", Method: "POST", Status: 429, RetryAfter: 1})
		if a := w.submit(t, admin, `{}`, header+"C3,Cy,Lu,,\n"); a.status != 202 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		if left := faults(t, org); left != 0 {
			t.Errorf("%d faults left: the 429 was never met", left)
		}
	})

	t.Run("creates that Genesys made before a 502 or 504 are made once", func(t *testing.T) {
		org.Reset()
		for _, f := range []emulator.Fault{
			{Path: "/api/v2/externalcontacts/import/settings", Method: "POST", Status: 502, Act: true},
			{Path: "/api/v2/externalcontacts/import/csv/settings", Method: "POST", Status: 504, Act: true},
			{Path: "/api/v2/externalcontacts/import/csv/jobs", Method: "POST", Status: 502, Act: true},
		} {
			org.AddFault(t, f)
		}
		if a := w.submit(t, admin, `{}`, header+"C5,Ed,Yu,,\n"); a.status != 202 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		if is, cs, jobs, left := org.ImportSettingsCount(), org.CSVSettingsCount(), org.JobCount(), faults(t, org); is != 1 || cs != 1 || jobs != 1 || left != 0 {
			t.Errorf("%d import settings, %d CSV settings, %d jobs (%d faults left); want one of each", is, cs, jobs, left)
		}
	})

	t.Run("persistent 5xx is a clear failure, nothing imported", func(t *testing.T) {
		org.Reset()
		org.AddFault(t, emulator.Fault{Path: "/api/v2/externalcontacts/import/csv/jobs", Status: 503, Times: -1})
		broken := header + "C4,Di,Ma,,\n"
		a := w.submit(t, admin, `{}`, broken)
		var e struct{ Code, Message string }
		a.decode(t, &e)
		if a.status != 502 || e.Code != "genesys_unavailable" || !strings.Contains(e.Message, "nothing was imported") {
			t.Errorf("%d %s", a.status, a.body)
		}
		if n := len(org.Contacts()); n != 0 {
			t.Errorf("%d contacts imported", n)
		}
		org.ClearFaults()
		if a := w.submit(t, admin, `{}`, broken); a.status != 202 {
			t.Errorf("resubmit once Genesys is back: %d %s", a.status, a.body)
		}
	})
}

// TestWorkerFieldPathOverride: a path overridden in the Worker's variables (as in
// wrangler.toml) is what the import settings Genesys receives send the field to, and
// importFields names every field, each included or not.
func TestWorkerFieldPathOverride(t *testing.T) {
	org := emutest.Start(t)
	w := startWorker(t, org.URL, `GENESYS_FIELD_PATHS:{"externalId": "externalIds.value"}`)
	admin := org.UserToken(t, emutest.Admin)
	if a := w.submit(t, admin, `{}`, header+"C1,Ann,Lee,+4915112345678,\n"); a.status != 202 {
		t.Fatalf("submit: %d %s", a.status, a.body)
	}
	get := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", org.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
		}
	}
	var csv struct {
		Entities []struct {
			ExternalSettingsID string
			Mappings           []struct{ SourceField, TargetField string }
		}
	}
	get("/api/v2/externalcontacts/import/csv/settings", &csv)
	if len(csv.Entities) != 1 {
		t.Fatalf("%d CSV settings", len(csv.Entities))
	}
	targets := map[string]string{}
	for _, m := range csv.Entities[0].Mappings {
		targets[m.SourceField] = m.TargetField
	}
	if targets["Contact ID"] != "externalIds.value" || targets["Contact First Name"] != "firstName" {
		t.Errorf("mappings %v: want Contact ID sent to the overriding path", targets)
	}
	var is struct {
		ImportFields []struct {
			Name     string
			Included bool
		}
	}
	get("/api/v2/externalcontacts/import/settings/"+csv.Entities[0].ExternalSettingsID, &is)
	included := map[string]bool{}
	for _, f := range is.ImportFields {
		included[f.Name] = f.Included
	}
	if len(is.ImportFields) != len(fieldpath.Default()) || !included["externalIds.value"] || !included["firstName"] || included["title"] {
		t.Errorf("importFields %+v: want every field, the mapped ones included", is.ImportFields)
	}
}

// TestWorkerServiceMode: the function signs in as its own client, keeps the token in
// KV between requests, and lets in callers with the development token only.
func TestWorkerServiceMode(t *testing.T) {
	org := emutest.Start(t)
	w := startWorker(t, org.URL, "AUTH_MODE:service", "GENESYS_CLIENT_ID:"+emutest.Admin,
		"GENESYS_CLIENT_SECRET:"+emutest.Secret, "DEV_ACCESS_TOKEN:dev-token")
	if a := w.submit(t, "", `{}`, header+"S1,Ann,Lee,,\n"); a.status != 401 {
		t.Errorf("without the development token: %d %s", a.status, a.body)
	}
	a := w.submit(t, "dev-token", `{}`, header+"S1,Ann,Lee,,\n")
	var job jobView
	a.decode(t, &job)
	if a.status != 202 || job.DryRun == nil || job.DryRun.Success != 1 {
		t.Fatalf("submit: %d %s", a.status, a.body)
	}
	// With sign-ins failing from now on, only the token kept in KV can serve this.
	org.AddFault(t, emulator.Fault{Path: "/oauth/token", Status: 500, Times: -1})
	if a := w.do(t, "GET", "/api/imports/"+job.ID, nil, "Authorization", "Bearer dev-token"); a.status != 200 {
		t.Errorf("status with the kept token: %d %s", a.status, a.body)
	}
}

func phone(contact map[string]any, field string) any {
	p, _ := contact[field].(map[string]any)
	return p["display"]
}

// faults counts the emulator's faults not yet met.
func faults(t *testing.T, org *emutest.Org) int {
	t.Helper()
	res, err := http.Get(org.URL + "/_emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list []any
	json.NewDecoder(res.Body).Decode(&list)
	return len(list)
}
