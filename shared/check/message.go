package check

import "contactprep/shared/finding"

// fixedMessages are the messages of notes whose text never varies. Messages
// name no cell values: those are in the finding's Original and Suggested.
var fixedMessages = map[finding.Code]string{
	finding.PhoneNormalized:    "phone number rewritten in the international form Genesys needs, with its country code",
	finding.PhoneInvalid:       "not a valid phone number: kept as typed, but Genesys cannot search it or send SMS to it",
	finding.PhoneCountryUnsure: "not a valid number in the row's own country, only in the country chosen for the file: kept as typed, check which country it is",
	finding.EmailInvalid:       "not a valid e-mail address",
	finding.URLInvalid:         "not a web address: it should start with http:// or https://",
	finding.URLNormalized:      "https:// added to the web address",
	finding.BoolInvalid:        "not a yes/no value (write true or false)",
	finding.FormulaPrefix:      "starts with =, +, - or @: a spreadsheet opening the file may run it as a formula",
	finding.IDExcelDamage:      "looks like a number Excel rewrote in scientific notation: the ID's digits may be lost; take it from the original source",
	finding.DuplicateRowMerged: "identical to an earlier row: imported once",
	finding.EncodingInvalid:    "some characters here could not be read and show as \uFFFD: check this value against the original file",
	finding.RowLeftOut:         "left out on purpose: you chose not to import this row",
}

// message returns a note's message; group says it is one of Resolve's.
func (t *Table) message(n note, group bool) string {
	switch {
	case n.extra == vanityExtra:
		return "phone number rewritten in the international form Genesys needs; its letters became digits"
	case n.extra >= 0 && group:
		return t.gextras[n.extra]
	case n.extra >= 0:
		return t.extras[n.extra]
	case n.code == missingRequired && n.col >= 0:
		return t.Target.Columns[n.col].Header + " is required, but this row leaves it empty"
	}
	return noteMessages[n.code]
}

// noteCodes are the codes notes can carry; a note keeps a code's index, one byte
// instead of a string header, for the millions of notes of a large file.
var noteCodes = []finding.Code{
	finding.MissingRequired, finding.DuplicateContactID, finding.AccountConflict, finding.AccountNameReuse,
	finding.AccountFilled, finding.PhoneNormalized, finding.PhoneInvalid, finding.PhoneExtension,
	finding.PhoneExcelDamage, finding.EmailInvalid, finding.URLInvalid, finding.URLNormalized,
	finding.BoolInvalid, finding.ValueTooLong, finding.FormulaPrefix, finding.IDExcelDamage,
	finding.MalformedRow, finding.DuplicateRowMerged, finding.FileTooLarge, finding.EncodingInvalid,
	finding.ValueLeftOut, finding.PhoneCountryUnsure, finding.RowLeftOut,
}

// noteMessages are fixedMessages by code index, read without hashing a code
// for each of a million notes.
var noteMessages = func() []string {
	m := make([]string, len(noteCodes))
	for i, c := range noteCodes {
		m[i] = fixedMessages[c]
	}
	return m
}()

var missingRequired = codeIndex(finding.MissingRequired)

// codeIndex returns code's index in noteCodes. A code missing there is a bug
// caught by the first test that makes such a note. It is asked for every note
// made; a scan of the few codes is quicker than a map's string hash, notably
// in WebAssembly.
func codeIndex(c finding.Code) uint8 {
	for i, k := range noteCodes {
		if k == c {
			return uint8(i)
		}
	}
	panic("check: note code " + string(c) + " is not in noteCodes")
}
