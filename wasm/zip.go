//go:build js && wasm

package main

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"unicode/utf8"

	"contactprep/shared/output"
)

// zipFiles stores the named files in a zip, uncompressed: CSV parts are
// already under the import's size limit. It writes the format itself rather
// than with archive/zip, which links a deflate compressor and its tables
// into the page's first download (about 33 KB with brotli) to store files.
func zipFiles(m *output.Memory, names []string) ([]byte, error) {
	size := 22
	for _, n := range names {
		size += 30 + 46 + 2*len(n) + len(m.Files[n])
	}
	if len(names) > 0xFFFF || size > 0xFFFFFFFF {
		return nil, errors.New("the cleaned files are too large for one zip")
	}
	le := binary.LittleEndian
	out := make([]byte, 0, size)
	central := make([]byte, 0, 46*len(names))
	for _, n := range names {
		data := m.Files[n]
		var flags uint16
		if !isASCII(n) && utf8.ValidString(n) {
			flags = 0x800 // the name is UTF-8
		}
		offset := uint32(len(out))
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
		common = le.AppendUint16(common, uint16(len(n)))

		out = le.AppendUint32(out, 0x04034b50)
		out = append(out, common...)
		out = le.AppendUint16(out, 0) // extra length
		out = append(out, n...)
		out = append(out, data...)

		central = le.AppendUint32(central, 0x02014b50)
		central = le.AppendUint16(central, 20) // made by: MS-DOS, version 2.0
		central = append(central, common...)
		central = append(central, make([]byte, 12)...) // extra, comment, disk, attributes
		central = le.AppendUint32(central, offset)
		central = append(central, n...)
	}
	start := uint32(len(out))
	out = append(out, central...)
	out = le.AppendUint32(out, 0x06054b50)
	out = le.AppendUint32(out, 0) // this disk, the directory's disk
	out = le.AppendUint16(out, uint16(len(names)))
	out = le.AppendUint16(out, uint16(len(names)))
	out = le.AppendUint32(out, uint32(len(central)))
	out = le.AppendUint32(out, start)
	out = le.AppendUint16(out, 0) // comment length
	return out, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
