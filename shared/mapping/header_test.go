package mapping

import (
	"slices"
	"testing"

	"contactprep/shared/schema"
)

func TestHeaderRow(t *testing.T) {
	legacy, _ := schema.New(schema.Legacy)
	header := []string{"Kunden-Nr", "Vorname", "Nachname", "Telefon", "Firma", "Firmen-ID", "Ort", "Notiz"}
	data := []string{"K1", "Anna", "Schmidt", "030 1234567", "ACME", "F1", "Berlin", ""}
	for _, c := range []struct {
		name  string
		rows  [][]string
		at    int
		score int
	}{
		{"header first", [][]string{header, data, data}, 0, 7},
		{"title, empty line, header", [][]string{{"Q3 customer contacts"}, {}, header, data}, 2, 7},
		{"title padded with empty cells", [][]string{{"Q3 customer contacts", "", "", ""}, {"", " "}, header, data}, 2, 7},
		{"report lines wider than one cell", [][]string{{"Report", "Customers"}, {"Exported", "2026-10-01", "by", "Eva"}, header, data}, 2, 7},
		{"leading blank rows", [][]string{{}, {""}, header, data}, 2, 7},
		{"unknown names under a title", [][]string{{"Leads"}, {"Ref", "Who", "Where"}, {"1", "Ann", "Rome"}}, 1, 0},
		{"unknown names, no title", [][]string{{"Ref", "Who", ""}, {"1", "Ann", "home"}}, 0, 0},
		{"data wider than an unknown header", [][]string{{"Ref", "Who", ""}, {"1", "home", "mobile"}, {"2", "cell", "web"}}, 0, 0},
		{"data rows are never the header", [][]string{{"Ref", "Who", "Where"}, {"A1", "Mobile", "Ann@example.com"}, {"0301234567", "Phone", "Fax"}}, 0, 0},
		{"a data value that looks like a header", [][]string{{"Ref", "Kind"}, {"1", "Mobile"}}, 0, 0},
		{"one column", [][]string{{"Ref"}, {"Mobile"}, {"Home"}}, 0, 0},
		{"all blank", [][]string{{}, {" "}}, -1, 0},
		{"header below the rows looked at", append(make([][]string, HeadRows), header), -1, 0},
	} {
		at, score := HeaderRow(c.rows, legacy)
		if at != c.at || score != c.score {
			t.Errorf("%s: row %d scoring %d, want %d scoring %d", c.name, at, score, c.at, c.score)
		}
	}
}

// TestFindHeader: the rows read to find the header row are HeadRows, and
// after blank ones the first that is not, which is then the header row.
func TestFindHeader(t *testing.T) {
	legacy, _ := schema.New(schema.Legacy)
	header := []string{"Contact ID", "First Name"}
	blank := make([][]string, HeadRows+2)
	for _, c := range []struct {
		name string
		rows [][]string
		read bool
		at   int
	}{
		{"fewer rows than looked at", [][]string{{"Q3"}, header, {"C1", "Ann"}}, false, 1},
		{"as many as looked at", append([][]string{header}, make([][]string, HeadRows-2)...), false, 0},
		{"blank rows, then the header", append(blank, header), true, HeadRows + 2},
		{"header first", append([][]string{header}, slices.Repeat([][]string{{"C1", "Ann"}}, HeadRows-1)...), true, 0},
	} {
		if read, at := HeadRead(c.rows), FindHeader(c.rows, legacy); read != c.read || at != c.at {
			t.Errorf("%s: read %v, header row %d; want %v, %d", c.name, read, at, c.read, c.at)
		}
	}
}

// TestSheetScore: a sheet's score is its header row's, and -1 for a sheet
// with no table: lone cells matching no column (a cover page), or nothing.
func TestSheetScore(t *testing.T) {
	legacy, _ := schema.New(schema.Legacy)
	for _, c := range []struct {
		name  string
		head  [][]string
		score int
	}{
		{"contacts under a title", [][]string{{"Q3 customer contacts"}, {}, {"Contact ID", "First Name", "Phone"}, {"C1", "Ann", "4155552671"}}, 3},
		{"a cover page", [][]string{{"Q3 customer contacts"}, {}, {"Prepared by Eva Braun"}, {"See the next sheet"}}, -1},
		{"a title alone", [][]string{{"Q3 customer contacts"}}, -1},
		{"blank", [][]string{{}, {" "}}, -1},
		{"unknown columns", [][]string{{"Ref", "Who"}, {"1", "Ann"}}, 0},
		{"a cover page with a two-cell line", [][]string{{"Q3 customer contacts"}, {"Prepared by", "Eva"}}, 0},
		{"one column that matches", [][]string{{"Email"}, {"ann@example.com"}}, 1},
	} {
		if got := SheetScore(c.head, legacy); got != c.score {
			t.Errorf("%s: %d, want %d", c.name, got, c.score)
		}
	}
}
