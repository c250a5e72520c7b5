package schema

import (
	"unicode"
	"unicode/utf8"
)

// Catalog returns the legacy Bulk CSV Import headers contactprep knows, in the
// order it writes them. The full list is only in each org's sample setup file
// (genesys.md §1), so an org's own template (FromTemplate) always wins over this.
// Limits come from the ExternalContact data model (genesys.md §3).
func Catalog() []Column {
	return []Column{
		{Header: "Contact ID", Kind: ID, Part: Contact, Key: true, Required: true, MaxLen: 255},
		{Header: "Contact First Name", Kind: Name, Part: Contact, JSONPath: "firstName", Required: true, MaxLen: 1000},
		{Header: "Contact Middle Name", Kind: Name, Part: Contact, JSONPath: "middleName", MaxLen: 1000},
		{Header: "Contact Last Name", Kind: Name, Part: Contact, JSONPath: "lastName", Required: true, MaxLen: 1000},
		{Header: "Contact Salutation", Kind: Text, Part: Contact, JSONPath: "salutation", MaxLen: 1000},
		{Header: "Contact Title", Kind: Text, Part: Contact, JSONPath: "title", MaxLen: 1000},
		{Header: "Contact Work Phone", Kind: Phone, Part: Contact, JSONPath: "workPhone.display", MaxLen: 512},
		{Header: "Contact Work Phone Extension", Kind: Extension, Part: Contact, JSONPath: "workPhone.extension", PhoneOf: "Contact Work Phone"},
		{Header: "Contact Cell Phone", Kind: Phone, Part: Contact, JSONPath: "cellPhone.display", MaxLen: 512},
		{Header: "Contact Home Phone", Kind: Phone, Part: Contact, JSONPath: "homePhone.display", MaxLen: 512},
		{Header: "Contact Other Phone", Kind: Phone, Part: Contact, JSONPath: "otherPhone.display", MaxLen: 512},
		{Header: "Contact Work Email", Kind: Email, Part: Contact, JSONPath: "workEmail", MaxLen: 256},
		{Header: "Contact Personal Email", Kind: Email, Part: Contact, JSONPath: "personalEmail", MaxLen: 256},
		{Header: "Contact Other Email", Kind: Email, Part: Contact, JSONPath: "otherEmail", MaxLen: 256},
		{Header: "Contact Address 1", Kind: Text, Part: Contact, JSONPath: "address.address1", MaxLen: 200},
		{Header: "Contact Address 2", Kind: Text, Part: Contact, JSONPath: "address.address2", MaxLen: 200},
		{Header: "Contact City", Kind: Text, Part: Contact, JSONPath: "address.city", MaxLen: 100},
		{Header: "Contact State", Kind: Text, Part: Contact, JSONPath: "address.state", MaxLen: 50},
		{Header: "Contact Postal Code", Kind: Text, Part: Contact, JSONPath: "address.postalCode", MaxLen: 25},
		{Header: "Contact Country Code", Kind: Text, Part: Contact, JSONPath: "address.countryCode", MaxLen: 25},
		{Header: "Contact Survey Opt Out", Kind: Bool, Part: Contact, JSONPath: "surveyOptOut"},
		{Header: "Contact External System URL", Kind: URL, Part: Contact, JSONPath: "externalSystemUrl", MaxLen: 1000},
		{Header: "Account ID", Kind: ID, Part: Account, Key: true, Required: true, MaxLen: 255},
		{Header: "Account Name", Kind: Name, Part: Account, JSONPath: "name", Required: true, MaxLen: 1000},
		{Header: "Account Phone", Kind: Phone, Part: Account, JSONPath: "phoneNumber.display", MaxLen: 512},
		{Header: "Account Website", Kind: URL, Part: Account, JSONPath: "websites", MaxLen: 1000},
		{Header: "Account Address 1", Kind: Text, Part: Account, JSONPath: "address.address1", MaxLen: 200},
		{Header: "Account Address 2", Kind: Text, Part: Account, JSONPath: "address.address2", MaxLen: 200},
		{Header: "Account City", Kind: Text, Part: Account, JSONPath: "address.city", MaxLen: 100},
		{Header: "Account State", Kind: Text, Part: Account, JSONPath: "address.state", MaxLen: 50},
		{Header: "Account Postal Code", Kind: Text, Part: Account, JSONPath: "address.postalCode", MaxLen: 25},
		{Header: "Account Country Code", Kind: Text, Part: Account, JSONPath: "address.countryCode", MaxLen: 25},
		{Header: "Account External System URL", Kind: URL, Part: Account, JSONPath: "externalSystemUrl", MaxLen: 1000},
	}
}

// Fold reduces a header to lower-case letters and digits, so "E-Mail", "e_mail"
// and " EMAIL " compare equal.
func Fold(s string) string { return string(AppendFold(make([]byte, 0, len(s)), s)) }

// AppendFold appends Fold(s) to b.
func AppendFold(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
		case r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return b
}
