//go:build js && wasm

// Command xlsx turns a workbook sheet into UTF-8 CSV for the page. It is a
// module of its own, fetched only when a workbook is dropped, so that the
// engine module never carries the spreadsheet library.
//
// The worker calls contactprepXLSX.convert(bytes, sheet, columnsJSON) and
// gets back [replyJSON, csvBytes or null]; columnsJSON is {target, template}
// (columns: what a sheet and its header row are found by), replyJSON is
// {sheets, sheet, width, ignored, ignoredRows} (the cells right of the
// header row left out, converted) or {error, refused}.
package main

import (
	"encoding/json"
	"syscall/js"
)

func main() {
	js.Global().Set("contactprepXLSX", js.ValueOf(map[string]any{
		"convert": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) < 3 {
				return js.ValueOf([]any{`{"error":"convert(bytes, sheet, columns)"}`, nil})
			}
			var cols columns
			if err := json.Unmarshal([]byte(args[2].String()), &cols); err != nil {
				b, _ := json.Marshal(errorReply(err))
				return js.ValueOf([]any{string(b), nil})
			}
			data := make([]byte, args[0].Get("byteLength").Int())
			js.CopyBytesToGo(data, args[0])
			c, err := convert(data, args[1].String(), cols)
			if err != nil {
				b, _ := json.Marshal(errorReply(err))
				return js.ValueOf([]any{string(b), nil})
			}
			b, _ := json.Marshal(c)
			u := js.Global().Get("Uint8Array").New(len(c.csv))
			js.CopyBytesToJS(u, c.csv)
			return js.ValueOf([]any{string(b), u})
		}),
	}))
	select {}
}
