package api

import (
	"context"
	"sync"
	"time"
)

// Store is a small key-value store with expiry: Workers KV in the Worker. Values are
// JSON documents. It is eventually consistent, so it narrows races without closing them.
type Store interface {
	Get(ctx context.Context, key string) (value string, found bool, err error)
	Put(ctx context.Context, key, value string, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

// MemoryStore is a Store in memory, for tests and for running without KV.
type MemoryStore struct {
	mu  sync.Mutex
	m   map[string]memoryEntry
	now func() time.Time
}

type memoryEntry struct {
	value   string
	expires time.Time
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{m: make(map[string]memoryEntry), now: time.Now}
}

// Get returns the value of a key that has not expired.
func (s *MemoryStore) Get(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok || !s.now().Before(e.expires) {
		delete(s.m, key)
		return "", false, nil
	}
	return e.value, true, nil
}

// Put sets a key for ttl.
func (s *MemoryStore) Put(_ context.Context, key, value string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = memoryEntry{value, s.now().Add(ttl)}
	return nil
}

// Delete removes a key.
func (s *MemoryStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}
