package gen

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

func write(t testing.TB, opt Options) ([]byte, Truth) {
	t.Helper()
	var buf bytes.Buffer
	truth, err := WriteWithTruth(&buf, opt)
	if err != nil {
		t.Fatalf("WriteWithTruth(%+v): %v", opt, err)
	}
	return buf.Bytes(), truth
}

// parse reads a UTF-8 CSV strictly: every record must have all the columns.
func parse(t testing.TB, data []byte, delim byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = rune(delim)
	r.FieldsPerRecord = len(Columns)
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the output is not valid CSV: %v", err)
	}
	if len(records) == 0 || strings.Join(records[0], "|") != strings.Join(Columns, "|") {
		t.Fatalf("header = %q, want %q", records[0], Columns)
	}
	return records[1:]
}

var scientific = regexp.MustCompile(`^[1-9](\.[0-9]+)?E\+[0-9]{2}$`)

// recount counts in parsed rows what Truth claims, independently of the
// generator, and how many phone cells there are and how many are valid.
func recount(rows [][]string) (got Truth, phones, validPhones int) {
	seen := map[string]bool{}
	names := map[string]string{}
	conflictingIDs := map[string]bool{}
	accounts := map[string]string{}
	conflictingAccounts := map[string]bool{}
	for _, row := range rows {
		got.Rows++
		whole := strings.Join(row, "\x00")
		if seen[whole] {
			got.DuplicateRows++
		}
		seen[whole] = true
		n := row[1] + "\x00" + row[2]
		if prev, ok := names[row[0]]; !ok {
			names[row[0]] = n
		} else if prev != n {
			conflictingIDs[row[0]] = true
		}
		if id := row[7]; id != "" {
			a := strings.Join(row[colCompany:colCountry+1], "\x00")
			if prev, ok := accounts[id]; !ok {
				accounts[id] = a
			} else if prev != a {
				conflictingAccounts[id] = true
			}
		}
		for _, p := range row[4:7] {
			if p != "" {
				phones++
			}
			switch {
			case p == "":
			case scientific.MatchString(p):
				got.DamagedPhones++
			case validPhone(p):
				validPhones++
			default:
				got.InvalidPhones++
			}
		}
	}
	got.ConflictingContactIDs = len(conflictingIDs)
	got.ConflictingAccountIDs = len(conflictingAccounts)
	return got, phones, validPhones
}

// validPhone reads a phone as the engine should: a ".0" from a float column
// dropped, the US as default country.
func validPhone(p string) bool {
	n, err := phonenumbers.Parse(strings.TrimSuffix(p, ".0"), "US")
	return err == nil && phonenumbers.IsValidNumber(n)
}

func TestTruthMatchesData(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"defaults", Options{Rows: 6000, Seed: 1}},
		{"other seed, semicolons", Options{Rows: 2000, Seed: 99, Delimiter: ';'}},
		{"high rates", Options{Rows: 2000, Seed: 7, DuplicateRate: 0.2, ConflictRate: 0.1, AccountConflictRate: 0.1}},
		{"no repeats", Options{Rows: 1500, Seed: 3, DuplicateRate: -1, ConflictRate: -1, AccountConflictRate: -1}},
		{"clean", Options{Rows: 1500, Seed: 3, Clean: true}},
		{"tiny", Options{Rows: 3, Seed: 5, DuplicateRate: 0.5, ConflictRate: 0.4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, truth := write(t, tt.opt)
			delim := tt.opt.Delimiter
			if delim == 0 {
				delim = ','
			}
			got, phones, valid := recount(parse(t, data, delim))
			if got != truth {
				t.Errorf("counted in the file %+v, Truth says %+v", got, truth)
			}
			if truth.Rows != tt.opt.Rows {
				t.Errorf("Truth.Rows = %d, want %d", truth.Rows, tt.opt.Rows)
			}
			// Phones without injected dirt must be valid: the brief asks for 90%;
			// with InvalidPhones exact above, the generator delivers all of them.
			if good := phones - truth.InvalidPhones - truth.DamagedPhones; float64(valid) < 0.9*float64(good) {
				t.Errorf("%d of %d phones without dirt are valid", valid, good)
			}
		})
	}
}

func TestRates(t *testing.T) {
	const rows = 20000
	tests := []struct {
		name                string
		opt                 Options
		dup, conflict, acct float64 // expected shares of rows
	}{
		{"defaults", Options{}, 0.02, 0.005, 0.005},
		{"set", Options{DuplicateRate: 0.1, ConflictRate: 0.03, AccountConflictRate: 0.02}, 0.1, 0.03, 0.02},
		{"none", Options{DuplicateRate: -1, ConflictRate: -0.5, AccountConflictRate: -1}, 0, 0, 0},
		{"clean ignores rates", Options{Clean: true, DuplicateRate: 0.1, ConflictRate: 0.1}, 0, 0, 0},
	}
	// near allows for chance, and for account conflicts less: the rate is of rows
	// but Truth counts accounts, and big accounts take several changed rows, while
	// a changed row of an account nobody else is in conflicts with nothing.
	near := func(got int, share, low float64) bool {
		want := share * rows
		return float64(got) >= low*want-10 && float64(got) <= 1.25*want+10
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Rows, tt.opt.Seed = rows, 11
			var sink bytes.Buffer
			truth, err := WriteWithTruth(&sink, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !near(truth.DuplicateRows, tt.dup, 0.8) {
				t.Errorf("DuplicateRows = %d, want about %.0f", truth.DuplicateRows, tt.dup*rows)
			}
			if !near(truth.ConflictingContactIDs, tt.conflict, 0.75) {
				t.Errorf("ConflictingContactIDs = %d, want about %.0f", truth.ConflictingContactIDs, tt.conflict*rows)
			}
			if !near(truth.ConflictingAccountIDs, tt.acct, 0.6) {
				t.Errorf("ConflictingAccountIDs = %d, want about %.0f", truth.ConflictingAccountIDs, tt.acct*rows)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, opt := range []Options{
		{Rows: 2000},
		{Rows: 2000, Encoding: "windows-1252", Delimiter: ';'},
		{Rows: 2000, Encoding: "utf-16le"},
		{Rows: 2000, Encoding: "shift_jis"},
		{Rows: 2000, Clean: true},
		{Rows: 50, Format: "xlsx"},
	} {
		opt.Seed = 42
		a, ta := write(t, opt)
		b, tb := write(t, opt)
		if !bytes.Equal(a, b) || ta != tb {
			t.Errorf("%+v: two runs differ", opt)
		}
		opt.Seed = 43
		if c, _ := write(t, opt); bytes.Equal(a, c) {
			t.Errorf("%+v: seeds 42 and 43 give the same bytes", opt)
		}
	}
}

func TestRowCount(t *testing.T) {
	for _, rows := range []int{0, 1, 2, 17, 1000} {
		for _, delim := range []byte{',', ';', '\t'} {
			data, truth := write(t, Options{Rows: rows, Seed: int64(rows), Delimiter: delim})
			if got := len(parse(t, data, delim)); got != rows || truth.Rows != rows {
				t.Errorf("rows=%d delimiter %q: parsed %d rows, Truth.Rows %d", rows, delim, got, truth.Rows)
			}
		}
	}
}

var (
	westernLetters = regexp.MustCompile(`[äöüßéèçøëñ’]`)
	kanji          = regexp.MustCompile(`\p{Han}`)
)

func TestEncodings(t *testing.T) {
	tests := []struct {
		encoding string
		decoder  encoding.Encoding // nil: the output is UTF-8
		prefix   []byte
		delim    byte
		needs    []*regexp.Regexp // what the text must hold for the encoding to matter
		never    *regexp.Regexp   // what the encoding cannot hold
	}{
		{"utf-8", nil, nil, ',', []*regexp.Regexp{westernLetters, kanji}, nil},
		{"utf-8-bom", nil, []byte("\xef\xbb\xbf"), ',', []*regexp.Regexp{westernLetters, kanji}, nil},
		{"windows-1252", charmap.Windows1252, nil, ',', []*regexp.Regexp{westernLetters}, kanji},
		{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), []byte{0xff, 0xfe}, '\t', []*regexp.Regexp{westernLetters, kanji}, nil},
		{"shift_jis", japanese.ShiftJIS, nil, ',', []*regexp.Regexp{kanji}, westernLetters},
	}
	for _, tt := range tests {
		t.Run(tt.encoding, func(t *testing.T) {
			opt := Options{Rows: 3000, Seed: 8, Encoding: tt.encoding}
			data, _ := write(t, opt)
			if !bytes.HasPrefix(data, tt.prefix) {
				t.Fatalf("output starts % x, want % x", data[:4], tt.prefix)
			}
			// The same rows written as plain UTF-8 are the text the encoding must carry.
			norm, err := opt.normalized()
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if _, err := newGenerator(norm).writeCSV(&want, "utf-8"); err != nil {
				t.Fatal(err)
			}
			text := data
			if tt.decoder != nil {
				if text, err = tt.decoder.NewDecoder().Bytes(data); err != nil {
					t.Fatalf("decoding: %v", err)
				}
			} else {
				text = bytes.TrimPrefix(data, tt.prefix)
			}
			if !bytes.Equal(text, want.Bytes()) {
				t.Fatalf("decoded text differs from the UTF-8 rows")
			}
			if !utf8.Valid(text) {
				t.Errorf("the decoded text is not UTF-8")
			}
			for _, re := range tt.needs {
				if !re.Match(text) {
					t.Errorf("the text lacks %s, which make %s matter", re, tt.encoding)
				}
			}
			if tt.never != nil && tt.never.Match(text) {
				t.Errorf("the text holds characters %s cannot encode", tt.encoding)
			}
			parse(t, text, tt.delim)
		})
	}
}

// shapeOf replaces digits by 9, so "(415) 555-0123" becomes "(999) 999-9999".
func shapeOf(p string) string {
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return '9'
		}
		return r
	}, p)
}

func TestPhones(t *testing.T) {
	data, truth := write(t, Options{Rows: 20000, Seed: 2})
	rows := parse(t, data, ',')
	shapes := map[string]int{}
	blankHome, foreign, cells := 0, 0, 0
	for _, row := range rows {
		if row[6] == "" {
			blankHome++
		}
		for _, p := range row[4:7] {
			if p == "" {
				continue
			}
			cells++
			shapes[shapeOf(p)]++
			if strings.HasPrefix(p, "+4") || strings.HasPrefix(p, "+33") {
				foreign++
			}
		}
	}
	if truth.InvalidPhones == 0 || truth.DamagedPhones == 0 {
		t.Errorf("Truth = %+v, want invalid and damaged phones", truth)
	}
	for _, shape := range []string{"(999) 999-9999", "999.999.9999", "+9 999 999 9999", "9999999999",
		"9-999-999-9999", "999-999-9999", "+99 99 9999 9999", "+99 (9)99 9999 9999", "9999999999.9",
		"99999999999.9", "9.99999E+99", "9-999-FLOWERS", "n/a", "999-9999", "+99-9-99-99-99-99"} {
		if shapes[shape] == 0 {
			t.Errorf("no phone of shape %q", shape)
		}
	}
	extensions := 0
	for shape, n := range shapes {
		if strings.Contains(shape, " x") || strings.Contains(shape, " ext") {
			extensions += n
		}
	}
	if extensions == 0 {
		t.Errorf("no phone with an extension")
	}
	if share := float64(blankHome) / float64(len(rows)); share < 0.5 {
		t.Errorf("%.0f%% of home phones are blank, want most", 100*share)
	}
	if share := float64(foreign) / float64(cells); share < 0.04 || share > 0.2 {
		t.Errorf("%.1f%% of phones are international, want some", 100*share)
	}
}

func TestDirt(t *testing.T) {
	data, _ := write(t, Options{Rows: 20000, Seed: 4})
	rows := parse(t, data, ',')
	found := map[string]int{}
	numericID := regexp.MustCompile(`^0[0-9]{5,}$`)
	for _, row := range rows {
		if numericID.MatchString(row[0]) {
			found["numeric id"]++
		}
		for _, v := range row {
			if strings.HasPrefix(v, "=") || strings.HasPrefix(v, "@") {
				found["formula"]++
			}
			if strings.Contains(v, "\n") {
				found["newline"]++
			}
			if strings.Contains(v, `"`) {
				found["quote"]++
			}
			if strings.Contains(v, ",") {
				found["comma"]++
			}
			if strings.HasPrefix(v, " ") || strings.HasSuffix(v, " ") {
				found["padded"]++
			}
		}
		if e := row[3]; e == "n/a" || strings.HasSuffix(e, "@") || strings.Count(e, "@") > 1 {
			found["invalid email"]++
		}
		switch strings.ToLower(row[15]) {
		case "yes", "no", "true", "false", "1", "0", "y", "n", "":
		default:
			found["invalid opt out"]++
		}
		for _, v := range row[1:3] {
			if !isASCII(v) {
				found["non-ASCII name"]++
			}
		}
	}
	for _, kind := range []string{"numeric id", "formula", "newline", "quote", "comma", "padded", "invalid email", "invalid opt out", "non-ASCII name"} {
		if found[kind] == 0 {
			t.Errorf("no %s in 20000 rows", kind)
		}
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

func TestClean(t *testing.T) {
	data, truth := write(t, Options{Rows: 1500, Seed: 6, Clean: true})
	if truth != (Truth{Rows: 1500}) {
		t.Errorf("Truth = %+v, want rows only", truth)
	}
	email := regexp.MustCompile(`^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$`)
	for i, row := range parse(t, data, ',') {
		if !strings.HasPrefix(row[0], "C") {
			t.Fatalf("row %d: Customer ID without its letter", i+1)
		}
		if row[3] != "" && !email.MatchString(row[3]) {
			t.Fatalf("row %d: e-mail is not clean", i+1)
		}
		for _, p := range row[4:7] {
			if p != "" && (!strings.HasPrefix(p, "+") || strings.ContainsAny(p, " ()-.") || !validPhone(p)) {
				t.Fatalf("row %d: phone is not valid E.164", i+1)
			}
		}
		if row[15] != "true" && row[15] != "false" {
			t.Fatalf("row %d: opt out is not true or false", i+1)
		}
		for c, v := range row {
			isPhone := c >= 4 && c <= 6
			formula := v != "" && !isPhone && strings.ContainsRune("=+-@", rune(v[0]))
			if formula || strings.ContainsAny(v, "\"\n") || strings.TrimSpace(v) != v {
				t.Fatalf("row %d, column %s: value is not clean", i+1, Columns[c])
			}
		}
	}
}

func TestAppendScientific(t *testing.T) {
	tests := []struct{ digits, want string }{
		{"4155552671", "4.15555E+09"},
		{"4155559999", "4.15556E+09"},
		{"4150000000", "4.15E+09"},
		{"4100004999", "4.1E+09"},
		{"9999995000", "1E+10"},
		{"2129999951", "2.13E+09"},
		{"14155550123", "1.41556E+10"},
		{"442079460958", "4.42079E+11"},
	}
	for _, tt := range tests {
		got := string(appendScientific(nil, []byte(tt.digits)))
		if got != tt.want {
			t.Errorf("appendScientific(%s) = %s, want %s", tt.digits, got, tt.want)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	for _, opt := range []Options{
		{Rows: -1},
		{Rows: maxRows + 1},
		{Format: "ods"},
		{Encoding: "latin-9"},
		{Delimiter: '|'},
		{DuplicateRate: 1.5},
		{ConflictRate: math.NaN()},
		{DuplicateRate: 0.6, ConflictRate: 0.4},
		{Format: "xlsx", Encoding: "windows-1252"},
		{Format: "xlsx", Rows: maxXLSXRows + 1},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, opt); err == nil {
			t.Errorf("Write(%+v) succeeded, want an error", opt)
		}
		if buf.Len() != 0 {
			t.Errorf("Write(%+v) wrote %d bytes before failing", opt, buf.Len())
		}
	}
}

// failingWriter fails after some bytes, as a full disk would.
type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		n := w.left
		w.left = 0
		return n, errFull
	}
	w.left -= len(p)
	return len(p), nil
}

var errFull = errors.New("disk full")

func TestWriteError(t *testing.T) {
	for _, opt := range []Options{{Rows: 10000}, {Rows: 10000, Encoding: "windows-1252"}, {Rows: 100, Format: "xlsx"}} {
		if err := Write(&failingWriter{left: 1000}, opt); !errors.Is(err, errFull) {
			t.Errorf("%+v: Write to a failing writer returned %v", opt, err)
		}
	}
}

func TestListsAreUnique(t *testing.T) {
	for _, list := range [][]name{firstNames, lastNames} {
		seen := map[string]bool{}
		for _, n := range list {
			if seen[n.text] {
				t.Errorf("%q twice: a conflicting row could repeat the original name", n.text)
			}
			seen[n.text] = true
		}
	}
}

func TestVanityPhonesValid(t *testing.T) {
	for _, p := range vanityPhones {
		if !validPhone(p) {
			t.Errorf("vanity phone %s is not a valid number", p)
		}
	}
	for _, p := range invalidPhones {
		if validPhone(p) {
			t.Errorf("invalid phone %s is valid", p)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	for _, opt := range []Options{
		{Rows: 100000},
		{Rows: 100000, Clean: true},
		{Rows: 100000, Encoding: "windows-1252"},
	} {
		name := opt.Encoding
		if opt.Clean {
			name = "clean"
		}
		b.Run("csv "+name, func(b *testing.B) {
			var n countingWriter
			for b.Loop() {
				if err := Write(&n, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(n) / int64(b.N))
			b.ReportMetric(float64(opt.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
