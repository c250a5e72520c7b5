package gen

// phoneNumber is a national number filled in from a place's range.
type phoneNumber struct {
	country *country
	grouped []byte // with the range's spaces: "415 555 0123"
	digits  []byte // national significant number: "4155550123"
}

// usShapes is how many ways a US number is typed; intlShapes likewise for others.
const (
	usShapes   = 10
	intlShapes = 4
)

// appendPhone writes one phone cell: mostly a valid number in one of many typed
// shapes, sometimes an extension, a vanity number, Excel damage or no number at all.
func (g *generator) appendPhone(rec *record, r *rng, p *place, c *country, work bool) {
	if g.dirt(r, invalidPhoneShare) {
		value := invalidPhones[r.intn(len(invalidPhones))]
		rec.buf = append(rec.buf, value...)
		rec.invalidPhones++
		kind := cellText
		if isDigits([]byte(value)) {
			kind = cellInteger
		}
		rec.closeField(kind)
		return
	}
	if work && g.dirt(r, vanityShare) {
		rec.buf = append(rec.buf, vanityPhones[r.intn(len(vanityPhones))]...)
		rec.closeField(cellText)
		return
	}

	var grouped, digits [24]byte
	n := phoneNumber{country: c, grouped: grouped[:0], digits: digits[:0]}
	for i := 0; i < len(p.phone); i++ {
		b := p.phone[i]
		if b == 'x' {
			b = byte('0' + r.intn(10))
		}
		n.grouped = append(n.grouped, b)
		if b != ' ' {
			n.digits = append(n.digits, b)
		}
	}

	switch {
	case g.opt.Clean:
		rec.buf = append(append(append(rec.buf, '+'), c.callingCode...), n.digits...)
		rec.closeField(cellText)
	case g.dirt(r, scientificShare):
		// Excel showed the number in scientific notation and the CSV kept that text.
		var full [24]byte
		rec.buf = appendScientific(rec.buf, n.appendNumber(full[:0], r.intn(2) == 0))
		rec.damagedPhones++
		rec.closeField(cellText)
	case c == unitedStates && g.dirt(r, decimalPhoneShare):
		// A number column exported as floating point. Other countries lose their
		// "+" this way and with it their country, so they are not written so.
		rec.buf = n.appendNumber(rec.buf, r.intn(2) == 0)
		rec.buf = append(rec.buf, ".0"...)
		rec.closeField(cellFloat)
	case c == unitedStates:
		kind := n.appendUS(rec, r.intn(usShapes))
		if kind == cellText && work && g.dirt(r, extensionShare) {
			switch r.intn(3) {
			case 0:
				rec.buf = append(rec.buf, " x"...)
			case 1:
				rec.buf = append(rec.buf, " ext. "...)
			default:
				rec.buf = append(rec.buf, " ext "...)
			}
			rec.buf = appendPadded(rec.buf, 1+r.intn(9999), 0)
		}
		rec.closeField(kind)
	default:
		n.appendIntl(rec, r.intn(intlShapes))
		rec.closeField(cellText)
	}
}

// appendNumber appends the digits as Excel holds a number typed "+1 415 555 0123"
// or "(415) 555-0123": US numbers come with or without the 1, others with their
// country code, since without it they would not be theirs.
func (n *phoneNumber) appendNumber(dst []byte, withCode bool) []byte {
	if withCode || n.country != unitedStates {
		dst = append(dst, n.country.callingCode...)
	}
	return append(dst, n.digits...)
}

func (n *phoneNumber) appendUS(rec *record, shape int) cellKind {
	area, exchange, line := n.grouped[0:3], n.grouped[4:7], n.grouped[8:12]
	b := rec.buf
	kind := cellText
	switch shape {
	case 0: // (415) 555-0123
		b = append(append(append(b, '('), area...), ") "...)
		b = append(append(append(b, exchange...), '-'), line...)
	case 1: // 415.555.0123
		b = append(append(append(append(append(b, area...), '.'), exchange...), '.'), line...)
	case 2: // +1 415 555 0123
		b = append(append(b, "+1 "...), n.grouped...)
	case 3: // 4155550123
		b = append(b, n.digits...)
		kind = cellInteger
	case 4: // 1-415-555-0123
		b = append(append(append(append(append(append(b, "1-"...), area...), '-'), exchange...), '-'), line...)
	case 5: // 415-555-0123
		b = append(append(append(append(append(b, area...), '-'), exchange...), '-'), line...)
	case 6: // +14155550123
		b = append(append(b, "+1"...), n.digits...)
	case 7: // 415 555 0123
		b = append(b, n.grouped...)
	case 8: // +1 (415) 555-0123
		b = append(append(append(b, "+1 ("...), area...), ") "...)
		b = append(append(append(b, exchange...), '-'), line...)
	default: // 14155550123
		b = append(append(b, '1'), n.digits...)
		kind = cellInteger
	}
	rec.buf = b
	return kind
}

func (n *phoneNumber) appendIntl(rec *record, shape int) {
	b := append(append(rec.buf, '+'), n.country.callingCode...)
	switch shape {
	case 0: // +44 20 7946 0123
		b = append(append(b, ' '), n.grouped...)
	case 1: // +44 (0)20 7946 0123
		b = append(append(append(append(b, " ("...), n.country.nationalTrunk...), ')'), n.grouped...)
	case 2: // +442079460123
		b = append(b, n.digits...)
	default: // +44-20-7946-0123
		b = append(b, '-')
		for _, c := range n.grouped {
			if c == ' ' {
				c = '-'
			}
			b = append(b, c)
		}
	}
	rec.buf = b
}

// appendScientific appends digits as Excel's General format shows a large number:
// six significant digits, "4.15555E+09".
func appendScientific(dst, digits []byte) []byte {
	exponent := len(digits) - 1
	var m [7]byte
	copy(m[:6], digits)
	if len(digits) > 6 && digits[6] >= '5' {
		i := 5
		for ; i >= 0 && m[i] == '9'; i-- {
			m[i] = '0'
		}
		if i < 0 {
			m[0] = '1'
			exponent++
		} else {
			m[i]++
		}
	}
	last := 5
	for last > 0 && m[last] == '0' {
		last--
	}
	dst = append(dst, m[0])
	if last > 0 {
		dst = append(append(dst, '.'), m[1:last+1]...)
	}
	dst = append(dst, "E+"...)
	return appendPadded(dst, exponent, 2)
}
