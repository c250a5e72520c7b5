package field

import "testing"

func TestE164(t *testing.T) {
	for s, want := range map[string]bool{
		"+14155552671":      true,
		"+442079460958":     true,
		"+12":               false,
		"14155552671":       false,
		"+04155552671":      false,
		"+1 415 555 2671":   false,
		"+1415555267100000": false,
		"":                  false,
		"+":                 false,
	} {
		if got := E164(s); got != want {
			t.Errorf("E164(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"jane.doe@example.com":    true,
		"j+tag@sub.example.co.uk": true,
		"müller@exämple.de":       true,
		"jane.doe@":               false,
		"@example.com":            false,
		"jane@@example.com":       false,
		"jane doe@example.com":    false,
		"jane@example":            false,
		"jane@example.c0m":        false,
		"jane..doe@example.com":   false,
		"n/a":                     false,
		"jane@-example.com":       false,
		"a@b.com; c@d.com":        false,
		"\"quoted\"@example.com":  false,
	} {
		if got := Email(s); got != want {
			t.Errorf("Email(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct {
		in, fixed string
		ok        bool
	}{
		{"https://crm.example.com/c/123", "https://crm.example.com/c/123", true},
		{"HTTP://example.com", "HTTP://example.com", true},
		{"http://localhost:8080/x", "http://localhost:8080/x", true},
		{"www.example.com", "https://www.example.com", true},
		{"example.com/path?q=1", "https://example.com/path?q=1", true},
		{"ftp://example.com", "", false},
		{"javascript://alert(1)", "", false},
		{"not a url", "", false},
		{"https://", "", false},
		{"https://exa mple.com", "", false},
		{"https://example.com:99999", "", false},
		{"n/a", "", false},
	} {
		fixed, ok := URL(c.in)
		if fixed != c.fixed || ok != c.ok {
			t.Errorf("URL(%q) = %q, %v; want %q, %v", c.in, fixed, ok, c.fixed, c.ok)
		}
	}
}

func TestBool(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"Yes", "true"}, {"y", "true"}, {"TRUE", "true"}, {"1", "true"}, {"x", "true"},
		{"No", "false"}, {"N", "false"}, {"false", "false"}, {"0", "false"},
		{"maybe", ""}, {"", ""}, {"2", ""},
	} {
		got, ok := Bool(c.in)
		if got != c.out || ok != (c.out != "") {
			t.Errorf("Bool(%q) = %q, %v; want %q", c.in, got, ok, c.out)
		}
	}
}

func TestFormulaPrefix(t *testing.T) {
	for s, want := range map[string]bool{
		"=HYPERLINK(\"x\")": true, "@SUM(1)": true, "+1 415": true, "-2": true, "\tx": true,
		"Jane": false, "": false, "a=b": false,
	} {
		if got := FormulaPrefix(s); got != want {
			t.Errorf("FormulaPrefix(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestScientific(t *testing.T) {
	for s, want := range map[string]bool{
		"4.47E+11": true, "1,23457E+11": true, "4.155552671E9": true, "1e5": true,
		"4155552671": false, "E+11": false, "4.47E": false, "Emma": false, "4.4.7E+1": false, "ext": false,
	} {
		if got := Scientific(s); got != want {
			t.Errorf("Scientific(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTrimAndLen(t *testing.T) {
	if got := Trim("\u00a0 José \t"); got != "José" {
		t.Errorf("Trim = %q", got)
	}
	if got := Len("José"); got != 4 {
		t.Errorf("Len = %d, want 4", got)
	}
}
