package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// buildWorkbook makes an XLSX with excelize, as a user's spreadsheet program would.
func buildWorkbook(t testing.TB, fill func(f *excelize.File) error) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := fill(f); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// part is one file of a hand-built archive.
type part struct {
	name, body string
}

// buildZip packs parts into a zip, stored (not compressed) so tests can find
// and damage their bytes.
func buildZip(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// handWorkbook is the smallest XLSX excelize opens: one sheet with the given
// sheetData and shared strings, in XML written by hand so a test can use cell
// forms excelize does not write itself (inline strings, cached formula values,
// rows and cells without references).
func handWorkbook(sheetData, sharedStrings string) []part {
	return []part{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hand" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sharedStrings + `</sst>`},
	}
}

// numberedRow is a record and the row number Rows reported with it.
type numberedRow struct {
	row   int
	cells []string
}

func readAll(t testing.TB, w *Workbook, sheet string) []numberedRow {
	t.Helper()
	rows, err := w.Rows(sheet)
	if err != nil {
		t.Fatalf("Rows(%q): %v", sheet, err)
	}
	defer rows.Close()
	return readRows(t, rows, nil)
}

// readRows reads rows to their end, calling then, if not nil, after each.
func readRows(t testing.TB, rows *Rows, then func()) []numberedRow {
	t.Helper()
	var got []numberedRow
	for {
		cells, err := rows.Read()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatalf("Read after row %d: %v", rows.Row(), err)
		}
		got = append(got, numberedRow{rows.Row(), cells})
		if then != nil {
			then()
		}
	}
}

func equalRows(a, b []numberedRow) bool {
	return slices.EqualFunc(a, b, func(x, y numberedRow) bool {
		return x.row == y.row && slices.Equal(x.cells, y.cells)
	})
}

func TestReadValues(t *testing.T) {
	tests := []struct {
		name   string
		data   func(t testing.TB) []byte
		sheets []string
		first  string
		want   map[string][]numberedRow
	}{
		{
			name: "typed cells",
			data: func(t testing.TB) []byte {
				return buildWorkbook(t, func(f *excelize.File) error {
					return errors.Join(
						f.SetCellStr("Sheet1", "A1", "00441234"),
						f.SetCellInt("Sheet1", "B1", 4155552671),
						f.SetCellDefault("Sheet1", "C1", "4.47E+11"), // a number cell stored in exponent form
						f.SetCellFloat("Sheet1", "D1", 3.14159, -1, 64),
						f.SetCellBool("Sheet1", "E1", true),
						f.SetCellBool("Sheet1", "F1", false),
						f.SetCellStr("Sheet1", "G1", "Zoë Ñúñez 日本語 📞"),
						f.SetCellStr("Sheet1", "H1", "4.47E+11"), // text that looks like a number stays text
						f.SetCellValue("Sheet1", "A2", 447000000000.0),
						f.SetCellValue("Sheet1", "B2", -0.25),
						f.SetCellValue("Sheet1", "C2", 0.1+0.2), // 17 digits: read as Excel shows it
						f.SetCellValue("Sheet1", "D2", 1e-7),
						f.SetCellValue("Sheet1", "E2", "TRUE"),
						f.SetCellValue("Sheet1", "F2", "  spaced  "),
					)
				})
			},
			sheets: []string{"Sheet1"},
			first:  "Sheet1",
			want: map[string][]numberedRow{"Sheet1": {
				{1, []string{"00441234", "4155552671", "447000000000", "3.14159", "TRUE", "FALSE", "Zoë Ñúñez 日本語 📞", "4.47E+11"}},
				{2, []string{"447000000000", "-0.25", "0.3", "0.0000001", "TRUE", "  spaced  "}},
			}},
		},
		{
			name: "number formats are not applied",
			data: func(t testing.TB) []byte {
				return buildWorkbook(t, func(f *excelize.File) error {
					zip5, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("00000")})
					if err != nil {
						return err
					}
					phone, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`[<=9999999]###-####;(###) ###-####`)})
					if err != nil {
						return err
					}
					twoDecimals, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
					if err != nil {
						return err
					}
					date, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy
					if err != nil {
						return err
					}
					text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // @
					if err != nil {
						return err
					}
					return errors.Join(
						f.SetCellInt("Sheet1", "A1", 2134),
						f.SetCellStyle("Sheet1", "A1", "A1", zip5),
						f.SetCellInt("Sheet1", "B1", 4155552671),
						f.SetCellStyle("Sheet1", "B1", "B1", phone),
						f.SetCellFloat("Sheet1", "C1", 3.1, -1, 64),
						f.SetCellStyle("Sheet1", "C1", "C1", twoDecimals),
						f.SetCellInt("Sheet1", "D1", 45000),
						f.SetCellStyle("Sheet1", "D1", "D1", date),
						f.SetCellStr("Sheet1", "E1", "0044"),
						f.SetCellStyle("Sheet1", "E1", "E1", text),
					)
				})
			},
			sheets: []string{"Sheet1"},
			first:  "Sheet1",
			want: map[string][]numberedRow{"Sheet1": {
				{1, []string{"2134", "4155552671", "3.1", "45000", "0044"}},
			}},
		},
		{
			name: "sheets, an empty first sheet, gaps in rows and columns",
			data: func(t testing.TB) []byte {
				return buildWorkbook(t, func(f *excelize.File) error {
					_, err1 := f.NewSheet("Contacts")
					_, err2 := f.NewSheet("Notes")
					return errors.Join(err1, err2,
						f.SetCellStr("Contacts", "A1", "name"),
						f.SetCellStr("Contacts", "C1", "phone"),
						f.SetCellStr("Contacts", "D3", "d3"),
						f.SetCellStr("Contacts", "B6", "b6"),
						f.SetCellStr("Contacts", "F6", "f6"),
						f.SetCellStr("Notes", "A1", "note"),
					)
				})
			},
			sheets: []string{"Sheet1", "Contacts", "Notes"},
			first:  "Contacts",
			want: map[string][]numberedRow{
				"Sheet1": nil,
				"Contacts": {
					{1, []string{"name", "", "phone"}},
					{2, nil},
					{3, []string{"", "", "", "d3"}},
					{4, nil},
					{5, nil},
					{6, []string{"", "b6", "", "", "", "f6"}},
				},
				"Notes": {{1, []string{"note"}}},
			},
		},
		{
			name: "no sheet has data",
			data: func(t testing.TB) []byte {
				return buildWorkbook(t, func(f *excelize.File) error {
					_, err := f.NewSheet("Other")
					return errors.Join(err, f.SetCellStr("Other", "B2", ""))
				})
			},
			sheets: []string{"Sheet1", "Other"},
			first:  "",
			want:   map[string][]numberedRow{"Sheet1": nil},
		},
		{
			name: "hand-written XML: inline strings, cached formulas, rows without numbers",
			data: func(t testing.TB) []byte {
				return buildZip(t, handWorkbook(
					`<row r="2"><c r="B2" t="inlineStr"><is><t>inline ü</t></is></c>`+
						`<c r="C2" t="str"><f>A1&amp;"x"</f><v>cached</v></c>`+
						`<c r="D2"><f>1+1</f><v>2</v></c><c r="E2" t="e"><v>#N/A</v></c></row>`+
						`<row><c t="s"><v>0</v></c><c><v>1.0E+3</v></c><c t="s"><v>1</v></c></row>`+
						`<row r="6"><c r="A6" t="b"><v>0</v></c><c r="C6"><f>X1</f></c></row>`+
						`<row r="7"><c r="A7"><f>X1</f></c></row>`,
					`<si><t>shared 00123</t></si><si><r><t>ri</t></r><r><t>ch</t></r></si>`)...)
			},
			sheets: []string{"Hand"},
			first:  "Hand",
			want: map[string][]numberedRow{"Hand": {
				{1, nil},
				{2, []string{"", "inline ü", "cached", "2", "#N/A"}},
				{3, []string{"shared 00123", "1000", "rich"}},
				{4, nil},
				{5, nil},
				{6, []string{"FALSE"}},
				{7, nil},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Open(tt.data(t), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if got := w.Sheets(); !slices.Equal(got, tt.sheets) {
				t.Errorf("Sheets() = %q, want %q", got, tt.sheets)
			}
			if got := w.BestSheet(10, noScore); got != tt.first {
				t.Errorf("BestSheet(10, noScore) = %q, want the first with data, %q", got, tt.first)
			}
			for sheet, want := range tt.want {
				if got := readAll(t, w, sheet); !equalRows(got, want) {
					t.Errorf("sheet %q rows:\n got %v\nwant %v", sheet, got, want)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestRowsUnknownSheet(t *testing.T) {
	w, err := Open(buildWorkbook(t, func(*excelize.File) error { return nil }), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, name := range []string{"Contacts", "", "a name far longer than the thirty-one characters Excel allows"} {
		if _, err := w.Rows(name); err == nil || !strings.Contains(err.Error(), `"`+name+`"`) {
			t.Errorf("Rows(%q) error = %v, want one naming the sheet", name, err)
		}
	}
}

// zipBomb is one part of 200 MB of zeros at best compression: about 200 KB.
func zipBomb(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, name := range []string{"xl/workbook.xml", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if name == "xl/workbook.xml" {
			continue
		}
		zeros := make([]byte, 1<<20)
		for range 200 {
			if _, err := w.Write(zeros); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawPart is a zip part written as given, so its declared sizes can lie.
type rawPart struct {
	name         string
	unpacked     []byte // compressed with deflate into the part's data
	declaredSize uint64 // the uncompressed size the header claims
}

func buildRawZip(t testing.TB, parts ...rawPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var packed bytes.Buffer
		fw, err := flate.NewWriter(&packed, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(p.unpacked); err != nil {
			t.Fatal(err)
		}
		if err := fw.Close(); err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               p.name,
			Method:             zip.Deflate,
			CompressedSize64:   uint64(packed.Len()),
			UncompressedSize64: p.declaredSize,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(packed.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// secret is a cell value the refusal tests plant; no error may repeat it.
const secret = "Alice Secretperson +14155552671"

func secretWorkbook(t testing.TB) []byte {
	return buildZip(t, handWorkbook(`<row r="1"><c r="A1" t="inlineStr"><is><t>`+secret+`</t></is></c></row>`, "")...)
}

func TestOpenRefuses(t *testing.T) {
	xlsx := secretWorkbook(t)
	tests := []struct {
		name    string
		data    func(t testing.TB) []byte
		lim     Limits
		want    error
		message string // the error text must contain this
	}{
		{
			name:    "zip bomb",
			data:    zipBomb,
			want:    ErrTooLarge,
			message: `part "xl/worksheets/sheet1.xml" unpacks to`,
		},
		{
			name: "declared total over the cap",
			data: func(t testing.TB) []byte {
				return buildRawZip(t,
					rawPart{"xl/workbook.xml", []byte("<workbook/>"), 11},
					rawPart{"xl/worksheets/sheet1.xml", bytes.Repeat([]byte("<row/>"), 1000), 3 << 30})
			},
			want:    ErrTooLarge,
			message: "more than 1073741824 bytes",
		},
		{
			name: "many small bombs",
			data: func(t testing.TB) []byte {
				parts := []rawPart{{"xl/workbook.xml", []byte("<workbook/>"), 11}}
				zeros := make([]byte, 64<<10) // each far under the floor
				for i := range 100 {
					parts = append(parts, rawPart{fmt.Sprintf("xl/media/image%d.xml", i), zeros, uint64(len(zeros))})
				}
				return buildRawZip(t, parts...)
			},
			want:    ErrTooLarge,
			message: "the parts together unpack to",
		},
		{
			name: "real total over a small cap",
			data: func(testing.TB) []byte { return xlsx },
			lim:  Limits{MaxUncompressed: 1000},
			want: ErrTooLarge,
		},
		{
			name: "declared size smaller than the real data",
			data: func(t testing.TB) []byte {
				return buildRawZip(t,
					rawPart{"xl/workbook.xml", []byte("<workbook/>"), 11},
					rawPart{"xl/worksheets/sheet1.xml", make([]byte, 50<<20), 100})
			},
			want:    ErrDamaged,
			message: `part "xl/worksheets/sheet1.xml"`,
		},
		{
			name: "part claims more packed bytes than the file has",
			data: func(t testing.TB) []byte {
				data := bytes.Clone(xlsx)
				dir := bytes.LastIndex(data, []byte("PK\x01\x02")) // last central directory entry
				binary.LittleEndian.PutUint32(data[dir+20:], 1<<30)
				return data
			},
			want:    ErrDamaged,
			message: "sizes do not fit the file",
		},
		{
			name: "damaged part (checksum)",
			data: func(t testing.TB) []byte {
				data := bytes.Clone(xlsx)
				i := bytes.Index(data, []byte("Secretperson"))
				data[i] = 's'
				return data
			},
			want:    ErrDamaged,
			message: `part "xl/worksheets/sheet1.xml"`,
		},
		{
			name:    "truncated",
			data:    func(testing.TB) []byte { return xlsx[:len(xlsx)/2] },
			want:    ErrDamaged,
			message: "damaged or truncated",
		},
		{
			name:    "truncated by one byte",
			data:    func(testing.TB) []byte { return xlsx[:len(xlsx)-1] },
			want:    ErrDamaged,
			message: "damaged or truncated",
		},
		{
			name: "zip without a workbook (a .docx)",
			data: func(t testing.TB) []byte {
				return buildZip(t, part{"word/document.xml", "<w:document>" + secret + "</w:document>"})
			},
			want:    ErrUnsupportedFormat,
			message: "unsupported format: save as XLSX or CSV",
		},
		{
			name: "binary workbook (.xlsb)",
			data: func(t testing.TB) []byte {
				return buildZip(t, part{"xl/workbook.bin", secret})
			},
			want:    ErrUnsupportedFormat,
			message: "no xl/workbook.xml",
		},
		{
			name: "random bytes",
			data: func(testing.TB) []byte {
				b := make([]byte, 4096)
				r := rand.NewChaCha8([32]byte{1})
				_, _ = r.Read(b)
				return b
			},
			want:    ErrUnsupportedFormat,
			message: "not a zip archive",
		},
		{
			name:    "empty input",
			data:    func(testing.TB) []byte { return nil },
			want:    ErrUnsupportedFormat,
			message: "not a zip archive",
		},
		{
			name:    "legacy .xls",
			data:    func(testing.TB) []byte { return append(bytes.Clone(oleMagic), secret...) },
			want:    ErrUnsupportedFormat,
			message: "legacy .xls or password-protected",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			w, err := Open(data, tt.lim)
			if err == nil {
				w.Close()
				t.Fatal("Open accepted the input")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
			if strings.Contains(err.Error(), "Secretperson") {
				t.Errorf("error %q leaks a cell value", err)
			}
		})
	}
}

// TestBombRefusedUnpacked checks that the bomb is refused from its central
// directory, before anything is unpacked.
func TestBombRefusedUnpacked(t *testing.T) {
	bomb := zipBomb(t)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Open(bomb, Limits{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Open(bomb) error = %v, want ErrTooLarge", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", alloc)
	}
}

func TestLimits(t *testing.T) {
	// 3 MiB of one repeated row: a ratio near 400, allowed only by a higher MaxRatio.
	body := bytes.Repeat([]byte(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`), 3<<20/50)
	parts := handWorkbook(string(body), "")
	repetitive := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, p := range parts {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, p.body); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	tests := []struct {
		name string
		lim  Limits
		want error
	}{
		{"defaults", Limits{}, ErrTooLarge},
		{"higher ratio", Limits{MaxRatio: 10000}, nil},
		{"higher ratio, cap below the sheet", Limits{MaxRatio: 10000, MaxUncompressed: 2 << 20}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Open(repetitive, tt.lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error = %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			defer w.Close()
			rows := readAll(t, w, "Hand")
			if len(rows) != 3<<20/50 || !slices.Equal(rows[len(rows)-1].cells, []string{"x"}) {
				t.Errorf("read %d rows, want %d of [x]", len(rows), 3<<20/50)
			}
		})
	}
}

// tinyWorkbook is the fuzz seed: a real excelize workbook, small.
func tinyWorkbook(t testing.TB) []byte {
	return buildWorkbook(t, func(f *excelize.File) error {
		return errors.Join(
			f.SetCellStr("Sheet1", "A1", "phone"),
			f.SetCellInt("Sheet1", "A2", 4155552671),
			f.SetCellBool("Sheet1", "B3", true),
		)
	})
}

// FuzzOpen feeds arbitrary bytes to Open and reads whatever opens: no panic,
// no hang, and errors instead of partial workbooks.
func FuzzOpen(f *testing.F) {
	f.Add(tinyWorkbook(f))
	f.Add(secretWorkbook(f))
	for _, sheet := range damagedSheets() {
		f.Add(buildZip(f, handWorkbook(sheet, "")...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readFuzzed(t, data)
	})
}

// FuzzSheetXML packs arbitrary sheet data and shared strings into a valid
// archive, so the fuzzer reaches the XML parsing that FuzzOpen's mutations
// rarely get past the checksums to.
func FuzzSheetXML(f *testing.F) {
	f.Add(`<row r="2"><c r="B2" t="inlineStr"><is><t>x</t></is></c><c r="C2" t="str"><f>A1</f><v>v</v></c></row>`+
		`<row><c t="s"><v>1</v></c><c><v>1.0E+3</v></c><c t="b"><v>1</v></c></row>`,
		`<si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si>`)
	for _, sheet := range damagedSheets() {
		f.Add(sheet, "")
	}
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, `<si><t>Smith & Sons</t></si>`)
	f.Fuzz(func(t *testing.T, sheetData, sharedStrings string) {
		readFuzzed(t, buildZip(t, handWorkbook(sheetData, sharedStrings)...))
	})
}

// damagedSheets are sheet data of 20 rows damaged as issue 21 found them:
// cut off half-way, a bare "&" in a cell, a broken tag, an end tag that
// closes another element.
func damagedSheets() []string {
	var b strings.Builder
	for r := 1; r <= 20; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Contact %d</t></is></c></row>`, r, r, r)
	}
	whole := b.String()
	return []string{
		whole[:len(whole)/2],
		strings.Replace(whole, "Contact 10", "Smith & Sons", 1),
		strings.Replace(whole, `<row r="10">`, `<row r="10"<`, 1),
		strings.Replace(whole, `</t></is></c></row><row r="11">`, `</is></t></c></row><row r="11">`, 1),
	}
}

func readFuzzed(t *testing.T, data []byte) {
	w, err := Open(data, Limits{MaxUncompressed: 16 << 20})
	if err != nil {
		if w != nil {
			t.Fatal("Open returned a workbook with an error")
		}
		return
	}
	defer w.Close()
	first := w.BestSheet(10, noScore)
	if first != "" && !slices.Contains(w.Sheets(), first) {
		t.Fatalf("BestSheet %q is not a sheet", first)
	}
	for _, sheet := range w.Sheets() {
		rows, err := w.Rows(sheet)
		if err != nil {
			continue
		}
		for last := 0; ; {
			cells, err := rows.Read()
			if err != nil {
				if _, ok := errors.AsType[*SheetError](err); !ok && err != io.EOF {
					t.Fatalf("reading stopped after row %d with %v, neither the end nor a *SheetError", last, err)
				}
				break
			}
			if rows.Row() <= last {
				t.Fatalf("row numbers went from %d to %d", last, rows.Row())
			}
			if len(cells) > 0 && cells[len(cells)-1] == "" {
				t.Fatalf("row %d has a trailing empty cell", rows.Row())
			}
			if last > 0 && len(cells) > 2 {
				t.Fatalf("row %d is %d cells wide after Narrow(2)", rows.Row(), len(cells))
			}
			// After the first row, the rest are read at most 2 cells wide.
			if last == 0 {
				if err := rows.Narrow(2); err != nil {
					t.Fatalf("Narrow: %v", err)
				}
			}
			last = rows.Row()
		}
		rows.Close()
	}
}
