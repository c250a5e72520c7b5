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
	// UTF-16 with a byte lost in the middle, with and without a BOM, of odd
	// length, and UTF-8 with a few bad bytes (issue 21).
	f.Add([]byte("\xff\xfeC\x00I\x00D\x00\t\x00N\x00\r\x00\n\x00C\x001\x00\tJ\x00\xfc\x00r\x00\r\x00\n\x00C\x002\x00\t\x00A\x00\r\x00\n\x00"))
	f.Add([]byte("\x00C\x00I\x00D\x00\t\x00N\x00\r\x00\n\x00C\x001\x00\t\x00\x04\x18\x04\x32\x00\r\x00\nC\x002\x00\t\x00A\x00\r\x00\n"))
	f.Add([]byte("\xff\xfeC\x00I\x00D\x00\r\x00\n\x00x"))
	f.Add([]byte("ID,Name\n1,Jürgen\n2,José\n3,Françoise\n4,Ren\xe9\n5,Søren\n"))
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
