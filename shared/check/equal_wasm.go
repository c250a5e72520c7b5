//go:build wasm

package check

// equal is bytes.Equal for the short values of key and account cells: in
// WebAssembly a loop over a few bytes costs less than the call to the
// runtime's comparison, which Resolve would make for every account cell.
func equal(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	b = b[:len(a)]
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
