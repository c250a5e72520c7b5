package decode

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
)

func exploreCSV(names []string, asciiRows int) string {
	var b strings.Builder
	b.WriteString("Contact ID,First Name,Last Name,Phone,City\n")
	for i := 0; i < asciiRows; i++ {
		fmt.Fprintf(&b, "C%05d,John,Smith,+1 555 010 %04d,Springfield\n", i, i)
	}
	for i, n := range names {
		fmt.Fprintf(&b, "X%03d,%s,+49 30 1234 %03d,Berlin\n", i, n, i)
	}
	return b.String()
}

func TestExplore(t *testing.T) {
	cases := []struct {
		enc   string
		names []string
	}{
		{"windows-1252", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois", "Søren,Kierkegaard"}},
		{"windows-1252", []string{"Søren,Larsen"}},
		{"windows-1250", []string{"Antonín,Dvořák", "Łukasz,Wałęsa", "Zoltán,Szőke", "Jiří,Černý"}},
		{"windows-1250", []string{"Antonín,Dvořák", "Łukasz,Nowak"}},
		{"windows-1251", []string{"Иван,Иванов", "Пётр,Смирнов", "Ольга,Кузнецова"}},
		{"koi8-r", []string{"Иван,Иванов", "Пётр,Смирнов", "Ольга,Кузнецова"}},
		{"windows-1251", []string{"ИВАН,ИВАНОВ", "ПЁТР,СМИРНОВ", "ОЛЬГА,КУЗНЕЦОВА"}},
		{"koi8-r", []string{"ИВАН,ИВАНОВ", "ПЁТР,СМИРНОВ", "ОЛЬГА,КУЗНЕЦОВА"}},
		{"shift_jis", []string{"太郎,田中", "花子,佐藤", "健一,鈴木"}},
		{"euc-jp", []string{"太郎,田中", "花子,佐藤", "健一,鈴木"}},
		{"shift_jis", []string{"タロウ,タナカ", "ハナコ,サトウ"}},
		{"euc-jp", []string{"たろう,たなか", "東京都,港区"}},
		{"euc-kr", []string{"철수,김", "영희,이", "민준,박"}},
		{"euc-kr", []string{"김철수,서울특별시"}},
		{"gbk", []string{"伟,王", "芳,李", "娜,张", "秀英,刘"}},
		{"gbk", []string{"三,张"}},
		{"big5", []string{"偉,王", "芳,李", "娜,張", "秀英,劉"}},
		{"big5", []string{"志明,陳"}},
		{"windows-1253", []string{"Γιώργος,Παπαδόπουλος", "Μαρία,Νικολάου"}},
		{"windows-1254", []string{"Mehmet,Yılmaz", "Ayşe,Doğan", "Ömer,Şahin"}},
		{"windows-1257", []string{"Jānis,Bērziņš", "Rūta,Kalniņa"}},
		{"windows-1255", []string{"דוד,כהן", "שרה,לוי"}},
		{"windows-1256", []string{"محمد,علي", "فاطمة,حسن"}},
		{"windows-874", []string{"สมชาย,ใจดี"}},
		{"macintosh", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois"}},
		{"ibm850", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois"}},
		{"iso-8859-2", []string{"Łukasz,Wałęsa", "Małgorzata,Kowalczyk", "Jiří,Šťastný"}},
		{"iso-8859-15", []string{"Jürgen,Müller", "€ 100,Œuvre"}},
	}
	for _, c := range cases {
		text := exploreCSV(c.names, 50)
		enc := codecByName[c.enc]
		data, err := encoding.ReplaceUnsupported(enc.NewEncoder()).Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		r := Detect(data)
		mark := "  "
		if r.Encoding != c.enc {
			mark = "!!"
		}
		fmt.Printf("%s %-14s -> %-14s %.3f  %v\n", mark, c.enc, r.Encoding, r.Confidence, c.names[0])
	}
}

func TestExploreOne(t *testing.T) {
	debugScores = true
	defer func() { debugScores = false }()
	for _, c := range []struct {
		enc   string
		names []string
	}{
		{"windows-1252", []string{"Jürgen,Müller", "José,García", "Françoise,Dubois", "Søren,Kierkegaard"}},
		{"windows-1254", []string{"Mehmet,Yılmaz", "Ayşe,Doğan", "Ömer,Şahin"}},
		{"windows-1251", []string{"Иван,Иванов", "Пётр,Смирнов", "Ольга,Кузнецова"}},
	} {
		text := exploreCSV(c.names, 50)
		data, _ := encoding.ReplaceUnsupported(codecByName[c.enc].NewEncoder()).Bytes([]byte(text))
		fmt.Println(c.enc, Detect(data))
	}
}
