package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestEveryPlanCompiles checks that the tables cover the whole metadata:
// a region that failed to compile would silently send all its numbers to
// the slow path.
func TestEveryPlanCompiles(t *testing.T) {
	states, largest := 0, 0
	for i := range regionTable {
		m := &regionTable[i]
		p, err := compilePlan(m)
		if err != nil {
			t.Errorf("%s (+%d): %v", m.id, m.code, err)
			continue
		}
		states += len(p.types.accept)
		largest = max(largest, len(p.types.accept))
	}
	t.Logf("%d plans, %d DFA states in all, %d in the largest", len(regionTable), states, largest)
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
	for b.Loop() {
		for i := range regionTable {
			if _, err := compilePlan(&regionTable[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
