// Package access verifies the Cloudflare Access JWT (Cf-Access-Jwt-Assertion) that Access puts on every request it let through.
package access

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"time"
)

// Doer sends one HTTP request (the Worker's fetch, or an http.Client in tests).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Cache keeps the team's signing keys between requests; each request of a Worker may
// run in a fresh instance, so memory alone would fetch them every time.
type Cache interface {
	Get(ctx context.Context, key string) (string, bool, error)
	Put(ctx context.Context, key, value string, ttl time.Duration) error
}

// Verifier checks tokens of one Access application.
type Verifier struct {
	CertsURL string // https://<team>.cloudflareaccess.com/cdn-cgi/access/certs
	Issuer   string // https://<team>.cloudflareaccess.com
	Audience string // the application's AUD tag
	HTTP     Doer
	Cache    Cache            // may be nil
	Now      func() time.Time // nil: time.Now
}

// NewVerifier makes a Verifier for a team domain ("myteam.cloudflareaccess.com") and
// an application audience. Only Cloudflare Access domains are accepted, so the
// function fetches keys from nowhere else.
func NewVerifier(teamDomain, audience string, http Doer, cache Cache) (*Verifier, error) {
	team := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(teamDomain), "https://"), "/"))
	name, ok := strings.CutSuffix(team, ".cloudflareaccess.com")
	if !ok || name == "" || strings.ContainsAny(name, "./:@?#") {
		return nil, fmt.Errorf("access team domain %q is not <team>.cloudflareaccess.com", teamDomain)
	}
	if strings.TrimSpace(audience) == "" {
		return nil, errors.New("the Access application audience (AUD tag) is empty")
	}
	issuer := "https://" + team
	return &Verifier{CertsURL: issuer + "/cdn-cgi/access/certs", Issuer: issuer, Audience: strings.TrimSpace(audience), HTTP: http, Cache: cache}, nil
}

// ErrInvalid is the error of every token that does not pass.
var ErrInvalid = errors.New("access token invalid")

// leeway forgives clocks that disagree a little.
const leeway = time.Minute

type header struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
}

type claims struct {
	Aud audience `json:"aud"`
	Iss string   `json:"iss"`
	Exp int64    `json:"exp"`
	Nbf int64    `json:"nbf"`
}

// audience is a JWT aud claim: one string or a list.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	err := json.Unmarshal(b, &many)
	*a = many
	return err
}

// Verify checks the token's RS256 signature against the team's keys, its issuer,
// audience and validity period. Errors wrap ErrInvalid when the token is at fault.
func (v *Verifier) Verify(ctx context.Context, token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return fmt.Errorf("%w: not a JWT", ErrInvalid)
	}
	var h header
	if err := decodePart(parts[0], &h); err != nil || h.Alg != "RS256" {
		return fmt.Errorf("%w: header is not RS256", ErrInvalid)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return fmt.Errorf("%w: signature encoding", ErrInvalid)
	}
	key, err := v.key(ctx, h.Kid)
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], sig) != nil {
		return fmt.Errorf("%w: signature", ErrInvalid)
	}
	var c claims
	if err := decodePart(parts[1], &c); err != nil {
		return fmt.Errorf("%w: claims", ErrInvalid)
	}
	now := time.Now()
	if v.Now != nil {
		now = v.Now()
	}
	switch {
	case c.Iss != v.Issuer:
		return fmt.Errorf("%w: issuer", ErrInvalid)
	case !contains(c.Aud, v.Audience):
		return fmt.Errorf("%w: audience", ErrInvalid)
	case c.Exp == 0 || now.After(time.Unix(c.Exp, 0).Add(leeway)):
		return fmt.Errorf("%w: expired", ErrInvalid)
	case c.Nbf != 0 && now.Add(leeway).Before(time.Unix(c.Nbf, 0)):
		return fmt.Errorf("%w: not yet valid", ErrInvalid)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func decodePart(part string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// certsTTL is how long fetched keys are trusted before they are fetched again.
const certsTTL = time.Hour

// minRefetch is the least time between two fetches of the team's keys: a token with
// a key id the keys lack (a rotation, or anyone's made-up id) fetches them at most
// this often, never on every request.
const minRefetch = 5 * time.Minute

// maxKidLen bounds the key ids looked up in the cache; Access's are short.
const maxKidLen = 128

// key finds the public key with the id: from the cache, which holds each of the
// team's keys under its own id, or by fetching the team's keys when they have not
// been fetched within minRefetch (Access rotates its keys).
func (v *Verifier) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	if kid == "" || len(kid) > maxKidLen {
		return nil, fmt.Errorf("%w: unknown key id", ErrInvalid)
	}
	keyEntry, fetchedEntry := "access-key:"+v.CertsURL+"#"+kid, "access-certs-fetched:"+v.CertsURL
	if v.Cache != nil {
		if raw, ok, err := v.Cache.Get(ctx, keyEntry); err == nil && ok {
			if k := findKey(raw, kid); k != nil {
				return k, nil
			}
		}
		if _, ok, err := v.Cache.Get(ctx, fetchedEntry); err == nil && ok {
			return nil, fmt.Errorf("%w: unknown key id", ErrInvalid)
		}
	}
	raw, err := v.fetchCerts(ctx)
	if err != nil {
		return nil, err
	}
	if v.Cache != nil {
		// Failed puts only cost a fetch later.
		v.Cache.Put(ctx, fetchedEntry, "1", minRefetch)
		for id, one := range splitKeys(raw) {
			v.Cache.Put(ctx, "access-key:"+v.CertsURL+"#"+id, one, certsTTL)
		}
	}
	if k := findKey(raw, kid); k != nil {
		return k, nil
	}
	return nil, fmt.Errorf("%w: unknown key id", ErrInvalid)
}

// splitKeys returns each key of a JWKS document as a JWKS document of its own, by id.
func splitKeys(jwks string) map[string]string {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if json.Unmarshal([]byte(jwks), &set) != nil {
		return nil
	}
	out := map[string]string{}
	for _, k := range set.Keys {
		var id struct {
			Kid string `json:"kid"`
		}
		if json.Unmarshal(k, &id) != nil || id.Kid == "" || len(id.Kid) > maxKidLen {
			continue
		}
		one, _ := json.Marshal(struct {
			Keys []json.RawMessage `json:"keys"`
		}{[]json.RawMessage{k}})
		out[id.Kid] = string(one)
	}
	return out
}

func (v *Verifier) fetchCerts(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.CertsURL, nil)
	if err != nil {
		return "", err
	}
	res, err := v.HTTP.Do(req)
	if err != nil {
		return "", fmt.Errorf("access: fetching the team's keys: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("access: fetching the team's keys: status %d", res.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("access: reading the team's keys: %w", err)
	}
	return string(b), nil
}

// findKey returns the RSA key with the id from a JWKS document, or nil.
func findKey(jwks, kid string) *rsa.PublicKey {
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
			Kty string `json:"kty"`
			N   string `json:"n"`
			E   string `json:"e"`
		} `json:"keys"`
	}
	if json.Unmarshal([]byte(jwks), &set) != nil {
		return nil
	}
	for _, k := range set.Keys {
		if k.Kid != kid || k.Kty != "RSA" {
			continue
		}
		n, errN := base64.RawURLEncoding.DecodeString(k.N)
		e, errE := base64.RawURLEncoding.DecodeString(k.E)
		if errN != nil || errE != nil || len(e) == 0 || len(e) > 4 {
			return nil
		}
		exp := 0
		for _, b := range e {
			exp = exp<<8 | int(b)
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
	}
	return nil
}
