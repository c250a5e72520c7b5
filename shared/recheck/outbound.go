package recheck

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"slices"
	"unicode/utf8"

	"contactprep/shared/csvread"
	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// Outbound says what a contact list file is checked against.
type Outbound struct {
	// IDColumn is the header of the contact id column (the Lead ID): it must be
	// present, filled on every row and unique within the file.
	IDColumn string
	// Columns, when not nil, are the contact list's columns: every header must be one.
	Columns []string
	// MaxBytes bounds the file; 0 leaves it unbounded.
	MaxBytes int64
}

// CheckOutbound reads a part of an outbound contact list (named file in findings)
// and reports every reason Genesys would refuse it or a row of it: over MaxBytes,
// not UTF-8, more than 50 columns, header names empty, longer than 128 characters,
// repeated or not of the list, the id column missing, rows of the wrong shape,
// values over 512 characters, ids empty or used twice. Phone values are not
// refused: the engine writes E.164 where it can and keeps a number it cannot
// read as typed, with a warning the admin has seen; Genesys stores such text
// and does not dial it, so refusing it here would block a whole batch for one
// unusable number.
// Findings name rows and columns and never carry cell values.
func CheckOutbound(file string, data []byte, o Outbound) Result {
	var res Result
	errorAt := func(row int, column string, code finding.Code, msg string) {
		res.add(finding.Finding{File: file, Row: row, Column: column, Code: code, Severity: finding.Error, Message: msg})
	}
	if o.MaxBytes > 0 && int64(len(data)) > o.MaxBytes {
		errorAt(0, "", finding.FileTooLarge, fmt.Sprintf("the file has %d bytes; the limit is %d", len(data), o.MaxBytes))
		return res
	}
	body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(body) {
		errorAt(0, "", finding.EncodingInvalid, fmt.Sprintf("the file is not UTF-8 (first at line %d)", invalidLine(body)))
		return res
	}
	rd := csvread.NewReader(body, ',')
	header, err := rd.Read()
	if err != nil || (len(header) == 1 && len(header[0]) == 0) {
		errorAt(0, "", finding.EmptyFile, "the file has no header row")
		return res
	}
	p := outboundPlan(header, o, errorAt)
	if res.Errors > 0 {
		return res
	}
	ids := p.checkOutboundRows(rd, idsFor(body), &res, errorAt)
	p.checkDuplicates(file, body, ids, &res)
	slices.SortStableFunc(res.Findings, func(a, b finding.Finding) int { return a.Row - b.Row })
	return res
}

// outboundPlan checks the header (schema.ListHeaderProblems, the engine's
// rules) and resolves the id column.
func outboundPlan(header [][]byte, o Outbound, errorAt rowFinding) *plan {
	p := &plan{width: len(header), key: -1}
	for _, h := range header {
		p.header = append(p.header, string(h))
	}
	for _, prob := range schema.ListHeaderProblems(p.header) {
		column := ""
		if prob.Column >= 0 && prob.Code != finding.MalformedRow {
			column = p.header[prob.Column]
		}
		errorAt(0, column, prob.Code, prob.Message())
	}
	var known map[string]bool
	if o.Columns != nil {
		known = make(map[string]bool, len(o.Columns))
		for _, c := range o.Columns {
			known[c] = true
		}
	}
	for i, name := range p.header {
		if known != nil && schema.HeaderKey(name) != "" && !known[name] {
			errorAt(0, name, finding.UnknownColumn, "the contact list has no column of this name")
		}
		if name == o.IDColumn && p.key < 0 {
			p.key = i
		}
	}
	if p.key < 0 {
		name := o.IDColumn
		if name == "" {
			name = "(contact id)"
		}
		errorAt(0, name, finding.MissingColumn, "the file has no column of the contact id's name")
	}
	return p
}

// checkOutboundRows checks every data row and returns the hashes of their ids,
// appended to ids.
func (p *plan) checkOutboundRows(rd *csvread.Reader, ids []keyHash, res *Result, errorAt rowFinding) []keyHash {
	seed := maphash.MakeSeed()
	p.eachRow(rd, res, errorAt, func(row int, rec [][]byte) {
		for i, v := range rec {
			// A rune is at least one byte: only long fields need counting.
			if len(v) > schema.ListMaxValueChars && utf8.RuneCount(v) > schema.ListMaxValueChars {
				errorAt(row, p.header[i], finding.ValueTooLong, fmt.Sprintf("the value is longer than %d characters", schema.ListMaxValueChars))
			}
		}
		key := trimmed(rec[p.key])
		if len(key) == 0 {
			errorAt(row, p.header[p.key], finding.MissingRequired, "the contact id is empty")
			return
		}
		ids = append(ids, keyHash{hashKey(seed, key), int32(row)})
	})
	return ids
}
