//go:build !nolibphone

package phone

import "contactprep/shared/phone/libphone"

// The slow path is the library itself unless the build leaves it out.
func init() { fallback = libphone.Parse }
