// Package batchgc sets the garbage collector for a native batch run over an input held in memory: the bench's native engines, which time it.
//
// Such a run holds its input and its table until it ends, so most of what the
// collector would scan at the default GOGC=100 is live: collecting when the
// heap has grown fourfold instead takes a fifth off a run. A soft limit
// makes it collect sooner when a large file brings the heap near it. GOGC
// and GOMEMLIMIT in the environment win.
package batchgc

import (
	"os"
	"runtime/debug"
)

// Percent and Limit are the settings Tune applies.
const (
	Percent = 400
	Limit   = 2 << 30
)

// Tune applies Percent and Limit unless the environment sets them.
func Tune() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(Limit)
	}
}
