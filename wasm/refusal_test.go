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

// A setting the engine cannot use reaches the page as which option, the
// value and the reason's code, through a real call.
func TestErrorReplyOption(t *testing.T) {
	a := outboundSettings(0)
	a.PhoneColumns = []string{"Fax"}
	_, _, err := (&session{}).call("prepare", mustJSON(t, a), dataFiles(leadExport(2)))
	if err == nil {
		t.Fatal("a phone column the file lacks was taken")
	}
	var got struct {
		Error  string
		File   string
		Option optionReply
	}
	if err := json.Unmarshal(errorReply(err), &got); err != nil {
		t.Fatal(err)
	}
	want := optionReply{Name: "PhoneColumns", Value: "Fax", Reason: "noSuchColumn"}
	if got.Option != want || got.File != "leads.csv" {
		t.Errorf("reply %+v, want option %+v of leads.csv", got, want)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
