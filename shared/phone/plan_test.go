package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestEveryPlanCompiles checks that the tables cover the whole metadata:
// a region that failed to compile would silently send all its numbers to
// the slow path.
func TestEveryPlanCompiles(t *testing.T) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	states, largest := 0, 0
	for _, m := range coll.GetMetadata() {
		p, err := compilePlan(m.GetId(), m)
		if err != nil {
			t.Errorf("%s (+%d): %v", m.GetId(), m.GetCountryCode(), err)
			continue
		}
		states += len(p.types.accept)
		largest = max(largest, len(p.types.accept))
	}
	t.Logf("%d plans, %d DFA states in all, %d in the largest", len(coll.GetMetadata()), states, largest)
	for code := range phonenumbers.GetSupportedCallingCodes() {
		c := plans().byCountry[code]
		if c == nil {
			t.Errorf("+%d has no entry", code)
			continue
		}
		for i, slot := range c.regions {
			if slot.get() == nil {
				t.Errorf("+%d region %d has no plan", code, i)
			}
		}
	}
}

// BenchmarkCompilePlans is the one-time cost of the tables for every region,
// paid a region at a time on first use.
func BenchmarkCompilePlans(b *testing.B) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, m := range coll.GetMetadata() {
			if _, err := compilePlan(m.GetId(), m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
