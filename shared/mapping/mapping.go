// Package mapping matches a source file's headers to the target's columns.
package mapping

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"contactprep/shared/finding"
	"contactprep/shared/makeid"
	"contactprep/shared/schema"
)

// How says how a source column found its target, from most to least certain.
type How uint8

const (
	Unmapped How = iota
	Synonym      // a common name for the column ("Mobile" for Contact Cell Phone)
	Folded       // same letters and digits, other case, spacing or punctuation
	Exact        // spelled exactly as the target
	Layout       // the column of a known export (Outlook's "Title" is the salutation)
	Explicit     // the caller said so (--map Source=Target)
	Paired       // a label or value column of a known export: each row's label says where its value goes
)

var howNames = [...]string{"unmapped", "synonym", "folded", "exact", "layout", "explicit", "paired"}

func (h How) String() string { return howNames[h] }

// MarshalText writes the name of the match kind.
func (h How) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// Mapping says, for each source column, which target column it fills.
type Mapping struct {
	Source []string // the source headers as read
	To     []int    // per source column: index into Target.Columns, or -1
	How    []How
	Target *schema.Target
	// Extra are findings about the header that a target's own rules make (a
	// contact list's limits); Findings adds them, and a missing_column among
	// them stands instead of the general one for its column.
	Extra []finding.Finding
	// Layout is the known export the header row is (schema.Recognize), or nil;
	// Routes are its label/value pairs, whose values Fill places row by row.
	Layout *schema.Layout
	Routes []Route
	// Made are the key columns (Contact ID, Account ID) no source column
	// fills whose values are made from each row's other values (MakeIDs).
	Made []int
}

// Route is a label/value column pair: each row's value goes to the target
// column its label names (labels, folded), any other label's to other.
type Route struct {
	Label, Value int // source columns
	labels       map[string]int
	other        int
	split        string
}

// Override is one explicit Source=Target pair. An empty Target means "ignore
// this source column".
type Override struct{ Source, Target string }

// ParseOverride reads "Source=Target", as the command line takes a mapping.
func ParseOverride(s string) (Override, error) {
	i := strings.LastIndexByte(s, '=')
	if i <= 0 {
		return Override{}, fmt.Errorf("want Source=Target, got %q", s)
	}
	return Override{Source: strings.TrimSpace(s[:i]), Target: strings.TrimSpace(s[i+1:])}, nil
}

// Map matches source headers to the target: explicit overrides first, then
// exact spelling, then case/space/punctuation-insensitive, then synonyms. Each
// target column takes at most one source column; when two compete the more
// certain match wins, and a losing phone or e-mail column moves to the next
// free column of its kind and part rather than being dropped.
func Map(source []string, t *schema.Target, overrides []Override) *Mapping {
	m := &Mapping{Source: source, To: make([]int, len(source)), How: make([]How, len(source)), Target: t}
	exact := make(map[string]int, len(t.Columns))
	folded := make(map[string]int, 2*len(t.Columns))
	for i, c := range t.Columns {
		exact[c.Header] = i
		folded[schema.Fold(c.Header)] = i
	}
	// A contact header minus "Contact" is the name CRMs use ("Work Phone").
	// Account headers keep their prefix: a bare "Phone" is the contact's.
	for i, c := range t.Columns {
		if rest, ok := strings.CutPrefix(schema.Fold(c.Header), "contact"); ok && rest != "id" {
			if _, taken := folded[rest]; !taken {
				folded[rest] = i
			}
		}
	}
	explicit := make(map[string]string, len(overrides))
	for _, o := range overrides {
		explicit[o.Source] = o.Target
	}
	if t.Name != schema.Outbound {
		m.Layout = schema.Recognize(source)
	}
	paired := m.route(explicit)

	type claim struct{ src, dst int }
	var claims []claim
	for s, h := range source {
		m.To[s] = -1
		name := strings.TrimSpace(h)
		if tgt, ok := explicit[name]; ok {
			if i, ok := exact[tgt]; ok {
				m.To[s], m.How[s] = i, Explicit
			}
			continue
		}
		if name == "" || paired[s] {
			continue
		}
		if i, ok := m.layoutColumn(name); ok {
			m.To[s], m.How[s] = i, Layout
		} else if i, ok := exact[name]; ok {
			m.To[s], m.How[s] = i, Exact
		} else if i, ok := folded[schema.Fold(name)]; ok {
			m.To[s], m.How[s] = i, Folded
		} else if syn, ok := schema.Synonym(name); ok {
			if i, ok := exact[syn]; ok {
				m.To[s], m.How[s] = i, Synonym
			}
		}
		if m.To[s] >= 0 {
			claims = append(claims, claim{s, m.To[s]})
		}
	}

	// Settle competition for a target: the most certain match keeps it, earlier
	// columns win ties, losers of a spillable kind move to a free sibling.
	owner := make(map[int]int, len(source))
	for s := range source {
		if m.How[s] == Explicit && m.To[s] >= 0 {
			owner[m.To[s]] = s
		}
	}
	for _, want := range []How{Layout, Exact, Folded, Synonym} {
		for _, c := range claims {
			if m.How[c.src] != want {
				continue
			}
			if _, taken := owner[c.dst]; !taken {
				owner[c.dst] = c.src
				continue
			}
			m.To[c.src], m.How[c.src] = -1, Unmapped
			col := t.Columns[c.dst]
			if col.Kind != schema.Phone && col.Kind != schema.Email {
				continue
			}
			for i, other := range t.Columns {
				if _, taken := owner[i]; !taken && other.Kind == col.Kind && other.Part == col.Part {
					owner[i] = c.src
					m.To[c.src], m.How[c.src] = i, want
					break
				}
			}
		}
	}
	return m
}

// layoutColumn returns the target column the recognised layout gives a
// source header, if any.
func (m *Mapping) layoutColumn(name string) (int, bool) {
	if m.Layout == nil {
		return -1, false
	}
	h, ok := m.Layout.Column(name)
	if !ok {
		return -1, false
	}
	i := m.Target.Index(h)
	return i, i >= 0
}

// route finds the layout's label/value pairs among the source columns not
// mapped explicitly, and returns the source columns they take.
func (m *Mapping) route(explicit map[string]string) map[int]bool {
	if m.Layout == nil {
		return nil
	}
	taken := map[int]bool{}
	for _, f := range m.Layout.PairsIn(m.Source) {
		_, xl := explicit[strings.TrimSpace(m.Source[f.Label])]
		_, xv := explicit[strings.TrimSpace(m.Source[f.Value])]
		other := m.Target.Index(f.Other)
		if xl || xv || other < 0 {
			continue
		}
		r := Route{Label: f.Label, Value: f.Value, labels: map[string]int{}, other: other, split: f.Split}
		for label, h := range f.Labels {
			if i := m.Target.Index(h); i >= 0 {
				r.labels[label] = i
			}
		}
		m.Routes = append(m.Routes, r)
		m.How[f.Label], m.How[f.Value] = Paired, Paired
		taken[f.Label], taken[f.Value] = true, true
	}
	return taken
}

// Fill places a record's fields in the target's columns (raw, one per
// target column, empty): each mapped source column's value, then each
// label/value pair's by the row's label, into the column the label names or,
// when that is filled, the next free column of its kind and part. It
// returns how many values found no free column and the source column of the
// first, or -1.
func (m *Mapping) Fill(raw, fields [][]byte) (leftOut, firstLeft int) {
	for i, c := range fields {
		if i < len(m.To) && m.To[i] >= 0 {
			raw[m.To[i]] = c
		}
	}
	firstLeft = -1
	if len(m.Routes) == 0 {
		return 0, -1
	}
	var key []byte
	for _, r := range m.Routes {
		if r.Value >= len(fields) {
			continue
		}
		to := r.other
		if r.Label < len(fields) {
			key = schema.AppendFold(key[:0], string(fields[r.Label]))
			if i, ok := r.labels[string(key)]; ok {
				to = i
			}
		}
		for v := range splitValues(fields[r.Value], r.split) {
			if c := m.free(raw, to, r.other); c >= 0 {
				raw[c] = v
			} else if leftOut++; firstLeft < 0 {
				firstLeft = r.Value
			}
		}
	}
	return leftOut, firstLeft
}

// free returns the first empty one of target column want, then other, then
// any column of want's kind and part, or -1.
func (m *Mapping) free(raw [][]byte, want, other int) int {
	if len(raw[want]) == 0 {
		return want
	}
	if len(raw[other]) == 0 {
		return other
	}
	col := m.Target.Columns[want]
	for i, c := range m.Target.Columns {
		if len(raw[i]) == 0 && c.Kind == col.Kind && c.Part == col.Part {
			return i
		}
	}
	return -1
}

// splitValues yields the non-blank values of a cell holding several, split
// by sep ("" means one value).
func splitValues(cell []byte, sep string) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(cell) > 0 {
			v := cell
			if i := bytes.Index(cell, []byte(sep)); sep != "" && i >= 0 {
				v, cell = cell[:i], cell[i+len(sep):]
			} else {
				cell = nil
			}
			if v = bytes.TrimSpace(v); len(v) > 0 && !yield(v) {
				return
			}
		}
	}
}

// MakeIDs says that the key columns (Contact ID, Account ID) no source column
// fills are made from each row's other values (shared/makeid): a made
// column is no longer missing, and Findings says how its values are made.
// A key whose part no source column fills stays unmade: the file carries
// no such records.
func (m *Mapping) MakeIDs() { m.Made = m.makeable() }

// Makeable names the key columns MakeIDs would make: what the page offers to
// make when a file has no ID columns.
func (m *Mapping) Makeable() []string {
	var out []string
	for _, k := range m.makeable() {
		out = append(out, m.Target.Columns[k].Header)
	}
	return out
}

func (m *Mapping) makeable() []int {
	var out []int
	if m.Target.Name == schema.Outbound {
		return nil
	}
	for _, p := range []schema.Part{schema.Contact, schema.Account} {
		if k := m.Target.Key(p); k >= 0 && m.Of(k) < 0 && m.partPresent(p) {
			out = append(out, k)
		}
	}
	return out
}

// Targets returns the target columns the file may fill: those a source
// column maps to, and for each label/value pair those its labels name and
// the other columns of their kind and part its values may spill to.
func (m *Mapping) Targets() []int {
	var out []int
	for _, t := range m.To {
		if t >= 0 && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, r := range m.Routes {
		for i, c := range m.Target.Columns {
			if o := m.Target.Columns[r.other]; c.Kind == o.Kind && c.Part == o.Part && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	return out
}

// Of returns the source column that fills target column i, or -1.
func (m *Mapping) Of(target int) int {
	for s, t := range m.To {
		if t == target {
			return s
		}
	}
	return -1
}

// Findings reports the mapping: one header_mapped finding for each column
// matched other than exactly, one unknown_column for each source column left
// out, one header_duplicate for a header that appears twice, and one
// missing_column for each required target column no source column fills.
func (m *Mapping) Findings(file string) []finding.Finding {
	var out []finding.Finding
	seen := make(map[string]bool, len(m.Source))
	for s, h := range m.Source {
		name := strings.TrimSpace(h)
		if key := schema.HeaderKey(h); seen[key] && key != "" {
			out = append(out, finding.Finding{File: file, Column: h, Code: finding.HeaderDuplicate, Severity: finding.Warning,
				Original: h, Message: fmt.Sprintf("column %d repeats an earlier header name (Genesys ignores case)", s+1)})
		} else {
			seen[key] = true
		}
		switch {
		case m.How[s] == Paired:
			out = append(out, finding.Finding{File: file, Column: h, Code: finding.HeaderMapped, Severity: finding.Info,
				Original: h, Message: "one of a label and value pair: each row's value goes to the phone or e-mail column its label names (Mobile, Work, Home, …)"})
		case m.To[s] < 0:
			msg := "no Genesys column matches this one: its values are left out unless you choose one for it"
			if name == "" {
				msg = fmt.Sprintf("column %d has no name in the header row: its values are left out unless you choose a Genesys column for it", s+1)
			}
			out = append(out, finding.Finding{File: file, Column: h, Code: finding.UnknownColumn, Severity: finding.Warning,
				Original: h, Message: msg})
		case m.How[s] != Exact:
			tgt := m.Target.Columns[m.To[s]].Header
			out = append(out, finding.Finding{File: file, Column: h, Code: finding.HeaderMapped, Severity: finding.Info,
				Original: h, Suggested: tgt, Message: fmt.Sprintf("read as Genesys' %q", tgt)})
		}
	}
	if m.Layout != nil {
		out = append(out, finding.Finding{File: file, Code: finding.LayoutRecognized, Severity: finding.Info, Suggested: m.Layout.Name,
			Message: fmt.Sprintf("this looks like a %s export: its columns are read as such an export means them", m.Layout.Name)})
	}
	for _, c := range m.Made {
		col := m.Target.Columns[c]
		out = append(out, finding.Finding{File: file, Column: col.Header, Code: finding.IDMade, Severity: finding.Info, Suggested: col.Header,
			Message: makeid.Rule(col.Part == schema.Account)})
	}
	missing := map[string]bool{}
	for _, f := range m.Extra {
		f.File = file
		out = append(out, f)
		if f.Code == finding.MissingColumn {
			missing[f.Column] = true
		}
	}
	for _, name := range m.Missing() {
		if c := m.Target.Columns[m.Target.Index(name)]; !missing[name] {
			out = append(out, finding.Finding{File: file, Column: name, Code: finding.MissingColumn, Severity: finding.Warning,
				Suggested: name, Message: fmt.Sprintf("your file has no column for %s, which every %s needs: choose the column that holds it, or every %s is left out", name, c.Part, c.Part)})
		}
	}
	return out
}

// Missing returns, by name, the required target columns no source column
// fills: the target's own rules' (a contact list's id column, in Extra)
// and each required column of a part some source column fills (a file
// without any account column carries no accounts, and needs no Account
// ID). Every row of such a part is rejected, so the page stops Prepare
// until each is mapped.
func (m *Mapping) Missing() []string {
	var out []string
	for _, f := range m.Extra {
		if f.Code == finding.MissingColumn {
			out = append(out, f.Column)
		}
	}
	for i, c := range m.Target.Columns {
		if c.Required && m.Of(i) < 0 && m.partPresent(c.Part) && !slices.Contains(out, c.Header) && !slices.Contains(m.Made, i) {
			out = append(out, c.Header)
		}
	}
	return out
}

// partPresent reports whether any source column fills a column of part p.
func (m *Mapping) partPresent(p schema.Part) bool {
	for _, t := range m.To {
		if t >= 0 && m.Target.Columns[t].Part == p {
			return true
		}
	}
	for _, r := range m.Routes {
		if m.Target.Columns[r.other].Part == p {
			return true
		}
	}
	return false
}
