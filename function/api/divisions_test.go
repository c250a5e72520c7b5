package api_test

import (
	"net/http"
	"testing"

	"contactprep/function/genesys"
	"contactprep/function/internal/emutest"
)

func TestDivisions(t *testing.T) {
	f := start(t, nil)
	var got struct{ Divisions []genesys.Division }
	a := f.do(t, "GET", "/api/divisions", nil, "Authorization", "Bearer "+f.org.UserToken(t, emutest.Admin))
	if a.status != http.StatusOK {
		t.Fatalf("status %d %s", a.status, a.body)
	}
	a.json(t, &got)
	if len(got.Divisions) != len(emutest.Divisions) {
		t.Fatalf("divisions %+v", got.Divisions)
	}
	for i, d := range emutest.Divisions {
		if got.Divisions[i] != (genesys.Division{ID: d.ID, Name: d.Name, Home: d.Home}) {
			t.Errorf("division %d: %+v, want %+v", i, got.Divisions[i], d)
		}
	}

	// One who may add contacts nowhere gets none; without a sign-in, nothing.
	a = f.do(t, "GET", "/api/divisions", nil, "Authorization", "Bearer "+f.org.UserToken(t, emutest.Reader))
	if a.json(t, &got); a.status != http.StatusOK || len(got.Divisions) != 0 || string(a.body) != `{"divisions":[]}`+"\n" && string(a.body) != `{"divisions":[]}` {
		t.Errorf("reader: status %d %s", a.status, a.body)
	}
	if a = f.do(t, "GET", "/api/divisions", nil); a.status != http.StatusUnauthorized {
		t.Errorf("signed out: status %d", a.status)
	}
}
