package check

import "contactprep/shared/finding"

// fixedMessages are the messages of notes whose text never varies. Messages
// name no cell values: those are in the finding's Original and Suggested.
var fixedMessages = map[finding.Code]string{
	finding.MissingRequired:    "required, but empty",
	finding.PhoneNormalized:    "phone number written in E.164",
	finding.PhoneInvalid:       "not a valid phone number: kept as typed, but Genesys cannot search it or send SMS to it",
	finding.EmailInvalid:       "not a valid e-mail address",
	finding.URLInvalid:         "not an http or https web address",
	finding.URLNormalized:      "https:// added to the web address",
	finding.BoolInvalid:        "not a yes/no value (write true or false)",
	finding.FormulaPrefix:      "starts with =, +, - or @: a spreadsheet opening the file may run it as a formula",
	finding.IDExcelDamage:      "looks like a number Excel rewrote in scientific notation: the ID's digits may be lost; take it from the original source",
	finding.DuplicateRowMerged: "identical to an earlier row: exported once",
}

// message returns a note's message.
func (t *Table) message(n note) string {
	switch {
	case n.extra == vanityExtra:
		return "phone number written in E.164; letters converted to digits"
	case n.extra >= 0 && n.group:
		return t.gextras[n.extra]
	case n.extra >= 0:
		return t.extras[n.extra]
	}
	return fixedMessages[n.code]
}
