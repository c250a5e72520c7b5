package output

import (
	"bytes"
	"io"
)

// Memory is a Sink that keeps the files in memory, for the browser (which has
// no file system) and for tests.
type Memory struct {
	Files map[string][]byte
	Names []string // in the order they were created
}

// Create starts the file name; its bytes are in Files once it is closed.
func (m *Memory) Create(name string) (io.WriteCloser, error) {
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Names = append(m.Names, name)
	return &memFile{m: m, name: name}, nil
}

type memFile struct {
	bytes.Buffer
	m    *Memory
	name string
}

func (f *memFile) Close() error {
	f.m.Files[f.name] = f.Bytes()
	return nil
}
