//go:build js && wasm

package main

import (
	"errors"

	"contactprep/shared/output"
)

// maxPlaces bounds one "origins" call: a refusal or a trial run's report
// names at most a few thousand rows the page lists.
const maxPlaces = 100000

// origins answers where rows of the import parts came from (output.Origins):
// the page names the admin's file, row and column in a refusal or a trial
// run's failures, and shows those rows.
func (s *session) origins(places []output.Place) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	if len(places) > maxPlaces {
		places = places[:maxPlaces]
	}
	origins, err := output.Origins(s.res, places)
	if err != nil {
		return nil, nil, err
	}
	return struct {
		Origins []output.Origin `json:"origins"`
	}{origins}, nil, nil
}
