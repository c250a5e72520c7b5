package decode

import "unicode/utf8"

// UTF-16 without a byte-order mark ("Unicode Text" saved by some Excel
// versions and by scripts) is recognised by its NUL bytes: every ASCII
// character, tabs and line ends included, has a zero high byte, at odd
// offsets in little-endian files and at even offsets in big-endian ones.
// Text in any 8-bit encoding has no NUL bytes at all.
const (
	utf16SampleStripes = 16
	utf16StripeBytes   = 4 << 10
)

// utf16Block is the run of bytes whose NUL bytes are counted together: a
// byte lost in the middle of a file moves them to the other parity from
// there on, so each block votes on its own.
const utf16Block = 64

// sniffUTF16 reports UTF-16 without a BOM, judged from stripes spread over
// the whole of data: enough NUL bytes, each block's at one parity. The
// first block with NUL bytes tells the byte order, as the file began.
func sniffUTF16(data []byte) (Result, bool) {
	units, agree, stray := 0, 0, 0
	first := -1 // the parity of the first block's NUL bytes
	count := func(lo, hi int) {
		lo &^= 1
		for b := lo; b+1 < hi; b += utf16Block {
			var zeros [2]int // NUL bytes at even and at odd offsets
			for i := b; i+1 < min(hi, b+utf16Block); i += 2 {
				if data[i] == 0 {
					zeros[0]++
				}
				if data[i+1] == 0 {
					zeros[1]++
				}
				units++
			}
			major := 0
			if zeros[1] > zeros[0] {
				major = 1
			}
			if first < 0 && zeros[major] > 0 {
				first = major
			}
			agree += zeros[major]
			stray += zeros[1-major]
		}
	}
	if len(data) <= utf16SampleStripes*utf16StripeBytes {
		count(0, len(data))
	} else {
		for s := range utf16SampleStripes {
			lo := s * (len(data) - utf16StripeBytes) / (utf16SampleStripes - 1)
			count(lo, lo+utf16StripeBytes)
		}
	}
	share := float64(agree) / float64(max(units, 1))
	if first < 0 || units < 2 || share < 0.2 || stray*20 > agree {
		return Result{}, false
	}
	name := [2]string{"utf-16be", "utf-16le"}[first]
	return Result{Encoding: name, Confidence: 0.8 + 0.19*min(1, (share-0.2)/0.3)}, true
}

// fromUTF16 decodes UTF-16, big-endian or not. Unpaired surrogates and a
// dangling odd byte become U+FFFD. A byte lost or added in the middle (a
// damaged copy, a cut and pasted stream) would turn all the text after it
// into other characters, line ends too, and so merge every row after it into
// one: the decoder notices where the NUL bytes of ASCII text move to the
// other byte of the unit, writes U+FFFD for one byte and reads on in step.
// The output is sized exactly first, since these files can be hundreds of
// megabytes.
func fromUTF16(data []byte, bigEndian bool) ([]byte, int) {
	d := utf16Reader{data: data, high: 1}
	if bigEndian {
		d.high = 0
	}
	size := 0
	for p := 0; p < len(data); {
		if p+1 < len(data) && data[p+d.high] == 0 && data[p+1-d.high] < 0x80 {
			size++
			p += 2
			continue
		}
		r, n := d.next(p)
		size += utf8.RuneLen(r)
		p += n
	}
	out := make([]byte, size)
	o, invalid := 0, 0
	for p := 0; p < len(data); {
		if p+1 < len(data) && data[p+d.high] == 0 && data[p+1-d.high] < 0x80 {
			out[o] = data[p+1-d.high]
			o++
			p += 2
			continue
		}
		r, n := d.next(p)
		if r == utf8.RuneError {
			invalid++
		}
		o += utf8.EncodeRune(out[o:], r)
		p += n
	}
	return out, invalid
}

// utf16Reader reads UTF-16 characters at any byte offset.
type utf16Reader struct {
	data []byte
	high int // offset of the high byte within a unit
}

func (d utf16Reader) unit(p int) uint16 {
	return uint16(d.data[p+d.high])<<8 | uint16(d.data[p+1-d.high])
}

// next returns the character at byte p and how many bytes it takes: U+FFFD
// for an unpaired surrogate, a dangling last byte, or the one byte skipped
// where the text is out of step.
func (d utf16Reader) next(p int) (rune, int) {
	if p+1 >= len(d.data) {
		return utf8.RuneError, 1
	}
	u := d.unit(p)
	switch {
	case u < 0x80:
		return rune(u), 2
	case d.outOfStep(p):
		return utf8.RuneError, 1
	case isHighSurrogate(u) && p+3 < len(d.data) && isLowSurrogate(d.unit(p+2)):
		return 0x10000 + (rune(u)-0xD800)<<10 + (rune(d.unit(p+2)) - 0xDC00), 4
	case isHighSurrogate(u) || isLowSurrogate(u):
		return utf8.RuneError, 2
	}
	return rune(u), 2
}

// outOfStepWindow is how many units outOfStep looks at.
const outOfStepWindow = 8

// outOfStep reports that the units from byte p on are read a byte out of
// step: at least two of the next few have a NUL low byte, and none a NUL
// high byte, the NUL bytes of ASCII text seen from the wrong side. In step,
// ASCII text has them in the high byte; a CJK character with a NUL low byte
// (U+4E00) is seldom followed by another.
func (d utf16Reader) outOfStep(p int) bool {
	if d.data[p+1-d.high] != 0 {
		return false
	}
	low, high := 0, 0
	for q := p; q+1 < len(d.data) && q < p+2*outOfStepWindow; q += 2 {
		if d.data[q+1-d.high] == 0 {
			low++
		}
		if d.data[q+d.high] == 0 {
			high++
		}
	}
	return low >= 2 && high == 0
}

func isHighSurrogate(u uint16) bool { return 0xD800 <= u && u < 0xDC00 }
func isLowSurrogate(u uint16) bool  { return 0xDC00 <= u && u < 0xE000 }
