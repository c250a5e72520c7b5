//go:build js && wasm && nolibphone

package main

import (
	"fmt"
	"sync"
	"syscall/js"

	"contactprep/shared/phone"
)

// The page's engine is built with -tags nolibphone, without phonenumbers:
// the numbers the tables do not cover go to phone.wasm (wasm/phone), which
// the worker loads synchronously the first time one turns up, through its
// loadContactphone(). One call a value: the value's own work in the library
// is far larger than the call, and shared/phone memoises the answers.
func init() { phone.SetFallback(parseInPhoneModule) }

var phoneModule struct {
	sync.Mutex
	parse js.Value // contactphone.parse once loaded
}

// parseInPhoneModule is phone's Fallback. A module that cannot be loaded
// (offline before it was ever cached) panics: the call fails with the
// reason rather than guess a number's validity.
func parseInPhoneModule(text, region string) (e164, ext string, valid, vanity bool) {
	phoneModule.Lock()
	defer phoneModule.Unlock()
	if phoneModule.parse.IsUndefined() {
		module := js.Global().Get("contactphone")
		if module.IsUndefined() {
			load := js.Global().Get("loadContactphone")
			if load.Type() != js.TypeFunction {
				panic(phone.ErrNoFallback)
			}
			load.Invoke() // throws, and so panics, when phone.wasm cannot be had
			module = js.Global().Get("contactphone")
		}
		if module.IsUndefined() {
			panic(fmt.Errorf("phone.wasm did not start: %w", phone.ErrNoFallback))
		}
		phoneModule.parse = module.Get("parse")
	}
	r := phoneModule.parse.Invoke(text, region)
	return r.Index(0).String(), r.Index(1).String(), r.Index(2).Bool(), r.Index(3).Bool()
}
