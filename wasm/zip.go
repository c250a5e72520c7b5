//go:build js && wasm

package main

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"unicode/utf8"
)

// zipWriter writes files into a zip on w as they come, stored uncompressed:
// CSV parts are already under the import's size limit. Each file is whole
// when it is added, so its header carries its CRC and size and no data
// descriptor follows it. It writes the format itself rather than with
// archive/zip, which links a deflate compressor and its tables into the
// page's first download (about 33 KB with brotli) to store files.
type zipWriter struct {
	w       io.Writer
	at      int64  // bytes written so far
	central []byte // the central directory's entries
	files   int
}

var errZipTooLarge = errors.New("the cleaned files are too large for one zip")

// add writes the file name with its bytes data.
func (z *zipWriter) add(name string, data []byte) error {
	if z.files == 0xFFFF || z.at+30+int64(len(name))+int64(len(data))+int64(len(z.central))+46+int64(len(name))+22 > 0xFFFFFFFF {
		return errZipTooLarge
	}
	le := binary.LittleEndian
	var flags uint16
	if !isASCII(name) && utf8.ValidString(name) {
		flags = 0x800 // the name is UTF-8
	}
	// The fields both headers share: version needed (1.0, stored), flags,
	// method (stored), time, date, CRC-32, sizes and the name's length.
	var common []byte
	common = le.AppendUint16(common, 10)
	common = le.AppendUint16(common, flags)
	common = le.AppendUint16(common, 0)
	common = le.AppendUint32(common, 0)
	common = le.AppendUint32(common, crc32.ChecksumIEEE(data))
	common = le.AppendUint32(common, uint32(len(data)))
	common = le.AppendUint32(common, uint32(len(data)))
	common = le.AppendUint16(common, uint16(len(name)))

	header := le.AppendUint32(nil, 0x04034b50)
	header = append(header, common...)
	header = le.AppendUint16(header, 0) // extra length
	header = append(header, name...)

	z.central = le.AppendUint32(z.central, 0x02014b50)
	z.central = le.AppendUint16(z.central, 20) // made by: MS-DOS, version 2.0
	z.central = append(z.central, common...)
	z.central = append(z.central, make([]byte, 12)...) // extra, comment, disk, attributes
	z.central = le.AppendUint32(z.central, uint32(z.at))
	z.central = append(z.central, name...)
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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
