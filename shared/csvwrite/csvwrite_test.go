package csvwrite

import (
	"slices"
	"testing"

	"contactprep/shared/csvread"
)

func TestAppendField(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"plain":      "plain",
		"a,b":        `"a,b"`,
		`say "hi"`:   `"say ""hi"""`,
		"two\nlines": "\"two\nlines\"",
		"cr\r":       "\"cr\r\"",
		" lead":      `" lead"`,
		"trail ":     `"trail "`,
		"in side":    "in side",
		"=1+1":       "=1+1",
		"Zoë":        "Zoë",
	} {
		if got := string(AppendField(nil, in)); got != want {
			t.Errorf("AppendField(%q) = %q, want %q", in, got, want)
		}
		if got := string(AppendField([]byte("x"), []byte(in))); got != "x"+want {
			t.Errorf("AppendField of bytes %q = %q", in, got)
		}
	}
}

// FuzzRecord: every record written reads back as the same fields through
// the reader the re-check uses.
func FuzzRecord(f *testing.F) {
	f.Add("a", "b,c", `"q"`)
	f.Add(" ", "\r\n", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		fields := []string{a, b, c}
		rec, err := csvread.NewReader(AppendRecord(nil, fields...), ',').Read()
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(rec))
		for i, v := range rec {
			got[i] = string(v)
		}
		if !slices.Equal(got, fields) {
			t.Errorf("read back %q, want %q", got, fields)
		}
	})
}
