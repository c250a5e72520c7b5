// Package mapping matches a source file's headers to the target's columns.
package mapping

import (
	"fmt"
	"slices"
	"strings"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// How says how a source column found its target, from most to least certain.
type How uint8

const (
	Unmapped How = iota
	Synonym      // a common name for the column ("Mobile" for Contact Cell Phone)
	Folded       // same letters and digits, other case, spacing or punctuation
	Exact        // spelled exactly as the target
	Explicit     // the caller said so (--map Source=Target)
)

var howNames = [...]string{"unmapped", "synonym", "folded", "exact", "explicit"}

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
}

// Override is one explicit Source=Target pair. An empty Target means "ignore
// this source column".
type Override struct{ Source, Target string }

// ParseOverride reads "Source=Target" as given to --map.
func ParseOverride(s string) (Override, error) {
	i := strings.LastIndexByte(s, '=')
	if i <= 0 {
		return Override{}, fmt.Errorf("--map wants Source=Target, got %q", s)
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
		if name == "" {
			continue
		}
		if i, ok := exact[name]; ok {
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
	for _, want := range []How{Exact, Folded, Synonym} {
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
		if seen[name] && name != "" {
			out = append(out, finding.Finding{File: file, Column: h, Code: finding.HeaderDuplicate, Severity: finding.Warning,
				Original: h, Message: fmt.Sprintf("column %d repeats an earlier header name", s+1)})
		}
		seen[name] = true
		switch {
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
		if c.Required && m.Of(i) < 0 && m.partPresent(c.Part) && !slices.Contains(out, c.Header) {
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
	return false
}
