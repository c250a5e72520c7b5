package phone

import "strings"

// repairExcelNumber recognises a phone number that a spreadsheet stored as a
// number and printed as a float: "4155552671.0", "4155552671,00" (any locale's
// decimal mark) or "4.155552671E+9". ok says the text had one of those shapes;
// digits is then the number's digits (with a leading '+' kept), or "" when
// they cannot be known. Scientific notation is expanded on the digit string,
// never through float64, and only when the mantissa holds every digit: an
// exponent that would pad with zeros means Excel rounded digits away.
func repairExcelNumber(s string) (digits string, damage Damage, ok bool) {
	i := 0
	sign := ""
	if strings.HasPrefix(s, "+") {
		sign, i = "+", 1
	}
	intPart, i := digitRun(s, i)
	if intPart == "" {
		return "", NoDamage, false
	}
	frac := ""
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		if frac, i = digitRun(s, i+1); frac == "" {
			return "", NoDamage, false
		}
	}
	if i == len(s) {
		if frac == "" || strings.Trim(frac, "0") != "" {
			return "", NoDamage, false
		}
		return sign + intPart, DecimalZero, true
	}
	if s[i] != 'e' && s[i] != 'E' {
		return "", NoDamage, false
	}
	i++
	negative := i < len(s) && s[i] == '-'
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	exp, i := digitRun(s, i)
	if exp == "" || i != len(s) {
		return "", NoDamage, false
	}
	// A phone number has at most 17 digits, so a longer exponent, a negative
	// one, or one that does not exactly consume the fraction cannot be recovered.
	if negative || len(exp) > 2 || atoi(exp) != len(frac) {
		return "", Scientific, true
	}
	if digits = strings.TrimLeft(intPart+frac, "0"); digits == "" {
		return "", Scientific, true
	}
	return sign + digits, Scientific, true
}

// digitRun returns the ASCII digits of s starting at i and the index after them.
func digitRun(s string, i int) (string, int) {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[i:j], j
}

// atoi reads a short run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
