package sniff

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	utf16 := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	for _, c := range []struct {
		name, data string
		want       Format
		refuse     string
	}{
		{"csv", "Contact ID,First\n1,Jane\n", Text, ""},
		{"utf-8 bom", "\xEF\xBB\xBFa;b\n1;2\n", Text, ""},
		{"utf-16le bom", "\xFF\xFE" + utf16("a\tb\r\n"), Text, ""},
		{"utf-16le no bom", utf16("Contact ID\tFirst Name\r\n1\tJane\r\n"), Text, ""},
		{"windows-1252", "Name\nM\xFCller\n", Text, ""},
		{"empty", "", Text, ""},
		{"zip", "PK\x03\x04rest", XLSX, ""},
		{"xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "", "legacy Excel"},
		{"pdf", "%PDF-1.7\n", "", "PDF"},
		{"html as xls", "  <html><table><tr><td>1</td></tr></table>", "", "web page"},
		{"xml spreadsheet", "<?xml version=\"1.0\"?><Workbook>", "", "XML"},
		{"binary", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16x", "", "binary"},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "picture"},
		{"jpeg", "\xFF\xD8\xFF\xE0\x00\x10JFIF", "", "picture"},
		{"webp", "RIFF\x10\x00\x00\x00WEBPVP8 ", "", "picture"},
		{"text starting like a bitmap", "BMW dealer,Phone\nMunich,089 1234\n", Text, ""},
		{"password-protected", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 100) + utf16("EncryptionInfo"), "", "password-protected workbook"},
	} {
		got, err := Detect([]byte(c.data))
		if c.refuse != "" {
			var u *Unsupported
			if !errors.As(err, &u) || !slices.Contains(Kinds, u.Kind) {
				t.Errorf("%s: err = %v, want an *Unsupported of a listed kind", c.name, err)
			}
			if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), c.refuse) || !strings.Contains(err.Error(), "save as XLSX or CSV") {
				t.Errorf("%s: err = %v, want a refusal naming %q", c.name, err, c.refuse)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: Detect = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}
