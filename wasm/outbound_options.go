//go:build js && wasm

package main

import "contactprep/shared/prepare"

// outboundOptions hands the outbound settings to the engine.
func (a settings) outboundOptions(o *prepare.Options) {
	o.IDColumn, o.ListSize, o.PhoneColumns = a.IDColumn, a.ListSize, a.PhoneColumns
}
