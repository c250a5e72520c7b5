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

// sniffUTF16 reports UTF-16 without a BOM, judged from stripes spread over
// the whole of data.
func sniffUTF16(data []byte) (Result, bool) {
	var zeros [2]int // NUL bytes at even and at odd offsets
	units := 0
	count := func(lo, hi int) {
		lo &^= 1
		for i := lo; i+1 < hi; i += 2 {
			if data[i] == 0 {
				zeros[0]++
			}
			if data[i+1] == 0 {
				zeros[1]++
			}
			units++
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
	for parity, name := range [2]string{"utf-16be", "utf-16le"} {
		hits, stray := zeros[parity], zeros[1-parity]
		share := float64(hits) / float64(max(units, 1))
		if units >= 2 && share >= 0.2 && stray*20 <= hits {
			return Result{Encoding: name, Confidence: 0.8 + 0.19*min(1, (share-0.2)/0.3)}, true
		}
	}
	return Result{}, false
}

// fromUTF16 decodes UTF-16, big-endian or not. Unpaired surrogates and a
// dangling odd byte become U+FFFD. The output is sized exactly first, since
// these files can be hundreds of megabytes.
func fromUTF16(data []byte, bigEndian bool) ([]byte, int) {
	high := 1 // offset of the high byte within a unit
	if bigEndian {
		high = 0
	}
	unit := func(i int) uint16 { return uint16(data[2*i+high])<<8 | uint16(data[2*i+1-high]) }
	units := len(data) / 2
	size := 3 * (len(data) % 2)
	for i := 0; i < units; i++ {
		switch u := unit(i); {
		case u < 0x80:
			size++
		case u < 0x800:
			size += 2
		case isHighSurrogate(u) && i+1 < units && isLowSurrogate(unit(i+1)):
			size += 4
			i++
		default:
			size += 3 // BMP character, or U+FFFD for an unpaired surrogate
		}
	}
	out := make([]byte, size)
	o, invalid := 0, 0
	for i := 0; i < units; i++ {
		switch u := unit(i); {
		case u < 0x80:
			out[o] = byte(u)
			o++
		case isHighSurrogate(u) && i+1 < units && isLowSurrogate(unit(i+1)):
			o += utf8.EncodeRune(out[o:], 0x10000+(rune(u)-0xD800)<<10+(rune(unit(i+1))-0xDC00))
			i++
		case isHighSurrogate(u) || isLowSurrogate(u):
			o += utf8.EncodeRune(out[o:], utf8.RuneError)
			invalid++
		default:
			o += utf8.EncodeRune(out[o:], rune(u))
		}
	}
	if len(data)%2 == 1 {
		utf8.EncodeRune(out[o:], utf8.RuneError)
		invalid++
	}
	return out, invalid
}

func isHighSurrogate(u uint16) bool { return 0xD800 <= u && u < 0xDC00 }
func isLowSurrogate(u uint16) bool  { return 0xDC00 <= u && u < 0xE000 }
