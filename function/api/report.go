package api

import (
	"net/http"

	"contactprep/shared/jobreport"
)

// handleReport is GET /api/imports/{id}/report: the report of the job's trial
// run, read (shared/jobreport) into the lines of the sent file that would
// fail and Genesys' reasons, or as Genesys wrote it. The page shows each on
// the admin's own row. The report holds the admin's data at most: it goes to
// the admin's page and nowhere else, never into a log.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	id, ok := jobID(w, r)
	if !ok {
		return
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	ctx := r.Context()
	job, err := s.cfg.Genesys.Job(ctx, token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the import job")
		return
	}
	url := job.Metadata.DryRunReportDownloadURL
	if url == "" {
		writeError(w, http.StatusConflict, "no_report", "the trial run of this import has no report yet")
		return
	}
	data, cut, err := s.cfg.Genesys.Report(ctx, url)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the trial run's report")
		return
	}
	writeJSON(w, http.StatusOK, jobreport.Read(data, cut))
}
