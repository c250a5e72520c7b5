package decode

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every supported encoding decodes what x/text encodes, names and all.
func TestToUTF8RoundTrip(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			names := representable(t, name)
			nonASCII := 0
			for _, n := range names {
				if !isASCII(n) {
					nonASCII++
				}
			}
			if nonASCII == 0 {
				t.Fatalf("no sample name is representable in %s", name)
			}
			text := contactCSV(50, names...)
			out, invalid, err := ToUTF8(encode(t, name, text), name)
			if err != nil || invalid != 0 {
				t.Fatalf("ToUTF8: invalid %d, err %v", invalid, err)
			}
			if string(out) != text {
				t.Errorf("round trip differs:\n got %q\nwant %q", tail(out), tail([]byte(text)))
			}
		})
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// tail keeps failure messages short: the names are at the end.
func tail(b []byte) []byte { return b[max(0, len(b)-300):] }

// A BOM decides the encoding and never reaches the output, whatever name the
// caller gives.
func TestToUTF8BOM(t *testing.T) {
	const text = "Contact ID,First Name\nC1,Jürgen\n"
	utf16le := append([]byte{0xFF, 0xFE}, encode(t, "utf-16le", text)...)
	utf16be := append([]byte{0xFE, 0xFF}, encode(t, "utf-16be", text)...)
	withBOM := append([]byte{0xEF, 0xBB, 0xBF}, text...)
	tests := []struct {
		name     string
		data     []byte
		encoding string
	}{
		{"utf-8 BOM named utf-8", withBOM, "utf-8"},
		{"utf-8 BOM named windows-1252", withBOM, "windows-1252"},
		{"utf-8 twice BOM", append([]byte{0xEF, 0xBB, 0xBF}, withBOM...), "utf-8"},
		{"utf-16le BOM", utf16le, "utf-16le"},
		{"utf-16le BOM named utf-16", utf16le, "utf-16"},
		{"utf-16be BOM named utf-16", utf16be, "utf-16"},
		{"utf-16be BOM named utf-8", utf16be, "utf-8"},
		{"utf-16be BOM", utf16be, "utf-16be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, invalid, err := ToUTF8(tt.data, tt.encoding)
			if err != nil || invalid != 0 {
				t.Fatalf("ToUTF8: invalid %d, err %v", invalid, err)
			}
			if string(out) != text {
				t.Errorf("got %q, want %q", out, text)
			}
		})
	}
}

// Valid UTF-8 is handed back without a copy: files reach 190 MB.
func TestToUTF8NoCopy(t *testing.T) {
	plain := []byte("Contact ID,Name\nC1,Jürgen Müller\n")
	withBOM := append([]byte{0xEF, 0xBB, 0xBF}, plain...)
	tests := []struct {
		name string
		data []byte
		skip int // bytes of data before the output starts
	}{
		{"plain", plain, 0},
		{"BOM", withBOM, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := ToUTF8(tt.data, "UTF-8")
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != len(tt.data)-tt.skip || &out[0] != &tt.data[tt.skip] {
				t.Errorf("output is a copy, want data[%d:] itself", tt.skip)
			}
		})
	}
}

func TestToUTF8Invalid(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		encoding string
		want     string
		invalid  int
	}{
		{"utf-8 stray byte", "Ren\xe9,X", "utf-8", "Ren\uFFFD,X", 1},
		{"utf-8 cut sequence", "a\xc3", "utf-8", "a\uFFFD", 1},
		{"utf-8 two bad bytes", "x\xff\xfeok", "utf-8", "x\uFFFD\uFFFDok", 2},
		{"windows-1252 undefined 0x81", "a\x81b", "windows-1252", "a\uFFFDb", 1},
		{"iso-8859-3 undefined 0xA5", "\xa5", "iso-8859-3", "\uFFFD", 1},
		{"windows-1253 undefined 0xAA", "x\xaa", "windows-1253", "x\uFFFD", 1},
		{"shift_jis lead at end", "\x93\x63\x92", "shift_jis", "田\uFFFD", 1},
		{"shift_jis lead before comma", "\x93,", "shift_jis", "\uFFFD,", 1},
		{"gbk bad trail", "\xd5\x20", "gbk", "\uFFFD ", 1},
		{"big5 lead at end", "a\xa4", "big5", "a\uFFFD", 1},
		{"euc-kr lead at end", "\xb1", "euc-kr", "\uFFFD", 1},
		{"utf-16le odd length", "a\x00b", "utf-16le", "a\uFFFD", 1},
		{"utf-16le lone high surrogate", "\x00\xd8a\x00", "utf-16le", "\uFFFDa", 1},
		{"utf-16be lone low surrogate", "\xdc\x00\x00a", "utf-16be", "\uFFFDa", 1},
		{"utf-16le surrogate pair", "\x3d\xd8\x00\xde", "utf-16le", "😀", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, invalid, err := ToUTF8([]byte(tt.data), tt.encoding)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want || invalid != tt.invalid {
				t.Errorf("got %q (%d invalid), want %q (%d invalid)", out, invalid, tt.want, tt.invalid)
			}
		})
	}
}

func TestToUTF8UnknownEncoding(t *testing.T) {
	for _, name := range []string{"", "auto", "klingon", "iso-2022-jp", "utf-32"} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := ToUTF8([]byte("x"), name); !errors.Is(err, ErrUnknownEncoding) {
				t.Errorf("err = %v, want ErrUnknownEncoding", err)
			}
		})
	}
}

// Latin-1 files with bytes 0x80-0x9F mean windows-1252 there.
func TestToUTF8Latin1IsWindows1252(t *testing.T) {
	out, invalid, err := ToUTF8([]byte("O\x92Brien \x80 5\xe9"), "latin1")
	if err != nil || invalid != 0 || string(out) != "O’Brien € 5é" {
		t.Errorf("got %q, %d invalid, err %v", out, invalid, err)
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		label string
		want  string // "" for rejected labels
	}{
		{"utf-8", "utf-8"}, {"UTF8", "utf-8"}, {"utf_8", "utf-8"},
		{"UTF-16", "utf-16le"}, {"ucs-2", "utf-16le"}, {"unicode", "utf-16le"},
		{"UTF-16BE", "utf-16be"}, {"utf-16le", "utf-16le"},
		{"cp1252", "windows-1252"}, {"Windows-1252", "windows-1252"}, {"x-cp1250", "windows-1250"},
		{"cp1251", "windows-1251"}, {"win-1251", "windows-1251"},
		{"latin1", "iso-8859-1"}, {"ISO-8859-1", "iso-8859-1"}, {"iso8859_1", "iso-8859-1"},
		{"latin2", "iso-8859-2"}, {"latin9", "iso-8859-15"}, {"ISO-8859-15", "iso-8859-15"},
		{"koi8-r", "koi8-r"}, {"KOI8R", "koi8-r"}, {"koi8-u", "koi8-u"},
		{"sjis", "shift_jis"}, {"Shift-JIS", "shift_jis"}, {"shift_jis", "shift_jis"},
		{"ms932", "shift_jis"}, {"cp932", "shift_jis"}, {"windows-31j", "shift_jis"},
		{"EUC-JP", "euc-jp"}, {"euc-kr", "euc-kr"}, {"cp949", "euc-kr"}, {"ks_c_5601-1987", "euc-kr"},
		{"gb2312", "gbk"}, {"GBK", "gbk"}, {"cp936", "gbk"}, {"gb18030", "gb18030"},
		{"big5", "big5"}, {"Big5-HKSCS", "big5"}, {"cp950", "big5"},
		{"mac", "macintosh"}, {"x-mac-roman", "macintosh"}, {"cp850", "ibm850"}, {"ibm437", "ibm437"},
		{"tis-620", "windows-874"}, {"ascii", "windows-1252"},
		{"auto", ""}, {"", ""}, {"utf-7", ""}, {"iso-2022-jp", ""}, {"hz-gb-2312", ""}, {"ebcdic", ""},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			got, ok := Canonical(tt.label)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Canonical(%q) = %q, %v; want %q", tt.label, got, ok, tt.want)
			}
		})
	}
}

// Names lists each encoding once, canonically, and ToUTF8 takes them all.
func TestNames(t *testing.T) {
	names := Names()
	if !slices.Contains(names, "utf-8") || !slices.Contains(names, "windows-1252") {
		t.Fatalf("Names() = %v", names)
	}
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			t.Errorf("%s listed twice", name)
		}
		seen[name] = true
		if c, ok := Canonical(name); c != name || !ok {
			t.Errorf("Canonical(%q) = %q, %v", name, c, ok)
		}
		if name != strings.ToLower(name) {
			t.Errorf("%s is not lower case", name)
		}
		if out, _, err := ToUTF8([]byte("ab"), name); err != nil || !utf8.Valid(out) {
			t.Errorf("ToUTF8(%s) = %q, %v", name, out, err)
		}
	}
	names[0] = "changed"
	if Names()[0] == "changed" {
		t.Error("Names returns its internal slice")
	}
}

// The multibyte decoder grows its buffer when text expands more than the
// estimate: half-width katakana take one byte in Shift_JIS, three in UTF-8.
func TestToUTF8Growth(t *testing.T) {
	text := strings.Repeat("ｱｲｳｴｵ", 10000)
	out, invalid, err := ToUTF8(encode(t, "shift_jis", text), "shift_jis")
	if err != nil || invalid != 0 || !bytes.Equal(out, []byte(text)) {
		t.Errorf("got %d bytes, %d invalid, err %v; want %d bytes", len(out), invalid, err, len(text))
	}
}

// The decoders' fast paths (ASCII skipped a word at a time, exact sizing)
// give what the x/text decoders give, on text mixing ASCII runs of every
// length with arbitrary bytes.
func TestToUTF8MatchesReference(t *testing.T) {
	data := []byte("ab") // no BOM at the start
	state := uint32(7)
	next := func() uint32 { state = state*1664525 + 1013904223; return state >> 8 }
	for len(data) < 64<<10 {
		for range next() % 40 {
			data = append(data, 'a'+byte(next()%26))
		}
		for range next() % 6 {
			data = append(data, byte(next()))
		}
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			var want []byte
			if name == "utf-8" {
				for _, r := range string(data) {
					want = utf8.AppendRune(want, r)
				}
			} else {
				var err error
				if want, err = encodingFor(name).NewDecoder().Bytes(data); err != nil {
					t.Fatal(err)
				}
			}
			got, invalid, err := ToUTF8(data, name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Fatalf("differs from x/text at byte %d of %d", i, len(want))
			}
			if n := bytes.Count(want, []byte("\uFFFD")); invalid != n {
				t.Errorf("invalid = %d, want %d", invalid, n)
			}
		})
	}
}

// TestWhole: Detect says the text is valid UTF-8 to its last byte exactly when
// ToUTF8 would return it unchanged, so that a caller may skip the conversion.
func TestWhole(t *testing.T) {
	for _, data := range [][]byte{
		[]byte("Name,City\r\nJosé,Zürich\r\n"),
		[]byte("\xef\xbb\xbfName\r\nJosé\r\n"),
		[]byte("Name\r\nJos\xc3"), // a character cut off at the end
		[]byte("\xef\xbb\xbfName\r\nJos\xc3"),
		[]byte("plain ascii\n"),
		[]byte("Name\r\nJos\xe9\r\n"), // windows-1252
	} {
		d := Detect(data)
		out, invalid, err := ToUTF8(data, d.Encoding)
		if err != nil {
			t.Fatal(err)
		}
		unchanged := invalid == 0 && bytes.Equal(out, data[d.BOM:])
		if d.Whole != unchanged {
			t.Errorf("Detect(%q).Whole = %v, but ToUTF8 returns it unchanged: %v", data, d.Whole, unchanged)
		}
		if d.Whole && d.Encoding != "utf-8" {
			t.Errorf("Detect(%q) = %s, whole UTF-8", data, d.Encoding)
		}
	}
}
