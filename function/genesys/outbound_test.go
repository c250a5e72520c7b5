package genesys_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"contactprep/function/genesys"
)

// TestOpenExportRedirect: Genesys' export link answers with a redirect to storage;
// the token goes to the API host only, and the file is read from storage.
func TestOpenExportRedirect(t *testing.T) {
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("the token was sent to storage")
		}
		io.WriteString(w, "\xEF\xBB\xBF\"inin-outbound-id\"\r\n")
	}))
	defer storage.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Error("the API host got no token")
		}
		w.Header().Set("Location", storage.URL+"/export.csv?sig=1")
		w.WriteHeader(http.StatusSeeOther)
	}))
	defer api.Close()
	c, _ := newClient(t, api.URL)
	c.HTTP = noRedirect{}
	body, err := c.OpenExport(context.Background(), "tok", api.URL+"/api/v2/downloads/abc")
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	if b, _ := io.ReadAll(body); string(b) != "\xEF\xBB\xBF\"inin-outbound-id\"\r\n" {
		t.Errorf("read %q", b)
	}
	for _, u := range []string{"http://example.com/export.csv", "ftp://127.0.0.1/x"} {
		var e *genesys.Error
		if _, err := c.OpenExport(context.Background(), "tok", u); !errors.As(err, &e) || e.Code != "export.url.refused" {
			t.Errorf("OpenExport(%q): %v", u, err)
		}
	}
}

// noRedirect hands redirects back, as the Worker's fetch does.
type noRedirect struct{}

func (noRedirect) Do(r *http.Request) (*http.Response, error) {
	c := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return c.Do(r)
}
