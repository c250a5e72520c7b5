package api

import (
	"net/http"

	"contactprep/function/genesys"
	"contactprep/shared/finding"
)

// JobView is an import job as the page sees it.
type JobView struct {
	ID            string  `json:"id"`
	Status        string  `json:"status"`        // Created, Running, Completed, Failed, Cancelled
	ExecutionStep string  `json:"executionStep"` // Validating, Validated (waiting for continue or cancel), Importing
	StatusDetails string  `json:"statusDetails,omitempty"`
	FileName      string  `json:"fileName,omitempty"`
	DryRun        *Counts `json:"dryRun,omitempty"` // once the dry run is done
	Import        *Counts `json:"import,omitempty"` // once the import is done
	// Existing is true when a resubmitted file found its earlier job.
	Existing bool `json:"existing,omitempty"`
	// Rows and Warnings report the re-check of a new submission.
	Rows     int               `json:"rows,omitempty"`
	Warnings []finding.Finding `json:"warnings,omitempty"`
}

// Counts are the rows a run took and refused, and Genesys' per-row report.
type Counts struct {
	Success   int    `json:"success"`
	Failed    int    `json:"failed"`
	ReportURL string `json:"reportUrl,omitempty"`
}

func viewOf(j genesys.Job) JobView {
	v := JobView{ID: j.ID, Status: j.Status, ExecutionStep: j.ExecutionStep, StatusDetails: j.StatusDetails, FileName: j.Metadata.FileName}
	m := j.Metadata
	if m.DryRunSuccessCount != nil && m.DryRunFailedCount != nil {
		v.DryRun = &Counts{*m.DryRunSuccessCount, *m.DryRunFailedCount, m.DryRunReportDownloadURL}
	}
	if m.ImportSuccessCount != nil && m.ImportFailedCount != nil {
		v.Import = &Counts{*m.ImportSuccessCount, *m.ImportFailedCount, m.ImportReportDownloadURL}
	}
	return v
}

// jobID returns the path's job id, or answers 404 itself.
func jobID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !plainID(id, false) {
		writeError(w, http.StatusNotFound, "not_found", "no such import job")
		return "", false
	}
	return id, true
}

// handleJob is GET /api/imports/{id}.
func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	id, ok := jobID(w, r)
	if !ok {
		return
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	job, err := s.cfg.Genesys.Job(r.Context(), token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the import job")
		return
	}
	writeJSON(w, http.StatusOK, viewOf(job))
}

// handleDecision is POST /api/imports/{id}/continue and /cancel. Deciding again what
// was decided already answers as if it had been done now, so a retried click is safe.
func (s *Server) handleDecision(decision string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := jobID(w, r)
		if !ok {
			return
		}
		token := s.genesysToken(w, r, nil)
		if token == "" {
			return
		}
		ctx := r.Context()
		err := s.cfg.Genesys.UpdateJob(ctx, token, id, decision)
		if err != nil && genesys.StatusOf(err) != http.StatusBadRequest {
			s.genesysFailed(w, r, err, "moving the import job on")
			return
		}
		job, jobErr := s.cfg.Genesys.Job(ctx, token, id)
		if jobErr != nil {
			s.genesysFailed(w, r, jobErr, "reading the import job")
			return
		}
		if err != nil && !decided(job, decision) {
			// Genesys refused the decision: the job is not waiting for one.
			writeJSON(w, http.StatusConflict, struct {
				apiError
				Job JobView `json:"job"`
			}{apiError{Code: "job_state", Message: "the import job is not waiting for this decision (status " + job.Status + ", step " + job.ExecutionStep + ")"}, viewOf(job)})
			return
		}
		writeJSON(w, http.StatusAccepted, viewOf(job))
	}
}

// decided reports whether the job already shows the decision taken.
func decided(j genesys.Job, decision string) bool {
	if decision == genesys.Cancel {
		return j.Status == genesys.StatusCancelled
	}
	return j.Status == genesys.StatusCompleted || j.ExecutionStep == genesys.StepImporting
}
