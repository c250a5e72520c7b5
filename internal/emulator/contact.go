package emulator

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"contactprep/shared/finding"
	"contactprep/shared/schema"
)

// Target paths and header names with a meaning beyond "put the cell here".
const (
	externalIDTarget    = "externalId"                      // the contact's key
	orgPrefix           = "externalOrganization."           // fields of the contact's organization
	orgKeyTarget        = "externalOrganization.externalId" // the organization's key (Account ID)
	externalIDHeader    = "external id"                     // key column when no mapping targets externalId
	accountIDHeader     = "account id"                      // organization key column likewise
	maxExternalIDLength = 255
)

// requiredContactFields must hold a value in every imported row (genesys.md §1 and §5).
var requiredContactFields = []string{"firstName", "lastName"}

var (
	e164Pattern       = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	e164NoPlusPattern = regexp.MustCompile(`^[1-9][0-9]{6,14}$`)
	screenNamePattern = regexp.MustCompile(`^@?[A-Za-z0-9_]+$`)
)

// fieldRule is what genesys.md §3 says a field accepts. parse turns the trimmed cell
// into the document's value, or returns a phrase saying why it cannot.
type fieldRule struct {
	maxLen int
	parse  func(string) (any, string)
}

// otherFieldRules are the fields contactprep never writes, so the catalog
// (schema.ForPath) has no column for them.
var otherFieldRules = buildOtherFieldRules()

func buildOtherFieldRules() map[string]fieldRule {
	rules := map[string]fieldRule{
		"twitterId.screenName": {maxLen: 255, parse: matching(screenNamePattern, "is not a screen name of letters, digits and underscores")},
		// WhatsAppId.phoneNumber is a PhoneNumber object (WhatsAppId.md).
		"whatsAppId.phoneNumber.display": {maxLen: 512, parse: matching(e164NoPlusPattern, "is not an E.164 number without the plus")},
	}
	for _, p := range []string{"workPhone", "cellPhone", "homePhone", "otherPhone"} {
		rules[p+".acceptsSMS"] = fieldRule{parse: parseBool}
	}
	return rules
}

// catalogRule is the rule of a field the catalog has a column for: the one
// definition (schema.Column.Accept) the engine exports by. A phone that is not
// E.164 is kept as typed, as Genesys keeps it; the values Genesys types are
// typed here too.
func catalogRule(c schema.Column) fieldRule {
	return fieldRule{parse: func(v string) (any, string) {
		switch verdict, code := c.Accept(v); {
		case verdict == schema.Refused && code == finding.ValueTooLong:
			return nil, fmt.Sprintf("is longer than %d characters", c.MaxLen)
		case verdict == schema.Refused:
			return nil, refusals[code]
		case c.Kind == schema.Bool:
			return v == "true", ""
		case c.Kind == schema.Extension:
			return parseInt(v)
		}
		return v, ""
	}}
}

// refusals say why a field refuses a value, by schema.Column.Accept's finding.
var refusals = map[finding.Code]string{
	finding.PhoneExtension: "is not a whole number",
	finding.EmailInvalid:   "is not a valid email address",
	finding.URLInvalid:     "is not an http or https URL",
	finding.BoolInvalid:    "is not true or false",
}

func plainText(v string) (any, string) { return v, "" }

func matching(re *regexp.Regexp, problem string) func(string) (any, string) {
	return func(v string) (any, string) {
		if !re.MatchString(v) {
			return nil, problem
		}
		return v, ""
	}
}

func parseBool(v string) (any, string) {
	switch strings.ToLower(v) {
	case "true":
		return true, ""
	case "false":
		return false, ""
	}
	return nil, "is not true or false"
}

func parseInt(v string) (any, string) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, "is not a whole number"
	}
	return n, ""
}

// fieldValue is one mapped cell on its way into a document. A nil value clears the
// field on update, as an empty cell does in Genesys.
type fieldValue struct {
	path  string
	value any
}

// rowResult is what the dry run found for one row, and what Continue applies.
type rowResult struct {
	line     int
	problems []string
	key      string
	contact  []fieldValue
	orgKey   string
	org      []fieldValue // paths relative to the organization
}

func (r *rowResult) ok() bool { return len(r.problems) == 0 }

// dryRun is the outcome of validating a whole file against a job's settings.
type dryRun struct {
	failure string // why the whole job fails; rows is empty then
	rows    []rowResult
	success int
	failed  int
}

// column is one mapping resolved against the file's header.
type column struct {
	index  int
	source string
	target string // for organization fields, relative to the organization
	rule   fieldRule
}

// importPlan is the settings resolved against one file's header.
type importPlan struct {
	width   int
	keyCol  int
	orgKey  int // -1 when the file has no organizations
	contact []column
	org     []column
}

// planImport resolves the mappings against the header, or says why the file cannot be
// imported with them.
func planImport(header []string, cs *csvSettings, is *importSettings) (*importPlan, string) {
	index := make(map[string]int, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := index[name]; !dup {
			index[name] = i
		}
	}
	p := &importPlan{width: len(header), keyCol: -1, orgKey: -1}
	for _, m := range cs.Mappings {
		if is.excludes(m.TargetField) {
			continue
		}
		i, ok := index[strings.ToLower(strings.TrimSpace(m.SourceField))]
		if !ok {
			return nil, fmt.Sprintf("The column %q named in the mappings is not in the file.", m.SourceField)
		}
		switch {
		case m.TargetField == externalIDTarget:
			p.keyCol = i
		case m.TargetField == orgKeyTarget:
			p.orgKey = i
		case strings.HasPrefix(m.TargetField, orgPrefix):
			target := strings.TrimPrefix(m.TargetField, orgPrefix)
			p.org = append(p.org, column{i, m.SourceField, target, ruleFor(m.TargetField)})
		default:
			p.contact = append(p.contact, column{i, m.SourceField, m.TargetField, ruleFor(m.TargetField)})
		}
	}
	if p.keyCol < 0 {
		i, ok := index[externalIDHeader]
		if !ok {
			return nil, "No mapping targets externalId and the file has no External ID column."
		}
		p.keyCol = i
	}
	if p.orgKey < 0 && len(p.org) > 0 {
		i, ok := index[accountIDHeader]
		if !ok {
			return nil, "Organization fields are mapped but no mapping targets externalOrganization.externalId and the file has no Account ID column."
		}
		p.orgKey = i
	}
	return p, ""
}

// ruleFor is the rule of the field at path (an organization's fields under
// externalOrganization.).
func ruleFor(path string) fieldRule {
	if c, ok := schema.ForPath(path); ok {
		return catalogRule(c)
	}
	if r, ok := otherFieldRules[path]; ok {
		return r
	}
	if isObject(path) {
		// An object such as workPhone or whatsAppId.phoneNumber takes no cell.
		return fieldRule{parse: func(string) (any, string) { return nil, "is an object: map the column to one of its fields" }}
	}
	return fieldRule{parse: plainText}
}

// isObject reports whether path names an object with fields of its own rather
// than a field.
func isObject(path string) bool {
	for other := range otherFieldRules {
		if strings.HasPrefix(other, path+".") {
			return true
		}
	}
	for _, c := range schema.Catalog() {
		if strings.HasPrefix(c.Path(), path+".") {
			return true
		}
	}
	return false
}

// row checks one record and collects the values it would write. Messages name fields
// and columns, never cell values.
func (p *importPlan) row(rec []string, line int) rowResult {
	res := rowResult{line: line}
	if len(rec) != p.width {
		res.problems = append(res.problems, fmt.Sprintf("The row has %d fields; the header has %d.", len(rec), p.width))
		return res
	}
	res.key = strings.TrimSpace(rec[p.keyCol])
	switch {
	case res.key == "":
		res.problems = append(res.problems, "The External ID is missing.")
	case utf8.RuneCountInString(res.key) > maxExternalIDLength:
		res.problems = append(res.problems, fmt.Sprintf("The External ID is longer than %d characters.", maxExternalIDLength))
	}
	res.contact = collect(rec, p.contact, "", &res.problems)
	for _, f := range requiredContactFields {
		if !hasValue(res.contact, f) {
			res.problems = append(res.problems, f+" is missing.")
		}
	}
	if p.orgKey >= 0 {
		res.orgKey = strings.TrimSpace(rec[p.orgKey])
		res.org = collect(rec, p.org, orgPrefix, &res.problems)
		switch {
		case res.orgKey == "" && anyValue(res.org):
			res.problems = append(res.problems, "Organization fields are set but the Account ID is missing.")
		case res.orgKey != "" && !hasValue(res.org, "name"):
			res.problems = append(res.problems, orgPrefix+"name is missing.")
		}
	}
	return res
}

func collect(rec []string, cols []column, prefix string, problems *[]string) []fieldValue {
	values := make([]fieldValue, 0, len(cols))
	for _, c := range cols {
		v := strings.TrimSpace(rec[c.index])
		if v == "" {
			values = append(values, fieldValue{c.target, nil})
			continue
		}
		if c.rule.maxLen > 0 && utf8.RuneCountInString(v) > c.rule.maxLen {
			*problems = append(*problems, fmt.Sprintf("%s%s (column %q) is longer than %d characters.", prefix, c.target, c.source, c.rule.maxLen))
			continue
		}
		typed, problem := c.rule.parse(v)
		if problem != "" {
			*problems = append(*problems, fmt.Sprintf("%s%s (column %q) %s.", prefix, c.target, c.source, problem))
			continue
		}
		values = append(values, fieldValue{c.target, typed})
	}
	return values
}

func hasValue(values []fieldValue, path string) bool {
	for _, v := range values {
		if v.path == path && v.value != nil {
			return true
		}
	}
	return false
}

func anyValue(values []fieldValue) bool {
	for _, v := range values {
		if v.value != nil {
			return true
		}
	}
	return false
}

// runDryRun validates every row of an uploaded file against the job's settings.
func runDryRun(u *upload, cs *csvSettings, is *importSettings) dryRun {
	switch {
	case u == nil || u.data == nil:
		return dryRun{failure: "The file of the upload is no longer stored."}
	case !u.check.FileEncodingValid:
		return dryRun{failure: "The file is not UTF-8 encoded."}
	case !u.check.SeparatorValid:
		return dryRun{failure: "The file is not comma separated."}
	case len(u.data) > importFileLimit:
		return dryRun{failure: "The file is larger than the 50 MB limit."}
	}
	rd := newCSVReader(u.data)
	header, err := rd.Read()
	if err != nil {
		return dryRun{failure: "The file has no header row."}
	}
	plan, failure := planImport(header, cs, is)
	if failure != "" {
		return dryRun{failure: failure}
	}
	var d dryRun
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		var res rowResult
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			res = rowResult{line: pe.StartLine, problems: []string{"The row is not well-formed CSV: " + csvProblem(err) + "."}}
		case err != nil:
			return dryRun{failure: "The file cannot be read."}
		default:
			line, _ := rd.FieldPos(0)
			res = plan.row(rec, line)
		}
		if res.ok() {
			d.success++
		} else {
			d.failed++
		}
		d.rows = append(d.rows, res)
	}
	return d
}

// setPath writes value at a dot path, making or replacing the maps on the way.
func setPath(doc map[string]any, path string, value any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := doc[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			doc[p] = next
		}
		doc = next
	}
	doc[parts[len(parts)-1]] = value
}

// deletePath removes the value at a dot path and the maps it leaves empty.
func deletePath(doc map[string]any, path string) {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		delete(doc, head)
		return
	}
	child, ok := doc[head].(map[string]any)
	if !ok {
		return
	}
	deletePath(child, rest)
	if len(child) == 0 {
		delete(doc, head)
	}
}

func applyFields(doc map[string]any, values []fieldValue) {
	for _, v := range values {
		if v.value == nil {
			deletePath(doc, v.path)
		} else {
			setPath(doc, v.path, v.value)
		}
	}
}

// cloneDoc deep-copies a document so callers cannot reach the store's maps.
func cloneDoc(doc map[string]any) map[string]any {
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return cloneDoc(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// sortedDocs copies the documents of a store, ordered by key.
func sortedDocs(store map[string]map[string]any) []map[string]any {
	keys := make([]string, 0, len(store))
	for k := range store {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]map[string]any, len(keys))
	for i, k := range keys {
		out[i] = cloneDoc(store[k])
	}
	return out
}
