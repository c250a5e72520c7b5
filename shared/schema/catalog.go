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

// synonyms maps folded source header names (see Fold) to catalog headers. The
// left side is what CRMs, ERPs and colleagues actually call a column.
var synonyms = map[string]string{
	"id": "Contact ID", "contactid": "Contact ID", "customerid": "Contact ID", "customerno": "Contact ID",
	"customernumber": "Contact ID", "leadid": "Contact ID", "personid": "Contact ID", "recordid": "Contact ID",
	"externalid": "Contact ID", "crmid": "Contact ID", "clientid": "Contact ID",

	"firstname": "Contact First Name", "givenname": "Contact First Name", "forename": "Contact First Name",
	"first": "Contact First Name", "fname": "Contact First Name", "vorname": "Contact First Name", "prenom": "Contact First Name",
	"middlename": "Contact Middle Name", "middle": "Contact Middle Name",
	"lastname": "Contact Last Name", "surname": "Contact Last Name", "familyname": "Contact Last Name",
	"last": "Contact Last Name", "lname": "Contact Last Name", "nachname": "Contact Last Name", "nom": "Contact Last Name",
	"salutation": "Contact Salutation", "prefix": "Contact Salutation",
	"title": "Contact Title", "jobtitle": "Contact Title", "position": "Contact Title",

	"phone": "Contact Work Phone", "workphone": "Contact Work Phone", "businessphone": "Contact Work Phone",
	"officephone": "Contact Work Phone", "telephone": "Contact Work Phone", "tel": "Contact Work Phone", "phonenumber": "Contact Work Phone",
	"workphoneextension": "Contact Work Phone Extension", "extension": "Contact Work Phone Extension", "ext": "Contact Work Phone Extension",
	"mobile": "Contact Cell Phone", "mobilephone": "Contact Cell Phone", "cell": "Contact Cell Phone",
	"cellphone": "Contact Cell Phone", "mobilenumber": "Contact Cell Phone", "handy": "Contact Cell Phone",
	"homephone": "Contact Home Phone", "privatephone": "Contact Home Phone", "home": "Contact Home Phone",
	"otherphone": "Contact Other Phone", "altphone": "Contact Other Phone", "alternatephone": "Contact Other Phone",

	"email": "Contact Work Email", "emailaddress": "Contact Work Email", "workemail": "Contact Work Email",
	"businessemail": "Contact Work Email", "mail": "Contact Work Email",
	"personalemail": "Contact Personal Email", "privateemail": "Contact Personal Email", "homeemail": "Contact Personal Email",
	"otheremail": "Contact Other Email",

	"address": "Contact Address 1", "address1": "Contact Address 1", "street": "Contact Address 1",
	"streetaddress": "Contact Address 1", "addressline1": "Contact Address 1",
	"address2": "Contact Address 2", "addressline2": "Contact Address 2",
	"city": "Contact City", "town": "Contact City",
	"state": "Contact State", "province": "Contact State", "region": "Contact State",
	"zip": "Contact Postal Code", "zipcode": "Contact Postal Code", "postcode": "Contact Postal Code",
	"postalcode": "Contact Postal Code", "plz": "Contact Postal Code",
	"country": "Contact Country Code", "countrycode": "Contact Country Code",
	"optout": "Contact Survey Opt Out", "surveyoptout": "Contact Survey Opt Out", "donotsurvey": "Contact Survey Opt Out",
	"url": "Contact External System URL", "crmurl": "Contact External System URL", "recordurl": "Contact External System URL",
	"externalurl": "Contact External System URL", "externalsystemurl": "Contact External System URL",

	"accountid": "Account ID", "companyid": "Account ID", "organizationid": "Account ID", "organisationid": "Account ID",
	"orgid": "Account ID", "customeraccountid": "Account ID",
	"account": "Account Name", "accountname": "Account Name", "company": "Account Name", "companyname": "Account Name",
	"organization": "Account Name", "organisation": "Account Name", "organizationname": "Account Name", "employer": "Account Name",
	"firma":        "Account Name",
	"companyphone": "Account Phone", "accountphone": "Account Phone", "mainphone": "Account Phone",
	"website": "Account Website", "web": "Account Website", "homepage": "Account Website", "companywebsite": "Account Website",
	"companyaddress": "Account Address 1", "companystreet": "Account Address 1",
	"companycity": "Account City", "companystate": "Account State", "companyzip": "Account Postal Code",
	"companycountry": "Account Country Code",
}

// Synonym returns the catalog header a source header commonly means.
func Synonym(sourceHeader string) (string, bool) {
	h, ok := synonyms[Fold(sourceHeader)]
	return h, ok
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
