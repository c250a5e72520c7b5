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
			got, ok, err := detectAt(bytes.NewReader([]byte(c.data)), int64(len(c.data)), int64(len(c.data)), chunk)
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

// TestDetectAtHead: read to its head only, an input is UTF-8 when its head
// is, whatever follows, with Upto saying how far it was read; a head that is
// the whole input is DetectAt. ValidText tells the rest as DetectAt would.
func TestDetectAtHead(t *testing.T) {
	head := strings.Repeat("Zoë,Ünal,東京,ok\n", 1000)
	for _, c := range []struct {
		name, data string
		upto       int64
		ok         bool
	}{
		{"windows-1252 after the head", head + "Z\xF6e\n", 4099, true},
		{"a NUL after the head", head + "a\x00b\n", 4099, true},
		{"windows-1252 in the head", "Z\xF6e\n" + head, 4099, false},
		{"the head is the whole", head, int64(len(head)), true},
		{"no head given", head, 0, true},
	} {
		got, ok, err := DetectAtHead(bytes.NewReader([]byte(c.data)), int64(len(c.data)), c.upto)
		if err != nil || ok != c.ok {
			t.Errorf("%s: ok %v, err %v", c.name, ok, err)
			continue
		}
		if !ok {
			continue
		}
		whole, upto := c.upto == 0 || c.upto >= int64(len(c.data)), c.upto
		if whole {
			upto = 0
		}
		if got.Encoding != "utf-8" || got.Whole != whole || got.Upto != upto {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
	if got, _, _ := DetectAtHead(bytes.NewReader([]byte(head)), int64(len(head)), 0); got != Detect([]byte(head)) {
		t.Errorf("no head: %+v, want Detect's", got)
	}
	for text, want := range map[string]bool{"Zoë,東京\n": true, "Z\xF6e\n": false, "a\x00b\n": false, "": true} {
		if ValidText([]byte(text)) != want {
			t.Errorf("ValidText(%q) = %v", text, !want)
		}
	}
}
