package access

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	team = "https://acme.cloudflareaccess.com"
	aud  = "aud-tag-1"
)

var now = time.Unix(1_800_000_000, 0)

// memCache is a Cache in memory whose entries expire by clock (now when nil).
type memCache struct {
	mu    sync.Mutex
	m     map[string]entry
	clock func() time.Time
}

type entry struct {
	value   string
	expires time.Time
}

func (c *memCache) now() time.Time {
	if c.clock == nil {
		return now
	}
	return c.clock()
}

func (c *memCache) Get(_ context.Context, k string) (string, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || !c.now().Before(e.expires) {
		return "", false, nil
	}
	return e.value, true, nil
}

func (c *memCache) Put(_ context.Context, k, v string, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = entry{v, c.now().Add(ttl)}
	return nil
}

func sign(t *testing.T, key *rsa.PrivateKey, hdr, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signed := enc(hdr) + "." + enc(claims)
	digest := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func jwks(kid string, key *rsa.PublicKey) string {
	b, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kid": kid, "kty": "RSA", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}}})
	return string(b)
}

func TestVerify(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	var fetches atomic.Int32
	certs := jwks("k1", &key.PublicKey)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		w.Write([]byte(certs))
	}))
	defer srv.Close()

	good := map[string]any{"aud": []string{aud}, "iss": team, "exp": now.Add(time.Hour).Unix(), "nbf": now.Add(-time.Minute).Unix(), "email": "a@b.c"}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for kk, vv := range good {
			c[kk] = vv
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	rs := map[string]any{"alg": "RS256", "kid": "k1"}
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"valid", sign(t, key, rs, good), true},
		{"audience as a string", sign(t, key, rs, with("aud", aud)), true},
		{"expired a moment ago is forgiven", sign(t, key, rs, with("exp", now.Add(-30*time.Second).Unix())), true},
		{"expired", sign(t, key, rs, with("exp", now.Add(-2*time.Minute).Unix())), false},
		{"no expiry", sign(t, key, rs, with("exp", nil)), false},
		{"not yet valid", sign(t, key, rs, with("nbf", now.Add(5*time.Minute).Unix())), false},
		{"other audience", sign(t, key, rs, with("aud", []string{"other"})), false},
		{"other issuer", sign(t, key, rs, with("iss", "https://evil.cloudflareaccess.com")), false},
		{"signed by another key", sign(t, other, rs, good), false},
		{"unknown key id", sign(t, key, map[string]any{"alg": "RS256", "kid": "k2"}, good), false},
		{"alg none", sign(t, key, map[string]any{"alg": "none", "kid": "k1"}, good), false},
		{"HS256", sign(t, key, map[string]any{"alg": "HS256", "kid": "k1"}, good), false},
		{"not a JWT", "abc", false},
		{"claims swapped under a valid signature", func() string {
			tok := strings.Split(sign(t, key, rs, with("aud", []string{"other"})), ".")
			real := strings.Split(sign(t, key, rs, good), ".")
			return real[0] + "." + tok[1] + "." + real[2]
		}(), false},
	}
	cache := &memCache{m: map[string]entry{}}
	v := &Verifier{CertsURL: srv.URL, Issuer: team, Audience: aud, HTTP: http.DefaultClient, Cache: cache, Now: func() time.Time { return now }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Verify(context.Background(), tt.token)
			if (err == nil) != tt.ok {
				t.Fatalf("Verify: %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
	// The keys came from the cache after the first fetch, the unknown key id too.
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d fetches of the keys, want 1", n)
	}
}

// TestKeyCache: each key is kept under its id; a key id the keys lack fetches them
// again at most once per minRefetch, and a key Access rotated in is found then.
func TestKeyCache(t *testing.T) {
	k1, _ := rsa.GenerateKey(rand.Reader, 2048)
	k2, _ := rsa.GenerateKey(rand.Reader, 2048)
	var fetches atomic.Int32
	var mu sync.Mutex
	certs := jwks("k1", &k1.PublicKey)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		mu.Lock()
		defer mu.Unlock()
		w.Write([]byte(certs))
	}))
	defer srv.Close()
	clock := now
	cache := &memCache{m: map[string]entry{}, clock: func() time.Time { return clock }}
	v := &Verifier{CertsURL: srv.URL, Issuer: team, Audience: aud, HTTP: http.DefaultClient, Cache: cache, Now: func() time.Time { return clock }}
	claims := func() map[string]any {
		return map[string]any{"aud": aud, "iss": team, "exp": clock.Add(time.Hour).Unix()}
	}
	verify := func(key *rsa.PrivateKey, kid string, ok bool, wantFetches int32) {
		t.Helper()
		err := v.Verify(context.Background(), sign(t, key, map[string]any{"alg": "RS256", "kid": kid}, claims()))
		if (err == nil) != ok {
			t.Errorf("kid %s: %v, want ok %v", kid, err, ok)
		}
		if n := fetches.Load(); n != wantFetches {
			t.Errorf("kid %s: %d fetches of the keys so far, want %d", kid, n, wantFetches)
		}
	}
	verify(k1, "k1", true, 1)
	for _, kid := range []string{"made-up", "k2", "made-up", strings.Repeat("x", 10000)} {
		verify(k2, kid, false, 1)
	}
	clock = clock.Add(minRefetch + time.Second)
	verify(k1, "k1", true, 1) // kept under its id
	verify(k2, "k2", false, 2)
	verify(k2, "k2", false, 2)

	mu.Lock()
	certs = `{"keys":[` + strings.TrimSuffix(strings.TrimPrefix(jwks("k1", &k1.PublicKey), `{"keys":[`), "]}") + "," +
		strings.TrimSuffix(strings.TrimPrefix(jwks("k2", &k2.PublicKey), `{"keys":[`), "]}") + "]}"
	mu.Unlock()
	clock = clock.Add(minRefetch + time.Second)
	verify(k2, "k2", true, 3) // rotated in
	verify(k2, "k2", true, 3)
	verify(k1, "k1", true, 3)
}

func TestNewVerifier(t *testing.T) {
	for domain, ok := range map[string]bool{
		"acme.cloudflareaccess.com":          true,
		"https://acme.cloudflareaccess.com/": true,
		"cloudflareaccess.com":               false,
		"evil.com/.cloudflareaccess.com":     false,
		"evil.com?.cloudflareaccess.com":     false,
		"a.b.cloudflareaccess.com":           false,
		"acme.cloudflareaccess.com.evil.com": false,
	} {
		v, err := NewVerifier(domain, aud, http.DefaultClient, nil)
		if (err == nil) != ok {
			t.Errorf("NewVerifier(%q): %v, want ok %v", domain, err, ok)
		}
		if ok && err == nil && v.CertsURL != team+"/cdn-cgi/access/certs" {
			t.Errorf("CertsURL %q", v.CertsURL)
		}
	}
	if _, err := NewVerifier("acme.cloudflareaccess.com", " ", http.DefaultClient, nil); err == nil {
		t.Error("empty audience accepted")
	}
}
