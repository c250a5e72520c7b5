// Package decode detects the character encoding of a text file and converts it to UTF-8.
package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Result is what Detect found.
type Result struct {
	Encoding   string  // canonical name, one of Names()
	Confidence float64 // 0..1
	BOM        int     // length in bytes of a byte-order mark at the start (0 if none)
	// Whole is true when the data after its byte-order mark is valid UTF-8
	// to its last byte: ToUTF8 would return it as it is, and a caller that
	// knows it need not read it once more.
	Whole bool
	// Upto, when not 0, is how much of the input was read to tell it UTF-8
	// (DetectAtHead): only that much is known to be; the rest is not read.
	Upto int64
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Detect guesses the encoding of data from the whole input: a byte-order mark
// decides; then UTF-16 is recognised by its NUL bytes, valid UTF-8 by being
// valid; anything else is scored as each legacy encoding over all its
// non-ASCII bytes (sampled across the file when there are very many).
func Detect(data []byte) Result {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		confidence := 1.0
		valid, whole := validUTF8(data[len(bomUTF8):])
		if !valid {
			confidence = 0.9
		}
		return Result{Encoding: "utf-8", Confidence: confidence, BOM: len(bomUTF8), Whole: whole}
	case bytes.HasPrefix(data, bomUTF16LE):
		return Result{Encoding: "utf-16le", Confidence: 1, BOM: len(bomUTF16LE)}
	case bytes.HasPrefix(data, bomUTF16BE):
		return Result{Encoding: "utf-16be", Confidence: 1, BOM: len(bomUTF16BE)}
	}
	if r, ok := sniffUTF16(data); ok {
		return r
	}
	if valid, whole := validUTF8(data); valid {
		// Pure ASCII is UTF-8 too. A lone multibyte sequence could be a legacy
		// pair that happens to be valid ("Ã©"), so few sequences lower the
		// confidence a little.
		n := countMultibyte(data, 16)
		if n == 0 {
			return Result{Encoding: "utf-8", Confidence: 0.99, Whole: whole}
		}
		return Result{Encoding: "utf-8", Confidence: 1 - 0.05/float64(n), Whole: whole}
	}
	if mostlyUTF8(data) {
		return Result{Encoding: "utf-8", Confidence: 0.8}
	}
	return detectLegacy(data)
}

// mostlyUTF8 reports UTF-8 with a few bad bytes (a damaged copy, one cell
// pasted from elsewhere): far more valid multibyte characters than bytes that
// start none. Read as a legacy encoding, its every accent would be garbled;
// read as UTF-8, only the bad bytes are lost, and reported. Legacy text
// makes a valid UTF-8 sequence only by chance (an accented capital before a
// symbol), seldom next to many invalid bytes.
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := nextHigh(data, 0); i < len(data); i = nextHigh(data, i) {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
			if invalid > 64 && invalid*4 > valid {
				return false // legacy text: no need to read on
			}
		} else {
			valid++
		}
		i += size
	}
	return valid >= 3 && valid >= 4*invalid
}

// validUTF8 reports whether data is valid UTF-8, forgiving one character cut
// off at the very end, as happens when a caller passes a prefix of a file.
func validUTF8(data []byte) (valid, whole bool) {
	if utf8.Valid(data) {
		return true, true
	}
	if i := cutRune(data); i < len(data) {
		return utf8.Valid(data[:i]), false
	}
	return false, false
}

// cutRune returns where a character cut off at the end of data starts, or
// len(data) when data does not end in one.
func cutRune(data []byte) int {
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				return i
			}
			break
		}
	}
	return len(data)
}

// countMultibyte counts UTF-8 lead bytes in data, stopping at limit.
func countMultibyte(data []byte, limit int) int {
	n := 0
	for i := nextHigh(data, 0); i < len(data) && n < limit; i = nextHigh(data, i+1) {
		if data[i] >= 0xC0 {
			n++
		}
	}
	return n
}

// highBits masks the top bit of each byte of a word.
const highBits = 0x8080808080808080

// nextHigh returns the index of the first byte >= 0x80 at or after i, or
// len(data). It skips ASCII 32 bytes at a time: contact files are mostly
// ASCII and this is the loop that runs over all of them.
func nextHigh(data []byte, i int) int {
	for ; i+32 <= len(data); i += 32 {
		block := data[i : i+32]
		w := binary.LittleEndian.Uint64(block[0:8]) | binary.LittleEndian.Uint64(block[8:16]) |
			binary.LittleEndian.Uint64(block[16:24]) | binary.LittleEndian.Uint64(block[24:32])
		if w&highBits != 0 {
			break
		}
	}
	for ; i+8 <= len(data); i += 8 {
		if binary.LittleEndian.Uint64(data[i:])&highBits != 0 {
			break
		}
	}
	for ; i < len(data) && data[i] < 0x80; i++ {
	}
	return i
}

// ErrUnknownEncoding is returned by ToUTF8 for a name Canonical rejects.
var ErrUnknownEncoding = errors.New("unknown encoding")

// ToUTF8 converts data from the named encoding to UTF-8. A byte-order mark at
// the start decides the encoding whatever the name says, as in browsers: no
// legacy file starts with "ï»¿" or "ÿþ". The output never starts with a BOM,
// which would end up in the first header name. Invalid sequences become
// U+FFFD; invalid counts them. Valid UTF-8 comes back as data itself (after
// its BOM), without a copy. err is set only when the encoding name is
// unknown.
func ToUTF8(data []byte, encodingName string) (out []byte, invalid int, err error) {
	name, ok := Canonical(encodingName)
	if !ok {
		return nil, 0, fmt.Errorf("decode: %w %q", ErrUnknownEncoding, encodingName)
	}
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		name, data = "utf-8", data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF16LE):
		name, data = "utf-16le", data[len(bomUTF16LE):]
	case bytes.HasPrefix(data, bomUTF16BE):
		name, data = "utf-16be", data[len(bomUTF16BE):]
	}
	switch name {
	case "utf-8":
		out, invalid = fromUTF8(data)
	case "utf-16le":
		out, invalid = fromUTF16(data, false)
	case "utf-16be":
		out, invalid = fromUTF16(data, true)
	default:
		enc := codecByName[name]
		if cm, ok := enc.(*charmap.Charmap); ok {
			out, invalid = fromSingleByte(data, singleByteTable(cm))
		} else {
			out, invalid = fromMultibyte(data, enc)
		}
	}
	// A file saved twice by BOM-writing tools starts with two; the second
	// would still end up in the first header name.
	for bytes.HasPrefix(out, bomUTF8) {
		out = out[len(bomUTF8):]
	}
	return out, invalid, nil
}

// fromUTF8 returns data itself when it is valid, else a copy in which every
// byte that starts no valid sequence is replaced by U+FFFD.
func fromUTF8(data []byte) ([]byte, int) {
	if utf8.Valid(data) {
		return data, 0
	}
	out := make([]byte, 0, len(data)+len(data)/8)
	invalid := 0
	start := 0 // start of the valid run not yet copied
	for i := nextHigh(data, 0); i < len(data); i = nextHigh(data, i) {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, data[start:i]...)
			out = utf8.AppendRune(out, utf8.RuneError)
			invalid++
			start = i + 1
		}
		i += size
	}
	return append(out, data[start:]...), invalid
}

// utf8Char is one character of a single-byte encoding, already in UTF-8.
type utf8Char struct {
	n       uint8
	invalid bool // the byte is undefined in the encoding; bytes holds U+FFFD
	bytes   [3]byte
}

// singleByteTable builds the UTF-8 form of every byte of cm.
func singleByteTable(cm *charmap.Charmap) *[256]utf8Char {
	var t [256]utf8Char
	for b := range t {
		r := cm.DecodeByte(byte(b))
		t[b].n = uint8(utf8.EncodeRune(t[b].bytes[:], r))
		t[b].invalid = r == utf8.RuneError
	}
	return &t
}

// fromSingleByte decodes with a byte table: one pass to size the output
// exactly, one to fill it. Both skip ASCII runs a word at a time.
func fromSingleByte(data []byte, table *[256]utf8Char) ([]byte, int) {
	size := len(data)
	for i := 0; i < len(data); i++ {
		if b := data[i]; b >= 0x80 {
			size += int(table[b].n) - 1
		} else if asciiWord(data, i) {
			i = nextHigh(data, i+8) - 1
		}
	}
	out := make([]byte, size)
	o, invalid := 0, 0
	for i := 0; i < len(data); i++ {
		b := data[i]
		if b < 0x80 {
			if asciiWord(data, i) {
				j := nextHigh(data, i+8)
				o += copy(out[o:], data[i:j])
				i = j - 1
			} else {
				out[o] = b
				o++
			}
			continue
		}
		c := &table[b]
		switch c.n {
		case 1:
			out[o] = c.bytes[0]
		case 2:
			out[o], out[o+1] = c.bytes[0], c.bytes[1]
		case 3:
			out[o], out[o+1], out[o+2] = c.bytes[0], c.bytes[1], c.bytes[2]
		}
		o += int(c.n)
		if c.invalid {
			invalid++
		}
	}
	return out, invalid
}

// asciiWord reports whether the eight bytes at data[i:] are all ASCII.
func asciiWord(data []byte, i int) bool {
	return i+8 <= len(data) && binary.LittleEndian.Uint64(data[i:])&highBits == 0
}

// countHigh counts the bytes >= 0x80 in data.
func countHigh(data []byte) int {
	n, i := 0, 0
	for ; i+8 <= len(data); i += 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(data[i:]) & highBits)
	}
	for ; i < len(data); i++ {
		n += int(data[i] >> 7)
	}
	return n
}

// fromMultibyte decodes with an x/text decoder, which writes U+FFFD for each
// invalid sequence; those are counted afterwards. (GB18030 can also encode
// U+FFFD itself; such a character is counted too, and is worth reporting.)
func fromMultibyte(data []byte, enc encoding.Encoding) ([]byte, int) {
	// CJK text grows by half (2 bytes become 3); ASCII does not grow.
	out := make([]byte, 0, len(data)+countHigh(data)/2+8)
	dec := enc.NewDecoder()
	src := data
	for {
		nDst, nSrc, err := dec.Transform(out[len(out):cap(out)], src, true)
		out = out[:len(out)+nDst]
		src = src[nSrc:]
		if err != transform.ErrShortDst {
			break // the decoders replace bad input; they fail only for lack of room
		}
		out = slices.Grow(out, len(src)+8)
	}
	return out, bytes.Count(out, replacementChar)
}

var replacementChar = []byte(string(utf8.RuneError))
