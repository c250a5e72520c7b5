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
	return detectAt(r, size, size, detectChunk)
}

// DetectAtHead is DetectAt reading no more than the input's first head
// bytes (all of it when head is 0 or the input is no larger): when they are
// UTF-8, so is the result, with Upto set to head and Whole not set; the
// caller checks the rest as it reads it (ValidText).
func DetectAtHead(r io.ReaderAt, size, head int64) (res Result, ok bool, err error) {
	if head <= 0 || head >= size {
		return detectAt(r, size, size, detectChunk)
	}
	res, ok, err = detectAt(r, size, head, detectChunk)
	if ok {
		res.Whole, res.Upto = false, head
	}
	return res, ok, err
}

// ValidText reports whether b, a run of an input DetectAtHead told UTF-8 by
// its head, is what DetectAt would have read on: valid UTF-8 without a NUL
// byte. b must begin and end between characters (a slice of whole records).
func ValidText(b []byte) bool { return bytes.IndexByte(b, 0) < 0 && utf8.Valid(b) }

// detectChunk is how much DetectAt reads at once: much, as the page reads a
// File in pieces within one read, the next while the last is copied
// (wasm/chosen.go).
const detectChunk = 16 << 20

// detectAt is DetectAt over the first upto bytes of the input, reading
// chunk bytes at a time; a character cut at upto is not read.
func detectAt(r io.ReaderAt, size, upto int64, chunk int) (res Result, ok bool, err error) {
	buf := make([]byte, chunk+utf8.UTFMax)
	carry := 0 // bytes of a character cut at the end of the last chunk, moved to the front
	multibyte := 0
	for off := int64(0); off < upto; {
		want := int(min(int64(chunk), upto-off))
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
