// Package csvwrite writes CSV as every file contactprep writes it: fields separated by commas, quoted only when they must be.
//
// It is the one quoting rule of the import parts, the reports and
// lead-id-mapping.csv, and has no dependencies beyond the language, so the
// submission function links it with leadmap at no cost.
package csvwrite

// AppendField appends one CSV field, quoted only when it must be: when it holds
// a comma, a quote, a line break, or starts or ends with a space (which some
// readers would trim).
func AppendField[S ~string | ~[]byte](b []byte, s S) []byte {
	n := len(s)
	if n == 0 {
		return b
	}
	quote := s[0] == ' ' || s[n-1] == ' '
	for i := 0; i < n && !quote; i++ {
		quote = mustQuote[s[i]]
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	from := 0 // copy runs between quotes, doubling each quote
	for i := 0; i < n; i++ {
		if s[i] == '"' {
			b = append(b, s[from:i+1]...)
			b = append(b, '"')
			from = i + 1
		}
	}
	b = append(b, s[from:]...)
	return append(b, '"')
}

// mustQuote marks the bytes that make a field need quotes.
var mustQuote = [256]bool{',': true, '"': true, '\n': true, '\r': true}

// AppendRecord appends the fields as one record, ended by a newline.
func AppendRecord[S ~string | ~[]byte](b []byte, fields ...S) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendField(b, f)
	}
	return append(b, '\n')
}
