package decode

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// fortyRows is a tab-separated contact list of a header and 40 rows, with
// names in three scripts.
func fortyRows() string {
	var b strings.Builder
	b.WriteString("Contact ID\tFirst Name\tLast Name\tCity\r\n")
	names := []string{"Jürgen\tMüller", "太郎\t田中", "Иван\tИванов", "John\tSmith"}
	for i := range 40 {
		fmt.Fprintf(&b, "C%03d\t%s\tBerlin\r\n", i, names[i%len(names)])
	}
	return b.String()
}

// A UTF-16 file with one byte lost (or one too many) in the middle reads on
// in step after it: every row is still there, each row but the damaged one
// as written, and the damage is counted as invalid.
func TestUTF16ByteLost(t *testing.T) {
	text := fortyRows()
	lines := strings.SplitAfter(text, "\r\n")
	lines = lines[:len(lines)-1]
	for _, encoding := range []string{"utf-16le", "utf-16be"} {
		whole := encode(t, encoding, text)
		for _, where := range []struct {
			name string
			at   int // the byte lost
		}{
			{"in ASCII", bytes.Index(whole, encode(t, encoding, "C020")) + 3},
			{"in Cyrillic", bytes.Index(whole, encode(t, encoding, "Иванов")) + 5},
			{"in kanji", bytes.Index(whole, encode(t, encoding, "田中")) + 1},
			{"first byte", 0},
			{"last byte", len(whole) - 1},
		} {
			for _, bom := range []bool{true, false} {
				if where.at == 0 && !bom {
					// Without a BOM, UTF-16 that lost its first byte is
					// UTF-16 of the other byte order: nothing tells.
					continue
				}
				t.Run(fmt.Sprintf("%s %s bom=%t", encoding, where.name, bom), func(t *testing.T) {
					data := append(bytes.Clone(whole[:where.at]), whole[where.at+1:]...)
					if bom {
						data = append(encode(t, encoding, "\uFEFF"), data...)
					}
					got := Detect(data)
					name := got.Encoding
					if !strings.HasPrefix(name, "utf-16") {
						t.Fatalf("Detect = %+v, want UTF-16", got)
					}
					out, invalid, err := ToUTF8(data, name)
					if err != nil {
						t.Fatal(err)
					}
					if invalid == 0 {
						t.Error("no invalid sequence counted")
					}
					outLines := strings.SplitAfter(string(out), "\r\n")
					if outLines[len(outLines)-1] == "" {
						outLines = outLines[:len(outLines)-1]
					}
					if len(outLines) != len(lines) {
						t.Fatalf("%d lines, want %d", len(outLines), len(lines))
					}
					damaged := 0
					for i := range lines {
						if outLines[i] != lines[i] {
							damaged++
							if !strings.Contains(outLines[i], "\uFFFD") {
								t.Errorf("line %d changed without U+FFFD: %q", i, outLines[i])
							}
						}
					}
					if damaged > 1 {
						t.Errorf("%d lines damaged, want the one", damaged)
					}
				})
			}
		}
	}
}

// Odd-length UTF-16 keeps every row; the dangling byte is one U+FFFD.
func TestUTF16OddLength(t *testing.T) {
	text := fortyRows()
	data := append(encode(t, "utf-16le", "\uFEFF"+text), 'x')
	out, invalid, _ := ToUTF8(data, Detect(data).Encoding)
	if string(out) != text+"\uFFFD" || invalid != 1 {
		t.Errorf("got %d invalid, text as written: %t", invalid, strings.HasPrefix(string(out), text))
	}
}

// A UTF-8 file with a few bad bytes stays UTF-8: its accents read as
// written, and only the bad bytes are lost.
func TestDetectUTF8WithBadBytes(t *testing.T) {
	text := contactCSV(200, "Jürgen,Müller", "José,García", "Françoise,Dubois", "Søren,Kierkegaard", "Иван,Иванов")
	data := []byte(text)
	i := bytes.Index(data, []byte("C00100"))
	data[i+1] = 0xFF                                                          // a damaged byte
	data = append(data, "N99999,Ren\xe9,Dupont,+33 1 23 45 67 89,Paris\n"...) // a row pasted from a Windows-1252 file
	got := Detect(data)
	if got.Encoding != "utf-8" || got.Whole {
		t.Fatalf("Detect = %+v, want utf-8, not whole", got)
	}
	out, invalid, _ := ToUTF8(data, got.Encoding)
	if invalid != 2 || !strings.Contains(string(out), "Françoise,Dubois") || !strings.Contains(string(out), "Ren\uFFFD,Dupont") {
		t.Errorf("%d invalid; accents kept: %t", invalid, strings.Contains(string(out), "Françoise"))
	}
}
