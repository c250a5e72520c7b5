// Package phone turns phone numbers as people type them into E.164, with phonenumbers as the judge.
//
// Common shapes are read on a fast path compiled from phonenumbers'
// metadata (tables_gen.go, go generate); the rest goes to a Fallback, the
// library itself (package libphone), linked in by default. The browser's
// engine is built with -tags nolibphone and registers its own.
package phone

//go:generate go run ./gen

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Status says what Normalize made of a value.
type Status uint8

const (
	Empty      Status = iota // blank after trimming
	Valid                    // already exactly E.164 and valid: unchanged
	Normalized               // made valid E.164 (E164 differs from the input)
	Invalid                  // cannot be made valid: keep the original as typed
)

var statusNames = [...]string{"empty", "valid", "normalized", "invalid"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Damage names what a spreadsheet did to a number before we saw it.
type Damage uint8

const (
	NoDamage        Damage = iota
	Scientific             // "4.47E+11", "4,155552671E+9": Excel scientific notation
	DecimalZero            // "4155552671.0", "4155552671,00": float formatting
	LostLeadingZero        // all digits, invalid as typed, valid once a 0 is put back in front
)

var damageNames = [...]string{"none", "scientific", "decimal_zero", "lost_leading_zero"}

func (d Damage) String() string {
	if int(d) < len(damageNames) {
		return damageNames[d]
	}
	return fmt.Sprintf("damage(%d)", d)
}

// Result is what Normalize found in one value. E164, Extension and Vanity are
// set only when Status is Valid or Normalized; Damage is set whatever the Status.
type Result struct {
	E164      string // "+14155552671" when Valid/Normalized, "" otherwise
	Extension string // digits of an extension split off, "" if none
	Status    Status
	Damage    Damage // Excel damage detected in the input (even when recovered)
	Vanity    bool   // letters were read as keypad digits (1-800-FLOWERS)
}

const (
	// cacheLimit bounds the memo; when full it starts again empty, which keeps
	// the hot set of a sheet (repeated switchboard numbers) cheap.
	cacheLimit = 1 << 16
)

// maxInput (tables_gen.go) is phonenumbers' own limit: longer text is never
// a number. Longer raw values are not cached either, so the memo stays small.

// Normalizer normalises numbers for one default region, the country assumed
// for numbers typed without a country code. It is safe for concurrent use.
// The zero Normalizer has no default region: it accepts only numbers that
// carry their country code.
type Normalizer struct {
	region string
	home   *planSlot // the default region's plan; nil for the zero Normalizer

	mu    sync.Mutex
	cache map[string]Result
	// others are the Normalizers of other regions In made: region → *Normalizer.
	others sync.Map
}

// New returns a Normalizer for defaultRegion, an ISO 3166 alpha-2 code in any case.
func New(defaultRegion string) (*Normalizer, error) {
	region := strings.ToUpper(defaultRegion)
	home, ok := plans().byRegion[region]
	if !ok {
		return nil, fmt.Errorf("phone: unknown default region %q", defaultRegion)
	}
	return &Normalizer{region: region, home: home}, nil
}

// In returns the Normalizer whose default region is region, made once and
// kept with n: a row's own country (its address's) stands for its numbers
// typed without a country code, where n's region stands for the rest. ok
// is false for a region New does not know.
func (n *Normalizer) In(region string) (*Normalizer, bool) {
	if strings.EqualFold(region, n.region) {
		return n, true
	}
	if o, ok := n.others.Load(region); ok {
		return o.(*Normalizer), true
	}
	o, err := New(region)
	if err != nil {
		return nil, false
	}
	kept, _ := n.others.LoadOrStore(region, o)
	return kept.(*Normalizer), true
}

// Region is the default region in upper case ("US").
func (n *Normalizer) Region() string { return n.region }

// Normalize reads one value as typed. Plain numbers are worked out each time
// on the fast path, which costs about what a memo insert would and takes no
// lock; values that need phonenumbers itself, tens of times slower natively
// and more under WebAssembly, are memoised by raw value.
func (n *Normalizer) Normalize(raw string) Result {
	if r, ok := n.normalize(raw, false); ok {
		return r
	}
	return n.memoised(raw)
}

// AppendNormalize is Normalize for a caller that keeps the E.164 form in a
// buffer of its own: a number the fast path rewrites has its E.164 form
// appended to dst, and the Result's E164 is those bytes, valid while they
// are not changed; no string is made for it (under WebAssembly, that string
// was a fifth of the fast path's time). It returns dst as it grew.
func (n *Normalizer) AppendNormalize(dst []byte, raw string) (Result, []byte) {
	if r, ok := n.normalizeTo(raw, false, &dst); ok {
		return r, dst
	}
	return n.memoised(raw), dst
}

// memoised reads raw on the slow path, through the memo.
func (n *Normalizer) memoised(raw string) Result {
	if len(raw) > maxInput {
		r, _ := n.normalize(raw, true)
		return r
	}
	n.mu.Lock()
	r, ok := n.cache[raw]
	n.mu.Unlock()
	if ok {
		return r
	}
	// The memo outlives the call and its results may be slices of raw, which
	// the caller may reuse (Normalize keeps nothing of raw otherwise).
	raw = strings.Clone(raw)
	r, _ = n.normalize(raw, true)
	n.mu.Lock()
	if n.cache == nil {
		n.cache = make(map[string]Result)
	} else if len(n.cache) >= cacheLimit {
		clear(n.cache)
	}
	n.cache[raw] = r
	n.mu.Unlock()
	return r
}

// normalize reads raw; with slow false it gives up (ok false) where the
// fast path does not cover the text and phonenumbers would be needed.
func (n *Normalizer) normalize(raw string, slow bool) (r Result, ok bool) {
	return n.normalizeTo(raw, slow, nil)
}

// normalizeTo is normalize, appending the E.164 form the fast path makes to
// *dst when dst is not nil (AppendNormalize).
func (n *Normalizer) normalizeTo(raw string, slow bool, dst *[]byte) (r Result, ok bool) {
	text := unwrapExcelText(foldWidth(trimBlank(raw)))
	if text == "" {
		return Result{Status: Empty}, true
	}
	if len(text) > maxInput {
		return Result{Status: Invalid}, true
	}
	damage := NoDamage
	if digits, d, ok := repairExcelNumber(text); ok {
		if digits == "" {
			return Result{Status: Invalid, Damage: d}, true
		}
		text, damage = digits, d
	}
	if r, ok = n.parse(text, slow, dst); !ok {
		return r, false
	}
	// Excel stores 0612345678 as the number 612345678. Putting the zero back is
	// a guess, so it is made only for bare digits that are invalid as they are,
	// and never after scientific notation, whose digits are already in doubt.
	if r.Status == Invalid && damage != Scientific && text[0] != '0' && isDigits(text) {
		r0, ok := n.parse("0"+text, slow, dst)
		if !ok {
			return r0, false
		}
		if r0.Status != Invalid {
			r, damage = r0, LostLeadingZero
		}
	}
	r.Damage = damage
	if r.Status == Normalized && r.E164 == raw {
		r.Status = Valid
	}
	return r, true
}

// parse returns Normalized or Invalid: from the fast path when text is a
// plain number it covers, else, when slow allows, from phonenumbers itself.
func (n *Normalizer) parse(text string, slow bool, dst *[]byte) (Result, bool) {
	if r, ok := n.fastParseTo(text, dst); ok || !slow {
		return r, ok
	}
	return n.slowParse(text), true
}

// Fallback reads text, a trimmed value without Excel marks, for region
// (the default region, "" for none) exactly as phonenumbers does: the slow
// path, for the shapes the fast path leaves. valid false means not a valid
// number; vanity means letters were read as keypad digits. A Fallback that
// cannot answer (its module failed to load) panics: a guess would be wrong.
type Fallback func(text, region string) (e164, ext string, valid, vanity bool)

var fallback Fallback // libphone.Parse unless built with -tags nolibphone

// SetFallback sets the slow path; the engine calls it from many goroutines.
func SetFallback(f Fallback) { fallback = f }

// ErrNoFallback is the panic of a value that needs the slow path in a build
// without phonenumbers where no Fallback was set.
var ErrNoFallback = errors.New("phone: a number needs phonenumbers, and this build has no fallback for it")

// slowParse reads text with the Fallback.
func (n *Normalizer) slowParse(text string) Result {
	if fallback == nil {
		panic(ErrNoFallback)
	}
	e164, ext, valid, vanity := fallback(text, n.region)
	if !valid {
		return Result{Status: Invalid}
	}
	return Result{E164: e164, Extension: ext, Status: Normalized, Vanity: vanity}
}
