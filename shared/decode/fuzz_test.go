package decode

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzDetectDecode checks that no input makes Detect or ToUTF8 panic, that
// Detect answers with a supported encoding, and that ToUTF8 always returns
// valid UTF-8 without a leading BOM, for the detected encoding and for
// every other.
func FuzzDetectDecode(f *testing.F) {
	f.Add([]byte("Contact ID,Name\nC1,M\xfcller\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Detect(data)
		if c, ok := Canonical(r.Encoding); !ok || c != r.Encoding {
			t.Fatalf("Detect answered %q, not a canonical name", r.Encoding)
		}
		if r.Confidence < 0 || r.Confidence > 1 || r.BOM < 0 || r.BOM > len(data) {
			t.Fatalf("Detect = %+v", r)
		}
		for _, name := range append([]string{r.Encoding}, Names()...) {
			out, invalid, err := ToUTF8(data, name)
			if err != nil || invalid < 0 {
				t.Fatalf("ToUTF8(%s): %d invalid, err %v", name, invalid, err)
			}
			if !utf8.Valid(out) {
				t.Fatalf("ToUTF8(%s) returned invalid UTF-8", name)
			}
			if bytes.HasPrefix(out, bomUTF8) {
				t.Fatalf("ToUTF8(%s) kept a BOM", name)
			}
		}
	})
}
