//go:build js && wasm

// Command phone is the browser's slow path for phone numbers: nyaruka/phonenumbers
// (shared/phone/libphone) in a module of its own, phone.wasm.
//
// The engine module (wasm/) is built without the library, which with its
// protobuf runtime and regexps would double the page's first download; it
// reads the common shapes of numbers from generated tables and asks this
// module for the rest. The engine's worker loads it the first time that
// happens and keeps it: contactphone.parse(text, region) returns
// [e164, extension, valid, vanity] as libphone.Parse does.
package main

import (
	"syscall/js"

	"contactprep/shared/phone/libphone"
)

func main() {
	js.Global().Set("contactphone", js.ValueOf(map[string]any{
		"parse": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) < 2 {
				return js.Null()
			}
			e164, ext, valid, vanity := libphone.Parse(args[0].String(), args[1].String())
			return js.ValueOf([]any{e164, ext, valid, vanity})
		}),
	}))
	select {}
}
