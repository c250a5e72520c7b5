//go:build js && wasm

package main

import (
	"bytes"
	"errors"

	"contactprep/shared/orgcheck"
	"contactprep/shared/orgrows"
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

// partWithout answers import part part without the table rows leave, as a
// CSV to send again: the admin left out the rows the trial run refused.
func (s *session) partWithout(part string, leave []int) (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	var b bytes.Buffer
	rows, err := output.WritePartWithout(s.res, part, leave, &b)
	if err != nil {
		return nil, nil, err
	}
	return struct {
		Rows int `json:"rows"`
	}{rows}, b.Bytes(), nil
}

// orgRows answers what "Compare with my org" asks about the ready rows, in
// the batches the function takes (shared/orgcheck), and how many ready rows
// are beyond its cap.
func (s *session) orgRows() (any, []byte, error) {
	if s.res == nil {
		return nil, nil, errors.New("nothing is prepared yet")
	}
	rows, more := orgrows.Rows(s.res.Table)
	batches := orgcheck.Batches(rows)
	if batches == nil {
		batches = [][]orgcheck.Row{}
	}
	return struct {
		Batches [][]orgcheck.Row `json:"batches"`
		Rows    int              `json:"rows"`
		More    int              `json:"more"`
		Cap     int              `json:"cap"`
	}{batches, len(rows), more, orgcheck.MaxRows}, nil, nil
}
