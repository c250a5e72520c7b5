package gen

// Shares of dirt and variety in account data, per account.
const (
	foreignAccountShare = 0.15 // accounts in Europe
	blankWebsiteShare   = 0.2
	commaNameShare      = 0.3  // of law-firm names: "Harris, Clark & Partners"
	quotedNameShare     = 0.02 // `"Blue River" Logistics`
	formulaCompanyShare = 0.002
	unitShare           = 0.08 // streets with a suite or unit
	otherLabelShare     = 0.5  // countries written other than as their ISO code
)

// account is one company. Its data comes from the account's own rng, so every
// contact of the account writes the same values unless vary changed them.
type account struct {
	index   int
	country *country
	place   *place
	pattern uint8 // 0 adjective noun trade, 1 surname trade, 2 two surnames, 3 Japanese
	parts   [3]word
	quoted  bool // the first two words in quotes
	comma   bool // two surnames written "A, B & Partners"
	suffix  int
	formula string
	website int // index into websiteStyles
	streetNo, street,
	unit, unitNo int // unit: 0 none, 1 ", Suite n", 2 "\nSuite n", 3 " #n"
	zip   int // the two last digits of a US ZIP code
	label int
}

// websiteStyles are how CRMs hold a company's website; the last one is blank.
var websiteStyles = [][2]string{{"https://www.", ".example"}, {"http://www.", ".example"},
	{"www.", ".example"}, {"", ".example"}, {"https://", ".example/"}, {}}

func (g *generator) makeAccount(a *account, index int) {
	r := derive(g.opt.Seed, accountStream, index)
	*a = account{index: index, country: unitedStates}
	if r.chance(foreignAccountShare) {
		a.country = europe[r.intn(len(europe))]
	}
	a.place = &a.country.places[r.intn(len(a.country.places))]

	switch n := r.intn(20); {
	case n < 11:
		a.parts = [3]word{pick(&r, companyAdjectives), pick(&r, companyNouns), pick(&r, companyTrades)}
		a.quoted = g.dirt(&r, quotedNameShare)
	case n < 16:
		a.pattern = 1
		a.parts = [3]word{g.surname(&r), pick(&r, companyTrades)}
	case n < 19 || len(g.japaneseLastNames) == 0:
		a.pattern = 2
		a.parts = [3]word{g.surname(&r), g.surname(&r)}
		a.comma = g.dirt(&r, commaNameShare)
	default:
		a.pattern = 3
		n := g.japaneseLastNames[r.intn(len(g.japaneseLastNames))]
		a.parts = [3]word{{n.text, n.slug}, pick(&r, japaneseTrades)}
	}
	a.suffix = r.intn(len(a.country.suffixes))
	if g.dirt(&r, formulaCompanyShare) {
		a.formula = formulas[r.intn(len(formulas))]
	}

	a.website = len(websiteStyles) - 1
	if !r.chance(blankWebsiteShare) {
		a.website = 0
		if !g.opt.Clean {
			a.website = r.intn(len(websiteStyles) - 1)
		}
	}
	a.streetNo = 1 + r.intn(2000)
	a.street = r.intn(len(a.country.streets))
	if g.dirt(&r, unitShare) {
		// Mostly ", Suite" or " #"; one in eight on a second line.
		a.unit, a.unitNo = unitKinds[r.intn(len(unitKinds))], 1+r.intn(900)
	}
	a.zip = r.intn(100)
	if g.dirt(&r, otherLabelShare) {
		a.label = r.intn(len(a.country.labels))
	}
}

var unitKinds = [8]int{1, 1, 1, 1, 3, 3, 3, 2}

func pick(r *rng, words []word) word { return words[r.intn(len(words))] }

func (g *generator) surname(r *rng) word {
	n := g.lastNames[r.intn(len(g.lastNames))]
	return word{n.text, n.slug}
}

// vary changes one thing in the account's data, as a row edited by hand would:
// the company suffix, the website's form or the street number. Each change always
// gives different bytes.
func (a *account) vary(r *rng) {
	change := r.intn(3)
	if change == 0 && a.formula != "" {
		change = 2 // a formula hides the suffix
	}
	switch change {
	case 0:
		n := len(a.country.suffixes)
		a.suffix = (a.suffix + 1 + r.intn(n-1)) % n
	case 1:
		n := len(websiteStyles)
		a.website = (a.website + 1 + r.intn(n-1)) % n
	default:
		a.streetNo += 1 + r.intn(9)
	}
}

// appendSlug appends the company's name as a web domain label.
func (a *account) appendSlug(dst []byte) []byte {
	switch a.pattern {
	case 0, 2:
		return append(append(dst, a.parts[0].slug...), a.parts[1].slug...)
	default:
		return append(append(append(dst, a.parts[0].slug...), '-'), a.parts[1].slug...)
	}
}

// appendAccount writes Company ID through Country.
func (g *generator) appendAccount(rec *record, a *account) {
	rec.buf = append(rec.buf, 'A')
	rec.buf = appendPadded(rec.buf, a.index+1, 6)
	rec.closeField(cellText)

	rec.buf = a.appendName(rec.buf)
	rec.closeField(cellText)

	if style := websiteStyles[a.website]; style[1] != "" {
		rec.buf = append(rec.buf, style[0]...)
		rec.buf = a.appendSlug(rec.buf)
		rec.buf = append(rec.buf, style[1]...)
	}
	rec.closeField(cellText)

	street := g.localized(a.country.streets[a.street])
	if a.country.numberAfter {
		rec.buf = append(rec.buf, street...)
		rec.buf = append(rec.buf, ' ')
		rec.buf = appendPadded(rec.buf, a.streetNo, 0)
	} else {
		rec.buf = appendPadded(rec.buf, a.streetNo, 0)
		rec.buf = append(rec.buf, ' ')
		rec.buf = append(rec.buf, street...)
	}
	switch a.unit {
	case 1:
		rec.buf = append(rec.buf, ", Suite "...)
	case 2:
		rec.buf = append(rec.buf, "\nSuite "...)
	case 3:
		rec.buf = append(rec.buf, " #"...)
	}
	if a.unit != 0 {
		rec.buf = appendPadded(rec.buf, a.unitNo, 0)
	}
	rec.closeField(cellText)

	rec.buf = append(rec.buf, g.localized(a.place.city)...)
	rec.closeField(cellText)
	rec.buf = append(rec.buf, g.localized(a.place.state)...)
	rec.closeField(cellText)

	rec.buf = append(rec.buf, a.place.zip...)
	if a.country == unitedStates {
		rec.buf = appendPadded(rec.buf, a.zip, 2)
	}
	zip := cellText
	if isDigits(rec.buf[rec.end[rec.n-1]:]) {
		zip = cellInteger
	}
	rec.closeField(zip)

	rec.buf = append(rec.buf, a.country.labels[a.label]...)
	rec.closeField(cellText)
}

func (a *account) appendName(dst []byte) []byte {
	if a.formula != "" {
		return append(dst, a.formula...)
	}
	switch a.pattern {
	case 0:
		if a.quoted {
			dst = append(dst, '"')
		}
		dst = append(append(append(dst, a.parts[0].text...), ' '), a.parts[1].text...)
		if a.quoted {
			dst = append(dst, '"')
		}
		dst = append(append(dst, ' '), a.parts[2].text...)
	case 1:
		dst = append(append(append(dst, a.parts[0].text...), ' '), a.parts[1].text...)
	case 2:
		dst = append(dst, a.parts[0].text...)
		if a.comma {
			dst = append(append(append(dst, ", "...), a.parts[1].text...), " & Partners"...)
		} else {
			dst = append(append(dst, " & "...), a.parts[1].text...)
		}
	default:
		dst = append(append(dst, a.parts[0].text...), a.parts[1].text...)
	}
	return append(dst, a.country.suffixes[a.suffix]...)
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}
