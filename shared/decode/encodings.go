package decode

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// codec is one supported encoding, with its title: the name people know
// it by, as Windows and the browsers' menus give it. UTF-8 and UTF-16 have
// no x/text codec here: this package decodes them itself so it can count
// replacements exactly and return valid UTF-8 input without copying.
type codec struct {
	name, title string
	enc         encoding.Encoding
}

// codecs lists the supported encodings in the order Names reports them.
var codecs = []codec{
	{"utf-8", "Unicode (UTF-8)", nil},
	{"utf-16le", "Unicode (UTF-16 little-endian)", nil},
	{"utf-16be", "Unicode (UTF-16 big-endian)", nil},
	{"windows-1250", "Central European (Windows-1250)", charmap.Windows1250},
	{"windows-1251", "Cyrillic (Windows-1251)", charmap.Windows1251},
	{"windows-1252", "Western European (Windows-1252)", charmap.Windows1252},
	{"windows-1253", "Greek (Windows-1253)", charmap.Windows1253},
	{"windows-1254", "Turkish (Windows-1254)", charmap.Windows1254},
	{"windows-1255", "Hebrew (Windows-1255)", charmap.Windows1255},
	{"windows-1256", "Arabic (Windows-1256)", charmap.Windows1256},
	{"windows-1257", "Baltic (Windows-1257)", charmap.Windows1257},
	{"windows-1258", "Vietnamese (Windows-1258)", charmap.Windows1258},
	{"windows-874", "Thai (Windows-874)", charmap.Windows874},
	// Files labelled Latin-1 that use bytes 0x80-0x9F mean windows-1252 there
	// (€, ’, “), never C1 control codes; browsers decode the label the same way.
	{"iso-8859-1", "Western European (ISO 8859-1)", charmap.Windows1252},
	{"iso-8859-2", "Central European (ISO 8859-2)", charmap.ISO8859_2},
	{"iso-8859-3", "South European (ISO 8859-3)", charmap.ISO8859_3},
	{"iso-8859-4", "Baltic (ISO 8859-4)", charmap.ISO8859_4},
	{"iso-8859-5", "Cyrillic (ISO 8859-5)", charmap.ISO8859_5},
	{"iso-8859-6", "Arabic (ISO 8859-6)", charmap.ISO8859_6},
	{"iso-8859-7", "Greek (ISO 8859-7)", charmap.ISO8859_7},
	{"iso-8859-8", "Hebrew (ISO 8859-8)", charmap.ISO8859_8},
	{"iso-8859-9", "Turkish (ISO 8859-9)", charmap.ISO8859_9},
	{"iso-8859-10", "Nordic (ISO 8859-10)", charmap.ISO8859_10},
	{"iso-8859-13", "Baltic (ISO 8859-13)", charmap.ISO8859_13},
	{"iso-8859-14", "Celtic (ISO 8859-14)", charmap.ISO8859_14},
	{"iso-8859-15", "Western European (ISO 8859-15)", charmap.ISO8859_15},
	{"iso-8859-16", "South-Eastern European (ISO 8859-16)", charmap.ISO8859_16},
	{"koi8-r", "Cyrillic (KOI8-R)", charmap.KOI8R},
	{"koi8-u", "Cyrillic, Ukrainian (KOI8-U)", charmap.KOI8U},
	{"macintosh", "Western European (Mac)", charmap.Macintosh},
	{"ibm437", "United States (DOS 437)", charmap.CodePage437},
	{"ibm850", "Western European (DOS 850)", charmap.CodePage850},
	{"ibm866", "Cyrillic (DOS 866)", charmap.CodePage866},
	{"shift_jis", "Japanese (Shift-JIS)", japanese.ShiftJIS},
	{"euc-jp", "Japanese (EUC-JP)", japanese.EUCJP},
	{"euc-kr", "Korean (EUC-KR)", korean.EUCKR},
	{"gbk", "Chinese Simplified (GBK)", simplifiedchinese.GBK},
	{"gb18030", "Chinese Simplified (GB18030)", simplifiedchinese.GB18030},
	{"big5", "Chinese Traditional (Big5)", traditionalchinese.Big5},
}

// Encoding is a supported encoding as the page offers it: its name, which
// Canonical knows, and its title, which the admin reads.
type Encoding struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// Encodings returns every supported encoding, in the order of Names: the
// list the page offers when the admin changes a file's encoding.
func Encodings() []Encoding {
	out := make([]Encoding, len(codecs))
	for i, c := range codecs {
		out[i] = Encoding{c.name, c.title}
	}
	return out
}

// Title returns the name people know an encoding by ("Western European
// (Windows-1252)") for any name or label Canonical knows, or the name itself.
func Title(name string) string {
	if c, ok := Canonical(name); ok {
		for _, k := range codecs {
			if k.name == c {
				return k.title
			}
		}
	}
	return name
}

var codecByName = func() map[string]encoding.Encoding {
	m := make(map[string]encoding.Encoding, len(codecs))
	for _, c := range codecs {
		m[c.name] = c.enc
	}
	return m
}()

// labels maps labels, reduced by aliasKey, to canonical names: the canonical
// names themselves, the names people type, and the labels where we differ
// from the WHATWG index (Latin-1 stays iso-8859-1, the DOS code pages exist).
// Every other label is looked up in whatwgLabels.
var labels = func() map[string]string {
	m := make(map[string]string, 3*len(codecs)+len(aliases))
	for _, c := range codecs {
		m[aliasKey(c.name)] = c.name
		if number, ok := strings.CutPrefix(c.name, "windows-"); ok {
			m["cp"+number], m["win"+number] = c.name, c.name
		}
	}
	for k, v := range aliases {
		m[k] = v
	}
	return m
}()

var aliases = map[string]string{
	"utf8": "utf-8", "utf16": "utf-16le", "utf16le": "utf-16le", "utf16be": "utf-16be",
	"ucs2": "utf-16le", "unicode": "utf-16le",
	"tis620": "windows-874",
	"latin1": "iso-8859-1", "l1": "iso-8859-1", "iso88591": "iso-8859-1",
	"latin2": "iso-8859-2", "latin9": "iso-8859-15",
	"koi8": "koi8-r", "koi8r": "koi8-r", "koi8u": "koi8-u",
	"mac": "macintosh", "macroman": "macintosh",
	"ibm437": "ibm437", "cp437": "ibm437", "437": "ibm437",
	"ibm850": "ibm850", "cp850": "ibm850", "850": "ibm850",
	"ibm866": "ibm866", "cp866": "ibm866", "866": "ibm866",
	"shiftjis": "shift_jis", "sjis": "shift_jis", "cp932": "shift_jis", "ms932": "shift_jis",
	"windows31j": "shift_jis", "eucjp": "euc-jp",
	"euckr": "euc-kr", "cp949": "euc-kr", "ms949": "euc-kr", "uhc": "euc-kr",
	"gb2312": "gbk", "cp936": "gbk", "ms936": "gbk", "euccn": "gbk",
	"big5hkscs": "big5", "cp950": "big5", "ms950": "big5",
}

// aliasKey lower-cases a label and drops everything but letters and digits, so
// "Shift-JIS", "shift_jis" and "SJIS" meet their entries in aliases.
func aliasKey(name string) string {
	key := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			key = append(key, c)
		case 'A' <= c && c <= 'Z':
			key = append(key, c+'a'-'A')
		}
	}
	return string(key)
}

// Canonical returns the canonical name of a supported encoding given any of
// its common labels, case-insensitively ("UTF8", "cp1252", "latin1", "sjis",
// "gb2312", "utf-16"). It reports false for unsupported labels, "auto"
// included: choosing detection is the caller's business.
func Canonical(name string) (string, bool) {
	if c, ok := labels[aliasKey(name)]; ok {
		return c, true
	}
	c, ok := whatwgLabels[strings.ToLower(strings.TrimSpace(name))]
	return c, ok
}

// Names returns the canonical names of the supported encodings.
func Names() []string {
	names := make([]string, len(codecs))
	for i, c := range codecs {
		names[i] = c.name
	}
	return names
}

// whatwgLabels holds the labels of the WHATWG Encoding Standard (as
// x/text/encoding/htmlindex knows them) that name a supported encoding and
// that labels does not already catch: "csshiftjis", "ks_c_5601-1987",
// "iso-ir-58". A table of our own rather than htmlindex, which would link
// every encoder of every encoding it indexes into the browser's module.
// TestWHATWGLabels holds it equal to htmlindex.
var whatwgLabels = map[string]string{
	"unicode-1-1-utf-8":   "utf-8",
	"unicode11utf8":       "utf-8",
	"unicode20utf8":       "utf-8",
	"x-unicode20utf8":     "utf-8",
	"csibm866":            "ibm866",
	"csisolatin2":         "iso-8859-2",
	"iso-ir-101":          "iso-8859-2",
	"iso_8859-2:1987":     "iso-8859-2",
	"l2":                  "iso-8859-2",
	"csisolatin3":         "iso-8859-3",
	"iso-ir-109":          "iso-8859-3",
	"iso_8859-3:1988":     "iso-8859-3",
	"l3":                  "iso-8859-3",
	"latin3":              "iso-8859-3",
	"csisolatin4":         "iso-8859-4",
	"iso-ir-110":          "iso-8859-4",
	"iso_8859-4:1988":     "iso-8859-4",
	"l4":                  "iso-8859-4",
	"latin4":              "iso-8859-4",
	"csisolatincyrillic":  "iso-8859-5",
	"cyrillic":            "iso-8859-5",
	"iso-ir-144":          "iso-8859-5",
	"iso_8859-5:1988":     "iso-8859-5",
	"arabic":              "iso-8859-6",
	"asmo-708":            "iso-8859-6",
	"csiso88596e":         "iso-8859-6",
	"csiso88596i":         "iso-8859-6",
	"csisolatinarabic":    "iso-8859-6",
	"ecma-114":            "iso-8859-6",
	"iso-8859-6-e":        "iso-8859-6",
	"iso-8859-6-i":        "iso-8859-6",
	"iso-ir-127":          "iso-8859-6",
	"iso_8859-6:1987":     "iso-8859-6",
	"csisolatingreek":     "iso-8859-7",
	"ecma-118":            "iso-8859-7",
	"elot_928":            "iso-8859-7",
	"greek":               "iso-8859-7",
	"greek8":              "iso-8859-7",
	"iso-ir-126":          "iso-8859-7",
	"iso_8859-7:1987":     "iso-8859-7",
	"sun_eu_greek":        "iso-8859-7",
	"csiso88598e":         "iso-8859-8",
	"csisolatinhebrew":    "iso-8859-8",
	"hebrew":              "iso-8859-8",
	"iso-8859-8-e":        "iso-8859-8",
	"iso-ir-138":          "iso-8859-8",
	"iso_8859-8:1988":     "iso-8859-8",
	"visual":              "iso-8859-8",
	"csisolatin6":         "iso-8859-10",
	"iso-ir-157":          "iso-8859-10",
	"l6":                  "iso-8859-10",
	"latin6":              "iso-8859-10",
	"csisolatin9":         "iso-8859-15",
	"l9":                  "iso-8859-15",
	"cskoi8r":             "koi8-r",
	"koi":                 "koi8-r",
	"koi8-ru":             "koi8-u",
	"csmacintosh":         "macintosh",
	"x-mac-roman":         "macintosh",
	"dos-874":             "windows-874",
	"iso-8859-11":         "windows-874",
	"iso8859-11":          "windows-874",
	"iso885911":           "windows-874",
	"x-cp1250":            "windows-1250",
	"x-cp1251":            "windows-1251",
	"ansi_x3.4-1968":      "windows-1252",
	"ascii":               "windows-1252",
	"cp819":               "windows-1252",
	"csisolatin1":         "windows-1252",
	"ibm819":              "windows-1252",
	"iso-ir-100":          "windows-1252",
	"iso_8859-1:1987":     "windows-1252",
	"us-ascii":            "windows-1252",
	"x-cp1252":            "windows-1252",
	"x-cp1253":            "windows-1253",
	"csisolatin5":         "windows-1254",
	"iso-ir-148":          "windows-1254",
	"iso_8859-9:1989":     "windows-1254",
	"l5":                  "windows-1254",
	"latin5":              "windows-1254",
	"x-cp1254":            "windows-1254",
	"x-cp1255":            "windows-1255",
	"x-cp1256":            "windows-1256",
	"x-cp1257":            "windows-1257",
	"x-cp1258":            "windows-1258",
	"chinese":             "gbk",
	"csgb2312":            "gbk",
	"csiso58gb231280":     "gbk",
	"gb_2312-80":          "gbk",
	"iso-ir-58":           "gbk",
	"x-gbk":               "gbk",
	"cn-big5":             "big5",
	"csbig5":              "big5",
	"x-x-big5":            "big5",
	"cseucpkdfmtjapanese": "euc-jp",
	"x-euc-jp":            "euc-jp",
	"csshiftjis":          "shift_jis",
	"ms_kanji":            "shift_jis",
	"x-sjis":              "shift_jis",
	"cseuckr":             "euc-kr",
	"csksc56011987":       "euc-kr",
	"iso-ir-149":          "euc-kr",
	"korean":              "euc-kr",
	"ks_c_5601-1987":      "euc-kr",
	"ks_c_5601-1989":      "euc-kr",
	"ksc5601":             "euc-kr",
	"ksc_5601":            "euc-kr",
	"windows-949":         "euc-kr",
	"unicodefffe":         "utf-16be",
	"csunicode":           "utf-16le",
	"iso-10646-ucs-2":     "utf-16le",
	"unicodefeff":         "utf-16le",
}
