//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"contactprep/shared/prepare"
)

func TestErrorReply(t *testing.T) {
	_, pdf := prepare.Run([]prepare.Input{{Name: "list.pdf", Data: []byte("%PDF-1.7\n")}}, prepare.Options{})
	for _, c := range []struct {
		err  error
		want map[string]string
	}{
		{errors.New("files not kept"), map[string]string{"error": "files not kept"}},
		{pdf, map[string]string{"error": pdf.Error(), "file": "list.pdf", "refused": "pdf"}},
		{fmt.Errorf("inspecting: %w", pdf), map[string]string{"error": "inspecting: " + pdf.Error(), "file": "list.pdf", "refused": "pdf"}},
	} {
		var got map[string]string
		if err := json.Unmarshal(errorReply(c.err), &got); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("errorReply(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
