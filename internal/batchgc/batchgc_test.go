package batchgc

import (
	"runtime/debug"
	"testing"
)

func TestTune(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	Tune()
	if got := debug.SetGCPercent(-1); got != Percent {
		t.Errorf("GC percent %d, want %d", got, Percent)
	}
	if got := debug.SetMemoryLimit(-1); got != Limit {
		t.Errorf("memory limit %d, want %d", got, Limit)
	}
}

func TestEnvironmentWins(t *testing.T) {
	t.Setenv("GOGC", "100")
	t.Setenv("GOMEMLIMIT", "1GiB")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	debug.SetGCPercent(100)
	before := debug.SetMemoryLimit(-1)
	Tune()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("GC percent %d, want the environment's 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit %d, want it untouched (%d)", got, before)
	}
}
