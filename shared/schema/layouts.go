package schema

import (
	"strconv"
	"strings"
)

// Layout is the column layout of an export admins commonly get (Google
// Contacts, Outlook, a CRM's report): the headers that give it away, what
// its columns mean where that differs from a name's usual meaning, and its
// label/value column pairs. Layouts are data: a new one is an entry in
// Layouts with a test file built from its published column list
// (testdata/layouts), not code.
type Layout struct {
	Name string // as admins know it: "Google Contacts"
	// Needs are headers that all appear in such an export and together in no
	// other: the layout is recognised when a header row has every one.
	Needs []string
	// Columns are source header → catalog header, where this export's
	// meaning beats the usual one ("Title" is Outlook's honorific, so the
	// Contact Salutation, not the job title).
	Columns map[string]string
	Pairs   []Pair
}

// Pair is a family of numbered label/value columns ("Phone 1 - Label",
// "Phone 1 - Value", "Phone 2 - Label", …): each row's value goes to the
// catalog column its label names, so one row's "Mobile" is its Cell Phone
// and another's "Work" its Work Phone.
type Pair struct {
	Label, Value string            // header patterns, # standing for the number
	Labels       map[string]string // a label (compared folded) → catalog header
	Other        string            // the catalog header of any other or empty label
	Split        string            // what separates several values in one cell, or ""
}

// Layouts are the exports contactprep recognises. Column lists: Google
// Contacts' "Google CSV" export (current and older, "… - Type" labels and
// Given/Family Name), Outlook's and Microsoft 365's "Outlook CSV", a
// Salesforce Contacts & Accounts report and a Data Loader export of
// Contact, a HubSpot contacts export, and a Dynamics 365 contacts export
// to Excel.
var Layouts = []Layout{
	{
		Name:  "Google Contacts",
		Needs: []string{"Phone 1 - Value", "E-mail 1 - Value"},
		Columns: map[string]string{
			"Given Name": "Contact First Name", "Additional Name": "Contact Middle Name", "Family Name": "Contact Last Name",
			"Name Prefix":        "Contact Salutation",
			"Organization Name":  "Account Name",
			"Organization Title": "Contact Title", "Organization 1 - Name": "Account Name", "Organization 1 - Title": "Contact Title",
			"Address 1 - Street": "Contact Address 1", "Address 1 - Extended Address": "Contact Address 2",
			"Address 1 - City": "Contact City", "Address 1 - Region": "Contact State",
			"Address 1 - Postal Code": "Contact Postal Code", "Address 1 - Country": "Contact Country Code",
		},
		Pairs: []Pair{
			{Label: "Phone # - Label", Value: "Phone # - Value", Split: " ::: ", Other: "Contact Other Phone", Labels: googlePhoneLabels},
			{Label: "Phone # - Type", Value: "Phone # - Value", Split: " ::: ", Other: "Contact Other Phone", Labels: googlePhoneLabels},
			{Label: "E-mail # - Label", Value: "E-mail # - Value", Split: " ::: ", Other: "Contact Other Email", Labels: googleEmailLabels},
			{Label: "E-mail # - Type", Value: "E-mail # - Value", Split: " ::: ", Other: "Contact Other Email", Labels: googleEmailLabels},
		},
	},
	{
		Name:  "Outlook",
		Needs: []string{"E-mail Address", "Business Phone", "Mobile Phone", "Job Title"},
		Columns: map[string]string{
			"Title": "Contact Salutation", "Job Title": "Contact Title",
			"E-mail Address": "Contact Work Email", "E-mail 2 Address": "Contact Personal Email", "E-mail 3 Address": "Contact Other Email",
			"Business Phone": "Contact Work Phone", "Mobile Phone": "Contact Cell Phone", "Home Phone": "Contact Home Phone", "Other Phone": "Contact Other Phone",
			"Company": "Account Name", "Company Main Phone": "Account Phone",
			"Business Street": "Contact Address 1", "Business Street 2": "Contact Address 2", "Business City": "Contact City",
			"Business State": "Contact State", "Business Postal Code": "Contact Postal Code", "Business Country": "Contact Country Code",
			"Business Country/Region": "Contact Country Code",
		},
	},
	{
		Name:  "Salesforce report",
		Needs: []string{"Contact ID", "Account ID", "Mailing City"},
		Columns: map[string]string{
			"Title": "Contact Title", "Email": "Contact Work Email", "Phone": "Contact Work Phone", "Mobile": "Contact Cell Phone",
			"Home Phone": "Contact Home Phone", "Other Phone": "Contact Other Phone",
			"Mailing Street": "Contact Address 1", "Mailing City": "Contact City", "Mailing State/Province": "Contact State",
			"Mailing Zip/Postal Code": "Contact Postal Code", "Mailing Country": "Contact Country Code",
			"Account Phone": "Account Phone", "Website": "Account Website",
		},
	},
	{
		Name:  "Salesforce Data Loader",
		Needs: []string{"Id", "AccountId", "FirstName", "LastName"},
		Columns: map[string]string{
			"Id": "Contact ID", "AccountId": "Account ID", "Account.Name": "Account Name",
			"FirstName": "Contact First Name", "LastName": "Contact Last Name", "Salutation": "Contact Salutation", "Title": "Contact Title",
			"Email": "Contact Work Email", "Phone": "Contact Work Phone", "MobilePhone": "Contact Cell Phone",
			"HomePhone": "Contact Home Phone", "OtherPhone": "Contact Other Phone",
			"MailingStreet": "Contact Address 1", "MailingCity": "Contact City", "MailingState": "Contact State",
			"MailingPostalCode": "Contact Postal Code", "MailingCountry": "Contact Country Code",
		},
	},
	{
		Name:  "HubSpot",
		Needs: []string{"Record ID", "Associated Company ID"},
		Columns: map[string]string{
			"Record ID": "Contact ID", "Associated Company ID": "Account ID", "Associated Company": "Account Name", "Company Name": "Account Name",
			"Email": "Contact Work Email", "Phone Number": "Contact Work Phone", "Mobile Phone Number": "Contact Cell Phone",
			"Job Title": "Contact Title", "Street Address": "Contact Address 1", "City": "Contact City", "State/Region": "Contact State",
			"Postal Code": "Contact Postal Code", "Country/Region": "Contact Country Code",
		},
	},
	{
		Name:  "Dynamics 365",
		Needs: []string{"(Do Not Modify) Contact", "(Do Not Modify) Row Checksum"},
		Columns: map[string]string{
			"(Do Not Modify) Contact": "Contact ID", "Company Name": "Account Name", "Email": "Contact Work Email",
			"Business Phone": "Contact Work Phone", "Mobile Phone": "Contact Cell Phone", "Home Phone": "Contact Home Phone",
			"Job Title": "Contact Title", "Address 1: Street 1": "Contact Address 1", "Address 1: Street 2": "Contact Address 2",
			"Address 1: City": "Contact City", "Address 1: State/Province": "Contact State",
			"Address 1: ZIP/Postal Code": "Contact Postal Code", "Address 1: Country/Region": "Contact Country Code",
		},
	},
}

// Google Contacts' labels, folded ("* Mobile", the primary one, is "mobile"),
// as its English and German exports write them; any other is the Other column.
var (
	googlePhoneLabels = map[string]string{
		"mobile": "Contact Cell Phone", "cell": "Contact Cell Phone", "mobil": "Contact Cell Phone", "handy": "Contact Cell Phone",
		"work": "Contact Work Phone", "main": "Contact Work Phone", "arbeit": "Contact Work Phone", "geschäftlich": "Contact Work Phone",
		"home": "Contact Home Phone", "privat": "Contact Home Phone",
	}
	googleEmailLabels = map[string]string{
		"work": "Contact Work Email", "arbeit": "Contact Work Email", "geschäftlich": "Contact Work Email",
		"home": "Contact Personal Email", "personal": "Contact Personal Email", "privat": "Contact Personal Email",
	}
)

// Recognize returns the layout a header row has, or nil.
func Recognize(headers []string) *Layout {
	have := make(map[string]bool, len(headers))
	for _, h := range headers {
		have[synonymKey(h)] = true
	}
	for i := range Layouts {
		l := &Layouts[i]
		all := true
		for _, n := range l.Needs {
			all = all && have[synonymKey(n)]
		}
		if all {
			return l
		}
	}
	return nil
}

// Column returns the catalog header the layout gives a source header, if any.
func (l *Layout) Column(sourceHeader string) (string, bool) {
	k := synonymKey(sourceHeader)
	for s, h := range l.Columns {
		if synonymKey(s) == k {
			return h, true
		}
	}
	return "", false
}

// PairsIn finds the layout's label/value pairs in a header row: each as the
// positions of its label and value columns and the Pair it is. A value
// column belongs to the first pair that names it with its label column.
func (l *Layout) PairsIn(headers []string) []Found {
	at := make(map[string]int, len(headers))
	for i, h := range headers {
		if _, dup := at[synonymKey(h)]; !dup {
			at[synonymKey(h)] = i
		}
	}
	var out []Found
	taken := map[int]bool{}
	for p := range l.Pairs {
		pair := &l.Pairs[p]
		for n := 1; ; n++ {
			num := strconv.Itoa(n)
			li, lok := at[synonymKey(strings.Replace(pair.Label, "#", num, 1))]
			vi, vok := at[synonymKey(strings.Replace(pair.Value, "#", num, 1))]
			if !vok || !lok {
				break
			}
			if !taken[vi] {
				taken[vi] = true
				out = append(out, Found{Label: li, Value: vi, Pair: pair})
			}
		}
	}
	return out
}

// Found is a Pair found in a header row: its label and value columns.
type Found struct {
	Label, Value int
	*Pair
}

// Route returns the catalog header a label sends its value to.
func (p *Pair) Route(label string) string {
	if h, ok := p.Labels[Fold(label)]; ok {
		return h
	}
	return p.Other
}
