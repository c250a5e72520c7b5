package gen

import "hash/maphash"

// generator makes rows one by one and keeps the little state needed to count
// what it injected: which contacts already have a conflicting row, and one hash of
// the account data per account.
type generator struct {
	opt Options

	// The repertoire of the encoding: the names it can hold, and whether
	// localized values keep their Western European letters. First names are split
	// into non-Japanese [0] and Japanese [1], so most people get a first name that
	// goes with their last name.
	firstNames                   [2][]name
	lastNames, japaneseLastNames []name
	western                      bool

	accounts, bigAccounts int
	rows                  rng
	contacts              int      // contacts made so far; contact k has Customer ID k+1
	conflicted            bitset   // contacts that already have a conflicting row
	accountHash           []uint64 // of the account data of the account's first row
	hashSeed              maphash.Seed
	accountConflicted     bitset
	truth                 Truth
}

func newGenerator(opt Options) *generator {
	allowed := [...]bool{scriptASCII: true, scriptWestern: true, scriptJapanese: true}
	switch opt.Encoding {
	case "windows-1252":
		allowed[scriptJapanese] = false
	case "shift_jis":
		allowed[scriptWestern] = false
	}
	g := &generator{opt: opt, western: allowed[scriptWestern], rows: derive(opt.Seed, rowStream, 0)}
	for _, n := range firstNames {
		if allowed[n.script] {
			j := n.script == scriptJapanese
			g.firstNames[b2i(j)] = append(g.firstNames[b2i(j)], n)
		}
	}
	for _, n := range lastNames {
		if allowed[n.script] {
			g.lastNames = append(g.lastNames, n)
			if n.script == scriptJapanese {
				g.japaneseLastNames = append(g.japaneseLastNames, n)
			}
		}
	}
	// About one account per eight contacts; a few big accounts take a fifth of them.
	g.accounts = max(1, (opt.Rows+7)/8)
	g.bigAccounts = max(1, g.accounts/50)
	g.conflicted = newBitset(opt.Rows)
	g.accountHash = make([]uint64, g.accounts)
	g.hashSeed = maphash.MakeSeed()
	g.accountConflicted = newBitset(g.accounts)
	return g
}

// next fills rec with the next row: a repeat of an earlier contact, a conflicting
// version of one, or a new contact.
func (g *generator) next(rec *record) {
	k, conflict := g.contacts, false
	if g.contacts > 0 {
		switch u := g.rows.float(); {
		case u < g.opt.DuplicateRate:
			k = g.rows.intn(g.contacts)
			g.truth.DuplicateRows++
		case u < g.opt.DuplicateRate+g.opt.ConflictRate:
			// A contact gets one conflicting row at most, so that a second one can
			// never repeat the first and count as a duplicate instead.
			if c := g.rows.intn(g.contacts); !g.conflicted.has(c) {
				g.conflicted.set(c)
				k, conflict = c, true
				g.truth.ConflictingContactIDs++
			}
		}
	}
	if k == g.contacts {
		g.contacts++
	}
	g.fillContact(rec, k, conflict)
	g.truth.Rows++
	g.truth.InvalidPhones += rec.invalidPhones
	g.truth.DamagedPhones += rec.damagedPhones
	g.trackAccount(rec)
}

// trackAccount counts an account as conflicting the first time one of its rows
// carries account data that differs from its first row's.
func (g *generator) trackAccount(rec *record) {
	a := rec.account
	if a < 0 || g.accountConflicted.has(a) {
		return
	}
	// Company through Country lie back to back in the record; their ends tell
	// "ab","c" from "a","bc".
	start := rec.end[colCompany-1]
	h := maphash.Bytes(g.hashSeed, rec.buf[start:rec.end[colCountry]])
	for c := colCompany; c <= colCountry; c++ {
		h = mix64(h ^ uint64(rec.end[c]-start))
	}
	h |= 1 // zero means "not seen yet"
	switch g.accountHash[a] {
	case 0:
		g.accountHash[a] = h
	case h:
	default:
		g.accountConflicted.set(a)
		g.truth.ConflictingAccountIDs++
	}
}

// dirt reports whether to inject a kind of dirt of the given share; never in a clean file.
func (g *generator) dirt(r *rng, share float64) bool { return !g.opt.Clean && r.chance(share) }

// localized picks the spelling the encoding can hold.
func (g *generator) localized(l localized) string {
	if g.western || l.ascii == "" {
		return l.text
	}
	return l.ascii
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
