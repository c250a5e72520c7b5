package listfit

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func ids(prefix string, from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, from+i)
	}
	return out
}

// Month 2 into month 1's two lists: held ids go back to their list, new ones fill the
// first list's room, then the second's, then new lists of newSize.
func TestPlace(t *testing.T) {
	lists := []List{{Name: "May 1", Size: 8, Limit: 10}, {Name: "May 2", Size: 3, Limit: 5}}
	holds := map[string]int{}
	for _, id := range ids("L", 0, 8) {
		holds[id] = 0
	}
	for _, id := range ids("L", 8, 3) {
		holds[id] = 1
	}
	month2 := append(ids("L", 4, 7), ids("N", 0, 10)...) // L4…L10 held (4 in list 1, 3 in list 2), N0…N9 new
	p, err := Place(month2, holds, lists, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []Placed{{0, 6, 4, 2}, {1, 5, 3, 2}, {-1, 3, 0, 3}, {-1, 3, 0, 3}}
	if !slices.Equal(p.Lists, want) {
		t.Fatalf("lists %+v, want %+v", p.Lists, want)
	}
	of := fmt.Sprint(p.Of)
	if of != "[0 0 0 0 1 1 1 0 0 1 1 2 2 2 3 3 3]" {
		t.Errorf("of %s", of)
	}
	rows := 0
	for i, l := range p.Lists {
		rows += l.Rows
		if l.Rows != l.Updated+l.Added {
			t.Errorf("list %d: %d rows ≠ %d updated + %d added", i, l.Rows, l.Updated, l.Added)
		}
		if l.Existing >= 0 && lists[l.Existing].Size+l.Added > lists[l.Existing].Limit {
			t.Errorf("list %d over its limit", i)
		}
	}
	if rows != len(month2) {
		t.Errorf("%d rows placed of %d", rows, len(month2))
	}

	// The default limit, and a list already over a lowered limit takes no new contact.
	p, _ = Place([]string{"a", "b"}, nil, []List{{Name: "x", Size: 999_999}, {Name: "y", Size: 7, Limit: 5}}, 0)
	if !slices.Equal(p.Lists, []Placed{{0, 1, 0, 1}, {1, 0, 0, 0}, {-1, 1, 0, 1}}) {
		t.Errorf("near the default limit: %+v", p.Lists)
	}
	if _, err := Place([]string{"a"}, nil, []List{{Name: "x", Limit: MaxLimit + 1}}, 0); err == nil {
		t.Error("a limit over 5,000,000 was taken")
	}
	if _, err := Place([]string{"a"}, map[string]int{"a": 3}, nil, 0); err == nil {
		t.Error("an id held by a list not chosen was taken")
	}
}

func TestColumnProblems(t *testing.T) {
	l := List{Name: "May", Columns: []string{"Lead ID", "Name", "Mobile", "Notes", "Extra"}, PhoneColumns: []string{"Mobile"}}
	if got := ColumnProblems(l, []string{"Lead ID", "Name", "Mobile"}, "Lead ID", []string{"Mobile"}); len(got) != 0 {
		t.Errorf("a matching file: %v", got)
	}
	got := ColumnProblems(l, []string{"Lead Id", "name", "Home", "Notes"}, "Lead Id", []string{"Notes"})
	want := []string{`spells the column "Lead Id" as "Lead ID"`, `spells the column "name" as "Name"`, `has no column "Home"`, `"Notes" holds phone numbers`}
	if len(got) != len(want) {
		t.Fatalf("problems %q", got)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("problem %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestDNCEntryOK(t *testing.T) {
	for _, tt := range []struct {
		kind, v string
		ok      bool
	}{
		{DNCPhone, "+14155550100", true}, {DNCPhone, "(415) 555-0100", false}, {DNCPhone, "", false},
		{DNCEmail, "a@example.com", true}, {DNCEmail, "a@", false},
		{DNCCustom, "L-0001", true}, {DNCCustom, " L-1", false}, {DNCCustom, strings.Repeat("x", 513), false},
		{"other", "x", false},
	} {
		if got := DNCEntryOK(tt.kind, tt.v); got != tt.ok {
			t.Errorf("DNCEntryOK(%s, %q) = %v", tt.kind, tt.v, got)
		}
	}
}

func TestHolds(t *testing.T) {
	holds := map[string]int{"A": 0}
	n, odd, err := Holds(strings.NewReader("Lead ID,contact_list_id,genesys_contact_id\nA,l2,A\nB,l2,B\nC,l2,9f1c\n"), 1, holds)
	if err != nil || n != 3 || odd != 1 || holds["A"] != 0 || holds["B"] != 1 || holds["9f1c"] != 1 || len(holds) != 3 {
		t.Errorf("Holds: %d contacts, %d mismatched, %v, %v", n, odd, holds, err)
	}
	if _, _, err := Holds(strings.NewReader("h1,h2,h3\nA,B\n"), 0, holds); err == nil {
		t.Error("a short row was read")
	}
}

func TestDNCHeading(t *testing.T) {
	if !DNCHeading(DNCCustom, "lead id", "Lead ID") || !DNCHeading(DNCPhone, "Phone", "") || DNCHeading(DNCCustom, "L0001", "Lead ID") {
		t.Error("DNCHeading")
	}
}
