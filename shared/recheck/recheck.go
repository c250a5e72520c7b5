// Package recheck repeats on the server the checks a clean import file must pass, trusting nothing the page said about it.
//
// It links only the lean engine packages (csvread, schema, field, fieldpath, finding),
// so the submission function stays small. Each value is judged by schema.Column.Accept,
// the definition the engine exports by: a phone not in E.164 is kept as typed,
// as Genesys keeps it, and the admin was told so before sending.
package recheck

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"unicode/utf8"

	"contactprep/shared/csvread"
	"contactprep/shared/field"
	"contactprep/shared/fieldpath"
	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// Field pairs a column of the file with the ExternalContact field it fills: a JSON
// path such as "firstName", "workPhone.display" or "externalOrganization.name".
type Field struct {
	Column string `json:"column"`
	Path   string `json:"field"`
}

// requiredContact must hold a value on every row: the bulk import makes a contact of
// each row.
var requiredContact = [...]string{schema.ContactKeyPath, "firstName", "lastName"}

// MaxFindings bounds the findings a Result keeps, so a hopeless file gets a short
// answer; Result.Dropped counts the rest.
const MaxFindings = 500

// Result is what Check found.
type Result struct {
	Findings []finding.Finding // at most MaxFindings, ordered by row
	Dropped  int               // findings left out beyond MaxFindings
	Rows     int               // data rows read; blank lines are not rows
	Errors   int               // error findings, kept or dropped
	Fields   []Field           // the mapping checked: the caller's, or the catalog's
}

// OK reports whether the file may be sent: no finding is an error.
func (r *Result) OK() bool { return r.Errors == 0 }

func (r *Result) add(f finding.Finding) {
	if f.Severity == finding.Error {
		r.Errors++
	}
	if len(r.Findings) >= MaxFindings {
		r.Dropped++
		return
	}
	r.Findings = append(r.Findings, f)
}

// CatalogFields maps each header the built-in catalog knows to its field path: the
// mapping of a file the engine wrote with the catalog's headers. Other headers are
// left out.
func CatalogFields(header []string) []Field {
	cols := schema.Catalog()
	var out []Field
	for _, h := range header {
		for _, c := range cols {
			if c.Header == h {
				if p := c.Path(); p != "" {
					out = append(out, Field{Column: h, Path: p})
				}
				break
			}
		}
	}
	return out
}

// catalogHeader names a field by the catalog's header for it, for findings about a
// field no column fills.
func catalogHeader(path string) string {
	for _, c := range schema.Catalog() {
		if c.Path() == path {
			return c.Header
		}
	}
	return path
}

// column is one mapped column resolved against the header.
type column struct {
	index int
	path  string
	rule  *schema.Column // what the field accepts; nil for a field the catalog does not know
}

// plan is the mapping resolved against the file's header.
type plan struct {
	header  []string
	width   int
	cols    []column
	key     int // index of the Contact ID column
	account []int
	accKey  int // -1 when no column fills the Account ID
	accName int
	req     []int // columns every row must fill
}

// Check reads file (named in findings) and reports every reason Genesys would refuse
// it or a row of it: over maxBytes, not UTF-8, a header that does not match fields,
// required fields missing, rows of the wrong shape, values a field refuses, Contact
// IDs used twice. With no fields, the header is mapped by CatalogFields. Findings name
// rows and columns and never carry cell values.
func Check(file string, data []byte, fields []Field, maxBytes int64) Result {
	var res Result
	fileFinding := func(code finding.Code, column, msg string) {
		res.add(finding.Finding{File: file, Column: column, Code: code, Severity: finding.Error, Message: msg})
	}
	if int64(len(data)) > maxBytes {
		fileFinding(finding.FileTooLarge, "", fmt.Sprintf("the file has %d bytes; the limit is %d", len(data), maxBytes))
		return res
	}
	body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(body) {
		fileFinding(finding.EncodingInvalid, "", fmt.Sprintf("the file is not UTF-8 (first at line %d)", invalidLine(body)))
		return res
	}
	rd := csvread.NewReader(body, ',')
	header, err := rd.Read()
	if err != nil || (len(header) == 1 && len(header[0]) == 0) {
		fileFinding(finding.EmptyFile, "", "the file has no header row")
		return res
	}
	if len(fields) == 0 {
		names := make([]string, len(header))
		for i, h := range header {
			names[i] = string(h)
		}
		fields = CatalogFields(names)
	}
	res.Fields = fields
	p := newPlan(file, header, fields, &res)
	if p == nil {
		return res
	}
	ids := p.checkRows(file, rd, idsFor(body), &res)
	p.checkDuplicates(file, body, ids, &res)
	slices.SortStableFunc(res.Findings, func(a, b finding.Finding) int { return a.Row - b.Row })
	return res
}

// invalidLine is the 1-based line of the first byte that is not UTF-8.
func invalidLine(b []byte) int {
	line := 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if b[0] == '\n' {
			line++
		}
		b = b[size:]
	}
	return line
}

// newPlan checks the header against the fields and resolves them, or returns nil
// when no row can be imported with them.
func newPlan(file string, header [][]byte, fields []Field, res *Result) *plan {
	p := &plan{width: len(header), key: -1, accKey: -1, accName: -1}
	errorAt := func(code finding.Code, column, msg string) {
		res.add(finding.Finding{File: file, Column: column, Code: code, Severity: finding.Error, Message: msg})
	}
	index := make(map[string]int, len(header))
	folded := make(map[string]int, len(header))
	for i, h := range header {
		name := string(h)
		p.header = append(p.header, name)
		lower := strings.ToLower(field.Trim(name))
		switch first, dup := folded[lower]; {
		case lower == "":
			errorAt(finding.MalformedRow, "", fmt.Sprintf("column %d of the header has no name", i+1))
		case dup:
			errorAt(finding.HeaderDuplicate, name, fmt.Sprintf("columns %d and %d have the same name (Genesys compares header names ignoring case)", first+1, i+1))
		default:
			folded[lower] = i
		}
		if _, seen := index[name]; !seen {
			index[name] = i
		}
	}
	mapped := make([]bool, len(header))
	paths := make(map[string]bool, len(fields))
	for _, f := range fields {
		switch {
		case !fieldpath.Valid(f.Path):
			errorAt(finding.UnknownColumn, f.Column, "the mapping's field is not a JSON path of letters, digits and dots")
			continue
		case paths[f.Path]:
			errorAt(finding.UnknownColumn, f.Column, "the mapping fills the field "+f.Path+" from two columns")
			continue
		}
		paths[f.Path] = true
		i, ok := index[f.Column]
		if !ok {
			errorAt(finding.MissingColumn, f.Column, "the mapping names a column the file does not have")
			continue
		}
		mapped[i] = true
		col := column{index: i, path: f.Path}
		if rule, ok := schema.ForPath(f.Path); ok {
			col.rule = &rule
		}
		switch {
		case f.Path == schema.ContactKeyPath:
			p.key = i
		case f.Path == schema.AccountKeyPath:
			p.accKey = i
		case f.Path == schema.AccountNamePath:
			p.accName = i
		}
		if strings.HasPrefix(f.Path, schema.AccountPrefix) {
			p.account = append(p.account, i)
		}
		p.cols = append(p.cols, col)
	}
	for i, h := range p.header {
		if !mapped[i] && field.Trim(h) != "" {
			res.add(finding.Finding{File: file, Column: h, Code: finding.UnknownColumn, Severity: finding.Warning,
				Message: "no field is mapped from this column: its values are not imported"})
		}
	}
	for _, path := range requiredContact {
		if !paths[path] {
			errorAt(finding.MissingColumn, catalogHeader(path), "no column fills the required field "+path)
		}
	}
	if len(p.account) > 0 {
		for _, path := range [...]string{schema.AccountKeyPath, schema.AccountNamePath} {
			if !paths[path] {
				errorAt(finding.MissingColumn, catalogHeader(path), "organization fields are mapped but no column fills "+path)
			}
		}
	}
	if res.Errors > 0 {
		return nil
	}
	for _, c := range p.cols {
		if slices.Contains(requiredContact[:], c.path) {
			p.req = append(p.req, c.index)
		}
	}
	return p
}

// keyHash is a row's Contact ID, hashed: duplicates are found by sorting these, so
// the IDs themselves are not kept. Eight bytes a row: a 50 MB file of short rows
// has a million of them. Rows whose hashes collide are compared exactly.
type keyHash struct {
	hash uint32
	row  int32
}

// idsFor is room for the hashes of body's rows, made once: at most one a line.
func idsFor(body []byte) []keyHash {
	return make([]keyHash, 0, bytes.Count(body, []byte{'\n'})+1)
}

func hashKey(seed maphash.Seed, key []byte) uint32 {
	return uint32(maphash.Bytes(seed, key))
}

type rowFinding func(row int, column string, code finding.Code, msg string)

// checkRows checks every data row and returns the hashes of their Contact IDs,
// appended to ids.
func (p *plan) checkRows(file string, rd *csvread.Reader, ids []keyHash, res *Result) []keyHash {
	seed := maphash.MakeSeed()
	errorAt := func(row int, column string, code finding.Code, msg string) {
		res.add(finding.Finding{File: file, Row: row, Column: column, Code: code, Severity: finding.Error, Message: msg})
	}
	p.eachRow(rd, res, errorAt, func(row int, rec [][]byte) {
		p.checkRow(row, rec, errorAt)
		if key := trimmed(rec[p.key]); len(key) > 0 {
			ids = append(ids, keyHash{hashKey(seed, key), int32(row)})
		}
	})
	return ids
}

// eachRow reads the data rows, counting them in res.Rows, skips blank lines,
// refuses malformed rows and rows of the wrong width, and hands the others to
// check with their 1-based row number.
func (p *plan) eachRow(rd *csvread.Reader, res *Result, errorAt rowFinding, check func(row int, rec [][]byte)) {
	for {
		rec, err := rd.Read()
		if err != nil {
			return
		}
		if len(rec) == 1 && len(rec[0]) == 0 {
			continue
		}
		res.Rows++
		row := res.Rows
		if why := rd.Malformed(); why != "" {
			errorAt(row, "", finding.MalformedRow, "the row is not well-formed CSV: "+why)
			continue
		}
		if len(rec) != p.width {
			errorAt(row, "", finding.MalformedRow, fmt.Sprintf("the row has %d fields; the header has %d", len(rec), p.width))
			continue
		}
		check(row, rec)
	}
}

func (p *plan) checkRow(row int, rec [][]byte, errorAt rowFinding) {
	for _, i := range p.req {
		if len(trimmed(rec[i])) == 0 {
			errorAt(row, p.header[i], finding.MissingRequired, "a required field is empty")
		}
	}
	if p.accKey >= 0 || p.accName >= 0 {
		hasAccount := false
		for _, i := range p.account {
			if len(trimmed(rec[i])) > 0 {
				hasAccount = true
				break
			}
		}
		if hasAccount {
			for _, i := range [...]int{p.accKey, p.accName} {
				if len(trimmed(rec[i])) == 0 {
					errorAt(row, p.header[i], finding.MissingRequired, "the row has organization data but this required organization field is empty")
				}
			}
		}
	}
	for _, c := range p.cols {
		if c.rule == nil {
			continue
		}
		if v := trimmed(rec[c.index]); len(v) > 0 {
			if verdict, code := c.rule.Accept(string(v)); verdict == schema.Refused {
				errorAt(row, p.header[c.index], code, refusals[code](c.rule))
			}
		}
	}
}

// refusals say why Genesys refuses a value, by the finding schema.Column.Accept gives.
var refusals = map[finding.Code]func(*schema.Column) string{
	finding.ValueTooLong: func(c *schema.Column) string {
		return fmt.Sprintf("the value is longer than the %d characters Genesys accepts", c.MaxLen)
	},
	finding.PhoneExtension: func(*schema.Column) string {
		return fmt.Sprintf("an extension must be 1 to %d digits", field.MaxExtensionDigits)
	},
	finding.EmailInvalid: func(*schema.Column) string { return "not a valid e-mail address" },
	finding.URLInvalid:   func(*schema.Column) string { return "not an http or https web address" },
	finding.BoolInvalid:  func(*schema.Column) string { return "not true or false" },
}

func trimmed(b []byte) []byte {
	if len(b) > 0 && b[0] > ' ' && b[len(b)-1] > ' ' && b[0] < utf8.RuneSelf && b[len(b)-1] < utf8.RuneSelf {
		return b
	}
	return []byte(field.Trim(string(b)))
}

// checkDuplicates reports every row whose Contact ID another row also uses. Rows whose
// hashes collide are re-read and compared exactly, so a collision is never reported.
func (p *plan) checkDuplicates(file string, body []byte, ids []keyHash, res *Result) {
	slices.SortFunc(ids, func(a, b keyHash) int {
		if a.hash != b.hash {
			if a.hash < b.hash {
				return -1
			}
			return 1
		}
		return int(a.row - b.row)
	})
	candidates := map[int32]bool{}
	for i := 1; i < len(ids); i++ {
		if ids[i].hash == ids[i-1].hash {
			candidates[ids[i-1].row] = true
			candidates[ids[i].row] = true
		}
	}
	if len(candidates) == 0 {
		return
	}
	rowsByID := map[string][]int32{}
	rd := csvread.NewReader(body, ',')
	rd.Read() // the header
	var row int32
	for {
		rec, err := rd.Read()
		if err != nil {
			break
		}
		if len(rec) == 1 && len(rec[0]) == 0 {
			continue
		}
		row++
		if candidates[row] {
			id := string(trimmed(rec[p.key]))
			rowsByID[id] = append(rowsByID[id], row)
		}
	}
	type duplicate struct{ row, other int32 }
	var dups []duplicate
	for _, rows := range rowsByID {
		for i, r := range rows {
			if len(rows) < 2 {
				break
			}
			other := rows[0]
			if i == 0 {
				other = rows[1]
			}
			dups = append(dups, duplicate{r, other})
		}
	}
	slices.SortFunc(dups, func(a, b duplicate) int { return int(a.row - b.row) })
	column := p.header[p.key]
	for _, d := range dups {
		res.add(finding.Finding{File: file, Row: int(d.row), Column: column, Code: finding.DuplicateContactID, Severity: finding.Error,
			Message: fmt.Sprintf("row %d has the same Contact ID; IDs must be unique", d.other)})
	}
}
