package emulator

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Job statuses and execution steps, as Genesys spells them.
const (
	statusRunning   = "Running"
	statusCompleted = "Completed"
	statusFailed    = "Failed"
	statusCancelled = "Cancelled"

	stepValidating = "Validating"
	stepValidated  = "Validated"
	stepImporting  = "Importing"

	jobsPath = "/api/v2/externalcontacts/import/jobs"

	dryRunReport = "dry-run.csv"
	importReport = "import.csv"
)

// job is one CSV import. Time moves it on: advance brings it up to date whenever it is
// looked at, so no goroutine runs behind it.
type job struct {
	id         string
	uploadID   string
	settings   *csvSettings
	external   *importSettings
	division   string
	created    time.Time
	validating time.Time // when the current dry run started
	continued  time.Time
	status     string
	step       string
	details    string
	run        dryRun
}

// dropValues frees the rows' field values once nothing will import them; the reports
// still need the rows' lines and problems.
func (j *job) dropValues() {
	for i := range j.run.rows {
		j.run.rows[i].contact, j.run.rows[i].org = nil, nil
	}
}

// advance moves the job on to where time has brought it. Callers hold s.mu.
func (s *Server) advance(j *job) {
	now := s.now()
	if j.status == statusRunning && j.step == stepValidating && !now.Before(j.validating.Add(s.cfg.DryRunDelay)) {
		if j.run.failure != "" {
			j.status, j.details = statusFailed, j.run.failure
		} else {
			j.step = stepValidated
		}
	}
	if j.status == statusRunning && j.step == stepImporting && !now.Before(j.continued.Add(s.cfg.ImportDelay)) {
		j.status = statusCompleted
		j.dropValues()
	}
}

type entityRef struct {
	ID      string `json:"id"`
	SelfURI string `json:"selfUri,omitempty"`
}

type jobMetadata struct {
	FileName                string `json:"fileName,omitempty"`
	DryRunSuccessCount      *int   `json:"dryRunSuccessCount,omitempty"`
	DryRunFailedCount       *int   `json:"dryRunFailedCount,omitempty"`
	DryRunReportDownloadURL string `json:"dryRunReportDownloadUrl,omitempty"`
	ImportSuccessCount      *int   `json:"importSuccessCount,omitempty"`
	ImportFailedCount       *int   `json:"importFailedCount,omitempty"`
	ImportReportDownloadURL string `json:"importReportDownloadUrl,omitempty"`
}

// jobView is Genesys' ContactImportJobResponse.
type jobView struct {
	ID            string      `json:"id"`
	Status        string      `json:"status"`
	StatusDetails string      `json:"statusDetails,omitempty"`
	ExecutionStep string      `json:"executionStep"`
	Metadata      jobMetadata `json:"metadata"`
	DateCreated   string      `json:"dateCreated"`
	Division      *entityRef  `json:"division,omitempty"`
	Settings      entityRef   `json:"settings"`
	SelfURI       string      `json:"selfUri"`
}

// view shows the job as of now. Callers hold s.mu.
func (s *Server) view(j *job, r *http.Request, fileName string) jobView {
	v := jobView{
		ID:            j.id,
		Status:        j.status,
		StatusDetails: j.details,
		ExecutionStep: j.step,
		Metadata:      jobMetadata{FileName: fileName},
		DateCreated:   timestamp(j.created),
		Settings:      entityRef{j.settings.ID, j.settings.SelfURI},
		SelfURI:       jobsPath + "/" + j.id,
	}
	if j.division != "" {
		v.Division = &entityRef{ID: j.division, SelfURI: "/api/v2/authorization/divisions/" + j.division}
	}
	if j.step != stepValidating && j.run.failure == "" {
		v.Metadata.DryRunSuccessCount = &j.run.success
		v.Metadata.DryRunFailedCount = &j.run.failed
		v.Metadata.DryRunReportDownloadURL = s.signedURL(r, "/_reports/"+j.id+"/"+dryRunReport)
	}
	if j.status == statusCompleted {
		v.Metadata.ImportSuccessCount = &j.run.success
		v.Metadata.ImportFailedCount = &j.run.failed
		v.Metadata.ImportReportDownloadURL = s.signedURL(r, "/_reports/"+j.id+"/"+importReport)
	}
	return v
}

func (s *Server) handleCreateJob(w http.ResponseWriter, r *http.Request) {
	var req struct {
		UploadID   string     `json:"uploadId"`
		SettingsID string     `json:"settingsId"`
		Division   *entityRef `json:"division"`
	}
	if !s.decodeJSON(w, r, &req) {
		return
	}
	if req.UploadID == "" || req.SettingsID == "" {
		badRequest(w, "uploadId and settingsId are required.")
		return
	}
	s.mu.Lock()
	cs := s.findCSVSettings(req.SettingsID)
	var is *importSettings
	if cs != nil {
		is = s.findImportSettings(cs.ExternalSettingsID)
	}
	var file *upload // a copy: the PUT may replace the stored one meanwhile
	if u := s.uploads[req.UploadID]; u != nil {
		c := *u
		file = &c
	}
	s.mu.Unlock()
	switch {
	case file == nil:
		badRequest(w, "Upload "+req.UploadID+" was not found.")
		return
	case file.data == nil && !file.evicted:
		badRequest(w, "No file has been uploaded for upload "+req.UploadID+" yet.")
		return
	case cs == nil || is == nil:
		badRequest(w, "CSV settings "+req.SettingsID+" were not found.")
		return
	case req.Division != nil && len(s.cfg.Divisions) > 0:
		// An org configured with divisions takes only those (one configured with
		// none takes any id, for tests that do not care).
		if _, ok := s.division(req.Division.ID); !ok {
			badRequest(w, "Division "+req.Division.ID+" was not found.")
			return
		}
	}
	now := s.now()
	j := &job{
		id:         newID(),
		uploadID:   req.UploadID,
		settings:   cs,
		external:   is,
		created:    now,
		validating: now,
		status:     statusRunning,
		step:       stepValidating,
		run:        runDryRun(file, cs, is), // outside the lock: a big file takes a while
	}
	if req.Division != nil {
		j.division = req.Division.ID
	}
	s.mu.Lock()
	s.refuseHandMade(&j.run)
	s.jobs[j.id] = j
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, struct {
		Job entityRef `json:"job"`
	}{entityRef{j.id, jobsPath + "/" + j.id}})
}

func (s *Server) handleGetJob(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[r.PathValue("jobId")]
	if j == nil {
		notFound(w, "Job "+r.PathValue("jobId")+" was not found.")
		return
	}
	s.advance(j)
	writeJSON(w, http.StatusOK, s.view(j, r, s.fileName(j)))
}

// handleListJobs pages through the jobs by creation, oldest first unless sortOrder is
// Descending, those of one status when jobStatus is given; after is the cursor of the
// page before.
func (s *Server) handleListJobs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size := pageParam(q.Get("pageSize"), 25, 100)
	from, err := strconv.Atoi(q.Get("after"))
	if q.Get("after") == "" {
		from, err = 0, nil
	}
	if err != nil || from < 0 {
		badRequest(w, "after is not a cursor this emulator handed out.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*job
	for _, j := range s.jobs {
		s.advance(j)
		if status := q.Get("jobStatus"); status == "" || j.status == status {
			all = append(all, j)
		}
	}
	slices.SortFunc(all, func(a, b *job) int { return a.created.Compare(b.created) })
	if q.Get("sortOrder") == "Descending" {
		slices.Reverse(all)
	}
	page := struct {
		Entities []jobView `json:"entities"`
		SelfURI  string    `json:"selfUri"`
		Cursors  *struct {
			After string `json:"after"`
		} `json:"cursors,omitempty"`
	}{Entities: []jobView{}, SelfURI: jobsPath}
	for i := from; i < len(all) && len(page.Entities) < size; i++ {
		page.Entities = append(page.Entities, s.view(all[i], r, s.fileName(all[i])))
	}
	if next := from + len(page.Entities); next < len(all) {
		page.Cursors = &struct {
			After string `json:"after"`
		}{strconv.Itoa(next)}
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) fileName(j *job) string {
	if u := s.uploads[j.uploadID]; u != nil {
		return u.fileName
	}
	return ""
}

// handleUpdateJob takes the admin's decision after the dry run: Continue, Cancel or Retry.
func (s *Server) handleUpdateJob(w http.ResponseWriter, r *http.Request) {
	var req struct {
		JobID  string `json:"jobId"`
		Status string `json:"status"`
	}
	if !s.decodeJSON(w, r, &req) {
		return
	}
	id := r.PathValue("jobId")
	if req.JobID != "" && req.JobID != id {
		badRequest(w, "jobId in the body differs from the job in the path.")
		return
	}
	var retry *job
	s.mu.Lock()
	j := s.jobs[id]
	if j == nil {
		s.mu.Unlock()
		notFound(w, "Job "+id+" was not found.")
		return
	}
	s.advance(j)
	problem := ""
	switch req.Status {
	case "Continue":
		if j.status == statusRunning && j.step == stepValidated {
			s.importRows(j)
		} else {
			problem = "Only a job whose dry run has finished can continue; this one is " + j.status + "/" + j.step + "."
		}
	case "Cancel":
		if j.status == statusRunning && j.step != stepImporting {
			j.status = statusCancelled
			j.dropValues()
		} else {
			problem = "Only a job that has not started importing can be cancelled; this one is " + j.status + "/" + j.step + "."
		}
	case "Retry":
		if j.status == statusFailed {
			retry = j
		} else {
			problem = "Only a failed job can be retried; this one is " + j.status + "."
		}
	default:
		problem = "status must be Continue, Cancel or Retry."
	}
	var file *upload
	if u := s.uploads[j.uploadID]; retry != nil && u != nil {
		c := *u
		file = &c
	}
	s.mu.Unlock()
	if problem != "" {
		badRequest(w, problem)
		return
	}
	if retry != nil {
		run := runDryRun(file, retry.settings, retry.external)
		s.mu.Lock()
		s.refuseHandMade(&run)
		retry.run, retry.status, retry.step, retry.details = run, statusRunning, stepValidating, ""
		retry.validating = s.now()
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, struct {
		JobID  string `json:"jobId"`
		Status string `json:"status"`
	}{id, req.Status})
}

// importRows writes the rows that passed the dry run into the store: re-imported
// External IDs and Account IDs update their records. Callers hold s.mu.
func (s *Server) importRows(j *job) {
	now := s.now()
	stamp := timestamp(now)
	source := j.external.ExternalSourceID
	for i := range j.run.rows {
		row := &j.run.rows[i]
		if !row.ok() {
			continue
		}
		var orgRef map[string]any
		if row.orgKey != "" {
			org := s.orgs[row.orgKey]
			if org == nil {
				id := newID()
				org = map[string]any{
					"id":          id,
					"externalIds": []any{externalIDRef(source, row.orgKey)},
					"createDate":  stamp,
					"selfUri":     "/api/v2/externalcontacts/organizations/" + id,
				}
				s.orgs[row.orgKey] = org
			}
			applyFields(org, row.org)
			org["modifyDate"] = stamp
			orgRef = map[string]any{"id": org["id"], "name": org["name"], "selfUri": org["selfUri"]}
		}
		c := s.contacts[row.key]
		if c == nil {
			id := newID()
			c = map[string]any{
				"id":          id,
				"type":        "Curated",
				"externalIds": []any{externalIDRef(source, row.key)},
				"createDate":  stamp,
				"selfUri":     "/api/v2/externalcontacts/contacts/" + id,
			}
			if j.division != "" {
				c["division"] = map[string]any{"id": j.division} // fixed at creation, as in Genesys
			}
			s.contacts[row.key] = c
		}
		applyFields(c, row.contact)
		if orgRef != nil {
			c["externalOrganization"] = orgRef
		}
		c["modifyDate"] = stamp
	}
	j.step = stepImporting
	j.continued = now
	s.advance(j)
}

func externalIDRef(source, value string) map[string]any {
	return map[string]any{"externalSource": map[string]any{"id": source}, "value": value}
}

// handleReport serves a job's per-row results, as the signed report URLs promise.
// Genesys documents the report's address, not its format (genesys.md §8): this is a
// plausible CSV, a line of the sent file per row with its status and reasons, and
// the function reads any report tolerantly (shared/jobreport).
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	if !s.signed(w, r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[r.PathValue("jobId")]
	if j != nil {
		s.advance(j)
	}
	report := r.PathValue("report")
	if j == nil || j.run.failure != "" ||
		(report == dryRunReport && j.step == stepValidating) ||
		(report == importReport && j.status != statusCompleted) ||
		(report != dryRunReport && report != importReport) {
		writeS3Error(w, http.StatusNotFound, "NoSuchKey", "The report does not exist.")
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	out := csv.NewWriter(w)
	out.Write([]string{"lineNumber", "status", "errors"})
	for _, row := range j.run.rows {
		status := "Success"
		if !row.ok() {
			status = "Failed"
		}
		out.Write([]string{strconv.Itoa(row.line), status, strings.Join(row.problems, " ")})
	}
	out.Flush()
}
