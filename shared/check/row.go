package check

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"contactprep/shared/country"
	"contactprep/shared/field"
	"contactprep/shared/finding"
	"contactprep/shared/makeid"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/schema"
)

// rowScratch is one row's working memory. Its notes and buffer are reused
// from row to row (Table.scratch keeps them), so that cleaning allocates only
// for values it changes; its cells live on the stack of the row's caller
// (stackCells), which starts them cleared: cells kept on the heap had to be
// cleared for every row through the collector's bulk write barrier, and under
// WebAssembly, whose mark phase spans much of a run, that cost as much as
// checking the row.
type rowScratch struct {
	raw   [][]byte // per target column: the source value, or nil
	out   [][]byte // per target column: the cleaned value
	ext   []string // per target column: an extension split off a phone
	split bool     // some phone had an extension split off (ext is not all empty)
	made  []int    // the key columns whose values are made (mapping.Mapping.Made)
	// plain: the row's record holds no U+FFFD, so no cell of it does
	// (replacementChar); false for a row whose cells are not all of one record.
	plain bool
	*rowBuffers
	// No pointer that leaves the row may be kept here (the row's Normalizer
	// is Table.rowNorm): escape analysis does not tell fields apart, so one
	// such read of s moves the caller's stackCells to the heap, 3 kB a row.
}

// rowBuffers are the parts of a row's working memory kept between rows.
type rowBuffers struct {
	notes []note
	buf   []byte
	acc   [][]byte // a row's account values, as Resolve reads them (readAccountRow)
	enc   []byte   // and encoded, to compare with the versions kept (keepVersion)
}

// stackColumns is the widest target whose cells fit in stackCells; a wider
// one's are allocated.
const stackColumns = 48

// stackCells is a row's cells for a target of up to stackColumns columns.
type stackCells struct {
	raw, out [stackColumns][]byte
	ext      [stackColumns]string
}

// scratchFor returns the working memory of a row of a target of n columns,
// with its cells in c (a variable of the caller's), or allocated when c is
// nil or too small, and the buffers t keeps between rows.
func (t *Table) scratchFor(c *stackCells, n int) rowScratch {
	t.scratch.notes, t.scratch.buf = t.scratch.notes[:0], t.scratch.buf[:0]
	if c == nil || n > stackColumns {
		return rowScratch{raw: make([][]byte, n), out: make([][]byte, n), ext: make([]string, n), rowBuffers: &t.scratch}
	}
	return rowScratch{raw: c.raw[:n], out: c.out[:n], ext: c.ext[:n], rowBuffers: &t.scratch}
}

// fill places a record's fields in the row's cells (mapping.Mapping.Fill),
// noting a labelled value that found no free column.
func (t *Table) fill(s *rowScratch, m *mapping.Mapping, fields [][]byte) {
	s.made = m.Made
	if n, first := m.Fill(s.raw, fields); n > 0 {
		s.notes = append(s.notes, note{col: -1, sev: finding.Warning, code: codeIndex(finding.ValueLeftOut),
			extra: t.extra(fmt.Sprintf("%d value(s) of %q and its kind found no free column (Genesys keeps four phone numbers and three e-mail addresses): left out", n, m.Source[first]))})
	}
}

// keep copies a value cleaning made into the row's scratch buffer, whose
// earlier values stay valid when it grows (their array is kept alive by them).
func (s *rowScratch) keep(v string) []byte {
	n := len(s.buf)
	s.buf = append(s.buf, v...)
	return s.buf[n:len(s.buf):len(s.buf)]
}

// layout is the target's columns as the row loop reads them: small arrays
// instead of the schema's wide Column structs, which a loop over every
// column of every row would copy.
type layout struct {
	kind     []schema.Kind
	part     []schema.Part
	maxLen   []int
	required []int // required of a row carrying their part: contact columns, and the account's key
	extOf    []int // per column: the extension column of a phone column, or -1
	extCols  []int // the extension columns
	// What made IDs are made from: the contact's e-mail, name and phone
	// columns, and the account's name.
	emails, firstName, lastName, phones, accountName []int
	// countries are the columns of an address's country: the contact's
	// first, then the account's.
	countries []int
}

func (t *Table) layout() *layout {
	if t.cols != nil {
		return t.cols
	}
	cols := t.Target.Columns
	l := &layout{kind: make([]schema.Kind, len(cols)), part: make([]schema.Part, len(cols)), maxLen: make([]int, len(cols)), extOf: make([]int, len(cols))}
	for c, col := range cols {
		l.kind[c], l.part[c], l.maxLen[c], l.extOf[c] = col.Kind, col.Part, col.MaxLen, -1
		if col.Required && (col.Part == schema.Contact || col.Key) {
			l.required = append(l.required, c)
		}
		if col.Kind == schema.Extension {
			l.extCols = append(l.extCols, c)
		}
		if col.Kind == schema.Phone {
			l.extOf[c] = t.extensionColumn(col.Header)
		}
		if isCountry(col) {
			if col.Part == schema.Contact {
				l.countries = slices.Insert(l.countries, 0, c)
			} else {
				l.countries = append(l.countries, c)
			}
		}
		switch {
		case col.Part == schema.Account:
			if col.JSONPath == "name" {
				l.accountName = append(l.accountName, c)
			}
		case col.Kind == schema.Email:
			l.emails = append(l.emails, c)
		case col.Kind == schema.Phone:
			l.phones = append(l.phones, c)
		case col.JSONPath == "firstName":
			l.firstName = append(l.firstName, c)
		case col.JSONPath == "lastName":
			l.lastName = append(l.lastName, c)
		}
	}
	t.cols = l
	return l
}

// isCountry reports a column of an address's country: the catalog's, or a
// contact list's column whose name means one ("Country", "Land", "Pays").
func isCountry(col schema.Column) bool {
	if col.JSONPath == "address.countryCode" {
		return true
	}
	h, ok := schema.Synonym(col.Header)
	return ok && (h == "Contact Country Code" || h == "Account Country Code")
}

// rowPhones returns the Normalizer for the phones of a row: that of the
// country its first country column names (country.Region), else the
// table's, the country chosen for the file.
func (t *Table) rowPhones(s *rowScratch, l *layout) *phone.Normalizer {
	for _, c := range l.countries {
		cell := trimBytes(s.raw[c])
		if len(cell) == 0 {
			continue
		}
		if n, ok := t.countries[string(cell)]; ok {
			return n
		}
		n := t.phones
		if region, ok := country.Region(view(cell)); ok {
			if o, ok := t.phones.In(region); ok {
				n = o
			}
		}
		if len(t.countries) < maxCountryCells {
			if t.countries == nil {
				t.countries = map[string]*phone.Normalizer{}
			}
			t.countries[string(cell)] = n
		}
		return n
	}
	return t.phones
}

// maxCountryCells is how many different country cells a table remembers
// the Normalizer of (rowPhones). A file's rows name a few countries, each
// in a few spellings; reading one again (country.Region) allocates and took
// a tenth of a row's time under WebAssembly. A file of more is read all the
// same, the cells after these each time.
const maxCountryCells = 1024

// clean fills s.out and s.notes from s.raw.
func (t *Table) clean(s *rowScratch) {
	l := t.layout()
	add := func(col int, sev finding.Severity, code finding.Code, extra int32) {
		s.notes = append(s.notes, note{col: int16(col), sev: sev, code: codeIndex(code), extra: extra})
	}
	var has [2]bool // the row carries contact data, account data
	t.rowNorm = t.phones
	if len(l.countries) > 0 {
		t.rowNorm = t.rowPhones(s, l)
	}
	for c, raw := range s.raw {
		if len(raw) == 0 {
			continue
		}
		// A value a report defused ('=1+1, '\t=1) reads as it was; trimmed
		// after, it is checked, and warned about, as the live value it is.
		v := trimBytes(raw)
		if u := field.Undefused(v); len(u) < len(v) {
			v = trimBytes(u)
		}
		s.out[c] = v
		if len(v) == 0 {
			continue
		}
		has[l.part[c]] = true
		kind := l.kind[c]
		switch kind {
		case schema.Extension:
			continue // checked once placed (placeExtensions)
		case schema.Phone:
			t.cleanPhone(c, v, s, add)
		case schema.URL:
			if fixed, ok := field.URL(view(v)); ok && fixed != view(v) {
				s.out[c] = s.keep(fixed)
				add(c, finding.Info, finding.URLNormalized, -1)
			}
		case schema.Bool:
			if b, ok := field.Bool(view(v)); ok {
				s.out[c] = s.keep(b)
			}
		case schema.ID:
			if field.Scientific(view(v)) {
				add(c, finding.Error, finding.IDExcelDamage, -1)
			}
		}
		if kind != schema.Phone && field.FormulaPrefix(view(v)) {
			add(c, finding.Warning, finding.FormulaPrefix, -1)
		}
		if !s.plain && bytes.Contains(v, replacementChar) {
			add(c, finding.Warning, finding.EncodingInvalid, -1)
		}
		t.accept(c, s.out[c], add)
	}
	if len(l.extCols) > 0 || s.split {
		t.placeExtensions(s, l, add)
		for _, c := range l.extCols { // as placed: given, or split off a phone
			if len(s.out[c]) > 0 {
				t.accept(c, s.out[c], add)
			}
		}
	}
	if len(s.made) > 0 {
		t.makeIDs(s, l)
	}
	t.checkRequired(has, s, l, add)
	if t.MaxRowBytes > 0 && rowBytes(s.out, t.MaxRowBytes) > t.MaxRowBytes {
		add(-1, finding.Error, finding.FileTooLarge, t.extra(fmt.Sprintf("this row alone is larger than the largest file Genesys accepts (%d bytes)", t.MaxRowBytes)))
	}
}

// replacementChar (U+FFFD) stands where text could not be read: decode puts
// it for bytes its encoding does not allow, and a file holding it lost them
// earlier. A record is looked at once for it (rowScratch.plain), not each of
// its cells: under WebAssembly the call per cell took 7 % of checking a row.
// A record's text is UTF-8, and a cell's bytes are the record's less quotes,
// which are never part of a character: a cell holds U+FFFD only where its
// record does.
var replacementChar = []byte("\uFFFD")

// accept rejects the row when Genesys would refuse the cleaned value v of
// column c (schema.Column.Accept, the one definition the re-check and the
// trial run share). A phone kept as typed is imported: cleanPhone has said
// why it could not be read.
func (t *Table) accept(c int, v []byte, add func(int, finding.Severity, finding.Code, int32)) {
	verdict, code := t.Target.Columns[c].Accept(view(v))
	if verdict != schema.Refused {
		return
	}
	extra := int32(-1)
	switch code {
	case finding.ValueTooLong:
		extra = t.extra(fmt.Sprintf("longer than the %d characters Genesys accepts", t.layout().maxLen[c]))
	case finding.PhoneExtension:
		extra = t.extra(fmt.Sprintf("an extension must be 1 to %d digits", field.MaxExtensionDigits))
	}
	add(c, finding.Error, code, extra)
}

// rowBytes bounds the size of a row written as CSV: every cell quoted, every
// quote doubled. Quotes are only counted when a row could be too large
// without them (twice each cell's length bounds it), which rows never are.
func rowBytes(cells [][]byte, limit int64) int64 {
	n := int64(0)
	for _, c := range cells {
		n += int64(2*len(c)) + 3
	}
	if n <= limit {
		return n
	}
	n = 0
	for _, c := range cells {
		n += int64(len(c)+bytes.Count(c, []byte{'"'})) + 3
	}
	return n
}

// view returns b as a string without copying, for checks that read a value
// and keep nothing of it. b must not change while the string is in use.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// cleanPhone makes a phone value E.164 where it can and notes what it did.
func (t *Table) cleanPhone(c int, v []byte, s *rowScratch, add func(int, finding.Severity, finding.Code, int32)) {
	// A number rewritten has its E.164 form appended to the row's buffer.
	at := len(s.buf)
	var res phone.Result
	res, s.buf = t.rowNorm.AppendNormalize(s.buf, view(v))
	if res.Status == phone.Invalid && t.rowNorm != t.phones {
		// Not a number in the row's own country: one valid only in the
		// country chosen for the file is the admin's to check, not fixed.
		if other := t.phones.Normalize(view(v)); other.Status == phone.Valid || other.Status == phone.Normalized {
			add(c, finding.Warning, finding.PhoneCountryUnsure, -1)
			return
		}
	}
	if res.Damage != phone.NoDamage {
		sev := finding.Warning
		add(c, sev, finding.PhoneExcelDamage, t.damageExtra(res.Damage, res.Status))
	}
	switch res.Status {
	case phone.Normalized:
		if len(s.buf) > at {
			s.out[c] = s.buf[at:len(s.buf):len(s.buf)]
		} else {
			s.out[c] = s.keep(res.E164)
		}
		extra := int32(-1)
		if res.Vanity {
			extra = vanityExtra
		}
		add(c, finding.Info, finding.PhoneNormalized, extra)
	case phone.Invalid:
		if res.Damage == phone.NoDamage {
			add(c, finding.Warning, finding.PhoneInvalid, -1)
		}
	}
	if res.Extension != "" {
		s.ext[c] = res.Extension
		s.split = true
	}
}

// Fixed detail indexes for notes whose text never varies.
const vanityExtra = -2

// damageWords says what a spreadsheet did to a number, for the admin.
var damageWords = map[phone.Damage]string{
	phone.Scientific:      "Excel wrote this number in scientific notation",
	phone.DecimalZero:     "Excel wrote this number with a decimal part",
	phone.LostLeadingZero: "the number lost its leading 0 when a spreadsheet stored it as a number",
}

func (t *Table) damageExtra(d phone.Damage, st phone.Status) int32 {
	msg := damageWords[d]
	if st == phone.Invalid {
		msg += ": digits may be lost, so it is kept as typed; take the number from the original source"
	} else {
		msg += ": the digits were recovered"
	}
	return t.extra(msg)
}

// placeExtensions puts extensions split off phones into the target's
// extension columns, and takes the "ext." or "x" off extensions given in
// their own column.
func (t *Table) placeExtensions(s *rowScratch, l *layout, add func(int, finding.Severity, finding.Code, int32)) {
	cols := t.Target.Columns
	for _, c := range l.extCols {
		if given := s.out[c]; len(given) > 0 {
			if digits := strings.TrimLeft(strings.ToLower(string(given)), "extension. #x:"); digits != string(given) && field.Extension(digits) {
				s.out[c] = s.keep(digits)
			}
		}
	}
	if !s.split {
		return
	}
	for c, ext := range s.ext {
		if ext == "" {
			continue
		}
		e := l.extOf[c]
		switch {
		case e < 0:
			add(c, finding.Warning, finding.PhoneExtension, t.extra("extension "+ext+" taken off the number; Genesys has no extension column for this phone, so it is left out"))
		case len(s.out[e]) == 0:
			s.out[e] = s.keep(ext)
			add(c, finding.Info, finding.PhoneExtension, t.extra("extension taken off the number and put in "+cols[e].Header))
		case string(s.out[e]) != ext:
			add(c, finding.Warning, finding.PhoneExtension, t.extra("extension "+ext+" taken off the number, but "+cols[e].Header+" already holds another; that one is kept"))
		}
	}
}

// extensionColumn returns the target column holding the extension of phone column h, or -1.
func (t *Table) extensionColumn(h string) int {
	for i, c := range t.Target.Columns {
		if c.Kind == schema.Extension && c.PhoneOf == h {
			return i
		}
	}
	return -1
}

// makeIDs fills the row's empty made key columns from its cleaned values
// (shared/makeid): a contact's from its first e-mail, else its names and
// first phone; an account's from its name.
func (t *Table) makeIDs(s *rowScratch, l *layout) {
	first := func(cols []int) string {
		for _, c := range cols {
			if len(s.out[c]) > 0 {
				return view(s.out[c])
			}
		}
		return ""
	}
	for _, c := range s.made {
		if len(s.out[c]) > 0 {
			continue
		}
		var id string
		if l.part[c] == schema.Account {
			id = makeid.Account(first(l.accountName))
		} else {
			id = makeid.Contact(first(l.emails), first(l.firstName), first(l.lastName), first(l.phones))
		}
		if id != "" {
			s.out[c] = s.keep(id)
		}
	}
}

// checkRequired notes required columns left empty in the parts the row
// carries (has, from the cells as read: a filled-in extension never adds a
// part). An account's required columns other than its key are checked by
// Resolve, after they may have been filled in from the account's other rows.
func (t *Table) checkRequired(has [2]bool, s *rowScratch, l *layout, add func(int, finding.Severity, finding.Code, int32)) {
	if !has[schema.Contact] && !has[schema.Account] {
		add(-1, finding.Error, finding.MissingRequired, t.extra("the row has no contact or account data"))
		return
	}
	for _, c := range l.required {
		if has[l.part[c]] && len(s.out[c]) == 0 {
			add(c, finding.Error, finding.MissingRequired, -1)
		}
	}
}

// trimBytes trims white space, including no-break spaces, without copying.
func trimBytes(b []byte) []byte {
	for len(b) > 0 {
		if c := b[0]; c > ' ' && c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRune(b)
		if !isSpace(r) {
			break
		}
		b = b[size:]
	}
	for len(b) > 0 {
		if c := b[len(b)-1]; c > ' ' && c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeLastRune(b)
		if !isSpace(r) {
			break
		}
		b = b[:len(b)-size]
	}
	return b
}

// isSpace is the white space field.Trim removes.
func isSpace(r rune) bool {
	var buf [utf8.UTFMax]byte
	return field.Trim(string(utf8.AppendRune(buf[:0], r))) == ""
}
