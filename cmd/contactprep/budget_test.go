package main

import (
	"runtime/debug"
	"testing"

	"contactprep/shared/prepare"
)

// The collector is held to the run's memory budget, less what the limit
// does not count; a GOMEMLIMIT the user set stays.
func TestHoldToBudget(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	t.Setenv("GOMEMLIMIT", "")
	holdToBudget([]prepare.Input{{Name: "a.csv", Size: 70 << 20}, {Name: "b.csv", Data: make([]byte, 1<<20)}})
	if got, want := debug.SetMemoryLimit(-1), prepare.MemoryBudget(71<<20)-runtimeOutsideLimit; got != want {
		t.Errorf("limit %d MB, want %d MB", got>>20, want>>20)
	}
	debug.SetMemoryLimit(before)
	t.Setenv("GOMEMLIMIT", "2GiB")
	holdToBudget([]prepare.Input{{Name: "a.csv", Size: 70 << 20}})
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d MB: the user's GOMEMLIMIT was overridden", got>>20)
	}
}
