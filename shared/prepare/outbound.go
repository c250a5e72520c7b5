package prepare

import (
	"fmt"
	"slices"
	"strings"

	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/schema"
)

// The outbound target's columns are the input's own, so its target is made
// without columns and takes them from the first header row read
// (outboundMapping); the inputs after it map onto those columns by name.

// outboundHeaderBytes bounds a contact list's header row before it is known:
// ListMaxColumns names of ListMaxHeaderChars characters, each up to 4 bytes,
// quoted. A longer header is a too_many_columns or header_too_long error anyway.
const outboundHeaderBytes = schema.ListMaxColumns * (4*schema.ListMaxHeaderChars + 3)

// outboundMinBytes is the smallest part size outbound takes: the largest
// header row and a row of a few full columns fit.
const outboundMinBytes = 64 << 10

// outboundTarget checks the options that apply to a contact list and returns
// its target, without columns yet.
func outboundTarget(opt Options) (*schema.Target, error) {
	if opt.Template != nil {
		return nil, &OptionError{Option: "Template", Err: ErrNotForList}
	}
	for _, o := range opt.Map {
		if o.Target != "" {
			return nil, &OptionError{Option: "Map", Source: o.Source, Value: o.Target, Err: ErrLeaveOutOnly}
		}
	}
	if opt.MaxBytes != 0 && opt.MaxBytes < outboundMinBytes {
		return nil, &OptionError{Option: "MaxBytes", Value: fmt.Sprint(opt.MaxBytes), Limit: outboundMinBytes, Err: ErrTooSmall}
	}
	if opt.ListSize < 0 {
		return nil, &OptionError{Option: "ListSize", Value: fmt.Sprint(opt.ListSize), Err: ErrNotPositive}
	}
	if opt.ListSize > schema.ListSize {
		return nil, &OptionError{Option: "ListSize", Value: fmt.Sprint(opt.ListSize), Limit: schema.ListSize, Err: ErrTooLarge}
	}
	return schema.ContactList(nil, strings.TrimSpace(opt.IDColumn), phoneColumns(opt.PhoneColumns), opt.ListSize), nil
}

// phoneColumns trims the names given; nil stays nil (detect by name).
func phoneColumns(names []string) []string {
	if names == nil {
		return nil
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// outboundMapping maps a header row onto the contact list's columns, first
// making them from it when it is the first header read. Every source column
// fills the column of its own (trimmed) name; a repeated or empty header, a
// column left out with --map "Name=", or one the list does not have fills none.
// The list's limits become findings of the file whose header made the list.
func outboundMapping(header []string, opt Options, t *schema.Target) (*mapping.Mapping, error) {
	dropped := map[string]bool{}
	for _, o := range opt.Map {
		dropped[strings.TrimSpace(o.Source)] = true
	}
	idColumn := strings.TrimSpace(opt.IDColumn)
	var extra []finding.Finding
	if len(t.Columns) == 0 {
		kept := make([]string, 0, len(header))
		for _, h := range header {
			if !dropped[strings.TrimSpace(h)] {
				kept = append(kept, h)
			}
		}
		phones := phoneColumns(opt.PhoneColumns)
		list := schema.ContactList(kept, idColumn, phones, t.ListSize)
		for _, p := range phones {
			if list.Index(p) < 0 {
				return nil, &OptionError{Option: "PhoneColumns", Value: p, Err: ErrNoSuchColumn}
			}
		}
		if idColumn != "" && list.Index(idColumn) < 0 {
			// Still a column, so that every row is rejected for lacking its id.
			list.Columns = append(list.Columns, schema.Column{Header: idColumn, Kind: schema.ID, Part: schema.Contact,
				Key: true, Required: true, MaxLen: schema.ListMaxValueChars})
		}
		t.Columns = list.Columns
		extra = limitFindings(t)
	}
	m := &mapping.Mapping{Source: header, To: make([]int, len(header)), How: make([]mapping.How, len(header)), Target: t}
	taken := make([]bool, len(t.Columns))
	for s, h := range header {
		name := strings.TrimSpace(h)
		m.To[s] = -1
		if dropped[name] {
			m.How[s] = mapping.Explicit
			continue
		}
		if i := t.ListIndex(name); i >= 0 && !taken[i] {
			m.To[s], m.How[s], taken[i] = i, mapping.Exact, true
		}
	}
	if idColumn != "" && !slices.ContainsFunc(header, func(h string) bool { return strings.TrimSpace(h) == idColumn }) {
		extra = append(extra, finding.Finding{Column: idColumn, Code: finding.MissingColumn, Severity: finding.Error, Suggested: idColumn,
			Message: fmt.Sprintf("the file has no column %q, the contact id of every row: none of its rows can be imported", idColumn)})
	}
	m.Extra = extra
	return m, nil
}

// limitFindings checks a contact list's columns against Genesys' rules
// (schema.ListHeaderProblems). Values longer than schema.ListMaxValueChars
// are the rows' value_too_long.
func limitFindings(t *schema.Target) []finding.Finding {
	var out []finding.Finding
	for _, p := range schema.ListHeaderProblems(t.Headers()) {
		f := finding.Finding{Code: p.Code, Severity: finding.Error, Message: p.Message()}
		switch p.Code {
		case finding.TooManyColumns:
			f.Original, f.Message = fmt.Sprint(p.Count), "the file has "+p.Message()+": leave some of them out"
		case finding.HeaderTooLong:
			f.Column, f.Original, f.Message = t.Columns[p.Column].Header, t.Columns[p.Column].Header, p.Message()+": shorten it in the file"
		}
		out = append(out, f)
	}
	return out
}
