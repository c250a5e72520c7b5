package recheck

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

const header = "Contact ID,Contact First Name,Contact Last Name,Contact Work Phone,Account ID,Account Name"

// base maps header with the catalog, as the page does for an engine-made file.
var base = CatalogFields(strings.Split(header, ","))

// got is a finding reduced to what the tests compare.
type got struct {
	Row      int
	Column   string
	Code     finding.Code
	Severity finding.Severity
}

func reduce(fs []finding.Finding) []got {
	out := make([]got, len(fs))
	for i, f := range fs {
		out[i] = got{f.Row, f.Column, f.Code, f.Severity}
	}
	return out
}

func TestCatalogFields(t *testing.T) {
	fields := CatalogFields([]string{"Contact ID", "Contact First Name", "Account ID", "Account Name", "Account Phone", "Favourite Colour", "Contact Cell Phone"})
	want := []Field{
		{"Contact ID", schema.ContactKeyPath},
		{"Contact First Name", "firstName"},
		{"Account ID", schema.AccountKeyPath},
		{"Account Name", schema.AccountNamePath},
		{"Account Phone", "externalOrganization.phoneNumber.display"},
		{"Contact Cell Phone", "cellPhone.display"},
	}
	if !slices.Equal(fields, want) {
		t.Errorf("CatalogFields = %v, want %v", fields, want)
	}
}

func TestCheck(t *testing.T) {
	e, w := finding.Error, finding.Warning
	tests := []struct {
		name   string
		data   string
		fields []Field
		max    int64
		want   []got
		rows   int
	}{
		{
			name: "clean file with BOM, CRLF, a contact without account and a blank line",
			data: "\xEF\xBB\xBF" + header + "\r\nC1,Ann,Lee,+4930123456,A1,Acme\r\n\r\nC2,Bo,Kim,,,\r\n",
			want: []got{}, rows: 2,
		},
		{
			name:   "no mapping: the catalog's; a phone kept as typed",
			data:   header + "\nC1,Ann,Lee,12,,\n",
			fields: []Field{},
			want:   []got{},
		},
		{
			name: "too large",
			data: header + "\nC1,Ann,Lee,,,\n", max: 10,
			want: []got{{0, "", finding.FileTooLarge, e}},
		},
		{
			name: "not UTF-8 on line 3",
			data: header + "\nC1,Ann,Lee,,,\nC2,J\xFCrgen,Lee,,,\n",
			want: []got{{0, "", finding.EncodingInvalid, e}},
		},
		{
			name: "empty",
			data: "",
			want: []got{{0, "", finding.EmptyFile, e}},
		},
		{
			name:   "mapped column missing from the header",
			data:   "Contact ID,Contact Last Name\nC1,Lee\n",
			fields: []Field{{"Contact ID", schema.ContactKeyPath}, {"Contact First Name", "firstName"}, {"Contact Last Name", "lastName"}},
			want:   []got{{0, "Contact First Name", finding.MissingColumn, e}},
		},
		{
			name:   "required field unmapped",
			data:   "Contact ID,Contact Last Name\nC1,Lee\n",
			fields: []Field{{"Contact ID", schema.ContactKeyPath}, {"Contact Last Name", "lastName"}},
			want:   []got{{0, "Contact First Name", finding.MissingColumn, e}},
		},
		{
			name: "header column without a field, duplicate and nameless header, bad and twice-used paths",
			data: "ID,First,Last,Notes,first, ,X\nC1,Ann,Lee,n,m,,\n",
			fields: []Field{
				{"ID", schema.ContactKeyPath}, {"First", "firstName"}, {"Last", "lastName"}, {"X", "bad path"}, {"Notes", "lastName"},
			},
			want: []got{
				{0, "first", finding.HeaderDuplicate, e},
				{0, "", finding.MalformedRow, e},
				{0, "X", finding.UnknownColumn, e},
				{0, "Notes", finding.UnknownColumn, e},
				{0, "Notes", finding.UnknownColumn, w},
				{0, "first", finding.UnknownColumn, w},
				{0, "X", finding.UnknownColumn, w},
			},
		},
		{
			name:   "organization fields without the organization's key",
			data:   "ID,First,Last,Company\nC1,Ann,Lee,Acme\n",
			fields: []Field{{"ID", schema.ContactKeyPath}, {"First", "firstName"}, {"Last", "lastName"}, {"Company", schema.AccountNamePath}},
			want:   []got{{0, "Account ID", finding.MissingColumn, e}},
		},
		{
			name: "row problems: shape, quotes, required, account half filled; phones kept as typed",
			data: header + "\n" +
				"C1,Ann,Lee,+4930123456,A1,Acme\n" +
				"C2,Bo,Kim\n" +
				"C3,\"Cy\"x,Lu,,,\n" +
				"C4, ,Lu,,,\n" +
				"C5,Di,Ma,,A2,\n" +
				"C6,Ed,Ng,030 123456,,\n" +
				"C7,Fa,Oh,+0123456789,,\n" +
				"C8,Gi,Pa, +4930123456 ,,\n",
			want: []got{
				{2, "", finding.MalformedRow, e},
				{3, "", finding.MalformedRow, e},
				{4, "Contact First Name", finding.MissingRequired, e},
				{5, "Account Name", finding.MissingRequired, e},
			},
			rows: 8,
		},
		{
			name: "duplicate Contact IDs, spaces ignored",
			data: header + "\nC1,Ann,Lee,,,\nC2,Bo,Kim,,,\n C1 ,Cy,Lu,,,\nC3,Di,Ma,,,\nC2,Ed,Ng,,,\nC1,Fa,Oh,,,\n",
			want: []got{
				{1, "Contact ID", finding.DuplicateContactID, e},
				{2, "Contact ID", finding.DuplicateContactID, e},
				{3, "Contact ID", finding.DuplicateContactID, e},
				{5, "Contact ID", finding.DuplicateContactID, e},
				{6, "Contact ID", finding.DuplicateContactID, e},
			},
			rows: 6,
		},
		{
			name:   "a semicolon file is one unnamed-field column",
			data:   "Contact ID;Contact First Name;Contact Last Name\nC1;Ann;Lee\n",
			fields: base,
			want: []got{
				{0, "Contact ID", finding.MissingColumn, e},
				{0, "Contact First Name", finding.MissingColumn, e},
				{0, "Contact Last Name", finding.MissingColumn, e},
				{0, "Contact Work Phone", finding.MissingColumn, e},
				{0, "Account ID", finding.MissingColumn, e},
				{0, "Account Name", finding.MissingColumn, e},
				{0, "Contact ID;Contact First Name;Contact Last Name", finding.UnknownColumn, w},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := tt.fields
			if fields == nil {
				fields = base
			}
			max := tt.max
			if max == 0 {
				max = 1 << 20
			}
			res := Check("in.csv", []byte(tt.data), fields, max)
			if len(tt.fields) == 0 && res.Rows > 0 && !slices.Equal(res.Fields, base) {
				t.Errorf("Fields = %v, want the catalog's %v", res.Fields, base)
			}
			if g := reduce(res.Findings); !slices.Equal(g, tt.want) {
				t.Errorf("findings:\n got %v\nwant %v", g, tt.want)
			}
			errors := 0
			for _, f := range res.Findings {
				if f.File != "in.csv" || f.Original != "" || f.Suggested != "" {
					t.Errorf("finding %+v: want file in.csv and no cell values", f)
				}
				if f.Severity == finding.Error {
					errors++
				}
			}
			if res.Errors != errors || res.OK() != (errors == 0) {
				t.Errorf("Errors = %d, OK = %v; %d error findings", res.Errors, res.OK(), errors)
			}
			if tt.rows != 0 && res.Rows != tt.rows {
				t.Errorf("Rows = %d, want %d", res.Rows, tt.rows)
			}
		})
	}
}

// TestCheckNoValuesInMessages keeps contact data out of messages: every cell of the
// file is a marker that must not show up in any message.
func TestCheckNoValuesInMessages(t *testing.T) {
	data := header + "\nSECRET1,SECRET2,,SECRET3,SECRET4,\nSECRET1,SECRET5,SECRET6,+SECRET,,\n"
	res := Check("in.csv", []byte(data), base, 1<<20)
	if res.OK() {
		t.Fatal("the file should be refused")
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "SECRET") {
			t.Errorf("message %q carries a cell value", f.Message)
		}
	}
}

func TestCheckCapsFindings(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := range MaxFindings + 100 {
		fmt.Fprintf(&b, "C%d,,Lee,12345,,\n", i) // no first name
	}
	res := Check("in.csv", []byte(b.String()), base, 1<<30)
	if len(res.Findings) != MaxFindings || res.Dropped != 100 || res.Errors != MaxFindings+100 {
		t.Errorf("kept %d, dropped %d, errors %d; want %d, 100, %d", len(res.Findings), res.Dropped, res.Errors, MaxFindings, MaxFindings+100)
	}
}

// TestRefusals: values the catalog's fields refuse (schema.Column.Accept) refuse
// their row, under the file's own column names.
func TestRefusals(t *testing.T) {
	data := "ID,First,Last,Mail,Ext,Opt,Web,Cell\n" +
		"C1,Ann,Lee,ann@example.com,12,true,https://example.com,call after 5pm\n" +
		"C2," + strings.Repeat("a", 1001) + ",Lee,ann@,x1,yes,ftp://x,\n" +
		"C3,Bo,Kim,,1234567890123456789,,,\n"
	fields := []Field{{"ID", schema.ContactKeyPath}, {"First", "firstName"}, {"Last", "lastName"}, {"Mail", "workEmail"},
		{"Ext", "workPhone.extension"}, {"Opt", "surveyOptOut"}, {"Web", "externalSystemUrl"}, {"Cell", "cellPhone.display"}}
	res := Check("f.csv", []byte(data), fields, 1<<20)
	e := finding.Error
	want := []got{
		{2, "First", finding.ValueTooLong, e}, {2, "Mail", finding.EmailInvalid, e}, {2, "Ext", finding.PhoneExtension, e},
		{2, "Opt", finding.BoolInvalid, e}, {2, "Web", finding.URLInvalid, e},
		{3, "Ext", finding.PhoneExtension, e},
	}
	if g := reduce(res.Findings); !slices.Equal(g, want) {
		t.Errorf("findings\n%v\nwant\n%v", g, want)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(header + "\nC1,Ann,Lee,+4930123456,A1,Acme\nC1,\"x\"y,,\n"))
	f.Add([]byte("\xEF\xBB\xBFContact ID\r\n\r\n\"\n"))
	f.Add([]byte(header + "\nC1,Ann,Lee,+1,,\n\xFF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := Check("f.csv", data, base, 1<<16)
		if len(res.Findings) > MaxFindings {
			t.Fatalf("%d findings kept", len(res.Findings))
		}
		if res.OK() && res.Errors != 0 {
			t.Fatal("OK with errors")
		}
	})
}
