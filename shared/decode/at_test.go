package decode

import (
	"bytes"
	"strings"
	"testing"
)

// TestDetectAt: read through in chunks, a valid UTF-8 input is detected as
// Detect detects it held whole, also with characters cut across chunks (of
// odd sizes); any other input is left to Detect.
func TestDetectAt(t *testing.T) {
	big := strings.Repeat("Zoë,Ünal,東京,ok\n", 200000) // 4 MB
	for _, c := range []struct {
		name string
		data string
		ok   bool
	}{
		{"ascii", "a,b\n1,2\n", true},
		{"utf-8, chunks", big, true},
		{"utf-8 with BOM", "\xEF\xBB\xBF" + big, true},
		{"a few multibyte", "name\nZoë\n", true},
		{"empty", "", true},
		{"windows-1252", big + "Z\xF6e\n", false},
		{"utf-16le", "\xFF\xFEa\x00", false},
		{"utf-16 without BOM", "a\x00,\x00b\x00\n\x00", false},
		{"cut at the end", big + "\xE6\x9D", false},
	} {
		for _, chunk := range []int{detectChunk, 1 << 20, 4099, 7} {
			got, ok, err := detectAt(bytes.NewReader([]byte(c.data)), int64(len(c.data)), chunk)
			if err != nil || ok != c.ok {
				t.Errorf("%s, chunks of %d: ok %v, err %v", c.name, chunk, ok, err)
				continue
			}
			if want := Detect([]byte(c.data)); ok && got != want {
				t.Errorf("%s, chunks of %d: %+v, Detect %+v", c.name, chunk, got, want)
			}
		}
	}
	if _, _, err := DetectAt(bytes.NewReader([]byte("abc")), 10); err == nil {
		t.Error("a short read is no error")
	}
}
