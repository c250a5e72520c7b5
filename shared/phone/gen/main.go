// Command gen writes shared/phone/tables_gen.go from nyaruka/phonenumbers' metadata (go generate ./shared/phone).
package main

import (
	"fmt"
	"os"

	"contactprep/shared/phone/internal/phonegen"
)

func main() {
	src, err := phonegen.Source()
	if err == nil {
		err = os.WriteFile(phonegen.FileName, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
