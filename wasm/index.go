//go:build js && wasm

package main

import (
	"slices"

	"contactprep/shared/check"
	"contactprep/shared/finding"
)

// kind is a finding code at one severity: what the page groups and filters by.
type kind struct {
	Code     finding.Code     `json:"code"`
	Severity finding.Severity `json:"severity"`
}

// rowIndex says which kinds of findings each row has, one bit per kind, so the
// page's filters pick rows from a 100,000-row table without building findings.
type rowIndex struct {
	kinds    []kind   // bit i is kinds[i]
	masks    []uint64 // per row
	findings []int    // per kind
	rows     []int    // per kind: rows with at least one
}

// maxBits is the width of a mask; kinds past the 63rd share the last bit,
// which only makes a filter on them show a few rows too many.
const maxBits = 64

func (s *session) ensureIndex() *rowIndex {
	if s.index.masks != nil || s.res == nil {
		return &s.index
	}
	t := s.res.Table
	ix := rowIndex{masks: make([]uint64, t.Len())}
	// bitOf: per code number and severity, the kind's bit plus one (0: not
	// seen yet), so a finding's kind is an array lookup, not a string match.
	bitOf := make([]int, check.Codes()*(int(finding.Error)+1))
	last := -1     // the row whose findings came last
	var seen []int // that row's kinds, to count each row once per kind
	var m uint64
	t.EachCode(func(r int, code uint8, sev finding.Severity) {
		if r != last {
			if last >= 0 {
				ix.masks[last] = m
			}
			if s.indexing != nil && r>>16 != last>>16 {
				s.indexing(r, t.Len())
			}
			last, m, seen = r, 0, seen[:0]
		}
		at := int(code)*(int(finding.Error)+1) + int(sev)
		b := bitOf[at] - 1
		if b < 0 {
			b = len(ix.kinds)
			bitOf[at] = b + 1
			ix.kinds = append(ix.kinds, kind{check.Code(code), sev})
			ix.findings = append(ix.findings, 0)
			ix.rows = append(ix.rows, 0)
		}
		ix.findings[b]++
		if !slices.Contains(seen, b) {
			seen = append(seen, b)
			ix.rows[b]++
		}
		m |= uint64(1) << min(b, maxBits-1)
	})
	if last >= 0 {
		ix.masks[last] = m
	}
	s.index = ix
	return &s.index
}

// mask returns the bits of the kinds matching the codes and severities; empty lists match all.
func (ix *rowIndex) mask(codes []finding.Code, sevs []finding.Severity) uint64 {
	var m uint64
	for i, k := range ix.kinds {
		if (len(codes) == 0 || slices.Contains(codes, k.Code)) && (len(sevs) == 0 || slices.Contains(sevs, k.Severity)) {
			m |= uint64(1) << min(i, maxBits-1)
		}
	}
	return m
}

// filter returns the rows with a finding of a kind in mask, in table order.
func (s *session) filter(m uint64) []int32 {
	if rows, ok := s.filters[m]; ok {
		return rows
	}
	ix := s.ensureIndex()
	// Counted first, then made at its size: grown by appending, the list of
	// 58,283 rows the first table page asks for took 7-28 ms under Node's
	// WebAssembly, against 1-3 ms (each larger copy is fresh memory).
	n := 0
	for _, rm := range ix.masks {
		if rm&m != 0 {
			n++
		}
	}
	rows := make([]int32, 0, n)
	for r, rm := range ix.masks {
		if rm&m != 0 {
			rows = append(rows, int32(r))
		}
	}
	if s.filters == nil {
		s.filters = map[uint64][]int32{}
	}
	s.filters[m] = rows
	return rows
}
