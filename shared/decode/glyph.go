package decode

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// script is the writing system of a letter, as far as telling encodings apart
// needs it.
type script uint8

const (
	latin script = iota
	cyrillic
	greek
	hebrew
	arabic
	thai
	han
	kana     // hiragana and full-width katakana
	halfKana // half-width katakana
	hangul
	wide // CJK punctuation and full-width forms (not letters, but script-bound)
	otherScript
	numScripts
)

// class says how a decoded character counts as evidence.
type class uint8

const (
	ascii     class = iota // ASCII other than letters; no evidence either way
	letter                 // part of a word
	space                  // no-break spaces
	gluePunct              // punctuation that may touch letters: ’ · ° « »
	punct                  // punctuation that stands apart from letters: – … €
	wideMark               // CJK punctuation and full-width digits and symbols
	symbol                 // unlikely in names and addresses: § ¤ ¦ ± ™
	box                    // box drawing and blocks: a sure sign of a wrong code page
	private                // private-use area
	control                // C1 control codes
	invalid                // no character at all in this encoding
)

// Flags of a letter.
const (
	upper uint16 = 1 << iota // upper and lower: case, for capitals inside words
	lower
	vowel      // Cyrillic vowels, for the vowel-ratio test
	final      // only at the end of a word: Greek ς, Hebrew final forms
	notFinal   // never at the end of a word: Greek σ
	mark       // a combining mark, never at the start of a word
	tone       // a Thai tone mark; two never follow each other
	leading    // a Thai vowel written before its consonant
	notInitial // hardly ever starts a word: Russian й ь ъ ы
)

// glyph is a decoded character with what the scorer needs to know about it.
type glyph struct {
	r      rune
	weight float32 // how plausible the letter is in a name, 0..1
	langs  langSet // languages using this Latin letter; 0 for an unknown one
	script script
	class  class
	flags  uint16
}

// classify describes r. It is called for every character decoded from a
// multibyte candidate, so the CJK blocks are tested first.
func classify(r rune) glyph {
	g := glyph{r: r, weight: 1}
	switch {
	case r < 0x80:
		switch {
		case 'a' <= r && r <= 'z':
			g.class, g.script, g.flags = letter, latin, lower
		case 'A' <= r && r <= 'Z':
			g.class, g.script, g.flags = letter, latin, upper
		default:
			g.class = ascii
		}
	case r == utf8.RuneError:
		g.class = invalid
	case 0x4E00 <= r && r <= 0x9FFF, 0x3400 <= r && r <= 0x4DBF, 0xF900 <= r && r <= 0xFAFF,
		0x20000 <= r && r <= 0x3FFFF, r == 0x3005:
		g.class, g.script = letter, han
	case 0xAC00 <= r && r <= 0xD7A3:
		g.class, g.script = letter, hangul
	case 0x3041 <= r && r <= 0x30FF && r != 0x30FB:
		g.class, g.script = letter, kana
	case 0xFF66 <= r && r <= 0xFF9F:
		g.class, g.script = letter, halfKana
	case 0x3000 <= r && r <= 0x303F, 0xFF01 <= r && r <= 0xFF65, 0xFFE0 <= r && r <= 0xFFEE, r == 0x30FB:
		g.class, g.script = wideMark, wide
	case 0x1100 <= r && r <= 0x11FF, 0x3131 <= r && r <= 0x318E:
		// Bare jamo are letters, but nobody writes names with them.
		g.class, g.script, g.weight = letter, hangul, 0.2
	case r < 0xA0:
		g.class = control
	case r == 0xA0:
		g.class = space
	case 0xE000 <= r && r <= 0xF8FF:
		g.class = private
	case 0x2500 <= r && r <= 0x259F:
		g.class = box
	case r == '’' || r == '‘' || r == '·' || r == '°' || r == 'º' || r == 'ª' ||
		r == '«' || r == '»' || r == '“' || r == '”':
		g.class = gluePunct
	case r == '–' || r == '—' || r == '…' || r == '€' || r == '£':
		g.class = punct
	case r == 'ƒ' || r == 'µ':
		g.class = symbol // letters to Unicode, but in a name they are mojibake
	case unicode.IsDigit(r):
		g.class = gluePunct
	case 0x300 <= r && r <= 0x36F:
		// Combining accents, as in decomposed UTF-8: part of the Latin word.
		g.class, g.script, g.flags, g.langs = letter, latin, mark, allLangs
	default:
		g.script = scriptOf(r)
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			g.class = symbol
			return g
		}
		g.class = letter
		switch {
		case unicode.IsUpper(r):
			g.flags = upper
		case unicode.IsLower(r):
			g.flags = lower
		}
		if unicode.IsMark(r) {
			g.flags |= mark
		}
		switch g.script {
		case latin:
			g.langs, g.weight = latinLetter(r)
		case cyrillic:
			g.weight, g.flags = cyrillicLetter(r, g.flags)
		case greek:
			g.weight, g.flags = greekLetter(r, g.flags)
		case hebrew, arabic:
			// Hebrew ך ם ן ף ץ, Arabic ة ى. Vowel points and harakat are
			// rare in names.
			if strings.ContainsRune("ךםןףץةى", r) {
				g.flags |= final
			}
			if g.flags&mark != 0 {
				g.weight = 0.3
			}
		case thai:
			switch {
			case 0xE48 <= r && r <= 0xE4B:
				g.flags |= tone
			case 0xE40 <= r && r <= 0xE44:
				g.flags |= leading
			}
		}
	}
	return g
}

// greekLetter marks the two sigmas and weighs letters rare in Greek names,
// the ones Cyrillic text turns into when read as windows-1253.
func greekLetter(r rune, flags uint16) (float32, uint16) {
	switch r {
	case 'ς':
		flags |= final
	case 'σ':
		flags |= notFinal
	case 'ξ', 'ψ', 'ζ', 'ΰ', 'ΐ', 'ϊ', 'ϋ', 'Ξ', 'Ψ', 'Ζ':
		return 0.5, flags
	}
	return 1, flags
}

// scriptOf names the script block of a non-CJK character.
func scriptOf(r rune) script {
	switch {
	case 0xC0 <= r && r <= 0x24F, 0x1E00 <= r && r <= 0x1EFF:
		return latin
	case 0x370 <= r && r <= 0x3FF:
		return greek
	case 0x400 <= r && r <= 0x52F:
		return cyrillic
	case 0x590 <= r && r <= 0x5FF:
		return hebrew
	case 0x600 <= r && r <= 0x6FF:
		return arabic
	case 0xE00 <= r && r <= 0xE7F:
		return thai
	}
	return otherScript
}

// langSet is a set of languages written in Latin letters.
type langSet uint32

const (
	es langSet = 1 << iota
	pt
	fr
	it
	ca
	de
	nl
	da
	no
	sv
	fi
	is
	et
	lv
	lt
	pl
	cs
	sk
	hu
	ro
	hr
	tr
	sq
	vi
	numLangs = iota
	allLangs = 1<<numLangs - 1
)

// latinLangs says which languages use each accented lower-case letter. A word
// whose accented letters share no language ("Dvoøák", "Guđrún") is mojibake.
var latinLangs = map[rune]langSet{
	'à': fr | it | ca | pt, 'á': es | pt | cs | sk | hu | is, 'â': fr | pt | ro | tr,
	'ã': pt, 'ä': de | sv | fi | et | sk, 'å': da | no | sv | fi, 'æ': da | no | is,
	'ç': fr | pt | ca | tr | sq, 'è': fr | it | ca, 'é': es | pt | fr | it | ca | hu | cs | sk | is | nl,
	'ê': fr | pt, 'ë': fr | nl | sq, 'ì': it, 'í': es | pt | ca | cs | sk | hu | is,
	'î': fr | ro, 'ï': fr | nl | ca, 'ð': is, 'ñ': es, 'ò': it | ca,
	'ó': es | pt | ca | pl | cs | sk | hu | is, 'ô': fr | pt | sk, 'õ': pt | et,
	'ö': de | sv | fi | hu | tr | et | is, 'ø': da | no, 'ù': fr | it, 'ú': es | pt | cs | sk | hu | is,
	'û': fr, 'ü': de | es | hu | tr | et | ca, 'ý': cs | sk | is, 'þ': is, 'ÿ': fr, 'ß': de,
	'ā': lv, 'ē': lv, 'ī': lv, 'ū': lv | lt, 'ģ': lv, 'ķ': lv, 'ļ': lv, 'ņ': lv,
	'ą': pl | lt, 'ę': pl | lt, 'ł': pl, 'ń': pl, 'ś': pl, 'ź': pl, 'ż': pl, 'ć': pl | hr,
	'č': cs | sk | hr | lv | lt, 'ď': cs | sk, 'ť': cs | sk, 'ň': cs | sk, 'ě': cs, 'ř': cs, 'ů': cs,
	'ĺ': sk, 'ľ': sk, 'ŕ': sk, 'ő': hu, 'ű': hu, 'ă': ro | vi, 'ș': ro, 'ş': ro | tr, 'ț': ro, 'ţ': ro,
	'ğ': tr, 'ı': tr, 'đ': hr | vi, 'š': cs | sk | hr | lv | lt | et | fi, 'ž': cs | sk | hr | lv | lt | et | fi,
	'ė': lt, 'į': lt, 'ų': lt, 'œ': fr, 'ơ': vi, 'ư': vi,
}

// latinWeights lowers the weight of letters that are rare in names, so that
// a reading with common letters wins a tie: "Håkon" over "Hĺkon", "García"
// over "Garcķa". Letters not listed weigh 1.
var latinWeights = map[rune]float32{
	'ê': 0.8, 'â': 0.8, 'ô': 0.8, 'ã': 0.8, 'õ': 0.8,
	'ë': 0.6, 'ï': 0.6, 'î': 0.6, 'û': 0.6, 'ù': 0.6, 'ì': 0.6, 'ò': 0.6, 'ý': 0.6,
	'ð': 0.4, 'þ': 0.4, 'ÿ': 0.4, 'œ': 0.4,
	'ů': 0.8, 'ň': 0.6, 'ď': 0.6, 'ť': 0.6, 'ľ': 0.5, 'ĺ': 0.5, 'ŕ': 0.5,
	'ő': 0.8, 'ű': 0.8, 'ă': 0.8, 'ș': 0.8, 'ț': 0.8, 'ţ': 0.6, 'đ': 0.7,
	'ą': 0.8, 'ę': 0.8, 'ć': 0.8, 'ń': 0.8, 'ś': 0.8, 'ż': 0.8, 'ź': 0.6,
	'ņ': 0.8, 'ļ': 0.6, 'ķ': 0.5, 'ģ': 0.5, 'ė': 0.8, 'į': 0.4, 'ų': 0.5,
}

// prior is how likely a word in the most likely of these languages is to
// turn up in a contact list; it keeps "Kadýköy" (Icelandic, it would seem)
// from matching "Kadıköy".
func (s langSet) prior() float32 {
	switch {
	case s&^(is|sq|vi) != 0:
		return 1
	case s&vi != 0:
		return 0.8
	case s != 0:
		return 0.5
	}
	return 0
}

// latinPlacement weighs an accented letter by where it stands in its word,
// for letters whose languages place them strictly: Spanish ñ comes before a
// vowel (Polish ń read as windows-1252 does not: "Gdañsk"), Italian ì, ò, ù
// end words, Czech and Slovak words do not start with ý.
func latinPlacement(w []token, k int) float32 {
	switch unicode.ToLower(w[k].r) {
	case 'ñ':
		if k+1 < len(w) && strings.ContainsRune("aeiouáéíóúAEIOUÁÉÍÓÚ", w[k+1].r) {
			return 1
		}
		return 0.3
	case 'è':
		// French è comes before a consonant (Lefèvre), Italian è ends a
		// word; Czech č read as windows-1252 does neither: "Kuèera".
		if k+1 < len(w) && strings.ContainsRune("aeiouAEIOU", w[k+1].r) {
			return 0.3
		}
	case 'ì', 'ò', 'ù':
		if k == len(w)-1 {
			return 1
		}
		return 0.3
	case 'ý':
		if k == 0 {
			return 0.3
		}
	}
	return 1
}

// latinLetter returns the languages and weight of an accented Latin letter.
// Vietnamese is told by its own letters only: the Latin-1 accents it shares
// would make almost any jumble of accents look like Vietnamese.
func latinLetter(r rune) (langSet, float32) {
	if r == 'İ' {
		return tr, 1
	}
	l := unicode.ToLower(r)
	if 0x1EA0 <= l && l <= 0x1EF9 {
		return vi, 1
	}
	langs, ok := latinLangs[l]
	if !ok {
		return 0, 0
	}
	if w, ok := latinWeights[l]; ok {
		return langs, w
	}
	return langs, 1
}

// cyrillicLetter weighs a Cyrillic letter by how often it occurs in Russian,
// which is what tells windows-1251 from KOI8-R in all-capitals text: each
// decodes the other's frequent letters as rare ones.
func cyrillicLetter(r rune, flags uint16) (float32, uint16) {
	l := unicode.ToLower(r)
	if strings.ContainsRune("йьъы", l) {
		flags |= notInitial
	}
	if strings.ContainsRune("аеёиоуыэюяіїє", l) {
		flags |= vowel
	}
	for _, tier := range cyrillicTiers {
		if strings.ContainsRune(tier.letters, l) {
			return tier.weight, flags
		}
	}
	return 0.7, flags // Ukrainian, Belarusian, Serbian and Macedonian letters
}

var cyrillicTiers = []struct {
	letters string
	weight  float32
}{
	{"оеаинтсрвлкмдпуя", 1},
	{"ыьгзбчйхё", 0.8},
	{"жшюцщэф", 0.5},
	{"ъ", 0.3},
}

// Characters frequent in names and addresses, per writing tradition. A
// decoding that produces them earns a bonus: CJK legacy encodings overlap so
// much that most byte pairs decode to some valid ideograph in each of them.
var (
	japaneseNameChars    = runeSet("田中山川佐藤鈴木高橋渡辺邊伊小林加吉松井上村斎斉清水森池阿部石野口前原岡本島大和子美恵代智香奈里花郎太一二三雄夫男人介之也東西南北京都大阪府県市区町村丁目番地号神奈埼玉千葉愛知福兵庫海道")
	simplifiedNameChars  = runeSet("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华国建文志红海波辉玲宇浩省市区县镇乡村路街道号楼室单元栋北京上广州深圳天津重庆")
	traditionalNameChars = runeSet("王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘蔡蔣余杜葉程蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋方白鄒孟熊秦邱江尹薛段雷侯龍史陶黎賀顧毛郝龔邵萬錢嚴武戴莫孔向湯偉芳娜秀英敏靜麗強志明華國建文美玲淑惠怡君台臺北市新竹雄縣區鄉鎮村路街段巷弄號樓香港九龍")
	koreanNameChars      = runeSet("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌수영준혜희숙자미철훈상재아시군로읍면리번층울산대광")
)

func runeSet(s string) map[rune]bool {
	m := make(map[rune]bool, len(s)/3)
	for _, r := range s {
		m[r] = true
	}
	return m
}

func isThaiConsonant(r rune) bool { return 0xE01 <= r && r <= 0xE2E }
