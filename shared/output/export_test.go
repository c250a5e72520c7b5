package output

// SetMaxListed sets how many findings of a code findings.csv lists, until
// the returned func puts it back.
func SetMaxListed(n int) (restore func()) {
	old := maxListed
	maxListed = n
	return func() { maxListed = old }
}
