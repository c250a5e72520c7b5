package phone

import "regexp/syntax"

// prefixRegexp is a regular expression matched at the start of a string of
// ASCII digits, as if it began with ^, the way package regexp matches it:
// leftmost-first, the match a backtracking engine finds first, with
// submatches. phonenumbers strips international and national prefixes with
// such matches, where which match wins decides what is left, so the order of
// alternatives matters here and a DFA will not do. These patterns are short,
// and a backtracker that visits each (instruction, position) once is quick on
// them; most are a plain string ("00", "0"), compared directly.
type prefixRegexp struct {
	inst    []prefixInst
	start   int
	groups  int    // capturing groups, as regexp's NumSubexp
	literal string // the whole pattern when it is a plain string without groups
	plain   bool
	// first holds the digits a match can start with, unless empty says it
	// can match nothing at all: most numbers are turned away on their first
	// digit without running the program.
	first uint16
	empty bool
}

type prefixInst struct {
	op       syntax.InstOp
	out, arg int
	digits   uint16         // rune instructions: which digits 0-9 match
	cond     syntax.EmptyOp // empty-width instructions: the assertion
	slot     int            // capture instructions: the submatch slot
}

// maxPrefixSlots bounds the submatch slots a match reports (2 per group,
// plus the whole match).
const maxPrefixSlots = 8

// compilePrefixRegexp compiles pattern as package regexp would.
func compilePrefixRegexp(pattern string) (*prefixRegexp, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	groups := re.MaxCap()
	if 2*groups+2 > maxPrefixSlots {
		return nil, errUnsupported
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, err
	}
	p := &prefixRegexp{inst: make([]prefixInst, len(prog.Inst)), start: prog.Start, groups: groups}
	if prefix, complete := prog.Prefix(); complete && groups == 0 {
		p.literal, p.plain = prefix, true
	}
	for i, in := range prog.Inst {
		pi := prefixInst{op: in.Op, out: int(in.Out), arg: int(in.Arg)}
		switch in.Op {
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			pi.digits = digitMask(in)
		case syntax.InstEmptyWidth:
			pi.cond = syntax.EmptyOp(in.Arg)
		case syntax.InstCapture:
			pi.slot = int(in.Arg)
		}
		p.inst[i] = pi
	}
	p.firstDigits(p.start, make([]bool, len(p.inst)))
	return p, nil
}

// firstDigits gathers into first the digits the program can read first from
// pc, and sets empty if it can match without reading any. Assertions are
// taken as passed, so the set may be larger than needed, never smaller.
func (re *prefixRegexp) firstDigits(pc int, seen []bool) {
	for !seen[pc] {
		seen[pc] = true
		in := &re.inst[pc]
		switch in.op {
		case syntax.InstAlt, syntax.InstAltMatch:
			re.firstDigits(in.out, seen)
			pc = in.arg
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			pc = in.out
		case syntax.InstMatch:
			re.empty = true
			return
		case syntax.InstFail:
			return
		default:
			re.first |= in.digits
			return
		}
	}
}

// prefixMatch is the state of one match: the input, the submatch slots, and
// which (instruction, position) pairs have been tried.
type prefixMatch struct {
	re      *prefixRegexp
	digits  []byte
	slots   [maxPrefixSlots]int
	visited []uint64
}

// match reports whether re matches at the start of digits and returns the
// submatch slots as regexp's FindSubmatchIndex does (-1 for a group that did
// not take part); only the first 2*(groups+1) are meaningful.
func (re *prefixRegexp) match(digits []byte) (slots [maxPrefixSlots]int, ok bool) {
	if re.plain {
		for i := range slots {
			slots[i] = -1
		}
		slots[0], slots[1] = 0, len(re.literal)
		return slots, len(digits) >= len(re.literal) && string(digits[:len(re.literal)]) == re.literal
	}
	if !re.empty && (len(digits) == 0 || re.first&(1<<(digits[0]-'0')) == 0) {
		return slots, false
	}
	var small [8]uint64 // enough for most of the metadata's prefix patterns on a phone number's digits
	m := prefixMatch{re: re, digits: digits}
	if n := (len(re.inst)*(len(digits)+1) + 63) / 64; n <= len(small) {
		m.visited = small[:n]
	} else {
		m.visited = make([]uint64, n)
	}
	for i := range m.slots {
		m.slots[i] = -1
	}
	m.slots[0] = 0
	if !m.try(re.start, 0) {
		return m.slots, false
	}
	return m.slots, true
}

// try explores the program from pc at pos, preferring each alternative's
// first branch as regexp's backtracker does, and returns at the first match.
func (m *prefixMatch) try(pc, pos int) bool {
	for {
		bit := pc*(len(m.digits)+1) + pos
		if m.visited[bit/64]&(1<<(bit%64)) != 0 {
			return false // tried before and failed, or in progress on an empty loop
		}
		m.visited[bit/64] |= 1 << (bit % 64)
		in := &m.re.inst[pc]
		switch in.op {
		case syntax.InstAlt, syntax.InstAltMatch:
			if m.try(in.out, pos) {
				return true
			}
			pc = in.arg
		case syntax.InstCapture:
			old := m.slots[in.slot]
			m.slots[in.slot] = pos
			if m.try(in.out, pos) {
				return true
			}
			m.slots[in.slot] = old
			return false
		case syntax.InstEmptyWidth:
			if in.cond&^m.context(pos) != 0 {
				return false
			}
			pc = in.out
		case syntax.InstNop:
			pc = in.out
		case syntax.InstMatch:
			m.slots[1] = pos
			return true
		case syntax.InstFail:
			return false
		default: // a rune
			if pos == len(m.digits) || in.digits&(1<<(m.digits[pos]-'0')) == 0 {
				return false
			}
			pc, pos = in.out, pos+1
		}
	}
}

// context is what the empty-width assertions (^, $, \b) see at pos.
func (m *prefixMatch) context(pos int) syntax.EmptyOp {
	before, after := rune(-1), rune(-1)
	if pos > 0 {
		before = rune(m.digits[pos-1])
	}
	if pos < len(m.digits) {
		after = rune(m.digits[pos])
	}
	return syntax.EmptyOpContext(before, after)
}
