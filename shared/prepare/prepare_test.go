package prepare_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/check"
	"contactprep/shared/decode"
	"contactprep/shared/finding"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/sniff"
)

func TestUnreadableInputsNameTheFile(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		opt  prepare.Options
	}{
		{"old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00"), prepare.Options{}},
		{"book.xlsx", []byte("PK\x03\x04 not really"), prepare.Options{}}, // no workbook support passed in
		{"wide.csv", bytes.Repeat([]byte("a,"), prepare.MaxColumns+1), prepare.Options{}},
		{"x.csv", []byte("a\n"), prepare.Options{Encoding: "no-such-encoding"}},
	} {
		_, err := prepare.Run([]prepare.Input{{Name: c.name, Data: c.data}}, c.opt)
		var pe *prepare.Error
		if !errors.As(err, &pe) || pe.File != c.name {
			t.Errorf("%s: err = %v, want a *prepare.Error naming the file", c.name, err)
		}
	}
	_, err := prepare.Run([]prepare.Input{{Name: "old.xls", Data: []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")}}, prepare.Options{})
	if !errors.Is(err, sniff.ErrUnsupported) {
		t.Errorf("legacy xls: %v, want ErrUnsupported", err)
	}
}

func TestEmptyAndHeaderOnly(t *testing.T) {
	for _, data := range []string{"", "\n\n", "Contact ID,First Name,Last Name\n", "\xEF\xBB\xBF"} {
		res, err := prepare.Run([]prepare.Input{{Name: "e.csv", Data: []byte(data)}}, prepare.Options{})
		if err != nil {
			t.Errorf("%q: %v", data, err)
			continue
		}
		if res.Table.Len() != 0 || len(res.Table.FileFindings()) == 0 {
			t.Errorf("%q: %d rows, findings %v", data, res.Table.Len(), res.Table.FileFindings())
		}
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 20000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var last prepare.Progress
	calls := 0
	_, err := prepare.Run([]prepare.Input{{Name: "g.csv", Data: buf.Bytes()}}, prepare.Options{Progress: func(p prepare.Progress) {
		if p.Bytes < last.Bytes || p.Rows < last.Rows {
			t.Errorf("progress went back: %+v after %+v", p, last)
		}
		last = p
		calls++
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 4 || last.Phase != "resolve" || last.Rows != 20000 || last.TotalBytes != int64(buf.Len()) || last.Total == 0 || last.Done != last.Total {
		t.Errorf("%d calls, last %+v", calls, last)
	}
}

// FuzzRun feeds arbitrary bytes through the whole pipeline: it never panics,
// and every row read is exported, rejected or merged.
func FuzzRun(f *testing.F) {
	f.Add([]byte("Contact ID,First Name,Last Name,Mobile\n1,Ann,Lee,(415) 555-2671\n1,Ann,Lee,+14155552671\n"))
	f.Add([]byte("Customer ID;Vorname;Nachname;Firma ID;Firma\nK1;J\xfcrgen;Gro\xdf;A1;M\xfcller\nK2;\"x;y\";\"unterminated\n"))
	f.Add([]byte("\xff\xfeC\x00o\x00n\x00t\x00a\x00c\x00t\x00 \x00I\x00D\x00\t\x00x\x00\n\x001\x00\t\x002\x00\n\x00"))
	f.Add([]byte("id,name\n\"a\"b,c,d,e\n,,,\n=1+2,@x\n"))
	// UTF-16 with a byte lost, and a defused rejected.csv row (issue 21).
	f.Add([]byte("\xff\xfeC\x00o\x00n\x00t\x00a\x00c\x00t\x00 \x00I\x00D\x00\t\x00x\x00\n\x001\x00\t\x00\x002\x00\n\x003\x00\t\x004\x00\n\x00"))
	f.Add([]byte("Contact ID,First Name,Last Name\n'=C1,'\t=1+1,'-Lee\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := prepare.Run([]prepare.Input{{Name: "f.csv", Data: data}}, prepare.Options{})
		if err != nil {
			var pe *prepare.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		sum, err := output.Write(res, &output.Memory{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.InputRows != res.Table.Len() || sum.InputRows != sum.OutputRows+sum.RejectedRows+sum.MergedRows {
			t.Fatalf("rows not accounted for: %+v", sum)
		}
		for r := range res.Table.Len() {
			if reason, _ := res.Table.Reason(r); res.Table.State(r) == check.Rejected && reason == "" {
				t.Fatalf("row %d rejected without a reason", r)
			}
		}
	})
}

func TestHeader(t *testing.T) {
	h, err := prepare.Header(prepare.Input{Name: "t.csv", Data: []byte("\xEF\xBB\xBF\n\nContact ID;Contact First Name\n1;a\n")}, prepare.Options{Encoding: "shift_jis"})
	if err != nil || len(h) != 2 || h[0] != "Contact ID" {
		t.Errorf("Header = %q, %v; want the first non-blank row, no BOM, delimiter and encoding detected", h, err)
	}
	if _, err := prepare.Header(prepare.Input{Name: "e.csv", Data: []byte("\n \n")}, prepare.Options{}); err == nil {
		t.Error("a file without a header row must be an error")
	}
}

// TestInspectedEncoding: a run given the encoding Inspect detected
// (Input.Detected) takes it instead of detecting again, and comes to what a
// run that detects it does.
func TestInspectedEncoding(t *testing.T) {
	data := []byte("Contact ID;First Name;Last Name\r\nC1;Jos\xe9;M\xfcller\r\n")
	in := prepare.Input{Name: "a.csv", Data: data}
	d, err := prepare.Inspect(in, prepare.Options{})
	if err != nil || d.Decoding == nil || d.Decoding.Encoding != "windows-1252" {
		t.Fatalf("Inspect: %+v, %v", d, err)
	}
	detected, err := prepare.Run([]prepare.Input{in}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in.Detected = d.Decoding
	given, err := prepare.Run([]prepare.Input{in}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if given.Inputs[0] != detected.Inputs[0] || given.Table.Cell(0, given.Table.Target.Index("Contact First Name")) != "José" {
		t.Errorf("with Inspect's encoding: %+v, detected again: %+v", given.Inputs[0], detected.Inputs[0])
	}
	// It is taken as given: another encoding named there is the one used.
	in.Detected = &decode.Result{Encoding: "iso-8859-2", Confidence: 0.5}
	other, err := prepare.Run([]prepare.Input{in}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := other.Inputs[0]; got.Encoding != "iso-8859-2" || got.Confidence != 0.5 {
		t.Errorf("with another encoding given: %+v", got)
	}
}

// TestTitleRows: rows above the header row (a report's title, an empty
// line) are reported once, counted in InputInfo.TitleRows and left out of
// the rows, in a text held or read where it lies and in a sheet; rows are
// numbered from the header as ever.
func TestTitleRows(t *testing.T) {
	text := "Q3 customer contacts;;;\n;;;\nKunden-Nr;Vorname;Nachname;Telefon\nK1;Anna;Schmidt;030 1234567\nK2;Jörg;Weber;\n"
	sheet := [][]string{{"Q3 customer contacts"}, {}, {"Kunden-Nr", "Vorname", "Nachname", "Telefon"}, {"K1", "Anna", "Schmidt", "030 1234567"}, {"K2", "Jörg", "Weber"}}
	book := func([]byte, string, int, func([][]string) int) (prepare.RowReader, string, error) {
		return &sheetRows{slices.Clone(sheet)}, "Kontakte", nil
	}
	for name, in := range map[string]prepare.Input{
		"held":     {Name: "k.csv", Data: []byte(text)},
		"at":       {Name: "k.csv", At: strings.NewReader(text), Size: int64(len(text))},
		"workbook": {Name: "k.xlsx", Data: []byte("PK\x03\x04")},
	} {
		res, err := prepare.Run([]prepare.Input{in}, prepare.Options{Country: "DE", Workbooks: book})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		info := res.Inputs[0]
		if info.Rows != 2 || info.TitleRows != 1 || res.Table.Len() != 2 {
			t.Errorf("%s: %d rows, %d title rows, table of %d", name, info.Rows, info.TitleRows, res.Table.Len())
		}
		if _, row, fields := res.Table.Source(0); row != 1 || string(fields[0]) != "K1" {
			t.Errorf("%s: first row is row %d, %q", name, row, fields)
		}
		var titles []finding.Finding
		for _, f := range res.Table.FileFindings() {
			if f.Code == finding.TitleRows {
				titles = append(titles, f)
			}
		}
		if len(titles) != 1 || titles[0].Original != "Q3 customer contacts" || titles[0].Row != 0 {
			t.Errorf("%s: title findings %+v", name, titles)
		}
		sum, err := output.Write(res, &output.Memory{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.InputRows != 2 || sum.OutputRows+sum.RejectedRows+sum.MergedRows != 2 {
			t.Errorf("%s: summary %d in, %d out, %d rejected", name, sum.InputRows, sum.OutputRows, sum.RejectedRows)
		}
		d, err := prepare.Inspect(in, prepare.Options{Workbooks: book})
		if err != nil {
			t.Fatal(err)
		}
		if d.Header[0] != "Kunden-Nr" || d.TitleRows != 1 || !slices.Equal(d.Titles, []string{"Q3 customer contacts"}) || !slices.Equal(d.Samples[0], []string{"K1", "K2"}) {
			t.Errorf("%s: inspect %q, titles %d %q, samples %q", name, d.Header, d.TitleRows, d.Titles, d.Samples)
		}
	}
}

// TestMixedCountries: with Germany chosen, a French mobile in a row whose
// country is France becomes +33…, in one pass and in slices alike.
func TestMixedCountries(t *testing.T) {
	var b strings.Builder
	b.WriteString("Kunden-Nr;Vorname;Nachname;Mobil;Land\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "F%d;Anne;Martin;06 12 34 56 78;France\nD%d;Eva;Braun;0171 1234567;\n", i, i)
	}
	for _, workers := range []int{1, 2} {
		res, err := prepare.Run([]prepare.Input{{Name: "k.csv", Data: []byte(b.String())}}, prepare.Options{Country: "DE", Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		cell := res.Table.Target.Index("Contact Cell Phone")
		for r := range res.Table.Len() {
			want := "+33612345678"
			if r%2 == 1 {
				want = "+491711234567"
			}
			if got := res.Table.Cell(r, cell); got != want {
				t.Fatalf("workers %d, row %d: %q, want %q", workers, r+1, got, want)
			}
		}
	}
}
