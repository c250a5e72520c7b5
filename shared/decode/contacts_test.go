package decode

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// contactCSV builds a contact list as exports look: asciiRows plain rows,
// then one row per name ("First,Last").
func contactCSV(asciiRows int, names ...string) string {
	var b strings.Builder
	b.WriteString("Contact ID,First Name,Last Name,Work Phone,City\n")
	for i := range asciiRows {
		fmt.Fprintf(&b, "C%05d,John,Smith,+1 555 010 %04d,Springfield\n", i, i%10000)
	}
	for i, n := range names {
		fmt.Fprintf(&b, "N%05d,%s,+49 30 1234 %03d,Berlin\n", i, n, i)
	}
	return b.String()
}

// encodingFor returns the x/text encoding of a canonical name, the reference
// these tests check the decoders against.
func encodingFor(name string) encoding.Encoding {
	switch name {
	case "utf-8":
		return encoding.Nop
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return codecByName[name]
}

func encoderFor(t testing.TB, name string) *encoding.Encoder {
	t.Helper()
	enc := encodingFor(name)
	if enc == nil {
		t.Fatalf("no codec %q", name)
	}
	return enc.NewEncoder()
}

// encode writes text in the named encoding; it fails the test if the
// encoding cannot hold the text.
func encode(t testing.TB, name, text string) []byte {
	t.Helper()
	data, err := encoderFor(t, name).Bytes([]byte(text))
	if err != nil {
		t.Fatalf("encoding the sample as %s: %v", name, err)
	}
	return data
}

// sampleNames are names (and a few addresses) in the scripts the supported
// encodings cover, "First,Last" as contactCSV wants them.
var sampleNames = []string{
	"Jürgen,Müller", "José,García", "Françoise,Dubois", "Søren,Kierkegaard", "Åsa,Ångström",
	"João,Gonçalves", "Zoë,Noël", "Antonín,Dvořák", "Łukasz,Wałęsa", "Zoltán,Szőke", "Jiří,Černý",
	"Ştefan,Ţepeş", "Ðorđe,Đurić", "Mehmet,Yılmaz", "Ayşe,Doğan", "Jānis,Bērziņš", "Rūta,Žygimantė",
	"Иван,Иванов", "Ольга,Кузнецова", "Ігор,Ґонта", "Γιώργος,Παπαδόπουλος", "דוד,כהן", "محمد,علي",
	"สมชาย,ใจดี", "Trương,Ơn", "太郎,田中", "さくら,たなか", "ﾀﾛｳ,ﾀﾅｶ", "철수,김", "伟,王", "偉,陳",
	"Guðrún,Þórsdóttir", "Œdipe,Cœur", "Ödön,Kővári",
}

// representable returns the sample names the named encoding can hold.
func representable(t testing.TB, name string) []string {
	t.Helper()
	var names []string
	for _, n := range sampleNames {
		if _, err := encoderFor(t, name).Bytes([]byte(n)); err == nil {
			names = append(names, n)
		}
	}
	return names
}
