package decode

import (
	"bytes"
	"math"
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Evidence gathering. A contact list may hold three accented names among
// megabytes of ASCII, so Detect looks at every non-ASCII byte of the file,
// with the letters around it, up to evidenceBudget bytes. Files with more
// non-ASCII text than that are sampled in stripes spread over the file.
const (
	evidenceBudget  = 64 << 10
	evidenceStripes = 16
	maxSegment      = 1 << 10 // longest run of text kept around non-ASCII bytes
	wordContext     = 24      // ASCII letters kept on either side, for word shape
)

// collectEvidence returns the stretches of data that hold non-ASCII bytes,
// each followed by '\n' (a byte no candidate reads as part of a character),
// and how many non-ASCII bytes they hold.
func collectEvidence(data []byte) (text []byte, high int) {
	stripes := evidenceStripes
	if len(data) < evidenceBudget {
		stripes = 1
	}
	perStripe := evidenceBudget / stripes
	prevEnd := 0
	for s := range stripes {
		lo, hi := max(s*len(data)/stripes, prevEnd), (s+1)*len(data)/stripes
		lo = backToBoundary(data, lo, max(prevEnd, lo-maxSegment))
		used := 0
		stripe := data[:hi] // segments may run past hi, but none starts there
		for i := nextHigh(stripe, lo); i < hi && used < perStripe; i = nextHigh(stripe, i) {
			start := i
			for start > prevEnd && i-start < wordContext && isASCIILetter(data[start-1]) {
				start--
			}
			end := segmentEnd(data, i, start)
			text = append(text, data[start:end]...)
			text = append(text, '\n')
			used += end - start + 1
			prevEnd, i = end, end
		}
	}
	return text, countHigh(text)
}

// segmentEnd extends a stretch that starts with a non-ASCII byte at i over
// further non-ASCII bytes, the byte after each (an ASCII trail byte in
// Shift_JIS, GBK or Big5, digits in GB18030's four-byte form) and the letters
// that finish the word.
func segmentEnd(data []byte, i, start int) int {
	end, lastHigh := i, i
	for end < len(data) && end-start < maxSegment {
		switch b := data[end]; {
		case b >= 0x80:
			end++
			lastHigh = end
			if end < len(data) && 0x30 <= data[end] && data[end] < 0x80 {
				end++
			}
		case isASCIILetter(b) && end-lastHigh < wordContext:
			end++
		default:
			return end
		}
	}
	return end
}

// backToBoundary moves a stripe's start i back, not below floor, to just
// after a byte below 0x30: such a byte is never the second byte of a
// character, so the stripe starts on a character boundary.
func backToBoundary(data []byte, i, floor int) int {
	for j := i; j > floor; j-- {
		if data[j-1] < 0x30 {
			return j
		}
	}
	return floor
}

func isASCIILetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// candidateKind says how a candidate splits bytes into characters.
type candidateKind uint8

const (
	singleByte candidateKind = iota
	doubleByte
	utf8Kind
)

// candidate is one encoding Detect may answer, with what it needs to decode
// and judge the evidence.
type candidate struct {
	name string
	kind candidateKind
	// bias breaks ties in favour of the encodings most files use.
	bias float64
	// native weighs the letters of each script: 0 means the script is foreign
	// to the encoding and its letters count against it.
	native [numScripts]float32
	// single decodes single bytes: every byte for a single-byte encoding, the
	// bytes that stand alone (ASCII, half-width katakana) for the others.
	single [256]glyph
	// pairs decodes double-byte characters, indexed by pairIndex; 0 is none.
	pairs []rune
	// region weighs a double-byte character by where its code sits: the
	// common ideographs of a code page sit in its core rows, while another
	// code page's text lands in the rare extension rows.
	region func(lead, trail byte) float32
	// names are characters frequent in names and addresses.
	names map[rune]bool
	enc   encoding.Encoding
}

func pairIndex(lead, trail byte) int { return int(lead-0x81)*191 + int(trail-0x40) }

// candidates is built on first use: the double-byte tables take a few
// milliseconds to derive from x/text.
var candidates = sync.OnceValue(func() []*candidate {
	latinLetters := scripts(latin)
	// Almost any two high bytes make some ideograph or syllable in a CJK
	// code page, so those weigh less than a letter of an alphabet, which has
	// case and spelling to check; the common name characters make up for it.
	cjkJapanese := scripts(kana, wide)
	cjkJapanese[han], cjkJapanese[halfKana] = 0.7, 0.5
	cjkChinese := scripts(wide)
	cjkChinese[han] = 0.7
	cjkKorean := scripts(wide)
	cjkKorean[hangul], cjkKorean[han] = 0.8, 0.2 // Korean names are rarely written in hanja
	everything := scripts(latin, cyrillic, greek, hebrew, arabic, thai, han, kana, hangul, wide, otherScript)
	everything[halfKana] = 0.5

	cs := []*candidate{
		{name: "utf-8", kind: utf8Kind, native: everything},
		sbcs("windows-1252", charmap.Windows1252, 1.5, latinLetters),
		sbcs("windows-1250", charmap.Windows1250, 0.8, latinLetters),
		sbcs("windows-1251", charmap.Windows1251, 0.8, scripts(cyrillic)),
		sbcs("koi8-r", charmap.KOI8R, 0.3, scripts(cyrillic)),
		sbcs("iso-8859-2", charmap.ISO8859_2, 0.3, latinLetters),
		sbcs("windows-1254", charmap.Windows1254, 0.3, latinLetters),
		sbcs("windows-1257", charmap.Windows1257, 0.2, latinLetters),
		sbcs("iso-8859-15", charmap.ISO8859_15, 0.2, latinLetters),
		sbcs("windows-1253", charmap.Windows1253, 0.3, scripts(greek)),
		sbcs("windows-1255", charmap.Windows1255, 0.2, scripts(hebrew)),
		sbcs("windows-1256", charmap.Windows1256, 0.2, scripts(arabic, latin)),
		sbcs("windows-874", charmap.Windows874, 0.2, scripts(thai)),
		sbcs("macintosh", charmap.Macintosh, 0.1, latinLetters),
		sbcs("ibm850", charmap.CodePage850, 0.1, latinLetters),
		dbcs("shift_jis", japanese.ShiftJIS, 0.5, cjkJapanese, japaneseNameChars, regionShiftJIS),
		dbcs("euc-jp", japanese.EUCJP, 0.4, cjkJapanese, japaneseNameChars, regionEUCJP),
		dbcs("gbk", simplifiedchinese.GBK, 0.5, cjkChinese, simplifiedNameChars, regionGB),
		dbcs("gb18030", simplifiedchinese.GB18030, 0.2, cjkChinese, simplifiedNameChars, regionGB),
		dbcs("big5", traditionalchinese.Big5, 0.4, cjkChinese, traditionalNameChars, regionBig5),
		dbcs("euc-kr", korean.EUCKR, 0.4, cjkKorean, koreanNameChars, regionKS),
	}
	for b := range 128 {
		cs[0].single[b] = classify(rune(b))
	}
	return cs
})

// Region weights of the double-byte code pages. Each has core rows with its
// common characters; the rest (level-2 kanji, GBK and UHC extensions, Big5's
// rarer half and HKSCS) is where another code page's text tends to land.
func regionShiftJIS(lead, _ byte) float32 {
	switch {
	case lead <= 0x98:
		return 1 // kana, symbols, level-1 kanji
	case lead <= 0xEA:
		return 0.6 // level-2 kanji
	}
	return 0.4
}

func regionEUCJP(lead, _ byte) float32 {
	switch {
	case lead <= 0xCF:
		return 1
	case lead <= 0xF4:
		return 0.6
	}
	return 0.4
}

// regionGB keeps GB2312's level-1 rows at full weight.
func regionGB(lead, trail byte) float32 {
	switch {
	case lead < 0xA1 || trail < 0xA1:
		return 0.4 // GBK additions
	case lead <= 0xD7:
		return 1
	}
	return 0.6 // level-2 hanzi
}

func regionBig5(lead, _ byte) float32 {
	switch {
	case 0xA4 <= lead && lead <= 0xC6:
		return 1 // frequently used characters
	case 0xC9 <= lead && lead <= 0xF9:
		return 0.6
	}
	return 0.4
}

// regionKS keeps KS X 1001 at full weight; the UHC additions are rare syllables.
func regionKS(lead, trail byte) float32 {
	if lead >= 0xA1 && trail >= 0xA1 {
		return 1
	}
	return 0.3
}

func scripts(ss ...script) (w [numScripts]float32) {
	for _, s := range ss {
		w[s] = 1
	}
	return w
}

func sbcs(name string, cm *charmap.Charmap, bias float64, native [numScripts]float32) *candidate {
	c := &candidate{name: name, kind: singleByte, bias: bias, native: native, enc: cm}
	for b := range c.single {
		c.single[b] = classify(cm.DecodeByte(byte(b)))
	}
	return c
}

func dbcs(name string, enc encoding.Encoding, bias float64, native [numScripts]float32,
	names map[rune]bool, region func(lead, trail byte) float32) *candidate {
	c := &candidate{name: name, kind: doubleByte, bias: bias, native: native, enc: enc,
		names: names, region: region, pairs: make([]rune, pairIndex(0xFE, 0xFE)+1)}
	dec := enc.NewDecoder()
	for b := range c.single {
		r, n := decodeOne(dec, []byte{byte(b)})
		if n == 1 && r != utf8.RuneError {
			c.single[b] = classify(r)
		} else {
			c.single[b] = glyph{r: utf8.RuneError, class: invalid}
		}
	}
	for lead := 0x81; lead <= 0xFE; lead++ {
		if c.single[lead].class != invalid {
			continue
		}
		for trail := 0x40; trail <= 0xFE; trail++ {
			if r, n := decodeOne(dec, []byte{byte(lead), byte(trail)}); n == 2 && r != utf8.RuneError {
				c.pairs[pairIndex(byte(lead), byte(trail))] = r
			}
		}
	}
	return c
}

// decodeOne decodes the first character of src with dec and reports how many
// bytes it took, or 0 if src does not start with a whole character.
func decodeOne(dec *encoding.Decoder, src []byte) (rune, int) {
	var dst [16]byte
	dec.Reset()
	nDst, nSrc, err := dec.Transform(dst[:], src, true)
	if err != nil || nSrc != len(src) || nDst == 0 {
		return utf8.RuneError, 0
	}
	r, size := utf8.DecodeRune(dst[:nDst])
	if size == nDst || len(src) == 2 && utf8.RuneCount(dst[:nDst]) == 2 && r >= 0x80 {
		// Big5 decodes a few codes as a letter and a combining mark.
		return r, len(src)
	}
	return utf8.RuneError, 0
}

// token is one character decoded from the evidence.
type token struct {
	glyph
	n      uint8   // bytes it took
	region float32 // weight of where its code sits, 1 outside double-byte tables
	name   bool    // frequent in names and addresses
}

// decodeSegment splits seg into characters as c reads it.
func (c *candidate) decodeSegment(seg []byte, toks []token) []token {
	for i := 0; i < len(seg); {
		t := token{n: 1, region: 1}
		b := seg[i]
		switch {
		case c.kind == singleByte || b < 0x80:
			t.glyph = c.single[b]
		case c.kind == utf8Kind:
			r, size := utf8.DecodeRune(seg[i:])
			t.glyph, t.n = classify(r), uint8(size)
			if r == utf8.RuneError && size == 1 {
				t.glyph = glyph{r: r, class: invalid}
			}
		default:
			t = c.decodeDoubleByte(seg[i:])
		}
		toks = append(toks, t)
		i += int(t.n)
	}
	return toks
}

// decodeDoubleByte decodes the character at the start of seg, whose first
// byte is not ASCII, as a double-byte candidate.
func (c *candidate) decodeDoubleByte(seg []byte) token {
	lead := seg[0]
	if len(seg) > 1 && lead >= 0x81 && lead <= 0xFE && seg[1] >= 0x40 && seg[1] <= 0xFE {
		if r := c.pairs[pairIndex(lead, seg[1])]; r != 0 {
			t := token{glyph: classify(r), n: 2, region: c.region(lead, seg[1])}
			t.name = c.names[r]
			return t
		}
	}
	// The long forms are rare: EUC-JP's JIS X 0212 and GB18030's four bytes.
	long := 0
	switch {
	case c.name == "euc-jp" && lead == 0x8F:
		long = 3
	case c.name == "gb18030" && len(seg) > 1 && '0' <= seg[1] && seg[1] <= '9':
		long = 4
	}
	if long > 0 && len(seg) >= long {
		if r, n := decodeOne(c.enc.NewDecoder(), seg[:long]); n == long {
			return token{glyph: classify(r), n: uint8(n), region: 0.5}
		}
	}
	return token{glyph: c.single[lead], n: 1, region: 1}
}

// tally is the evidence for and against one candidate.
type tally struct {
	pos, neg float64
	// langs counts the accented Latin letters each language would use.
	langs [numLangs]int
	// hash identifies the decoded text, so candidates that agree on this
	// input can be told apart from real rivals.
	hash uint64
}

func newTally() tally { return tally{hash: 14695981039346656037} }

// coherenceWeight is what a letter of the best-served language earns again.
// Text in one code page is mostly in one language or a few related ones:
// Turkish names read as windows-1250 become Czech, Romanian and Croatian
// letters at once.
const coherenceWeight = 0.25

// total is the candidate's score.
func (t *tally) total(bias float64) float64 {
	return t.pos + coherenceWeight*float64(slices.Max(t.langs[:])) - t.neg + bias
}

// score adds the evidence, as c decodes it, to sum.
func (c *candidate) score(evidence []byte, sum *tally, toks []token) []token {
	for len(evidence) > 0 {
		end := bytes.IndexByte(evidence, '\n')
		toks = c.decodeSegment(evidence[:end], toks[:0])
		evidence = evidence[end+1:]
		for _, t := range toks {
			sum.hash = (sum.hash ^ uint64(t.r)) * 1099511628211
		}
		for i := 0; i < len(toks); {
			if toks[i].class != letter {
				s := c.scoreMark(toks, i)
				if s > 0 {
					sum.pos += s
				} else {
					sum.neg -= s
				}
				i++
				continue
			}
			j := i + 1
			for j < len(toks) && toks[j].class == letter {
				j++
			}
			c.scoreWord(toks[i:j], sum)
			i = j
		}
	}
	return toks
}

// scoreMark scores the non-letter toks[i].
func (c *candidate) scoreMark(toks []token, i int) float64 {
	t := &toks[i]
	n := float64(t.n)
	touches := i > 0 && toks[i-1].class == letter || i+1 < len(toks) && toks[i+1].class == letter
	switch t.class {
	case invalid:
		return -8 * n
	case control:
		return -6 * n
	case box, private:
		return -3 * n
	case symbol:
		if touches {
			return -3 * n
		}
		return -n
	case punct:
		if touches {
			return -2
		}
	case wideMark:
		if w := c.native[wide]; w > 0 {
			return 0.5 * float64(w*t.region) * n
		}
		return -n
	}
	return 0
}

// scoreWord scores a run of letters: letters of the candidate's scripts
// count for it, unless the word as a whole looks like mojibake.
func (c *candidate) scoreWord(w []token, sum *tally) {
	var scriptMask uint32
	langs := langSet(allLangs)
	accented, vowels := 0, 0
	for _, t := range w {
		scriptMask |= 1 << t.script
		if t.r >= 0x80 {
			accented++
			if t.script == latin {
				langs &= t.langs
			}
		}
		if t.flags&vowel != 0 {
			vowels++
		}
	}
	bad := false
	switch {
	case scriptMask&(scriptMask-1) != 0 && scriptMask&^(1<<han|1<<kana) != 0:
		bad = true // scripts mixed within a word, other than kanji with kana
	case scriptMask == 1<<latin && langs == 0:
		bad = true // accented letters that no one language uses together
	case scriptMask == 1<<latin && accented >= 3 && accented*5 > len(w)*4:
		bad = true // Latin words are mostly plain letters; "Èâàíîâ" is Cyrillic
	case scriptMask == 1<<cyrillic && len(w) >= 4 && vowels == 0:
		bad = true
	}
	for k, t := range w {
		last := k == len(w)-1
		switch {
		case t.flags&final != 0 && !last, t.flags&notFinal != 0 && last && k > 0,
			t.flags&mark != 0 && k == 0, t.flags&tone != 0 && k > 0 && w[k-1].flags&tone != 0,
			t.flags&leading != 0 && (last || !isThaiConsonant(w[k+1].r)),
			t.script == thai && t.flags&mark != 0 && k > 0 && !isThaiConsonant(w[k-1].r) && w[k-1].flags&mark == 0:
			// Spelling no word has: ς inside a Greek word, a combining mark
			// first, a Thai vowel sign away from the consonant it belongs to.
			bad = true
		}
	}
	if scriptMask == 1<<cyrillic && len(w) >= 4 && vowels*4 < len(w) {
		sum.neg++
	}
	if !bad && accented > 0 && titleCase(w) && c.native[w[0].script] > 0 {
		sum.pos++ // "Иван", "Müller": a cased alphabet, read the right way round
	}
	for k, t := range w {
		if t.r < 0x80 {
			continue // plain letters read the same in every candidate
		}
		n := float64(t.n)
		mul := c.native[t.script]
		if bad || mul == 0 {
			sum.neg += n
			continue
		}
		weight := mul * t.weight * t.region
		if t.script == latin {
			weight *= latinPlacement(w, k) * langs.prior()
		}
		if k == 0 && t.flags&notInitial != 0 {
			weight *= 0.3
		}
		sum.pos += float64(weight) * n
		if t.name {
			sum.pos += n
		}
		if bits.OnesCount32(uint32(t.langs)) <= 3 {
			// Only letters of few languages say which language it is: á
			// and é are Spanish, Czech and Hungarian alike.
			for l := range numLangs {
				if t.langs&(1<<l) != 0 {
					sum.langs[l]++
				}
			}
		}
		prevLower := k > 0 && w[k-1].flags&lower != 0
		prevUpper := k > 0 && w[k-1].flags&upper != 0
		nextLower := k+1 < len(w) && w[k+1].flags&lower != 0
		nextUpper := k+1 < len(w) && w[k+1].flags&upper != 0
		switch {
		case t.flags&upper != 0 && (prevLower || k > 0 && nextLower):
			sum.neg += 2 // a capital inside a word: "MŸller", "иВАНОВ"
		case t.flags&lower != 0 && prevUpper && nextUpper:
			sum.neg += 2
		}
	}
}

// titleCase reports whether w is a capital and then at least two small letters.
func titleCase(w []token) bool {
	if len(w) < 3 || w[0].flags&upper == 0 {
		return false
	}
	for _, t := range w[1:] {
		if t.flags&lower == 0 {
			return false
		}
	}
	return true
}

// Scoring runs over the first pruneAfter bytes of evidence for every
// candidate, then over the rest only for those within pruneMargin points of
// the best: most candidates are out after a few invalid sequences.
const (
	pruneAfter  = 8 << 10
	pruneMargin = 40
)

// detectLegacy scores every candidate over the evidence and returns the
// best. Confidence grows with the margin over the best candidate that
// decodes the evidence differently, and falls with the winner's own
// evidence against it.
func detectLegacy(data []byte) Result {
	evidence, high := collectEvidence(data)
	if high == 0 {
		return Result{Encoding: "utf-8"} // not reached: every stripe is searched
	}
	// Every segment ends in '\n', the evidence included.
	cut := min(pruneAfter, len(evidence)-1)
	cut += bytes.IndexByte(evidence[cut:], '\n') + 1
	head := evidence[:cut]
	cs := candidates()
	tallies := make([]tally, len(cs))
	var toks []token
	best := math.Inf(-1)
	for i, c := range cs {
		tallies[i] = newTally()
		toks = c.score(head, &tallies[i], toks)
		best = max(best, tallies[i].total(c.bias))
	}
	winner := -1
	for i, c := range cs {
		if tallies[i].total(c.bias) < best-pruneMargin {
			continue
		}
		toks = c.score(evidence[len(head):], &tallies[i], toks)
		if winner < 0 || tallies[i].total(c.bias) > tallies[winner].total(cs[winner].bias) {
			winner = i
		}
	}
	w := &tallies[winner]
	score := w.total(cs[winner].bias)
	margin := math.Inf(1)
	for i, c := range cs {
		if tallies[i].hash != w.hash {
			margin = min(margin, score-tallies[i].total(c.bias))
		}
	}
	quality := 0.5
	if w.pos+w.neg > 0 {
		quality = w.pos / (w.pos + w.neg)
	}
	separation := 1 - math.Exp(-margin/4)
	return Result{Encoding: cs[winner].name, Confidence: quality * (0.5 + 0.49*separation)}
}
