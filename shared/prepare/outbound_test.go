package prepare_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/check"
	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

func outbound(id string) prepare.Options {
	return prepare.Options{Target: schema.Outbound, IDColumn: id}
}

func runOutbound(t *testing.T, opt prepare.Options, files ...string) *prepare.Result {
	t.Helper()
	var in []prepare.Input
	for i, f := range files {
		in = append(in, prepare.Input{Name: fmt.Sprintf("f%d.csv", i+1), Data: []byte(f)})
	}
	res, err := prepare.Run(in, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// codes counts findings by code and severity: "code/severity" → n.
func codes(tb *check.Table) map[string]int {
	out := map[string]int{}
	for f := range tb.AllFindings() {
		out[string(f.Code)+"/"+f.Severity.String()]++
	}
	return out
}

func TestOutboundColumns(t *testing.T) {
	res := runOutbound(t, outbound("Lead ID"),
		"\ufeff\" Lead ID \",\"First Name\",Mobile,Home Phone,Tel2,Hotel,Phone Type,Notes\r\n"+
			"L1,Ann,(415) 555-0100,415.555.0101,+44 20 7946 0123,Ritz,cell,\"a, \"\"b\"\"\"\r\n")
	tb := res.Table
	wantHeaders := []string{"Lead ID", "First Name", "Mobile", "Home Phone", "Tel2", "Hotel", "Phone Type", "Notes"}
	if got := tb.Target.Headers(); !slices.Equal(got, wantHeaders) {
		t.Fatalf("columns %q, want %q", got, wantHeaders)
	}
	var phones []string
	for _, c := range tb.Target.Columns {
		if c.Kind == schema.Phone {
			phones = append(phones, c.Header)
		}
	}
	if !slices.Equal(phones, []string{"Mobile", "Home Phone", "Tel2"}) {
		t.Errorf("phone columns %q", phones)
	}
	if k := tb.Target.Key(schema.Contact); k != 0 || res.MaxBytes != schema.OutboundMaxBytes || tb.Target.ListSize != schema.ListSize {
		t.Errorf("key %d, max bytes %d, list size %d", k, res.MaxBytes, tb.Target.ListSize)
	}
	want := []string{"L1", "Ann", "+14155550100", "+14155550101", "+442079460123", "Ritz", "cell", `a, "b"`}
	for c, w := range want {
		if got := tb.Cell(0, c); got != w {
			t.Errorf("%s: %q, want %q", wantHeaders[c], got, w)
		}
	}
	if tb.State(0) != check.Ready || len(tb.FileFindings()) != 0 {
		t.Errorf("state %v, file findings %v", tb.State(0), tb.FileFindings())
	}
}

func TestOutboundPhoneColumnsGiven(t *testing.T) {
	opt := outbound("Lead ID")
	opt.PhoneColumns = []string{"Contact Number ", "Mobile"}
	res := runOutbound(t, opt, "Lead ID,Contact Number,Mobile,Home Phone\nL1,4155550100,4155550101,4155550102\n")
	got := []string{res.Table.Cell(0, 1), res.Table.Cell(0, 2), res.Table.Cell(0, 3)}
	if !slices.Equal(got, []string{"+14155550100", "+14155550101", "4155550102"}) {
		t.Errorf("cells %q: only the columns given are phones", got)
	}
	opt.PhoneColumns = []string{}
	res = runOutbound(t, opt, "Lead ID,Mobile\nL1,4155550100\n")
	if got := res.Table.Cell(0, 1); got != "4155550100" {
		t.Errorf("no phone columns asked for, Mobile became %q", got)
	}
}

func TestOutboundLimits(t *testing.T) {
	wide := make([]string, 51)
	for i := range wide {
		wide[i] = fmt.Sprintf("C%d", i)
	}
	wide[0] = "Lead ID"
	tests := []struct {
		name   string
		opt    prepare.Options
		files  []string
		want   map[string]int
		states []check.State
	}{
		{"51 columns", outbound("Lead ID"),
			[]string{strings.Join(wide, ",") + "\n" + "L1" + strings.Repeat(",x", 50) + "\n"},
			map[string]int{"too_many_columns/error": 1}, []check.State{check.Ready}},
		{"50 columns", outbound("Lead ID"),
			[]string{strings.Join(wide[:50], ",") + "\n" + "L1" + strings.Repeat(",x", 49) + "\n"},
			map[string]int{}, []check.State{check.Ready}},
		{"51 columns, one left out", prepare.Options{Target: schema.Outbound, IDColumn: "Lead ID", Map: []mapping.Override{{Source: "C50"}}},
			[]string{strings.Join(wide, ",") + "\n" + "L1" + strings.Repeat(",x", 50) + "\n"},
			map[string]int{"unknown_column/warning": 1}, []check.State{check.Ready}},
		{"129-character header", outbound("Lead ID"),
			[]string{"Lead ID," + strings.Repeat("é", 129) + "," + strings.Repeat("n", 128) + "\nL1,a,b\n"},
			map[string]int{"header_too_long/error": 1}, []check.State{check.Ready}},
		{"513-character value", outbound("Lead ID"),
			[]string{"Lead ID,Notes\nL1," + strings.Repeat("ü", 513) + "\nL2," + strings.Repeat("ü", 512) + "\n"},
			map[string]int{"value_too_long/error": 1}, []check.State{check.Rejected, check.Ready}},
		{"duplicate headers", outbound("Lead ID"),
			[]string{"Lead ID,Mobile,Name, Mobile\nL1,4155550100,Ann,4155550101\n"},
			map[string]int{"header_duplicate/warning": 1, "unknown_column/warning": 1, "phone_normalized/info": 1}, []check.State{check.Ready}},
		{"missing id column", outbound("Lead ID"),
			[]string{"LeadID,Name\nL1,Ann\nL2,Bo\n"},
			map[string]int{"missing_column/error": 1, "missing_required/error": 2}, []check.State{check.Rejected, check.Rejected}},
		{"empty id", outbound("Lead ID"),
			[]string{"Lead ID,Name\n,Ann\nL2,Bo\n"},
			map[string]int{"missing_required/error": 1}, []check.State{check.Rejected, check.Ready}},
		{"duplicate ids", outbound("Lead ID"),
			[]string{"Lead ID,Name,Mobile\nL1,Ann,4155550100\nL2,Bo,\nL1,Ann,(415) 555-0100\nL2,Cy,\nL3,Di,\n"},
			map[string]int{"duplicate_contact_id/error": 2, "duplicate_row_merged/info": 1, "phone_normalized/info": 2},
			[]check.State{check.Ready, check.Rejected, check.Merged, check.Rejected, check.Ready}},
		{"duplicate ids across files", outbound("Lead ID"),
			[]string{"Lead ID,Name\nL1,Ann\n", "Name,Lead ID\nBo,L1\n"},
			map[string]int{"duplicate_contact_id/error": 2}, []check.State{check.Rejected, check.Rejected}},
		{"second file lacks the id column and has another", outbound("Lead ID"),
			[]string{"Lead ID,Name\nL1,Ann\n", "Name,Extra\nBo,x\n"},
			map[string]int{"missing_column/error": 1, "unknown_column/warning": 1, "missing_required/error": 1}, []check.State{check.Ready, check.Rejected}},
		{"id in scientific notation", outbound("Lead ID"),
			[]string{"Lead ID,Name\n1.23E+11,Ann\n"},
			map[string]int{"id_excel_damage/error": 1}, []check.State{check.Rejected}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runOutbound(t, tt.opt, tt.files...)
			if got := codes(res.Table); !equalCounts(got, tt.want) {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
			var states []check.State
			for r := range res.Table.Len() {
				states = append(states, res.Table.State(r))
			}
			if !slices.Equal(states, tt.states) {
				t.Errorf("states %v, want %v", states, tt.states)
			}
			for f := range res.Table.AllFindings() {
				if f.File == "" || (f.Row == 0 && f.Code != finding.TooManyColumns && f.Column == "") {
					t.Errorf("finding without its place: %+v", f)
				}
				if strings.Contains(f.Message, "Ann") || strings.Contains(f.Message, "x,x") {
					t.Errorf("message shows a value: %q", f.Message)
				}
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestOptionErrors: an option the engine cannot use is an *OptionError that
// says which option, the value given and why, for each side to word.
func TestOptionErrors(t *testing.T) {
	in := []prepare.Input{{Name: "l.csv", Data: []byte("Lead ID,Mobile\nL1,4155550100\n")}}
	out := schema.Outbound
	for _, tt := range []struct {
		name string
		opt  prepare.Options
		want prepare.OptionError
	}{
		{"no id column", prepare.Options{Target: out}, prepare.OptionError{Option: "IDColumn", Err: prepare.ErrRequired}},
		{"template", prepare.Options{Target: out, IDColumn: "Lead ID", Template: []string{"Lead ID"}},
			prepare.OptionError{Option: "Template", Err: prepare.ErrNotForList}},
		{"map to a column", prepare.Options{Target: out, IDColumn: "Lead ID", Map: []mapping.Override{{Source: "Mobile", Target: "Cell"}}},
			prepare.OptionError{Option: "Map", Source: "Mobile", Value: "Cell", Err: prepare.ErrLeaveOutOnly}},
		{"unknown phone column", prepare.Options{Target: out, IDColumn: "Lead ID", PhoneColumns: []string{"Fax"}},
			prepare.OptionError{Option: "PhoneColumns", Value: "Fax", Err: prepare.ErrNoSuchColumn}},
		{"parts too small", prepare.Options{Target: out, IDColumn: "Lead ID", MaxBytes: 1000},
			prepare.OptionError{Option: "MaxBytes", Value: "1000", Limit: 64 << 10, Err: prepare.ErrTooSmall}},
		{"negative list size", prepare.Options{Target: out, IDColumn: "Lead ID", ListSize: -1},
			prepare.OptionError{Option: "ListSize", Value: "-1", Err: prepare.ErrNotPositive}},
		{"list size over Genesys' most", prepare.Options{Target: out, IDColumn: "Lead ID", ListSize: schema.ListSize + 1},
			prepare.OptionError{Option: "ListSize", Value: "1000001", Limit: schema.ListSize, Err: prepare.ErrTooLarge}},
		{"unknown target", prepare.Options{Target: "dialer"}, prepare.OptionError{Option: "Target", Value: "dialer", Err: prepare.ErrUnknown}},
		{"unknown country", prepare.Options{Country: "XX"}, prepare.OptionError{Option: "Country", Value: "XX", Err: prepare.ErrUnknown}},
		{"map to no column", prepare.Options{Map: []mapping.Override{{Source: "Mobile", Target: "Pager"}}},
			prepare.OptionError{Option: "Map", Source: "Mobile", Value: "Pager", Err: prepare.ErrNotInTarget}},
		{"empty template", prepare.Options{Template: []string{}}, prepare.OptionError{Option: "Template", Err: prepare.ErrNoHeader}},
		{"unknown encoding", prepare.Options{Encoding: "klingon"}, prepare.OptionError{Option: "Encoding", Value: "klingon", Err: prepare.ErrUnknown}},
	} {
		_, err := prepare.Run(in, tt.opt)
		var oe *prepare.OptionError
		if !errors.As(err, &oe) || *oe != tt.want {
			t.Errorf("%s: error %#v, want %+v", tt.name, err, tt.want)
			continue
		}
		if !errors.Is(err, tt.want.Err) || strings.Contains(err.Error(), "--") {
			t.Errorf("%s: %q is not %v, or speaks in flags", tt.name, err, tt.want.Err)
		}
	}
}

// An option error is worded with the name a caller gives the option.
func TestOptionErrorNamed(t *testing.T) {
	for _, tt := range []struct {
		err  prepare.OptionError
		want string
	}{
		{prepare.OptionError{Option: "MaxBytes", Value: "1000", Limit: 65536, Err: prepare.ErrTooSmall},
			"--max-bytes 1000: too small for a contact list's header and rows: at least 65536"},
		{prepare.OptionError{Option: "Map", Source: "Mobile", Value: "Cell", Err: prepare.ErrLeaveOutOnly},
			`--map "Mobile=Cell": in a contact list a column keeps its own name: it can only be left out`},
		{prepare.OptionError{Option: "IDColumn", Err: prepare.ErrRequired},
			"--id-column: a contact list needs it: the column holding each contact's own id"},
	} {
		flag := map[string]string{"MaxBytes": "--max-bytes", "Map": "--map", "IDColumn": "--id-column"}[tt.err.Option]
		if got := tt.err.Named(flag); got != tt.want {
			t.Errorf("Named(%q) = %q, want %q", flag, got, tt.want)
		}
	}
}

// Inspect of an outbound input tells its columns and phones before an id column is chosen.
func TestOutboundInspect(t *testing.T) {
	d, err := prepare.Inspect(prepare.Input{Name: "l.csv", Data: []byte("\ufeff\"Lead ID\",\"Cell\",\"Name\"\r\nL1,1,a\r\n")}, prepare.Options{Target: schema.Outbound})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for s, to := range d.Mapping.To {
		if to != s {
			t.Errorf("column %d maps to %d", s, to)
		}
		kinds = append(kinds, d.Mapping.Target.Columns[to].Kind.String())
	}
	if !slices.Equal(d.Header, []string{"Lead ID", "Cell", "Name"}) || !slices.Equal(kinds, []string{"text", "phone", "text"}) {
		t.Errorf("header %q, kinds %q", d.Header, kinds)
	}
	if f := d.Mapping.Findings("l.csv"); len(f) != 0 {
		t.Errorf("findings %v", f)
	}
}
