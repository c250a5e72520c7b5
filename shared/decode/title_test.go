package decode

import (
	"strings"
	"testing"
)

func TestTitles(t *testing.T) {
	for name, want := range map[string]string{
		"windows-1252": "Western European (Windows-1252)",
		"cp1252":       "Western European (Windows-1252)",
		"UTF8":         "Unicode (UTF-8)",
		"sjis":         "Japanese (Shift-JIS)",
		"no-such":      "no-such",
	} {
		if got := Title(name); got != want {
			t.Errorf("Title(%q) = %q, want %q", name, got, want)
		}
	}
	encs := Encodings()
	if len(encs) != len(Names()) {
		t.Fatalf("%d encodings offered, %d supported", len(encs), len(Names()))
	}
	titles := map[string]bool{}
	for i, e := range encs {
		if e.Name != Names()[i] {
			t.Errorf("encoding %d is %q, Names has %q", i, e.Name, Names()[i])
		}
		if c, ok := Canonical(e.Name); !ok || c != e.Name {
			t.Errorf("%q is not a name Canonical knows", e.Name)
		}
		// A title says what the text is for (a region or script) and names
		// the encoding in brackets, as Windows does; no two are alike.
		if i := strings.Index(e.Title, " ("); i <= 0 || !strings.HasSuffix(e.Title, ")") || titles[e.Title] {
			t.Errorf("title %q of %q", e.Title, e.Name)
		}
		titles[e.Title] = true
	}
}
