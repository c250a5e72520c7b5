package phone

import (
	"errors"
	"math"
	"regexp/syntax"
	"slices"
)

// digitDFA matches several regular expressions at once against strings of
// ASCII digits, each anchored at both ends as phonenumbers anchors its
// national number patterns ("^(?:…)$"). It is the subset construction of the
// patterns' compiled programs over the alphabet 0-9, built once, so a match
// is one table step per digit instead of a regexp run: the library's
// backtracking regexps cost tens of µs a number, far more under WebAssembly.
// Which of several paths matched does not matter for a whole-string match, so
// a state is just the set of program positions alive after the digits read.
type digitDFA struct {
	next   []uint16 // next[state*10+digit]; state 0 is dead: nothing can match any more
	accept []uint32 // accept[state]: bit k set when pattern k matches the digits read so far
}

// dfaStart is the state before any digit is read.
const dfaStart = 1

// errTooManyStates and errUnsupported make a region fall back to phonenumbers:
// the tables would be too big, or the metadata uses something they do not
// cover (anchors in a number pattern, an unusual transform rule).
var (
	errTooManyStates = errors.New("phone: pattern tables too large")
	errUnsupported   = errors.New("phone: metadata the fast path does not cover")
)

// nfaInst is one instruction of the patterns' programs laid end to end.
type nfaInst struct {
	op       syntax.InstOp
	out, arg int
	digits   uint16 // for a rune instruction: which digits 0-9 it accepts
	pattern  int    // for a match instruction: which pattern matched
}

// compileDigitDFA builds the automaton for patterns, at most 32 of them; an
// empty pattern matches only the empty string, as phonenumbers' "^(?:)$".
func compileDigitDFA(patterns []string, maxStates int) (*digitDFA, error) {
	if len(patterns) > 32 {
		return nil, errUnsupported
	}
	maxStates = min(maxStates, math.MaxUint16-10) // a state adds at most 10 before the check
	var insts []nfaInst
	starts := make([]int, len(patterns))
	for k, p := range patterns {
		prog, err := compileProg(p)
		if err != nil {
			return nil, err
		}
		base := len(insts)
		starts[k] = base + prog.Start
		for _, in := range prog.Inst {
			n := nfaInst{op: in.Op, out: base + int(in.Out), arg: base + int(in.Arg), pattern: k}
			switch in.Op {
			case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
				n.digits = digitMask(in)
			case syntax.InstEmptyWidth:
				// Anchors inside a national number pattern would need the
				// surrounding text; none of the metadata has them.
				return nil, errUnsupported
			}
			insts = append(insts, n)
		}
	}

	if len(insts) > math.MaxUint16 {
		return nil, errTooManyStates // the state keys below hold 16-bit positions
	}
	b := dfaBuilder{insts: insts, seen: make([]int, len(insts)), index: map[string]uint16{}}
	d := &digitDFA{next: make([]uint16, 10), accept: []uint32{0}} // the dead state
	sets := [][]int{nil}
	b.gen++
	var set []int
	for _, s := range starts {
		set = b.close(set, s)
	}
	if b.state(d, &sets, set) == 0 { // nothing can ever match
		sets = append(sets, nil)
		d.accept = append(d.accept, 0)
		d.next = append(d.next, make([]uint16, 10)...)
	}
	for state := dfaStart; state < len(sets); state++ {
		if len(sets) > maxStates {
			return nil, errTooManyStates
		}
		for digit := range 10 {
			set = set[:0]
			b.gen++
			for _, pc := range sets[state] {
				if in := insts[pc]; in.op != syntax.InstMatch && in.digits&(1<<digit) != 0 {
					set = b.close(set, in.out)
				}
			}
			d.next[state*10+digit] = b.state(d, &sets, set)
		}
	}
	return d, nil
}

// dfaBuilder holds the subset construction's working state.
type dfaBuilder struct {
	insts []nfaInst
	seen  []int // seen[pc] == gen: pc is already in the set being built
	gen   int
	index map[string]uint16 // a set's key to its state
	key   []byte
}

// close adds pc and everything reachable from it without reading a digit,
// keeping only the instructions that read a digit or match.
func (b *dfaBuilder) close(set []int, pc int) []int {
	for {
		if b.seen[pc] == b.gen {
			return set
		}
		b.seen[pc] = b.gen
		in := b.insts[pc]
		switch in.op {
		case syntax.InstAlt, syntax.InstAltMatch:
			set = b.close(set, in.out)
			pc = in.arg
		case syntax.InstCapture, syntax.InstNop:
			pc = in.out
		case syntax.InstFail:
			return set
		default: // runes and match
			return append(set, pc)
		}
	}
}

// state returns the state for set, adding it if it is new; the empty set is
// the dead state.
func (b *dfaBuilder) state(d *digitDFA, sets *[][]int, set []int) uint16 {
	if len(set) == 0 {
		return 0
	}
	slices.Sort(set)
	b.key = b.key[:0]
	for _, pc := range set { // pcs fit 16 bits: the programs have a few thousand instructions at most
		b.key = append(b.key, byte(pc), byte(pc>>8))
	}
	if s, ok := b.index[string(b.key)]; ok {
		return s
	}
	s := uint16(len(d.accept))
	b.index[string(b.key)] = s
	*sets = append(*sets, slices.Clone(set))
	var accept uint32
	for _, pc := range set {
		if in := b.insts[pc]; in.op == syntax.InstMatch {
			accept |= 1 << in.pattern
		}
	}
	d.accept = append(d.accept, accept)
	d.next = append(d.next, make([]uint16, 10)...)
	return s
}

// run reads digits (ASCII '0'-'9' only) and returns the patterns matching
// all of them.
func (d *digitDFA) run(digits []byte) uint32 {
	next := d.next
	s := uint16(dfaStart)
	for _, c := range digits {
		if s = next[int(s)*10+int(c-'0')]; s == 0 {
			return 0
		}
	}
	return d.accept[s]
}

// runPrefixes is run that also returns the patterns matching some prefix
// of digits (the empty one included).
func (d *digitDFA) runPrefixes(digits []byte) (whole, prefix uint32) {
	next, accept := d.next, d.accept
	s := uint16(dfaStart)
	prefix = accept[s]
	for _, c := range digits {
		if s = next[int(s)*10+int(c-'0')]; s == 0 {
			return 0, prefix
		}
		prefix |= accept[s]
	}
	return accept[s], prefix
}

// compileProg compiles a pattern as package regexp does.
func compileProg(pattern string) (*syntax.Prog, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	return syntax.Compile(re.Simplify())
}

// digitMask is the set of ASCII digits a rune instruction accepts.
func digitMask(in syntax.Inst) uint16 {
	var m uint16
	for d := range rune(10) {
		if in.MatchRune('0' + d) {
			m |= 1 << d
		}
	}
	return m
}
