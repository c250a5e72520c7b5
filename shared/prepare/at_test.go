package prepare_test

import (
	"bytes"
	"errors"
	"fmt"
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
	r       io.ReaderAt
	bytes   atomic.Int64
	largest atomic.Int64 // the largest read asked for
	broken  atomic.Bool
}

func (f *fileAt) ReadAt(p []byte, off int64) (int, error) {
	if f.broken.Load() {
		return 0, errors.New("the file changed")
	}
	for l := f.largest.Load(); int64(len(p)) > l && !f.largest.CompareAndSwap(l, int64(len(p))); l = f.largest.Load() {
	}
	n, err := f.r.ReadAt(p, off)
	f.bytes.Add(int64(n))
	return n, err
}

// TestInputAtIsNotHeld: a UTF-8 input given by Input.At is read back while
// the files are written, so the run did not keep it; one in another
// encoding is read whole at once. A file that can no longer be read fails
// the writing of each output file with an error, not with empty cells.
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
		if c.held {
			continue
		}
		for name, write := range map[string]func(*prepare.Result) error{
			"Write":         func(res *prepare.Result) error { _, err := output.Write(res, &output.Memory{}); return err },
			"WriteParts":    func(res *prepare.Result) error { _, err := output.WriteParts(res, &output.Memory{}); return err },
			"WriteRejected": func(res *prepare.Result) error { return output.WriteRejected(res.Table, &output.Memory{}) },
			"WriteFindings": func(res *prepare.Result) error { return output.WriteFindings(res.Table, &output.Memory{}) },
		} {
			f := &fileAt{r: bytes.NewReader(data)}
			res, err := prepare.Run([]prepare.Input{{Name: "a.csv", At: f, Size: int64(len(data))}}, prepare.Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			f.broken.Store(true)
			if err := write(res); err == nil || !strings.Contains(err.Error(), "a.csv: reading it again: the file changed") {
				t.Errorf("%s: %s from a broken file: %v", c.encoding, name, err)
			}
		}
	}
}

// TestInputAtIsReadInSlices: one worker, as in the browser, still reads a
// text given by Input.At a slice at a time, never the whole of it at once:
// no read is larger than a slice or than what detecting the encoding reads
// at once (16 MB), and the text is larger than both.
func TestInputAtIsReadInSlices(t *testing.T) {
	data := generated(t, gen.Options{Rows: 100000, Seed: 2})
	const slice, detect = 1 << 20, 16 << 20
	defer prepare.SetMaxSlice(slice)()
	f := &fileAt{r: bytes.NewReader(data)}
	res, err := prepare.Run([]prepare.Input{{Name: "a.csv", At: f, Size: int64(len(data))}}, prepare.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Table.Len() != 100000 || len(data) <= detect {
		t.Fatalf("%d rows of %d bytes", res.Table.Len(), len(data))
	}
	if l := f.largest.Load(); l > detect {
		t.Errorf("a read of %d bytes of %d, slices of %d", l, len(data), slice)
	}
}

// TestSliceAt: a slice of a UTF-8 text is the file's bytes where SliceAt
// says, after a byte-order mark too, whether the input is read where it
// lies or held; a text decoded from another encoding has no such place.
func TestSliceAt(t *testing.T) {
	for _, c := range []struct {
		encoding string
		at       bool
	}{{"utf-8", true}, {"utf-8-bom", true}, {"windows-1252", false}} {
		data := generated(t, gen.Options{Rows: 8000, Seed: 9, Encoding: c.encoding})
		for _, in := range []prepare.Input{
			{Name: "a.csv", At: bytes.NewReader(data), Size: int64(len(data))},
			{Name: "a.csv", Data: data},
		} {
			held := in.Data != nil
			pl, err := prepare.NewPlan([]prepare.Input{in}, prepare.Options{Workers: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(pl.Jobs()) < 2 {
				t.Fatalf("%s, held %v: %d jobs", c.encoding, held, len(pl.Jobs()))
			}
			for j := range pl.Jobs() {
				lo, hi, ok := pl.SliceAt(j)
				if ok != c.at {
					t.Fatalf("%s, held %v: job %d: SliceAt ok %v", c.encoding, held, j, ok)
				}
				if !ok {
					continue
				}
				text, err := pl.SliceText(j)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(data[lo:hi], text) {
					t.Fatalf("%s, held %v: job %d: the file's bytes %d-%d are not the slice's", c.encoding, held, j, lo, hi)
				}
			}
		}
	}
}

// TestDetectHead: an input read where it lies, told UTF-8 by its head alone
// (Options.DetectHead), is inspected without reading it all and prepared
// into the files of a held one, the Go way and the page's; one that is not
// UTF-8 past its head fails the run with ErrNotUTF8, naming the file, and
// prepared again with DetectHead 0 gives the files of a held one.
func TestDetectHead(t *testing.T) {
	const head = 64 << 10
	good := generated(t, gen.Options{Rows: 8000, Seed: 9})
	bad := append(bytes.Clone(good), "C9999999,Z\xF6e,Late\n"...)
	for _, c := range []struct {
		name string
		data []byte
		ok   bool
	}{{"utf-8", good, true}, {"windows-1252 past the head", bad, false}} {
		want, _ := prepared(t, []prepare.Input{{Name: "a.csv", Data: c.data}}, prepare.Options{}, 2)
		f := &fileAt{r: bytes.NewReader(c.data)}
		in := prepare.Input{Name: "a.csv", At: f, Size: int64(len(c.data))}
		d, err := prepare.Inspect(in, prepare.Options{DetectHead: head})
		if err != nil {
			t.Fatal(err)
		}
		if d.Encoding != "utf-8" || d.Decoding == nil || d.Decoding.Upto != head || f.bytes.Load() >= int64(len(c.data)) {
			t.Fatalf("%s: inspected as %q (%+v), %d of %d bytes read", c.name, d.Encoding, d.Decoding, f.bytes.Load(), len(c.data))
		}
		in.Detected = d.Decoding
		for _, n := range []int{2, -3} {
			opt := prepare.Options{DetectHead: head, Workers: max(n, -n)}
			var res *prepare.Result
			if n > 0 {
				res, err = prepare.Run([]prepare.Input{in}, opt)
			} else {
				res, err = viaParts([]prepare.Input{in}, opt)
			}
			if !c.ok {
				var pe *prepare.Error
				if !errors.Is(err, prepare.ErrNotUTF8) || !errors.As(err, &pe) || pe.File != "a.csv" {
					t.Errorf("%s, %d workers: %v, want ErrNotUTF8 for a.csv", c.name, n, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s, %d workers: %v", c.name, n, err)
			}
			mem := &output.Memory{}
			if _, err := output.Write(res, mem); err != nil {
				t.Fatal(err)
			}
			sameFiles(t, fmt.Sprintf("%s, %d workers", c.name, n), mem.Files, want)
		}
		if !c.ok {
			got, _ := prepared(t, []prepare.Input{in}, prepare.Options{}, 2)
			sameFiles(t, c.name+", told from all of it", got, want)
		}
	}
}

// sameFiles checks that two runs wrote the same files, byte for byte.
func sameFiles(t *testing.T, how string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", how, len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s: %s differs", how, name)
		}
	}
}
