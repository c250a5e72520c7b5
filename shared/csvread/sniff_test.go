package csvread

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		want   byte
	}{
		{"empty", "", ','},
		{"one column", "name\nAnn\nBob\n", ','},
		{"comma", "first,last,phone\nAnn,Lee,555\nBob,Ray,556\n", ','},
		{"comma without final line end", "a,b,c\n1,2,3", ','},
		{"single line without line end", "a;b;c", ';'},
		{"semicolon European export", "Vorname;Nachname;Umsatz\nJürgen;Müller;1.234,56\nAnna;Schmidt;99,00\n", ';'},
		{"semicolon with decimal commas in every row", "a;b;c;d\n1,5;2;3;4\n2,5;2;3;4\n", ';'},
		{"tab", "first\tlast\tcity\nAnn\tLee\tRome, Italy\nBob\tRay\tParis, France\n", '\t'},
		{"pipe", "id|name|phone\n1|Ann|555\n2|Bob|556\n", '|'},
		{
			"quoted fields contain other delimiters",
			"name,address,tags\n\"Lee; Ann\",\"1 Main St; Apt 2\",\"a|b|c\"\n\"Ray; Bob\",\"2 High St; Flat 3\",\"d|e|f\"\n",
			',',
		},
		{
			"semicolon file with quoted commas",
			"name;address\n\"Lee, Ann\";\"1 Main St, Springfield, IL\"\n\"Ray, Bob\";\"2 High St, Dover\"\n",
			';',
		},
		{
			"quoted newline does not split a record",
			"a;b\n\"x\ny,z,w\";1\n\"p\nq,r,s\";2\n",
			';',
		},
		{"tie favours comma", "a,b;c\n1,2;3\n", ','},
		{"tie favours tab over semicolon", "a\tb;c\n1\t2;3\n", '\t'},
		{"tie favours semicolon over pipe", "a;b|c\n1;2|3\n", ';'},
		{"consistency beats width", "a,b,c;d\n1,2;3\n4;5,6,7\n8;9\n", ';'},
		// Counted, the cut record "4;5" would make ';' the more consistent.
		{"cut-off last record is not counted", "a;b,c\n1;2,3\n4;5", ','},
		{"blank lines are ignored", "a|b\n\n\n1|2\n\n", '|'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.sample)); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSniffLooksAtFirstRecordsOnly(t *testing.T) {
	head := strings.Repeat("a;b\n", sniffRecords)
	tail := strings.Repeat("a,b,c\n", 10*sniffRecords)
	if got := Sniff([]byte(head + tail)); got != ';' {
		t.Errorf("Sniff = %q, want ';' from the first %d records", got, sniffRecords)
	}
}
