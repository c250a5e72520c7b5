package decode

import (
	"bytes"
	"strings"
	"testing"
)

// benchInputs are few-megabyte contact lists: the common case (ASCII with a
// few names), and files where most bytes are non-ASCII.
var benchInputs = []struct {
	name     string
	encoding string
	row      string
}{
	{"ascii-names", "windows-1252", "C00001,John,Smith,+1 555 010 1234,Springfield,john.smith@example.com\n" +
		strings.Repeat("C00002,Jane,Doe,+1 555 010 4321,Shelbyville,jane.doe@example.com\n", 200) +
		"C00003,Jürgen,Müller,+49 30 1234 567,Berlin,j.mueller@example.de\n"},
	{"utf-8", "utf-8", "C00001,Jürgen,Müller,+49 30 1234 567,München,j.mueller@example.de\n"},
	{"russian", "windows-1251", "C00001,Иван,Иванов,+7 495 123 45 67,Москва,улица Ленина 5\n"},
	{"chinese", "gbk", "C00001,伟,王,+86 10 1234 5678,北京市,朝阳区建国路88号\n"},
	{"utf-16le", "utf-16le", "C00001\tJürgen\tMüller\t+49 30 1234 567\tBerlin\r\n"},
}

func benchData(b *testing.B, encoding, row string) []byte {
	return encode(b, encoding, strings.Repeat(row, 4<<20/len(row)))
}

func BenchmarkDetect(b *testing.B) {
	for _, in := range benchInputs {
		data := benchData(b, in.encoding, in.row)
		if got := Detect(data); got.Encoding != in.encoding {
			b.Fatalf("%s: Detect = %+v", in.name, got)
		}
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				Detect(data)
			}
		})
	}
}

func BenchmarkToUTF8(b *testing.B) {
	for _, in := range benchInputs {
		data := benchData(b, in.encoding, in.row)
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := ToUTF8(data, in.encoding); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDetectAt is the streaming pass a large chosen file gets before
// it is prepared: a UTF-8 list, mostly ASCII.
func BenchmarkDetectAt(b *testing.B) {
	data := benchData(b, "utf-8", benchInputs[1].row+strings.Repeat(benchInputs[0].row, 20))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, ok, err := DetectAt(bytes.NewReader(data), int64(len(data))); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
