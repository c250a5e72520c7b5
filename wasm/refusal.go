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
func errorReply(err error) []byte {
	reply := map[string]string{"error": err.Error()}
	if pe := (*prepare.Error)(nil); errors.As(err, &pe) {
		reply["file"] = pe.File
	}
	if u := (*sniff.Unsupported)(nil); errors.As(err, &u) {
		reply["refused"] = string(u.Kind)
	}
	b, _ := json.Marshal(reply)
	return b
}
