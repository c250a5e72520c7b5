//go:build js && wasm

package main

import (
	"encoding/json"
	"testing"
)

// TestPromiseAnswersAPanic: a call that panics resolves its promise to a
// reply that says the engine stopped, instead of ending the program with
// the promise, and the page waiting for it, never settled.
func TestPromiseAnswersAPanic(t *testing.T) {
	got := await(promise(func() any { var m map[string]int; m["x"]++; return nil }))
	var reply struct {
		Error   string
		Stopped bool
	}
	if err := json.Unmarshal([]byte(got.Index(0).String()), &reply); err != nil || !reply.Stopped || reply.Error == "" {
		t.Fatalf("a panicking call answered %v (%v)", got, err)
	}
	if got := await(promise(func() any { return "fine" })); got.String() != "fine" {
		t.Errorf("a call after it answered %v", got)
	}
}
