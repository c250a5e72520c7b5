package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"contactprep/function/genesys"
	"contactprep/shared/leadmap"
)

// handleMapping is POST /api/outbound/contactlists/{id}/mapping: it exports the list
// and answers lead-id-mapping.csv for it. The export of a million contacts is larger
// than a Worker's memory, so it is read and the mapping written as streams.
func (s *Server) handleMapping(w http.ResponseWriter, r *http.Request) {
	id, ok := listID(w, r)
	if !ok {
		return
	}
	idCol, ok := idColumn(w, r)
	if !ok {
		return
	}
	token := s.genesysToken(w, r, nil)
	if token == "" {
		return
	}
	ctx := r.Context()
	list, err := s.cfg.Genesys.ContactList(ctx, token, id)
	if err != nil {
		s.genesysFailed(w, r, err, "reading the contact list")
		return
	}
	if !slices.Contains(list.ColumnNames, idCol) {
		writeError(w, http.StatusBadRequest, "bad_request", "the contact list has no column of the name in "+idColumnHeader)
		return
	}
	export, err := s.freshExport(ctx, token, id)
	if err != nil {
		if errors.Is(err, errExportPending) {
			w.Header().Set("Retry-After", "30")
			writeError(w, http.StatusServiceUnavailable, "export_pending",
				fmt.Sprintf("Genesys Cloud has not finished exporting the contact list within %s; try again", s.cfg.ExportWait))
			return
		}
		s.genesysFailed(w, r, err, "exporting the contact list")
		return
	}
	body, err := s.cfg.Genesys.OpenExport(ctx, token, export.URI)
	if err != nil {
		s.genesysFailed(w, r, err, "downloading the contact list's export")
		return
	}
	defer body.Close()
	// leadmap writes nothing before the export's header is read and holds back its
	// first 64 KB, so a problem found early is still answered with an error.
	out := &lazyWriter{w: w}
	_, err = leadmap.Convert(leadmap.NewWriter(out, idCol), body, idCol, id)
	switch {
	case err == nil && !out.started:
		out.start() // an empty answer still has its header sent
	case err != nil && !out.started:
		writeError(w, http.StatusBadGateway, "export_unreadable", "the contact list's export cannot be read: "+err.Error())
	case err != nil && s.cfg.Logf != nil:
		// The answer has begun: it ends short. Say so in the log, without values.
		s.cfg.Logf("mapping of list %s cut short: %v", id, err)
	}
}

// errExportPending is an export that did not appear within ExportWait.
var errExportPending = errors.New("export pending")

// exportNotReady reports an answer that means the export is still being made:
// Genesys' own terraform provider waits through 404 and 400 alike (genesys.md §7).
func exportNotReady(err error) bool {
	status := genesys.StatusOf(err)
	return status == http.StatusNotFound || status == http.StatusBadRequest
}

// freshExport starts an export and waits for it: the link Genesys shows before that
// is the previous export's, which may lack contacts added since.
func (s *Server) freshExport(ctx context.Context, token, id string) (genesys.Export, error) {
	prev, err := s.cfg.Genesys.LatestExport(ctx, token, id)
	if err != nil && !exportNotReady(err) {
		return prev, err
	}
	if err := s.cfg.Genesys.StartExport(ctx, token, id, prev); err != nil {
		return prev, err
	}
	deadline := time.Now().Add(s.cfg.ExportWait)
	for {
		e, err := s.cfg.Genesys.LatestExport(ctx, token, id)
		switch {
		case err == nil && e.URI != "" && (e.Timestamp != prev.Timestamp || prev.URI == ""):
			return e, nil
		case err != nil && !exportNotReady(err):
			return e, err
		case time.Now().After(deadline):
			return e, errExportPending
		}
		if err := sleep(ctx, s.cfg.PollEvery); err != nil {
			return e, err
		}
	}
}

// lazyWriter sends the mapping's status and headers with its first bytes.
type lazyWriter struct {
	w       http.ResponseWriter
	started bool
}

func (l *lazyWriter) start() {
	l.started = true
	h := l.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+leadmap.FileName+`"`)
	h.Set("Cache-Control", "no-store")
	l.w.WriteHeader(http.StatusOK)
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.start()
	}
	return l.w.Write(p)
}
