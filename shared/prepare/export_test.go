package prepare

// SetMaxSlice sets the largest slice, so that tests cut small files into many.
func SetMaxSlice(n int64) (restore func()) {
	old := maxSlice
	maxSlice = n
	return func() { maxSlice = old }
}
