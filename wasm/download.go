//go:build js && wasm

package main

import (
	"errors"
	"io"
	"runtime"

	"contactprep/shared/output"
)

// A download hands one output file to the page a chunk at a time ("download"
// starts it and answers its first chunk, "downloadNext" each next one): a
// goroutine writes the file into a pipe as fast as the page reads it, so
// neither the engine nor the page holds the file whole beside the table; at
// 1.5 million rows the report alone is 400 MB. The goroutine runs only while
// a call waits on the pipe, so the table does not change under it; a change
// to the table ends the download (session.changed).
type download struct {
	r         *io.PipeReader
	name, typ string // set by the writer before its first byte
	ended     error  // why it was ended before its end (endDownload)
}

// downloadChunk is the most bytes one reply carries.
var downloadChunk = 8 << 20 // a variable for the tests

const csvType = "text/csv;charset=utf-8"

var (
	errNoDownload = errors.New("no download is under way: download the file again")
	errChanged    = errors.New("the table changed during the download: download the file again")
)

// download starts writing one of the output files: the cleaned import file
// (a zip of all parts when there are several), the rejected rows, or the
// report; and returns its first chunk.
func (s *session) download(what string) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	s.endDownload(errChanged)
	pr, pw := io.Pipe()
	d := &download{r: pr}
	res := s.res
	var write func() error
	switch what {
	case "rejected":
		write = func() error { return output.WriteRejected(res.Table, pipeSink{d, pw, csvType}) }
	case "report":
		write = func() error { return output.WriteFindings(res.Table, pipeSink{d, pw, csvType}) }
	case "cleaned":
		write = func() error {
			c := &cleanedSink{d: d, w: pw}
			if _, err := output.WriteParts(res, c); err != nil {
				return err
			}
			return c.finish()
		}
	default:
		return nil, nil, errors.New("unknown download " + `"` + what + `"`)
	}
	go func() { pw.CloseWithError(write()) }()
	s.dl = d
	return s.downloadNext()
}

// downloadNext returns the next chunk of the download under way.
func (s *session) downloadNext() (any, []byte, error) {
	d := s.dl
	if d == nil {
		return nil, nil, errNoDownload
	}
	if d.ended != nil {
		s.dl = nil
		return nil, nil, d.ended
	}
	buf := make([]byte, downloadChunk)
	n, err := io.ReadFull(d.r, buf)
	done := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !done {
		s.dl = nil
		return nil, nil, err
	}
	if done {
		s.dl = nil
	}
	return struct {
		Name string `json:"name"`
		Type string `json:"type"`
		Done bool   `json:"done"`
	}{d.name, d.typ, done}, buf[:n], nil
}

// endDownload stops the download under way, if any: its writer's next write
// fails with err, and it is let run to its end now, so that it lets go of
// the table before a new one is made; the page's next downloadNext gets err.
func (s *session) endDownload(err error) {
	if s.dl != nil && s.dl.ended == nil {
		s.dl.ended = err
		s.dl.r.CloseWithError(err)
		runtime.Gosched()
	}
}

// pipeSink writes the one file it is asked for straight into the pipe.
type pipeSink struct {
	d   *download
	w   *io.PipeWriter
	typ string
}

func (p pipeSink) Create(name string) (io.WriteCloser, error) {
	p.d.name, p.d.typ = name, p.typ
	return nopCloser{p.w}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// cleanedSink writes the import parts into the pipe as they are closed. The
// first is held until it is known whether a second follows: a lone part is
// the download itself, several are stored in a zip. A part is at most the
// import's size limit, so holding one is cheap.
type cleanedSink struct {
	d     *download
	w     io.Writer
	first *partFile  // the first part, until a second begins
	zip   *zipWriter // once a second part began
}

type partFile struct {
	s    *cleanedSink
	name string
	data []byte
}

func (f *partFile) Write(p []byte) (int, error) { f.data = append(f.data, p...); return len(p), nil }

func (f *partFile) Close() error {
	if f.s.zip != nil {
		return f.s.zip.add(f.name, f.data)
	}
	f.s.first = f
	return nil
}

func (c *cleanedSink) Create(name string) (io.WriteCloser, error) {
	if c.first != nil {
		c.d.name, c.d.typ = "contacts.zip", "application/zip"
		c.zip = &zipWriter{w: c.w}
		if err := c.zip.add(c.first.name, c.first.data); err != nil {
			return nil, err
		}
		c.first = nil
	}
	return &partFile{s: c, name: name}, nil
}

// finish writes what WriteParts left: the zip's directory, or the lone part.
func (c *cleanedSink) finish() error {
	switch {
	case c.zip != nil:
		return c.zip.close()
	case c.first != nil:
		c.d.name, c.d.typ = c.first.name, csvType
		_, err := c.w.Write(c.first.data)
		return err
	}
	return errors.New("no row is ready to import")
}
