//go:build js && wasm

package main

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"syscall/js"
	"time"
	"unicode/utf8"
)

// zipWriter writes files into a zip on w as they come, stored uncompressed:
// CSV parts are already under the import's size limit. Each file is whole
// when it is added, so its header carries its CRC and size and no data
// descriptor follows it. It writes the format itself rather than with
// archive/zip, which links a deflate compressor and its tables into the
// page's first download to store files: measured with the engine built as
// web.mk builds it, archive/zip took contactprep.wasm from 1,426,426 to
// 1,499,537 bytes with brotli (+73 KB, 5 %).
type zipWriter struct {
	w io.Writer
	// modified is when the files were made, in the admin's local time as
	// file managers show a zip's dates (localNow); the zero time stands for
	// the time the first file is added.
	modified time.Time
	at       int64  // bytes written so far
	central  []byte // the central directory's entries
	files    int
}

var errZipTooLarge = errors.New("the cleaned files are too large for one zip")

// add writes the file name with its bytes data.
func (z *zipWriter) add(name string, data []byte) error {
	if z.files == 0xFFFF || z.at+30+int64(len(name))+int64(len(data))+int64(len(z.central))+46+int64(len(name))+2*extraLen+22 > 0xFFFFFFFF {
		return errZipTooLarge
	}
	le := binary.LittleEndian
	var flags uint16
	if !isASCII(name) && utf8.ValidString(name) {
		flags = 0x800 // the name is UTF-8
	}
	if z.modified.IsZero() {
		z.modified = time.Now()
	}
	// The fields both headers share: version needed (1.0, stored), flags,
	// method (stored), time, date, CRC-32, sizes and the name's length.
	var common []byte
	common = le.AppendUint16(common, 10)
	common = le.AppendUint16(common, flags)
	common = le.AppendUint16(common, 0)
	common = le.AppendUint32(common, dosTime(z.modified))
	common = le.AppendUint32(common, crc32.ChecksumIEEE(data))
	common = le.AppendUint32(common, uint32(len(data)))
	common = le.AppendUint32(common, uint32(len(data)))
	common = le.AppendUint16(common, uint16(len(name)))
	// The extended timestamp (0x5455): the modification time in Unix
	// seconds, which tools that know it prefer to the local DOS time.
	extra := le.AppendUint16(nil, 0x5455)
	extra = le.AppendUint16(extra, 5)
	extra = append(extra, 1) // the modification time follows
	extra = le.AppendUint32(extra, uint32(z.modified.Unix()))

	header := le.AppendUint32(nil, 0x04034b50)
	header = append(header, common...)
	header = le.AppendUint16(header, uint16(len(extra)))
	header = append(header, name...)
	header = append(header, extra...)

	z.central = le.AppendUint32(z.central, 0x02014b50)
	z.central = le.AppendUint16(z.central, 20) // made by: MS-DOS, version 2.0
	z.central = append(z.central, common...)
	z.central = le.AppendUint16(z.central, uint16(len(extra)))
	z.central = append(z.central, make([]byte, 10)...) // comment, disk, attributes
	z.central = le.AppendUint32(z.central, uint32(z.at))
	z.central = append(z.central, name...)
	z.central = append(z.central, extra...)
	z.files++
	return z.write(header, data)
}

// close writes the central directory and the end record.
func (z *zipWriter) close() error {
	le := binary.LittleEndian
	end := le.AppendUint32(nil, 0x06054b50)
	end = le.AppendUint32(end, 0) // this disk, the directory's disk
	end = le.AppendUint16(end, uint16(z.files))
	end = le.AppendUint16(end, uint16(z.files))
	end = le.AppendUint32(end, uint32(len(z.central)))
	end = le.AppendUint32(end, uint32(z.at))
	end = le.AppendUint16(end, 0) // comment length
	return z.write(z.central, end)
}

func (z *zipWriter) write(bs ...[]byte) error {
	for _, b := range bs {
		n, err := z.w.Write(b)
		z.at += int64(n)
		if err != nil {
			return err
		}
	}
	return nil
}

// extraLen is the size of the extra field add writes in each header.
const extraLen = 9

// dosTime packs t's wall clock as a zip header's MS-DOS time and date:
// the time in the low half (hour, minute, seconds halved), the date in the
// high (years since 1980, month, day). A time before 1980, which the format
// cannot hold, is written as its first day.
func dosTime(t time.Time) uint32 {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, t.Location())
	}
	date := uint32(t.Year()-1980)<<9 | uint32(t.Month())<<5 | uint32(t.Day())
	clock := uint32(t.Hour())<<11 | uint32(t.Minute())<<5 | uint32(t.Second()/2)
	return date<<16 | clock
}

// localNow is the time now in the page's time zone: Go in the browser
// knows only UTC, and a zip's DOS dates are read as local time.
func localNow() time.Time {
	now := time.Now()
	offset := js.Global().Get("Date").New().Call("getTimezoneOffset").Int() // minutes behind UTC
	return now.In(time.FixedZone("", -offset*60))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
