package gen

// Shares of dirt and of ordinary variety, per value, chosen to look like a real
// CRM export.
const (
	numericIDShare     = 0.03  // Customer IDs without their letter: "000123"
	noAccountShare     = 0.05  // contacts without a company
	mixedNameShare     = 0.05  // Japanese first name and other last name, or the reverse
	bigAccountShare    = 0.2   // contacts of the few big accounts
	paddedNameShare    = 0.01  // names with stray spaces
	formulaShare       = 0.002 // contacts with a formula in a name or e-mail
	blankEmailShare    = 0.04
	invalidEmailShare  = 0.01
	capitalEmailShare  = 0.03 // "Jane.Doe@Example.com"
	workEmailShare     = 0.6  // e-mails at the company's domain
	invalidPhoneShare  = 0.012
	vanityShare        = 0.01 // of work phones
	extensionShare     = 0.04 // of US work phones
	scientificShare    = 0.005
	decimalPhoneShare  = 0.01 // "4155550123.0"
	foreignPhoneShare  = 0.7  // of phones of contacts at a European account
	strayForeignShare  = 0.03 // of phones of contacts without an account
	localAreaShare     = 0.6  // of US phones of contacts at a US account
	blankOptOutShare   = 0.1
	invalidOptOutShare = 0.01
	optedOutShare      = 0.1
)

// blankPhoneShare is per phone column: most contacts have a mobile, few a home phone.
var blankPhoneShare = [3]float64{0.08, 0.3, 0.65}

// personName is a first or last name as written: maybe padded with spaces, or
// replaced by a formula.
type personName struct {
	name
	pad     uint8 // 0 none, 1 leading, 2 trailing, 3 both
	formula string
}

func (p personName) appendTo(dst []byte) []byte {
	if p.formula != "" {
		return append(dst, p.formula...)
	}
	if p.pad&1 != 0 {
		dst = append(dst, ' ')
	}
	dst = append(dst, p.text...)
	if p.pad&2 != 0 {
		dst = append(dst, "  "...)
	}
	return dst
}

// fillContact writes contact k into rec. Everything comes from the contact's own
// rng, drawn in a fixed order, so the same k always gives the same bytes; a
// conflicting row changes one name with an rng of its own.
func (g *generator) fillContact(rec *record, k int, conflict bool) {
	r := derive(g.opt.Seed, contactStream, k)
	rec.reset()

	if g.dirt(&r, numericIDShare) {
		rec.buf = appendPadded(rec.buf, k+1, 6)
		rec.closeField(cellInteger)
	} else {
		rec.buf = append(rec.buf, 'C')
		rec.buf = appendPadded(rec.buf, k+1, 6)
		rec.closeField(cellText)
	}

	var acct *account
	var acctData account
	if !r.chance(noAccountShare) {
		index := r.intn(g.accounts)
		if r.chance(bigAccountShare) {
			index = r.intn(g.bigAccounts)
		}
		acct = &acctData
		g.makeAccount(acct, index)
		rec.account = index
		if r.chance(g.opt.AccountConflictRate) {
			acct.vary(&r)
		}
	}

	last := personName{name: g.lastNames[r.intn(len(g.lastNames))]}
	group := b2i(last.script == scriptJapanese)
	if mixed := r.chance(mixedNameShare); len(g.firstNames[group]) == 0 || mixed && len(g.firstNames[1-group]) > 0 {
		group = 1 - group
	}
	first := personName{name: g.firstNames[group][r.intn(len(g.firstNames[group]))]}
	if g.dirt(&r, paddedNameShare) {
		if r.intn(2) == 0 {
			first.pad = uint8(1 + r.intn(3))
		} else {
			last.pad = uint8(1 + r.intn(3))
		}
	}
	formulaField := -1 // 0 first name, 1 last name, 2 e-mail
	var formula string
	if g.dirt(&r, formulaShare) {
		formulaField, formula = r.intn(3), formulas[r.intn(len(formulas))]
		switch formulaField {
		case 0:
			first.formula = formula
		case 1:
			last.formula = formula
		}
	}
	if conflict {
		// A corrected or changed name: another name from the list, which always
		// differs from the original, padded or not.
		cr := derive(g.opt.Seed, conflictStream, k)
		if cr.intn(2) == 0 {
			first = personName{name: otherName(&cr, g.firstNames[group], first.name)}
		} else {
			last = personName{name: otherName(&cr, g.lastNames, last.name)}
		}
	}
	rec.buf = first.appendTo(rec.buf)
	rec.closeField(cellText)
	rec.buf = last.appendTo(rec.buf)
	rec.closeField(cellText)

	if formulaField == 2 {
		rec.buf = append(rec.buf, formula...)
	} else {
		rec.buf = g.appendEmail(rec.buf, &r, first.name, last.name, acct)
	}
	rec.closeField(cellText)

	for column := range blankPhoneShare {
		if r.chance(blankPhoneShare[column]) {
			rec.closeField(cellText)
			continue
		}
		p, c := g.phonePlace(&r, acct)
		g.appendPhone(rec, &r, p, c, column == 1)
	}

	if acct == nil {
		for range colCountry - colCompany + 2 {
			rec.closeField(cellText)
		}
	} else {
		g.appendAccount(rec, acct)
	}

	g.appendOptOut(rec, &r)
}

// otherName picks a name from list other than n.
func otherName(r *rng, list []name, n name) name {
	for i, m := range list {
		if m == n {
			return list[(i+1+r.intn(len(list)-1))%len(list)]
		}
	}
	return list[0]
}

func (g *generator) appendEmail(dst []byte, r *rng, first, last name, acct *account) []byte {
	if r.chance(blankEmailShare) {
		return dst
	}
	if g.dirt(r, invalidEmailShare) {
		switch r.intn(5) {
		case 0:
			dst = append(append(append(dst, first.slug...), '.'), last.slug...)
			return append(dst, '@')
		case 1:
			return append(dst, "n/a"...)
		case 2:
			dst = append(append(append(dst, first.slug...), '.'), last.slug...)
			return append(dst, "@@example.com"...)
		case 3:
			dst = append(append(append(dst, first.slug...), '.'), last.slug...)
			return append(dst, ".example.com"...)
		default:
			dst = append(append(append(dst, first.slug...), '.'), last.slug...)
			return append(dst, "@example,com"...)
		}
	}
	capital := g.dirt(r, capitalEmailShare)
	start := len(dst)
	switch r.intn(6) {
	case 0, 1:
		dst = append(append(append(dst, first.slug...), '.'), last.slug...)
	case 2:
		dst = append(append(dst, first.slug...), last.slug...)
	case 3:
		dst = append(append(dst, first.slug[0]), last.slug...)
	case 4:
		dst = append(append(append(dst, first.slug...), '_'), last.slug...)
	default:
		dst = append(append(append(dst, first.slug...), '.'), last.slug...)
		dst = appendPadded(dst, 1+r.intn(99), 0)
	}
	dst = append(dst, '@')
	domain := len(dst)
	if acct != nil && r.chance(workEmailShare) {
		dst = acct.appendSlug(dst)
		dst = append(dst, ".example"...)
	} else {
		dst = append(dst, personalDomains[r.intn(len(personalDomains))]...)
	}
	if capital {
		dst[start] = upper(dst[start])
		dst[domain] = upper(dst[domain])
	}
	return dst
}

func upper(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

// phonePlace picks where a phone number is from: mostly the account's city or
// country, otherwise somewhere in the US, the default country.
func (g *generator) phonePlace(r *rng, acct *account) (*place, *country) {
	switch {
	case acct != nil && acct.country != unitedStates:
		if r.chance(foreignPhoneShare) {
			return acct.place, acct.country
		}
	case acct != nil:
		if r.chance(localAreaShare) {
			return acct.place, acct.country
		}
	case r.chance(strayForeignShare):
		c := europe[r.intn(len(europe))]
		return &c.places[r.intn(len(c.places))], c
	}
	return &unitedStates.places[r.intn(len(unitedStates.places))], unitedStates
}

func (g *generator) appendOptOut(rec *record, r *rng) {
	yes := r.chance(optedOutShare)
	switch {
	case g.opt.Clean && yes:
		rec.buf = append(rec.buf, "true"...)
	case g.opt.Clean:
		rec.buf = append(rec.buf, "false"...)
	case r.chance(blankOptOutShare):
	case r.chance(invalidOptOutShare):
		rec.buf = append(rec.buf, optOutInvalid[r.intn(len(optOutInvalid))]...)
	case yes:
		rec.buf = append(rec.buf, optOutYes[r.intn(len(optOutYes))]...)
	default:
		rec.buf = append(rec.buf, optOutNo[r.intn(len(optOutNo))]...)
	}
	rec.closeField(cellText)
}
