package api

import (
	"context"
	"testing"
	"time"
)

func TestMemoryStoreExpires(t *testing.T) {
	s := NewMemoryStore()
	now := time.Unix(1000, 0)
	s.now = func() time.Time { return now }
	ctx := context.Background()
	s.Put(ctx, "a", "1", time.Minute)
	s.Put(ctx, "b", "2", time.Hour)
	s.Delete(ctx, "b")
	now = now.Add(59 * time.Second)
	if v, ok, _ := s.Get(ctx, "a"); !ok || v != "1" {
		t.Errorf("before expiry: %q %v", v, ok)
	}
	now = now.Add(time.Second)
	if _, ok, _ := s.Get(ctx, "a"); ok {
		t.Error("found after expiry")
	}
	if _, ok, _ := s.Get(ctx, "b"); ok {
		t.Error("found after delete")
	}
}
