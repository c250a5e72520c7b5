//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"contactprep/shared/output"
)

// A download hands one output file to the page a chunk at a time ("download"
// starts it and answers its first chunk with its id, "downloadNext" with the
// id each next one): a goroutine writes the file into a pipe as fast as the
// page reads it, so neither the engine nor the page holds the file whole
// beside the table; at 1.5 million rows the report alone is 400 MB. The
// goroutine runs only while a call waits on the pipe, so the table does not
// change under it; a change to the table ends every download (session.changed).
// Several may be under way, the admin having pressed two buttons.
type download struct {
	r         *io.PipeReader
	name, typ string // set by the writer before its first byte
	ended     error  // why it was ended before its end (endDownloads)
}

// downloads are the session's downloads under way, by id.
type downloads struct {
	last int
	byID map[int]*download
}

// downloadChunk is the most bytes one reply carries.
var downloadChunk = 8 << 20 // a variable for the tests

const csvType = "text/csv;charset=utf-8"

var (
	errNoDownload = errors.New("no such download is under way: download the file again")
	errChanged    = errors.New("the table changed during the download: download the file again")
)

// download starts writing one of the output files: the cleaned import file
// (a zip of all parts when there are several), the rejected rows, or the
// report; and returns its first chunk.
func (s *session) download(what string) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
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
		return nil, nil, fmt.Errorf("unknown download %q", what)
	}
	go func() { pw.CloseWithError(write()) }()
	if s.dls.byID == nil {
		s.dls.byID = map[int]*download{}
	}
	s.dls.last++
	s.dls.byID[s.dls.last] = d
	return s.downloadNext(s.dls.last)
}

// downloadNext returns the next chunk of download id.
func (s *session) downloadNext(id int) (any, []byte, error) {
	d := s.dls.byID[id]
	if d == nil {
		return nil, nil, errNoDownload
	}
	if d.ended != nil {
		delete(s.dls.byID, id)
		return nil, nil, d.ended
	}
	buf := make([]byte, downloadChunk)
	n, err := io.ReadFull(d.r, buf)
	done := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !done {
		delete(s.dls.byID, id)
		return nil, nil, err
	}
	if done {
		delete(s.dls.byID, id)
	}
	return struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
		Done bool   `json:"done"`
	}{id, d.name, d.typ, done}, buf[:n], nil
}

// endDownloads stops the downloads under way: each writer's next write fails
// with err, and it is let run to its end now, so that it lets go of the table
// before a new one is made; the page's next downloadNext of each gets err.
func (s *session) endDownloads(err error) {
	ended := false
	for _, d := range s.dls.byID {
		if d.ended == nil {
			d.ended = err
			d.r.CloseWithError(err)
			ended = true
		}
	}
	if ended {
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
		c.zip = &zipWriter{w: c.w, modified: localNow()}
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
