package orgcheck_test

import (
	"testing"

	"contactprep/shared/orgcheck"
)

func TestAccount(t *testing.T) {
	id := func(source, v string) orgcheck.ExternalID {
		var x orgcheck.ExternalID
		x.ExternalSource.ID, x.Value = source, v
		return x
	}
	hand := orgcheck.Organization{Name: "Office Mart"}
	mine := orgcheck.Organization{Name: "Office Mart", ExternalIDs: []orgcheck.ExternalID{id("src", "A1")}}
	other := orgcheck.Organization{Name: "office mart ", ExternalIDs: []orgcheck.ExternalID{id("src", "A7")}}
	similar := orgcheck.Organization{Name: "Office Mart East"}
	for _, c := range []struct {
		found []orgcheck.Organization
		want  string
	}{
		{[]orgcheck.Organization{hand}, orgcheck.HandMade},
		{[]orgcheck.Organization{other}, orgcheck.OtherID},
		{[]orgcheck.Organization{other, hand}, orgcheck.HandMade},
		{[]orgcheck.Organization{hand, mine}, ""},
		{[]orgcheck.Organization{similar}, ""},
	} {
		if got := orgcheck.Account("Office Mart", "A1", "src", c.found); got != c.want {
			t.Errorf("%+v: %q, want %q", c.found, got, c.want)
		}
	}
}
