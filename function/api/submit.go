package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"

	"contactprep/function/genesys"
	"contactprep/shared/fieldpath"
	"contactprep/shared/finding"
	"contactprep/shared/recheck"
)

// Submission is the "settings" part of POST /api/imports.
type Submission struct {
	// FileName names the file in Genesys; empty takes the file part's name.
	FileName string `json:"fileName"`
	// Division is the id of the division the new contacts go to; empty is the
	// org's default. A contact's division is fixed at creation.
	Division string `json:"division"`
	// Mapping sends file columns to contact fields; empty maps the catalog's
	// headers (what the engine writes).
	Mapping []recheck.Field `json:"mapping"`
	// MatchingCriteria are how rows meet existing contacts besides their key:
	// "Email", "Phone", or none.
	MatchingCriteria []string `json:"matchingCriteria"`
	// MergeContacts merges all matched contacts instead of updating the first.
	MergeContacts bool `json:"mergeContacts"`
}

// Limits of a submission's request beyond the file itself.
const (
	maxSettingsBytes  = 64 << 10
	multipartOverhead = 16 << 10
	maxFileNameRunes  = 200
)

// Refusal is the body of a 422: the file's findings, in the engine's format.
type Refusal struct {
	Code            string            `json:"code"`
	Message         string            `json:"message"`
	Rows            int               `json:"rows"`
	Errors          int               `json:"errors"`
	Findings        []finding.Finding `json:"findings"`
	FindingsDropped int               `json:"findingsDropped"`
}

// handleSubmit is POST /api/imports: check, upload, create the job, wait for the dry run.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	limit := s.cfg.MaxFileBytes + maxSettingsBytes + multipartOverhead
	// Refuse by the announced length before reading anything: a Worker must not
	// start answering while a request body is still arriving.
	if r.ContentLength > limit {
		s.tooLarge(w)
		return
	}
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type",
			"send multipart/form-data with a \"settings\" part (JSON) and a \"file\" part (text/csv)")
		return
	}
	token := s.genesysToken(w, r, genesys.ImportPermissions)
	if token == "" {
		return
	}
	sub, data, fileName, status, problem := s.readSubmission(r, params["boundary"], limit)
	switch {
	case status == http.StatusRequestEntityTooLarge:
		s.tooLarge(w)
		return
	case status != 0:
		writeError(w, status, "bad_request", problem)
		return
	}
	check := recheck.Check(fileName, data, sub.Mapping, s.cfg.MaxFileBytes)
	if !check.OK() {
		writeJSON(w, http.StatusUnprocessableEntity, Refusal{
			Code:            "file_refused",
			Message:         fmt.Sprintf("the file has %d problems to fix before it can be imported", check.Errors),
			Rows:            check.Rows,
			Errors:          check.Errors,
			Findings:        check.Findings,
			FindingsDropped: check.Dropped,
		})
		return
	}
	sub.Mapping = check.Fields
	s.submit(w, r, token, sub, data, fileName, check)
}

func (s *Server) tooLarge(w http.ResponseWriter) {
	writeError(w, http.StatusRequestEntityTooLarge, "too_large",
		fmt.Sprintf("the file is larger than %d bytes; split it into smaller parts", s.cfg.MaxFileBytes))
}

// readSubmission reads the settings and file parts through the limits. It returns a
// status and a problem when the request cannot be used.
func (s *Server) readSubmission(r *http.Request, boundary string, limit int64) (sub Submission, data []byte, fileName string, status int, problem string) {
	body := &limitedReader{r: r.Body, left: limit}
	mr := multipart.NewReader(body, boundary)
	gotSettings := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if body.over {
				return sub, nil, "", http.StatusRequestEntityTooLarge, ""
			}
			return sub, nil, "", http.StatusBadRequest, "the multipart body cannot be read"
		}
		switch part.FormName() {
		case "settings":
			raw, over, err := readAtMost(part, maxSettingsBytes)
			if err != nil || over {
				return sub, nil, "", http.StatusBadRequest, "the settings part cannot be read or is too long"
			}
			if err := json.Unmarshal(raw, &sub); err != nil {
				return sub, nil, "", http.StatusBadRequest, "the settings part is not the expected JSON"
			}
			gotSettings = true
		case "file":
			raw, over, err := readSized(part, s.cfg.MaxFileBytes, r.ContentLength)
			if over || body.over {
				return sub, nil, "", http.StatusRequestEntityTooLarge, ""
			}
			if err != nil {
				return sub, nil, "", http.StatusBadRequest, "the file part cannot be read"
			}
			data, fileName = raw, part.FileName()
		default:
			return sub, nil, "", http.StatusBadRequest, "unexpected part: send only \"settings\" and \"file\""
		}
	}
	switch {
	case data == nil:
		return sub, nil, "", http.StatusBadRequest, "the \"file\" part is missing"
	case !gotSettings:
		return sub, nil, "", http.StatusBadRequest, "the \"settings\" part is missing"
	}
	if sub.FileName != "" {
		fileName = sub.FileName
	}
	fileName = cleanFileName(fileName)
	if problem := sub.problem(); problem != "" {
		return sub, nil, "", http.StatusBadRequest, problem
	}
	return sub, data, fileName, 0, ""
}

// limitedReader reads at most left bytes and remembers whether the body was longer.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			l.over = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// readAtMost reads r whole if it has at most max bytes; over reports a longer one.
func readAtMost(r io.Reader, max int64) (data []byte, over bool, err error) {
	return readSized(r, max, 0)
}

// readSized is readAtMost for a body of at most about size bytes (a Content-Length,
// or 0 when unknown), read into a buffer made once of that size: a body read into a
// buffer that grows as it fills, as io.ReadAll does, needs twice its size on the
// way (a 50 MB file took 300 MB), and a Worker's memory is 128 MB.
func readSized(r io.Reader, max, size int64) (data []byte, over bool, err error) {
	if size <= 0 {
		size = 512
	}
	size = min(size, max)
	data = make([]byte, 0, size+1) // room for the read that meets the end
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):min(int64(cap(data)), max+1)])
		data = data[:len(data)+n]
		switch {
		case int64(len(data)) > max:
			return nil, true, nil
		case err == io.EOF:
			return data, false, nil
		case err != nil:
			return data, false, err
		}
	}
}

// cleanFileName keeps a file name's last path element, without control characters,
// and short, as Genesys shows it to admins.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if runes := []rune(strings.TrimSpace(name)); len(runes) > maxFileNameRunes {
		name = string(runes[:maxFileNameRunes])
	}
	if name = strings.TrimSpace(name); name == "" || name == "." || name == "/" {
		return "contacts.csv"
	}
	return name
}

// problem says what is wrong with the settings, or "".
func (sub *Submission) problem() string {
	if !plainID(sub.Division, true) {
		return "division must be a division id"
	}
	seen := map[string]bool{}
	for _, c := range sub.MatchingCriteria {
		if (c != "Email" && c != "Phone") || seen[c] {
			return "matchingCriteria may hold Email and Phone, each once"
		}
		seen[c] = true
	}
	return ""
}

// plainID accepts the ids Genesys hands out (UUIDs): letters, digits and hyphens,
// which are safe in a URL path.
func plainID(id string, emptyOK bool) bool {
	if id == "" {
		return emptyOK
	}
	if len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// How long idempotency records and created settings are kept.
const (
	pendingTTL  = 2 * time.Minute
	importTTL   = 24 * time.Hour
	settingsTTL = 30 * 24 * time.Hour
)

// importRecord is what the store holds under a submission's idempotency key.
type importRecord struct {
	JobID   string `json:"jobId,omitempty"`
	Pending bool   `json:"pending,omitempty"`
}

// idempotencyKey is derived from the file's content and every setting that changes
// the import (not the file name), for one org: a resubmit finds the first job.
func (s *Server) idempotencyKey(sub Submission, data []byte) string {
	content := sha256.Sum256(data)
	settings, _ := json.Marshal(struct {
		API      string          `json:"api"`
		Source   string          `json:"source"`
		Division string          `json:"division"`
		Mapping  []recheck.Field `json:"mapping"`
		Matching []string        `json:"matching"`
		Merge    bool            `json:"merge"`
	}{s.cfg.Genesys.Bases.API, s.cfg.ExternalSourceID, sub.Division, sub.Mapping, sub.MatchingCriteria, sub.MergeContacts})
	h := sha256.New()
	h.Write(content[:])
	h.Write(settings)
	return hex.EncodeToString(h.Sum(nil))
}

// submit imports a checked file once per idempotency key: upload, settings, job, and
// the dry run's counts.
func (s *Server) submit(w http.ResponseWriter, r *http.Request, token string, sub Submission, data []byte, fileName string, check recheck.Result) {
	ctx := r.Context()
	key := s.idempotencyKey(sub, data)
	storeKey := "import:" + key
	w.Header().Set("Idempotency-Key", key)
	warnings := check.Findings // the check passed: what is left are warnings

	if raw, ok, err := s.cfg.Store.Get(ctx, storeKey); err == nil && ok {
		var rec importRecord
		json.Unmarshal([]byte(raw), &rec)
		switch {
		case rec.Pending:
			w.Header().Set("Retry-After", "10")
			writeError(w, http.StatusConflict, "in_progress", "the same file with the same settings is being submitted already; try again in a moment")
			return
		case plainID(rec.JobID, false):
			job, err := s.cfg.Genesys.Job(ctx, token, rec.JobID)
			switch {
			case err == nil && job.Status != genesys.StatusFailed && job.Status != genesys.StatusCancelled:
				v := viewOf(job)
				v.Existing = true
				writeJSON(w, http.StatusOK, v)
				return
			case err != nil && genesys.StatusOf(err) != http.StatusNotFound:
				s.genesysFailed(w, r, err, "looking up the earlier import of this file")
				return
			}
			// The earlier job failed, was cancelled or is gone: import anew.
		}
	}
	pending, _ := json.Marshal(importRecord{Pending: true})
	s.cfg.Store.Put(ctx, storeKey, string(pending), pendingTTL)
	created := false
	defer func() {
		if !created {
			s.cfg.Store.Delete(context.WithoutCancel(ctx), storeKey)
		}
	}()

	settingsID, err := s.csvSettings(ctx, token, sub)
	if err != nil {
		s.genesysFailed(w, r, err, "preparing the import settings (nothing was imported)")
		return
	}
	upload, err := s.cfg.Genesys.CreateUpload(ctx, token, fileName, int64(len(data)))
	if err != nil {
		s.genesysFailed(w, r, err, "announcing the upload (nothing was imported)")
		return
	}
	if err := s.cfg.Genesys.PutFile(ctx, upload, data); err != nil {
		s.genesysFailed(w, r, err, "uploading the file (nothing was imported)")
		return
	}
	v, err := s.uploadDetails(ctx, token, upload.ID)
	if err != nil {
		s.genesysFailed(w, r, err, "reading Genesys' check of the upload (nothing was imported)")
		return
	}
	if refusal, refused := refusalOf(fileName, v); refused {
		writeJSON(w, http.StatusUnprocessableEntity, refusal)
		return
	}
	jobID, err := s.cfg.Genesys.CreateJob(ctx, token, upload.ID, settingsID, sub.Division, fileName)
	if err != nil {
		s.genesysFailed(w, r, err, "creating the import job (nothing was imported)")
		return
	}
	rec, _ := json.Marshal(importRecord{JobID: jobID})
	if s.cfg.Store.Put(ctx, storeKey, string(rec), importTTL) == nil {
		created = true
	}
	job, err := s.waitForDryRun(ctx, token, jobID)
	if err != nil {
		// The job exists: hand it over to be polled rather than fail the submission.
		job = genesys.Job{ID: jobID, Status: genesys.StatusRunning, ExecutionStep: genesys.StepValidating}
	}
	view := viewOf(job)
	view.Rows = check.Rows
	view.Warnings = warnings
	writeJSON(w, http.StatusAccepted, view)
}

// uploadDetails reads Genesys' check of an upload, waiting while it is not ready.
func (s *Server) uploadDetails(ctx context.Context, token, uploadID string) (genesys.Validation, error) {
	deadline := time.Now().Add(s.cfg.DryRunWait)
	for {
		v, err := s.cfg.Genesys.UploadDetails(ctx, token, uploadID)
		if genesys.StatusOf(err) != http.StatusNotFound || time.Now().After(deadline) {
			return v, err
		}
		if err := sleep(ctx, s.cfg.PollEvery); err != nil {
			return v, err
		}
	}
}

// refusalOf turns Genesys' check of an upload into findings. Genesys' messages are
// not passed on: they may quote the file.
func refusalOf(file string, v genesys.Validation) (Refusal, bool) {
	var fs []finding.Finding
	add := func(row int, code finding.Code, msg string) {
		if len(fs) < recheck.MaxFindings {
			fs = append(fs, finding.Finding{File: file, Row: row, Code: code, Severity: finding.Error, Message: msg})
		}
	}
	if !v.FileEncodingValid {
		add(0, finding.EncodingInvalid, "Genesys Cloud read the file as not UTF-8")
	}
	if !v.SeparatorValid {
		add(0, finding.MalformedRow, "Genesys Cloud read the file as not comma-separated")
	}
	for _, e := range v.Errors {
		add(max(e.LineNumber-1, 0), finding.MalformedRow, "Genesys Cloud's check refused this row")
	}
	if len(fs) == 0 {
		return Refusal{}, false
	}
	return Refusal{Code: "file_refused", Message: "Genesys Cloud's check of the upload refused the file", Errors: len(fs), Findings: fs}, true
}

// settingsRecord is what the store holds for settings this function created.
type settingsRecord struct {
	ImportSettingsID string `json:"importSettingsId"`
	CSVSettingsID    string `json:"csvSettingsId"`
}

// csvSettings reuses the CSV settings made earlier for the same mapping and
// matching, while Genesys still has them, or creates new ones.
func (s *Server) csvSettings(ctx context.Context, token string, sub Submission) (string, error) {
	// Every field path goes out through the table, and importFields names them all,
	// each included or not, rather than leaving Genesys to read an empty list.
	mappings := make([]genesys.Mapping, len(sub.Mapping))
	mapped := make(map[string]bool, len(sub.Mapping))
	for i, f := range sub.Mapping {
		target := fieldpath.Target(s.cfg.FieldPaths, f.Path)
		mappings[i] = genesys.Mapping{SourceField: f.Column, TargetField: target}
		mapped[target] = true
	}
	fields := make([]genesys.ImportField, 0, len(s.cfg.FieldPaths)+len(mappings))
	for _, p := range s.cfg.FieldPaths {
		fields = append(fields, genesys.ImportField{Name: p.Target, Included: mapped[p.Target]})
		delete(mapped, p.Target)
	}
	for _, m := range mappings {
		if mapped[m.TargetField] { // a field the table does not hold
			fields = append(fields, genesys.ImportField{Name: m.TargetField, Included: true})
		}
	}
	matching := sub.MatchingCriteria
	if matching == nil {
		matching = []string{}
	}
	identity, _ := json.Marshal(struct {
		API      string                `json:"api"`
		Source   string                `json:"source"`
		Mappings []genesys.Mapping     `json:"mappings"`
		Fields   []genesys.ImportField `json:"fields"`
		Matching []string              `json:"matching"`
		Merge    bool                  `json:"merge"`
	}{s.cfg.Genesys.Bases.API, s.cfg.ExternalSourceID, mappings, fields, matching, sub.MergeContacts})
	sum := sha256.Sum256(identity)
	name := hex.EncodeToString(sum[:8])
	storeKey := "settings:" + hex.EncodeToString(sum[:])

	if raw, ok, err := s.cfg.Store.Get(ctx, storeKey); err == nil && ok {
		var rec settingsRecord
		if json.Unmarshal([]byte(raw), &rec) == nil && plainID(rec.CSVSettingsID, false) {
			_, err := s.cfg.Genesys.CSVSettingsByID(ctx, token, rec.CSVSettingsID)
			switch status := genesys.StatusOf(err); {
			case err == nil:
				return rec.CSVSettingsID, nil
			case status != http.StatusNotFound && status != http.StatusForbidden:
				return "", err
			}
			// Gone, or not ours to read: make new ones.
		}
	}
	importID, err := s.cfg.Genesys.CreateImportSettings(ctx, token, genesys.ImportSettings{
		Name:             "contactprep " + name,
		MatchingCriteria: matching,
		MergeContacts:    sub.MergeContacts,
		ExternalSourceID: s.cfg.ExternalSourceID,
		ImportFields:     fields,
	})
	if err != nil {
		return "", err
	}
	csvID, err := s.cfg.Genesys.CreateCSVSettings(ctx, token, genesys.CSVSettings{ExternalSettingsID: importID, Mappings: mappings})
	if err != nil {
		return "", err
	}
	rec, _ := json.Marshal(settingsRecord{ImportSettingsID: importID, CSVSettingsID: csvID})
	s.cfg.Store.Put(ctx, storeKey, string(rec), settingsTTL) // a failed put only costs new settings later
	return csvID, nil
}

// waitForDryRun polls the job until its dry run is done or DryRunWait has passed.
func (s *Server) waitForDryRun(ctx context.Context, token, jobID string) (genesys.Job, error) {
	deadline := time.Now().Add(s.cfg.DryRunWait)
	for {
		job, err := s.cfg.Genesys.Job(ctx, token, jobID)
		if err != nil || job.DryRunDone() || time.Now().After(deadline) {
			return job, err
		}
		if err := sleep(ctx, s.cfg.PollEvery); err != nil {
			return job, err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
