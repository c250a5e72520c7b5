package phone

import (
	"strings"
	"testing"
)

// TestTrimBlank checks the ASCII shortcut against the full trim.
func TestTrimBlank(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "415 555", " 415", "415 ", "\t415\n", "\u00a0415", "415\u00a0", "\u200b415\ufeff",
		"\u3000１\u3000", "1\u0085", "\u0085", "é", "é1", "1é", "~", "\x7f", "\x00",
	} {
		if got, want := trimBlank(s), strings.TrimFunc(s, isBlank); got != want {
			t.Errorf("trimBlank(%q) = %q, want %q", s, got, want)
		}
	}
}
