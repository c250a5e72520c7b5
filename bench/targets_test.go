package main

import "testing"

// The figures with a target are held to it per file: a page 4.9× the peer on
// the large file misses, 5.2× on the small one meets it.
func TestHeld(t *testing.T) {
	small, large := int64(10e6), int64(260e6)
	results := []result{
		{Name: "peer", Ms: 3000, fileBytes: small},
		{Name: nativeName, Rows: 60000, Ms: 180, fileBytes: small},
		{Name: naiveName, Rows: 60000, Ms: 2000, fileBytes: small},
		{Name: pageName, Rows: 60000, Ms: 577, VsPeer: 5.2, PeakMB: 600, fileBytes: small, Browser: map[string]any{"long_task_max_ms": 0.0}},
		{Name: nativeName, Rows: 1500000, Ms: 4000, fileBytes: large},
		{Name: pageName, Rows: 1500000, Ms: 13000, VsPeer: 4.9, PeakMB: 1100, fileBytes: large, Browser: map[string]any{"long_task_max_ms": 250.0}},
	}
	want := map[string]bool{
		"page vs peer, 60000 rows":               true,
		"page vs native engine, 60000 rows":      false, // 3.2× its time
		"page's peak PSS, 60000 rows":            true,
		"longest main-thread task, 60000 rows":   true,
		"page vs peer, 1500000 rows":             false,
		"page vs native engine, 1500000 rows":    false,
		"page's peak PSS, 1500000 rows":          false,
		"longest main-thread task, 1500000 rows": false,
		"native engine vs naive Go, 60000 rows":  true, // 11.1×
	}
	got := held(results)
	if len(got) != len(want) {
		t.Fatalf("%d targets, want %d: %+v", len(got), len(want), got)
	}
	for _, g := range got {
		if met, ok := want[g.What]; !ok || met != g.Met {
			t.Errorf("%s: %.2f %s, met %v; want present and met %v", g.What, g.Value, g.Unit, g.Met, met)
		}
	}
}
