package decode

import (
	"strings"
	"testing"
)

// Detect names the encoding of realistic contact lists: mostly ASCII rows,
// a few names in the encoding's script.
func TestDetect(t *testing.T) {
	tests := []struct {
		name     string
		encoding string
		names    []string
	}{
		{"Western European", "windows-1252", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois", "Søren,Kierkegaard"}},
		{"Nordic", "windows-1252", []string{"Åsa,Ångström", "Bjørn,Østergaard", "Håkon,Jørgensen"}},
		{"Central European", "windows-1250", []string{"Antonín,Dvořák", "Łukasz,Wałęsa", "Zoltán,Szőke", "Jiří,Černý"}},
		{"Czech", "windows-1250", []string{"Antonín,Dvořák", "Kateřina,Nováková", "Tomáš,Růžička"}},
		{"Polish ISO", "iso-8859-2", []string{"Łukasz,Wałęsa", "Małgorzata,Dąbrowska", "Świętosław,Źrebiec"}},
		{"Russian", "windows-1251", []string{"Иван,Иванов", "Пётр,Смирнов", "Ольга,Кузнецова"}},
		{"Russian KOI8", "koi8-r", []string{"Иван,Иванов", "Пётр,Смирнов", "Ольга,Кузнецова"}},
		{"Russian capitals", "windows-1251", []string{"ИВАН,ИВАНОВ", "ПЁТР,СМИРНОВ", "ОЛЬГА,КУЗНЕЦОВА"}},
		{"Russian capitals KOI8", "koi8-r", []string{"ИВАН,ИВАНОВ", "ПЁТР,СМИРНОВ", "ОЛЬГА,КУЗНЕЦОВА"}},
		{"Greek", "windows-1253", []string{"Γιώργος,Παπαδόπουλος", "Μαρία,Νικολάου"}},
		{"Turkish", "windows-1254", []string{"Mehmet,Yılmaz", "Ayşe,Doğan", "Ömer,Şahin", "Süleyman,Ağaoğlu"}},
		{"Baltic", "windows-1257", []string{"Jānis,Bērziņš", "Rūta,Kalniņa", "Līga,Vītola", "Andris,Ozoliņš"}},
		{"Hebrew", "windows-1255", []string{"דוד,כהן", "שרה,לוי", "משה,מזרחי"}},
		{"Arabic", "windows-1256", []string{"محمد,علي", "فاطمة,حسن"}},
		{"Thai", "windows-874", []string{"สมชาย,ใจดี", "สมหญิง,รักไทย"}},
		{"Mac Excel", "macintosh", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois"}},
		{"DOS Excel", "ibm850", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois"}},
		{"Japanese kanji", "shift_jis", []string{"太郎,田中", "花子,佐藤", "健一,鈴木"}},
		{"Japanese kana", "shift_jis", []string{"タロウ,タナカ", "ハナコ,サトウ"}},
		{"Japanese half-width kana", "shift_jis", []string{"ﾀﾛｳ,ﾀﾅｶ", "ｲﾁﾛｳ,ｽｽﾞｷ"}},
		{"Japanese EUC", "euc-jp", []string{"太郎,田中", "花子,佐藤", "健一,鈴木"}},
		{"Japanese EUC address", "euc-jp", []string{"たろう,たなか", "東京都,港区"}},
		{"Korean", "euc-kr", []string{"철수,김", "영희,이", "민준,박"}},
		{"Korean address", "euc-kr", []string{"김철수,서울특별시 강남구"}},
		{"Simplified Chinese", "gbk", []string{"伟,王", "芳,李", "娜,张", "秀英,刘"}},
		{"GB18030 four-byte", "gb18030", []string{"𠀀,王", "伟,李"}},
		{"Traditional Chinese", "big5", []string{"偉,王", "芳,李", "娜,張", "秀英,劉"}},
		{"Taiwanese", "big5", []string{"志明,陳", "美玲,林"}},
		{"UTF-8", "utf-8", []string{"Jürgen,Müller", "Иван,Иванов", "太郎,田中"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(encode(t, tt.encoding, contactCSV(50, tt.names...)))
			if got.Encoding != tt.encoding || got.BOM != 0 {
				t.Errorf("Detect = %+v, want %s", got, tt.encoding)
			}
			if got.Confidence < 0.5 || got.Confidence > 1 {
				t.Errorf("confidence %.3f, want a clear answer", got.Confidence)
			}
		})
	}
}

func TestDetectBOM(t *testing.T) {
	const text = "Contact ID\tFirst Name\r\nC1\tJürgen\r\n"
	tests := []struct {
		name     string
		data     []byte
		encoding string
		bom      int
	}{
		{"utf-8", append([]byte{0xEF, 0xBB, 0xBF}, text...), "utf-8", 3},
		{"utf-16le", append([]byte{0xFF, 0xFE}, encode(t, "utf-16le", text)...), "utf-16le", 2},
		{"utf-16be", append([]byte{0xFE, 0xFF}, encode(t, "utf-16be", text)...), "utf-16be", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(tt.data)
			if got != (Result{Encoding: tt.encoding, Confidence: 1, BOM: tt.bom, Whole: tt.encoding == "utf-8"}) {
				t.Errorf("Detect = %+v, want %s with a %d-byte BOM", got, tt.encoding, tt.bom)
			}
		})
	}
}

// Excel's "Unicode Text" is UTF-16LE with tabs, sometimes without a BOM.
func TestDetectUTF16WithoutBOM(t *testing.T) {
	rows := strings.ReplaceAll(contactCSV(20, "Jürgen,Müller", "太郎,田中", "Иван,Иванов"), ",", "\t")
	for _, encoding := range []string{"utf-16le", "utf-16be"} {
		t.Run(encoding, func(t *testing.T) {
			data := encode(t, encoding, rows)
			got := Detect(data)
			if got.Encoding != encoding || got.BOM != 0 || got.Confidence < 0.8 {
				t.Fatalf("Detect = %+v, want %s", got, encoding)
			}
			if out, invalid, _ := ToUTF8(data, got.Encoding); string(out) != rows || invalid != 0 {
				t.Errorf("ToUTF8 gave %d invalid, text differs: %t", invalid, string(out) != rows)
			}
		})
	}
}

func TestDetectUTF8(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		minConf float64
	}{
		{"empty", "", 0.99},
		{"pure ASCII", contactCSV(100), 0.99},
		{"many accents", contactCSV(10, "Jürgen,Müller", "José,García", "Zoë,Noël", "Åsa,Ångström"), 0.99},
		{"one accent", contactCSV(10, "José,Smith"), 0.9},
		// A caller sniffing a prefix may cut the last character in half.
		{"cut at the end", contactCSV(10, "José,Smith") + "Ren\xc3", 0.9},
		// A UTF-8 file with one pasted windows-1252 name is still UTF-8.
		{"one stray byte", contactCSV(10, "Jürgen,Müller", "José,García", "Françoise,Dubois", "Zoë,Noël") + "X,Ren\xe9,Roux\n", 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect([]byte(tt.data))
			if got.Encoding != "utf-8" || got.BOM != 0 || got.Confidence < tt.minConf || got.Confidence > 1 {
				t.Errorf("Detect = %+v, want utf-8 with confidence ≥ %.2f", got, tt.minConf)
			}
		})
	}
}

// A handful of accented names at the very end of thousands of ASCII rows
// decide the encoding: Detect reads the whole file.
func TestDetectNamesAtTheEnd(t *testing.T) {
	tests := []struct {
		rows     int
		encoding string
		names    []string
	}{
		{5000, "windows-1252", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois"}},
		{60000, "windows-1252", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois"}},
		{60000, "windows-1250", []string{"Antonín,Dvořák", "Łukasz,Wałęsa", "Jiří,Černý"}},
		{60000, "shift_jis", []string{"太郎,田中", "花子,佐藤"}},
	}
	for _, tt := range tests {
		t.Run(tt.encoding, func(t *testing.T) {
			got := Detect(encode(t, tt.encoding, contactCSV(tt.rows, tt.names...)))
			if got.Encoding != tt.encoding || got.Confidence < 0.5 {
				t.Errorf("Detect = %+v, want %s", got, tt.encoding)
			}
		})
	}
}

// When a file holds more non-ASCII text than Detect examines, the sample
// still spans the whole file, within the budget.
func TestDetectSamplesWholeFile(t *testing.T) {
	var b strings.Builder
	for b.Len() < 4*evidenceBudget {
		b.WriteString("Иван,Иванов,Москва\n")
	}
	for b.Len() < 8*evidenceBudget {
		b.WriteString("Ігор,Їжакевич,Київ\n")
	}
	data := encode(t, "windows-1251", b.String())
	evidence, _ := collectEvidence(data)
	if len(evidence) > evidenceBudget+evidenceStripes*maxSegment {
		t.Errorf("evidence is %d bytes, budget %d", len(evidence), evidenceBudget)
	}
	text, _, _ := ToUTF8(evidence, "windows-1251")
	for _, want := range []string{"Иванов", "Їжакевич"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("evidence lacks %s", want)
		}
	}
	if got := Detect(data); got.Encoding != "windows-1251" {
		t.Errorf("Detect = %+v", got)
	}
}

// Garbage gets an answer, with a confidence that says it is a guess.
func TestDetectGarbage(t *testing.T) {
	data := make([]byte, 4096)
	state := uint32(1)
	for i := range data {
		state = state*1664525 + 1013904223
		data[i] = byte(state >> 24)
	}
	got := Detect(data)
	if _, ok := Canonical(got.Encoding); !ok || got.Confidence > 0.4 {
		t.Errorf("Detect = %+v, want a low-confidence guess", got)
	}
}

// Detect may run on several files at once; run with -race.
func TestDetectConcurrent(t *testing.T) {
	inputs := [][]byte{
		encode(t, "windows-1252", contactCSV(10, "Jürgen,Müller")),
		encode(t, "shift_jis", contactCSV(10, "太郎,田中")),
		encode(t, "koi8-r", contactCSV(10, "Иван,Иванов")),
	}
	want := []string{"windows-1252", "shift_jis", "koi8-r"}
	errs := make(chan string, 3*len(inputs))
	for range 3 {
		for i, data := range inputs {
			go func() {
				if got := Detect(data); got.Encoding != want[i] {
					errs <- got.Encoding
				} else {
					errs <- ""
				}
			}()
		}
	}
	for range 3 * len(inputs) {
		if e := <-errs; e != "" {
			t.Errorf("concurrent Detect answered %s", e)
		}
	}
}
