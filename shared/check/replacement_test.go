package check

import (
	"reflect"
	"testing"

	"contactprep/shared/finding"
)

// TestReplacementCharByRecord: a record of the text is looked at once for
// U+FFFD, not each cell (rowScratch.plain), and finds exactly what looking
// at each cell finds: the same rows read as records of the text (AddRecord)
// and as fields copied (AddRow, each cell looked at) carry the same findings,
// encoding_invalid on the cells that hold one, quoted or not.
func TestReplacementCharByRecord(t *testing.T) {
	text := []byte("Contact ID,First Name,Last Name,Email,Mobile,Website\n" +
		"1,Ann,Lee,ann@example.com,+1 415 555 2671,example.com\n" +
		"2,Ren\uFFFDe,Lee,ren@example.com,,\n" +
		"3,\"Bo \"\"\uFFFD\"\" Ray\",Lee,,\"+1 415 555 \uFFFD671\",\n" +
		"4,\"Cy, \"\"the\"\"\",Ng,,,\"exa\uFFFDmple.com\"\n" +
		"5,Di,\"\uFFFD\",di@example.com,,\n" +
		"6,Ed,Ray,,,\"https://example.com/\"\"\"\n")
	byRecord, next := benchRows(t, text)
	for next() {
	}
	byCell := New(byRecord.Target, byRecord.Phones())
	f := byCell.AddFile("b.csv", byRecord.files[0].Mapping)
	for r := range byRecord.Len() {
		_, row, cells := byRecord.Source(r)
		fields := make([][]byte, len(cells))
		for i, c := range cells {
			fields[i] = []byte(c)
		}
		byCell.AddRow(f, row, fields, "")
	}
	byRecord.Resolve()
	byCell.Resolve()
	invalid := map[int][]string{}
	for r := range byRecord.Len() {
		got, want := byRecord.Findings(r), byCell.Findings(r)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: read as a record %+v, cell by cell %+v", r+1, got, want)
		}
		for _, f := range got {
			if f.Code == finding.EncodingInvalid {
				invalid[r+1] = append(invalid[r+1], f.Column)
			}
		}
	}
	want := map[int][]string{2: {"First Name"}, 3: {"First Name", "Mobile"}, 4: {"Website"}, 5: {"Last Name"}}
	if !reflect.DeepEqual(invalid, want) {
		t.Errorf("encoding_invalid on %v, want %v", invalid, want)
	}
}
