package recheck

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

func TestCheckOutbound(t *testing.T) {
	const head = "Lead ID,Name,Mobile,Home\n"
	e := finding.Error
	opts := Outbound{IDColumn: "Lead ID", MaxBytes: 1 << 20}
	long := strings.Repeat("é", schema.ListMaxValueChars+1)
	tests := []struct {
		name string
		data string
		opts *Outbound
		want []got
		rows int
	}{
		{
			name: "clean, with BOM, CRLF, empty phones and a blank line",
			data: "\xEF\xBB\xBF" + strings.ReplaceAll(head, "\n", "\r\n") + "L1,Ann,+4915112345678,\r\n\r\nL2,\"Bo, Jr\",,+14155550123\r\n",
			rows: 2,
		},
		{
			name: "a value of 512 characters passes; 513 does not",
			data: head + "L1," + strings.Repeat("é", schema.ListMaxValueChars) + ",,\nL2," + long + ",,\n",
			want: []got{{2, "Name", finding.ValueTooLong, e}},
			rows: 2,
		},
		{
			name: "phones kept as typed pass; empty and repeated ids, a short row",
			data: head + "L1,Ann,+49 151 12345678,\n,Bo,n/a,\nL1,Cy,0151 12345678,+49-30\nL4,Di\n",
			want: []got{
				{1, "Lead ID", finding.DuplicateContactID, e},
				{2, "Lead ID", finding.MissingRequired, e},
				{3, "Lead ID", finding.DuplicateContactID, e},
				{4, "", finding.MalformedRow, e},
			},
			rows: 4,
		},
		{
			name: "no id column",
			data: "Name,Mobile\nAnn,\n",
			want: []got{{0, "Lead ID", finding.MissingColumn, e}},
		},
		{
			name: "repeated (ignoring case), empty and too long header names",
			data: "Lead ID,name,Name,," + strings.Repeat("h", schema.ListMaxHeaderChars+1) + "\nL1,a,b,c,d\n",
			want: []got{
				{0, "Name", finding.HeaderDuplicate, e},
				{0, "", finding.MalformedRow, e},
				{0, strings.Repeat("h", schema.ListMaxHeaderChars+1), finding.HeaderTooLong, e},
			},
		},
		{
			name: "header names the list does not have",
			data: head + "L1,Ann,,\n",
			opts: &Outbound{IDColumn: "Lead ID", Columns: []string{"Lead ID", "Name", "Mobile"}},
			want: []got{{0, "Home", finding.UnknownColumn, e}},
		},
		{
			name: "not UTF-8",
			data: head + "L1,Ren\xe9,,\n",
			want: []got{{0, "", finding.EncodingInvalid, e}},
		},
		{
			name: "too large",
			data: head + "L1,Ann,,\n",
			opts: &Outbound{IDColumn: "Lead ID", MaxBytes: 10},
			want: []got{{0, "", finding.FileTooLarge, e}},
		},
		{
			name: "empty",
			data: "",
			want: []got{{0, "", finding.EmptyFile, e}},
		},
		{
			name: "broken quoting",
			data: head + "L1,\"Ann,,\n",
			want: []got{{1, "", finding.MalformedRow, e}},
			rows: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			if tt.opts != nil {
				o = *tt.opts
			}
			res := CheckOutbound("part.csv", []byte(tt.data), o)
			if g := reduce(res.Findings); !slices.Equal(g, tt.want) {
				t.Errorf("findings\n got %v\nwant %v", g, tt.want)
			}
			if res.Rows != tt.rows {
				t.Errorf("rows %d, want %d", res.Rows, tt.rows)
			}
			if res.OK() != (len(tt.want) == 0) {
				t.Errorf("OK %v with %d errors", res.OK(), res.Errors)
			}
			for _, f := range res.Findings {
				if f.File != "part.csv" || f.Original != "" || f.Suggested != "" ||
					strings.Contains(f.Message, "Ann") || strings.Contains(f.Message, "0151") || strings.Contains(f.Message, "é") {
					t.Errorf("finding carries a value or no file: %+v", f)
				}
			}
		})
	}
}

func TestCheckOutboundColumns(t *testing.T) {
	cols := make([]string, schema.ListMaxColumns+1)
	for i := range cols {
		cols[i] = fmt.Sprintf("C%d", i)
	}
	data := strings.Join(cols, ",") + "\n" + strings.Repeat("x,", schema.ListMaxColumns) + "x\n"
	res := CheckOutbound("f", []byte(data), Outbound{IDColumn: "C0"})
	if g := reduce(res.Findings); len(g) != 1 || g[0].Code != finding.TooManyColumns || !strings.Contains(res.Findings[0].Message, "51 columns") {
		t.Errorf("51 columns: %v", res.Findings)
	}
	data = strings.Join(cols[:schema.ListMaxColumns], ",") + "\n" + strings.Repeat("x,", schema.ListMaxColumns-1) + "x\n"
	if res := CheckOutbound("f", []byte(data), Outbound{IDColumn: "C0"}); !res.OK() {
		t.Errorf("50 columns: %v", res.Findings)
	}
}
