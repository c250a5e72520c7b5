package prepare_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/check"
	"contactprep/shared/finding"
	"contactprep/shared/makeid"
	"contactprep/shared/prepare"
)

// TestLayouts prepares an export of each known layout, built from its
// vendor's column list (testdata/layouts): the layout is recognised, every
// row is ready (with IDs made where the export has none), e-mails and
// phones land in the Genesys column their label or the export's meaning
// names, and a second run makes byte-identical IDs.
func TestLayouts(t *testing.T) {
	type cells map[string]string // Genesys header → cell, for the row whose Contact Last Name is the key
	for _, c := range []struct {
		file, layout string
		makeIDs      bool
		rows         int
		want         map[string]cells
	}{
		{"google.csv", "Google Contacts", true, 3, map[string]cells{
			"Lima": {"Contact ID": "ana.lima@acme.example", "Account ID": "acmecorp", "Account Name": "Acme Corp", "Contact Title": "Buyer",
				"Contact Work Email": "Ana.Lima@Acme.example", "Contact Personal Email": "ana@home.example",
				"Contact Cell Phone": "+14155550132", "Contact Work Phone": "+12125550187", "Contact City": "New York"},
			"Okafor": {"Account ID": "acmecorp", "Contact Work Phone": "+16465550110", "Contact Home Phone": "+17185550199", "Contact Cell Phone": ""},
			"Martin": {"Contact ID": "chloe@example.org", "Contact Other Email": "chloe@example.org", "Contact Work Email": "",
				"Contact Cell Phone": "+19175550123", "Contact Other Phone": "+19175550124", "Account ID": ""},
		}},
		{"google-older.csv", "Google Contacts", true, 2, map[string]cells{
			"Weiss": {"Contact First Name": "Dana", "Contact Salutation": "Dr.", "Contact Work Email": "dana@weiss.example",
				"Contact Cell Phone": "+13125550144", "Contact Other Phone": "+13125550145", "Account Name": "Weiss & Partner", "Contact Title": "Partner"},
			"Stone": {"Contact Home Phone": "+15035550177"},
		}},
		{"outlook.csv", "Outlook", true, 2, map[string]cells{
			"Dubois": {"Contact First Name": "Renée", "Contact Salutation": "Mrs.", "Contact Title": "Head of Purchasing",
				"Contact Work Email": "renee.dubois@example.fr", "Contact Cell Phone": "+33612345678", "Contact Work Phone": "+33142685300",
				"Account Name": "Société Générale Import", "Account ID": "sociétégénéraleimport", "Contact ID": "renee.dubois@example.fr"},
			"Reyes": {"Contact Salutation": "Mr.", "Contact Title": "Owner", "Contact Work Phone": "+14155550100"},
		}},
		{"salesforce-report.csv", "Salesforce report", false, 3, map[string]cells{
			"Doe": {"Contact ID": "0035g00000XyZaBAAV", "Account ID": "0015g00000AbCdEAAV", "Account Name": "Globex", "Contact Title": "VP Sales",
				"Contact Salutation": "Ms.", "Contact Work Phone": "+15125550101", "Contact Cell Phone": "+15125550102", "Contact City": "Austin"},
			"Kent": {"Contact ID": "0035g00000XyZaD", "Account ID": "0015g00000AbCdF", "Contact Cell Phone": "+447911123456"},
		}},
		{"salesforce-dataloader.csv", "Salesforce Data Loader", false, 2, map[string]cells{
			"Doe": {"Contact ID": "0035g00000XyZaBAAV", "Account ID": "0015g00000AbCdEAAV", "Account Name": "Globex",
				"Contact Work Phone": "+15125550101", "Contact Cell Phone": "+15125550102", "Contact Title": "VP Sales"},
			"Roe": {"Contact ID": "0035g00000XyZaCAAV", "Account ID": "", "Contact Home Phone": "+15125550112"},
		}},
		{"hubspot.csv", "HubSpot", false, 2, map[string]cells{
			"Berg": {"Contact ID": "51", "Account ID": "9001", "Account Name": "Berg GmbH", "Contact Title": "CTO",
				"Contact Work Phone": "+4930901820", "Contact Cell Phone": "+4915123456789", "Contact City": "Berlin"},
			"Hall": {"Contact ID": "52", "Account ID": "", "Contact Work Email": "tom@hall.example"},
		}},
		{"dynamics365.csv", "Dynamics 365", true, 2, map[string]cells{
			"Nordmann": {"Contact ID": "3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b", "Account ID": "nordmannas", "Account Name": "Nordmann AS",
				"Contact Work Phone": "+4722123456", "Contact Title": "CFO", "Contact City": "Oslo"},
			"Hansen": {"Contact Cell Phone": "+4741234567", "Account ID": "nordmannas"},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/layouts/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			in := prepare.Input{Name: c.file, Data: data}
			d, err := prepare.Inspect(in, prepare.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Layout != c.layout {
				t.Errorf("layout %q, want %q", d.Layout, c.layout)
			}
			if c.makeIDs != (len(d.Makeable) > 0) || !slices.Equal(d.Missing, d.Makeable) {
				t.Errorf("missing %q, makeable %q: want IDs made: %v", d.Missing, d.Makeable, c.makeIDs)
			}
			var ids [2][]string
			for run := range ids {
				res, err := prepare.Run([]prepare.Input{in}, prepare.Options{MakeIDs: c.makeIDs})
				if err != nil {
					t.Fatal(err)
				}
				tb := res.Table
				col := func(h string) int {
					i := tb.Target.Index(h)
					if i < 0 {
						t.Fatalf("no column %q", h)
					}
					return i
				}
				if tb.Len() != c.rows {
					t.Fatalf("%d rows, want %d", tb.Len(), c.rows)
				}
				for r := range tb.Len() {
					if tb.State(r) != check.Ready {
						t.Errorf("row %d: %s (%v)", r+1, tb.State(r), tb.Findings(r))
					}
					ids[run] = append(ids[run], tb.Cell(r, col("Contact ID")), tb.Cell(r, col("Account ID")))
					want, ok := c.want[tb.Cell(r, col("Contact Last Name"))]
					if !ok {
						continue
					}
					for h, v := range want {
						if got := tb.Cell(r, col(h)); got != v {
							t.Errorf("row %d %s: %q, want %q", r+1, h, got, v)
						}
					}
				}
				var made, unknownPaired int
				for f := range tb.AllFindings() {
					switch {
					case f.Code == finding.IDMade:
						made++
					case f.Code == finding.UnknownColumn && (strings.HasPrefix(f.Column, "Phone ") || strings.HasPrefix(f.Column, "E-mail ")):
						unknownPaired++
					}
				}
				if (made > 0) != c.makeIDs || unknownPaired > 0 {
					t.Errorf("%d id_made findings (IDs made: %v), %d label/value columns left unknown", made, c.makeIDs, unknownPaired)
				}
			}
			if !slices.Equal(ids[0], ids[1]) {
				t.Errorf("IDs differ between two runs:\n%q\n%q", ids[0], ids[1])
			}
		})
	}
}

// TestMadeIDs pins the rules that make IDs: e-mail first, lower-cased;
// else a digest of the names and phone, with the prefix; the same contact
// written differently gets the same ID; different contacts do not.
func TestMadeIDs(t *testing.T) {
	if got := makeid.Contact(" Ana.Lima@Acme.EXAMPLE ", "Ana", "Lima", "+1415"); got != "ana.lima@acme.example" {
		t.Errorf("from e-mail: %q", got)
	}
	a := makeid.Contact("", "Ana", "Lima", "+14155550132")
	if !strings.HasPrefix(a, makeid.Prefix) || len(a) != len(makeid.Prefix)+16 {
		t.Errorf("from names: %q", a)
	}
	if b := makeid.Contact("", " ana ", "LIMA", "+14155550132"); b != a {
		t.Errorf("case and spaces change the ID: %q, %q", a, b)
	}
	if b := makeid.Contact("", "Ana", "Lima", "+14155550133"); b == a {
		t.Errorf("another phone gives the same ID %q", a)
	}
	if got := makeid.Contact("", "", "", ""); got != "" {
		t.Errorf("nothing to make it from: %q", got)
	}
	if got := makeid.Account("ACME Corp."); got != "acmecorp" || makeid.Account("Acme  corp") != got {
		t.Errorf("account: %q", got)
	}
	long := makeid.Account(strings.Repeat("é", 300))
	if len(long) > 255 || !strings.HasPrefix(long, "é") {
		t.Errorf("long name: %d bytes", len(long))
	}
}

// TestMadeIDsCollide: two different contacts whose made IDs are one (the
// same e-mail, other names) are flagged, never merged silently.
func TestMadeIDsCollide(t *testing.T) {
	data := "First Name,Last Name,Email\nAna,Lima,shared@example.com\nBen,Okafor,Shared@Example.com\n"
	res, err := prepare.Run([]prepare.Input{{Name: "c.csv", Data: []byte(data)}}, prepare.Options{MakeIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for f := range res.Table.AllFindings() {
		if f.Code == finding.DuplicateContactID {
			flagged++
		}
	}
	if flagged == 0 || res.Table.State(0) == check.Ready && res.Table.State(1) == check.Ready {
		t.Errorf("colliding made IDs not flagged: states %s, %s", res.Table.State(0), res.Table.State(1))
	}
}
