package output

import (
	"io"
	"sync"
)

// Memory is a Sink that keeps the files in memory, for the browser (which has
// no file system) and for tests. Files may be written concurrently.
type Memory struct {
	Files map[string][]byte
	Names []string // in the order they were created

	mu sync.Mutex
}

// Create starts the file name; its bytes are in Files once it is closed.
func (m *Memory) Create(name string) (io.WriteCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Names = append(m.Names, name)
	return &memFile{m: m, name: name}, nil
}

// memChunk is the size of memFile's chunks: large enough that a 10 MB part
// takes a handful, small enough that a tiny file wastes little.
const memChunk = 1 << 20

// memFile collects writes in fixed chunks and joins them once on Close. A
// growing buffer would copy (and, in WebAssembly, clear) its bytes at every
// doubling and hold up to twice the file while it grows.
type memFile struct {
	m      *Memory
	name   string
	chunks [][]byte
	size   int
}

func (f *memFile) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(f.chunks) == 0 || len(f.chunks[len(f.chunks)-1]) == cap(f.chunks[len(f.chunks)-1]) {
			f.chunks = append(f.chunks, make([]byte, 0, max(memChunk, min(len(p), 64<<20))))
		}
		c := &f.chunks[len(f.chunks)-1]
		k := min(len(p), cap(*c)-len(*c))
		*c = append(*c, p[:k]...)
		p = p[k:]
	}
	f.size += n
	return n, nil
}

func (f *memFile) Close() error {
	var all []byte
	if len(f.chunks) == 1 && len(f.chunks[0]) == cap(f.chunks[0]) {
		all = f.chunks[0]
	} else {
		all = make([]byte, 0, f.size)
		for _, c := range f.chunks {
			all = append(all, c...)
		}
	}
	f.m.mu.Lock()
	f.m.Files[f.name] = all
	f.m.mu.Unlock()
	f.chunks = nil
	return nil
}
