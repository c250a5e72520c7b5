package decode

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// DetectAt is Detect for an input read from r (size bytes) rather than held,
// when it is UTF-8 valid to its last byte: it reads the input through once,
// in chunks, and returns what Detect would, with Whole set. For anything
// else (UTF-16, a NUL byte, an invalid sequence, a legacy encoding) ok is
// false and nothing is decided: the caller reads the input whole and Detect
// decides.
func DetectAt(r io.ReaderAt, size int64) (res Result, ok bool, err error) {
	return detectAt(r, size, detectChunk)
}

// detectChunk is how much DetectAt reads at once: much, as the page reads a
// File in pieces within one read, the next while the last is copied
// (wasm/chosen.go).
const detectChunk = 16 << 20

// detectAt is DetectAt reading chunk bytes at a time.
func detectAt(r io.ReaderAt, size int64, chunk int) (res Result, ok bool, err error) {
	buf := make([]byte, chunk+utf8.UTFMax)
	carry := 0 // bytes of a character cut at the end of the last chunk, moved to the front
	multibyte := 0
	for off := int64(0); off < size; {
		want := int(min(int64(chunk), size-off))
		n, err := r.ReadAt(buf[carry:carry+want], off)
		if n < want {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return Result{}, false, err
		}
		data := buf[:carry+n]
		if off == 0 {
			switch {
			case bytes.HasPrefix(data, bomUTF8):
				res.BOM = len(bomUTF8)
			case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
				return Result{}, false, nil
			}
			data = data[res.BOM:]
		}
		off += int64(n)
		// Without a NUL byte no stretch of the input looks like UTF-16
		// (sniffUTF16 counts them); with one, Detect decides.
		if bytes.IndexByte(data, 0) >= 0 {
			return Result{}, false, nil
		}
		end := len(data)
		if off < size {
			end = cutRune(data) // its rest is in the next chunk
		}
		if !utf8.Valid(data[:end]) {
			return Result{}, false, nil
		}
		if multibyte < 16 {
			multibyte += countMultibyte(data[:end], 16-multibyte)
		}
		carry = copy(buf, data[end:])
	}
	res.Encoding, res.Whole = "utf-8", true
	switch {
	case res.BOM > 0:
		res.Confidence = 1
	case multibyte == 0:
		res.Confidence = 0.99
	default:
		res.Confidence = 1 - 0.05/float64(multibyte)
	}
	return res, true, nil
}
