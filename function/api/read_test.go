package api

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadSized reads bodies whatever their Content-Length says: right, smaller,
// larger or unknown, through reads of one byte, in one allocation when it is right.
func TestReadSized(t *testing.T) {
	body := strings.Repeat("Lead ID,Mobile\n", 1000)
	n := int64(len(body))
	for _, tc := range []struct {
		name      string
		max, size int64
		over      bool
	}{
		{"size right", n, n, false},
		{"size unknown", n, 0, false},
		{"size too small", n, 10, false},
		{"size too large", n, 10 * n, false},
		{"body over the limit", n - 1, n, true},
		{"body over the limit, size unknown", n - 1, 0, true},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(body)
			if one {
				r = iotest.OneByteReader(r)
			}
			data, over, err := readSized(r, tc.max, tc.size)
			if err != nil || over != tc.over || (!over && string(data) != body) {
				t.Errorf("%s (one byte a read %v): over %v, err %v, %d bytes", tc.name, one, over, err, len(data))
			}
		}
	}
	if allocs := testing.AllocsPerRun(5, func() {
		data, _, _ := readSized(strings.NewReader(body), n, n)
		if int64(cap(data)) != n+1 {
			t.Errorf("cap %d for a body of %d bytes", cap(data), n)
		}
	}); allocs > 2 {
		t.Errorf("%.0f allocations for a body of known size, want the buffer only", allocs)
	}
	if data, over, err := readSized(bytes.NewReader(nil), 10, 0); data == nil || len(data) != 0 || over || err != nil {
		t.Errorf("an empty body: %v %v %v", data, over, err)
	}
}
