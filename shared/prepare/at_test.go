package prepare_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
)

// fileAt is a file read where it lies, counting the bytes read, and failing
// every read once broken.
type fileAt struct {
	r      io.ReaderAt
	bytes  atomic.Int64
	broken atomic.Bool
}

func (f *fileAt) ReadAt(p []byte, off int64) (int, error) {
	if f.broken.Load() {
		return 0, errors.New("the file changed")
	}
	n, err := f.r.ReadAt(p, off)
	f.bytes.Add(int64(n))
	return n, err
}

// TestInputAtIsNotHeld: a UTF-8 input given by Input.At is read back while
// the files are written, so the run did not keep it; one in another
// encoding is read whole at once. A file that can no longer be read fails
// the writing with an error, not with empty cells.
func TestInputAtIsNotHeld(t *testing.T) {
	for _, c := range []struct {
		encoding string
		held     bool
	}{{"utf-8", false}, {"utf-8-bom", false}, {"windows-1252", true}} {
		data := generated(t, gen.Options{Rows: 8000, Seed: 9, Encoding: c.encoding})
		f := &fileAt{r: bytes.NewReader(data)}
		res, err := prepare.Run([]prepare.Input{{Name: "a.csv", At: f, Size: int64(len(data))}}, prepare.Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		before := f.bytes.Load()
		if _, err := output.Write(res, &output.Memory{}); err != nil {
			t.Fatal(err)
		}
		if readBack := f.bytes.Load() - before; (readBack == 0) != c.held {
			t.Errorf("%s: %d bytes read back while writing", c.encoding, readBack)
		}
		if !c.held {
			f.broken.Store(true)
			if _, err := output.Write(res, &output.Memory{}); err == nil || !strings.Contains(err.Error(), "the file changed") {
				t.Errorf("%s: writing from a broken file: %v", c.encoding, err)
			}
		}
	}
}
