//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"

	"contactprep/shared/prepare"
	"contactprep/shared/sniff"
)

// errorReply is a failed call's reply: {"error": message}, with the file it
// was about ("file") when the engine names one, and what kind of file was
// refused ("refused", a sniff.Kind) when it could not be read at all, for the
// page to say in its own words what the admin can do.
//
// A setting the engine cannot use (a *prepare.OptionError) comes as
// "option": which one, the value, and why (its Reason's code), for the page's
// own words (web/words.js, describeOption).
func errorReply(err error) []byte {
	reply := map[string]any{"error": err.Error()}
	if pe := (*prepare.Error)(nil); errors.As(err, &pe) {
		reply["file"] = pe.File
	}
	if errors.Is(err, prepare.ErrNotUTF8) {
		reply["redetect"] = true // the page runs again with detectWhole
	}
	if u := (*sniff.Unsupported)(nil); errors.As(err, &u) {
		reply["refused"] = string(u.Kind)
	}
	if oe := (*prepare.OptionError)(nil); errors.As(err, &oe) {
		o := optionReply{Name: oe.Option, Value: oe.Value, Source: oe.Source, Limit: oe.Limit}
		if r := (*prepare.Reason)(nil); errors.As(oe.Err, &r) {
			o.Reason = r.Code
		}
		reply["option"] = o
	}
	b, _ := json.Marshal(reply)
	return b
}

// optionReply is a *prepare.OptionError for the page.
type optionReply struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source,omitempty"`
	Limit  int64  `json:"limit,omitempty"`
	Reason string `json:"reason"`
}
