package api_test

import (
	"net/http"
	"strings"
	"testing"

	"contactprep/function/api"
	"contactprep/function/internal/emutest"
	"contactprep/internal/emulator"
	"contactprep/shared/jobreport"
)

// The trial run's report comes through the function, read into the lines of
// the sent file that would fail, with Genesys' reasons.
func TestTrialRunReport(t *testing.T) {
	f := start(t, nil)
	if err := f.org.Seed(emulator.Seed{Organizations: []map[string]any{{"name": "Office Mart"}}}); err != nil {
		t.Fatal(err)
	}
	tok := f.org.UserToken(t, emutest.Admin)
	file := cleanFile + "C3,Cy,Ng,+14155550124,A7,Office Mart\n" // line 4
	a := f.submit(t, tok, map[string]any{}, file)
	var job api.JobView
	a.json(t, &job)
	job = f.waitJob(t, tok, job.ID, func(j api.JobView) bool { return j.DryRun != nil })
	if job.DryRun == nil || job.DryRun.Failed != 1 {
		t.Fatalf("trial run %+v", job.DryRun)
	}
	r := f.do(t, "GET", "/api/imports/"+job.ID+"/report", nil, "Authorization", "Bearer "+tok)
	var rep jobreport.Report
	r.json(t, &rep)
	if r.status != http.StatusOK || !rep.Recognised || len(rep.Failures) != 1 || rep.Failures[0].Line != 4 ||
		!strings.Contains(rep.Failures[0].Reason, "created by hand") {
		t.Fatalf("report: %d %s", r.status, r.body)
	}
	if r := f.do(t, "GET", "/api/imports/"+job.ID+"/report", nil); r.status != http.StatusUnauthorized {
		t.Errorf("without a sign-in: %d", r.status)
	}
}
