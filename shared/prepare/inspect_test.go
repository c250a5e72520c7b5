package prepare_test

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/mapping"
	"contactprep/shared/prepare"
)

// sheetRows is a workbook stand-in: the rows of one sheet.
type sheetRows struct{ rows [][]string }

func (s *sheetRows) Read() ([]string, error) {
	if len(s.rows) == 0 {
		return nil, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

func TestInspect(t *testing.T) {
	book := func(data []byte, sheet string, _ int, _ func([][]string) int) (prepare.RowReader, string, error) {
		if sheet != "" && sheet != "People" {
			return nil, "", errors.New("no such sheet")
		}
		return &sheetRows{[][]string{{}, {"Customer ID", "Vorname", "Mobile"}, {"1", "Ann", "x"}}}, "People", nil
	}
	for _, c := range []struct {
		name      string
		data      string
		opt       prepare.Options
		format    string
		encoding  string
		delimiter string
		sheet     string
		header    []string
		targets   []string // per header column: its target, "" for none
	}{
		{"windows-1252 semicolons", "\n\nCustomer ID;Pr\xe9nom;Nom;Mobile\r\nK1;Jos\xe9;M\xfcller;555\r\n", prepare.Options{},
			"csv", "windows-1252", ";", "", []string{"Customer ID", "Prénom", "Nom", "Mobile"},
			[]string{"Contact ID", "Contact First Name", "Contact Last Name", "Contact Cell Phone"}},
		{"explicit mapping", "Customer ID,Prénom\n1,Ann\n", prepare.Options{Map: []mapping.Override{{Source: "Prénom", Target: "Contact First Name"}, {Source: "Customer ID"}}},
			"csv", "utf-8", ",", "", []string{"Customer ID", "Prénom"}, []string{"", "Contact First Name"}},
		{"tabs", "Contact ID\tFirst Name\n", prepare.Options{}, "csv", "utf-8", "\t", "",
			[]string{"Contact ID", "First Name"}, []string{"Contact ID", "Contact First Name"}},
		{"no header", "\n \n", prepare.Options{}, "csv", "utf-8", ",", "", nil, nil},
		{"workbook", "PK\x03\x04rest", prepare.Options{Workbooks: book}, "xlsx", "utf-8", "", "People",
			[]string{"Customer ID", "Vorname", "Mobile"}, []string{"Contact ID", "Contact First Name", "Contact Cell Phone"}},
	} {
		d, err := prepare.Inspect(prepare.Input{Name: "in", Data: []byte(c.data)}, c.opt)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d.Format != c.format || d.Encoding != c.encoding || d.Delimiter != c.delimiter || d.Sheet != c.sheet || !slices.Equal(d.Header, c.header) {
			t.Errorf("%s: got %+v", c.name, d)
		}
		var targets []string
		for _, to := range d.Mapping.To {
			if to < 0 {
				targets = append(targets, "")
			} else {
				targets = append(targets, d.Mapping.Target.Columns[to].Header)
			}
		}
		if !slices.Equal(targets, c.targets) {
			t.Errorf("%s: targets %q, want %q", c.name, targets, c.targets)
		}
	}
}

func TestInspectRefusals(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		opt  prepare.Options
		want string
	}{
		{"legacy.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", prepare.Options{}, "unsupported format"},
		{"book.xlsx", "PK\x03\x04", prepare.Options{}, "XLSX support is not loaded"},
		{"wide.csv", strings.Repeat("a,", prepare.MaxColumns+1), prepare.Options{}, "columns"},
		{"odd.csv", "a\n", prepare.Options{Encoding: "no-such"}, `Encoding "no-such"`},
	} {
		_, err := prepare.Inspect(prepare.Input{Name: c.name, Data: []byte(c.data)}, c.opt)
		var pe *prepare.Error
		if !errors.As(err, &pe) || pe.File != c.name || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a *prepare.Error naming the file and saying %q", c.name, err, c.want)
		}
	}
	if _, err := prepare.Inspect(prepare.Input{Name: "x.csv", Data: []byte("a\n")}, prepare.Options{Target: "nope"}); err == nil {
		t.Error("an unknown target was accepted")
	}
}

func TestInspectMissingAndSamples(t *testing.T) {
	data := "Kunden-Nr;Vorname;Nachname;Telefon;Ort;Firma;Notiz\n" +
		"K1;Anna;Schmidt;030 1234567;Berlin;ACME;\n" +
		"K2;Jörg; Weber ;030 7654321;Berlin;ACME;\n" +
		"K3;Anna;Schmidt;;Köln;Beta;\n" +
		"K4;Eva;Braun;;München;Gamma;\n"
	d, err := prepare.Inspect(prepare.Input{Name: "kunden.csv", Data: []byte(data)}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Firma fills Account Name: the account part is present, its ID is not.
	if !slices.Equal(d.Missing, []string{"Account ID"}) {
		t.Errorf("missing %q, want [Account ID]", d.Missing)
	}
	want := [][]string{{"K1", "K2", "K3"}, {"Anna", "Jörg", "Eva"}, {"Schmidt", "Weber", "Braun"}, {"030 1234567", "030 7654321"},
		{"Berlin", "Köln", "München"}, {"ACME", "Beta", "Gamma"}, {}}
	if len(d.Samples) != len(want) {
		t.Fatalf("samples %q", d.Samples)
	}
	for i := range want {
		if !slices.Equal(d.Samples[i], want[i]) {
			t.Errorf("samples of %q: %q, want %q", d.Header[i], d.Samples[i], want[i])
		}
	}

	d, err = prepare.Inspect(prepare.Input{Name: "kunden.csv", Data: []byte("Kundenname,Telefon,Ort\nA,1,B\n")}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Missing, []string{"Contact ID", "Contact First Name", "Contact Last Name"}) {
		t.Errorf("missing %q, want the contact's ID and names", d.Missing)
	}
}

func TestInspectHasRows(t *testing.T) {
	for _, c := range []struct {
		name, data string
		header     int
		rows       bool
	}{
		{"empty.csv", "", 0, false},
		{"bom-only.csv", "\xEF\xBB\xBF", 0, false},
		{"header-only.csv", "Contact ID,First Name\r\n", 2, false},
		{"one-row.csv", "Contact ID,First Name\r\nC1,Ann\r\n", 2, true},
	} {
		d, err := prepare.Inspect(prepare.Input{Name: c.name, Data: []byte(c.data)}, prepare.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(d.Header) != c.header || d.HasRows != c.rows {
			t.Errorf("%s: header %q, has rows %v; want %d columns, %v", c.name, d.Header, d.HasRows, c.header, c.rows)
		}
	}
}
