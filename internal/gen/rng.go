package gen

import "math/bits"

// rng is splitmix64. The generator carries its own because its output must stay
// byte-identical for a seed across Go releases, which math/rand does not promise.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	return mix64(r.state)
}

func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// stream names what a derived rng is for, so that two purposes never share numbers.
type stream uint64

const (
	rowStream      stream = iota + 1 // which kind of row comes next
	contactStream                    // one contact's data
	conflictStream                   // the changed names of a contact's conflicting row
	accountStream                    // one account's data
	leadStream                       // one lead's data
)

// derive returns the rng of one (stream, index) pair. A contact's data depends only
// on its own rng, so a later row can make the same contact again, byte for byte,
// without keeping earlier rows in memory.
func derive(seed int64, s stream, index int) rng {
	return rng{state: mix64(uint64(seed)^mix64(uint64(s)<<56^uint64(index))) ^ uint64(s)}
}
