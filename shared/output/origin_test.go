package output_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"contactprep/internal/gen"
	"contactprep/shared/output"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// Every row of every part, named by its data row or by any of its lines,
// leads back to the admin's file, row and column it came from, across rows
// left out before it and cells with line breaks.
func TestOriginsLeadBackToTheAdminsRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("Customer ID,First Name,Surname,Mobile,Street\n")
	for i := 1; i <= 300; i++ {
		last := "Doe"
		if i%7 == 0 {
			last = "" // left out: the parts' rows move away from the admin's
		}
		street := "Main St " + strconv.Itoa(i)
		if i%5 == 0 {
			street = "\"Main St\nFloor " + strconv.Itoa(i) + "\"" // two lines in the part
		}
		b.WriteString("ID" + strconv.Itoa(i) + ",Jane," + last + ",+1415555" + strconv.Itoa(1000+i) + "," + street + "\n")
	}
	res, sum, mem := prepareAll(t, prepare.Options{MaxBytes: 3000}, prepare.Input{Name: "crm export.csv", Data: []byte(b.String())})
	if len(sum.Parts) < 3 {
		t.Fatalf("%d parts, want several", len(sum.Parts))
	}
	var places []output.Place
	var ids []string // the Contact ID each place's row must come from
	for _, p := range sum.Parts {
		rd := csv.NewReader(bytes.NewReader(mem.Files[p.File]))
		header, _ := rd.Read()
		for row := 1; ; row++ {
			rec, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			line, _ := rd.FieldPos(0)
			lastLine, _ := rd.FieldPos(len(rec) - 1)
			places = append(places,
				output.Place{Part: p.File, Row: row, Column: header[1]},
				output.Place{Part: p.File, Line: line, Column: "Contact Cell Phone"},
				output.Place{Part: p.File, Line: lastLine})
			ids = append(ids, rec[0], rec[0], rec[0])
		}
	}
	origins, err := output.Origins(res, places)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range origins {
		p := places[i]
		if o.File != "crm export.csv" || "ID"+strconv.Itoa(o.Row) != ids[i] || res.Table.Cell(o.Table, 0) != ids[i] {
			t.Fatalf("%+v -> %+v, want the row of %s", p, o, ids[i])
		}
		want := map[string]string{"Contact First Name": "First Name", "Contact Cell Phone": "Mobile", "": ""}[p.Column]
		if o.Column != want {
			t.Errorf("%+v -> column %q, want the admin's %q", p, o.Column, want)
		}
	}
	for _, p := range []output.Place{{Part: sum.Parts[0].File, Line: 1}, {Part: sum.Parts[0].File, Row: sum.Parts[0].Rows + 1}, {Part: "nope.csv", Row: 1}} {
		o, _ := output.Origins(res, []output.Place{p})
		if o[0].Table != -1 || o[0].File != "" {
			t.Errorf("%+v -> %+v, want no row", p, o[0])
		}
	}
}

// A row of an outbound list, counted across the list's parts as its batches
// are, leads back to the row it came from.
func TestOriginsOfAListsRows(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Kind: gen.KindLeads, Rows: 5000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	opt := prepare.Options{Target: schema.Outbound, IDColumn: "Lead ID", ListSize: 2000, MaxBytes: 70_000}
	res, sum, mem := prepareAll(t, opt, prepare.Input{Name: "leads.csv", Data: buf.Bytes()})
	var ids []string // list 2's Lead IDs in order, across its parts
	for _, name := range sum.Lists[1].Parts {
		recs := records(t, mem.Files[name])
		for _, rec := range recs[1:] {
			ids = append(ids, rec[slices.Index(recs[0], "Lead ID")])
		}
	}
	places := []output.Place{{List: 2, Row: 1}, {List: 2, Row: 1500}, {List: 2, Row: 2000}, {List: 2, Row: 2001}}
	o, err := output.Origins(res, places)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Table.Target.Index("Lead ID")
	for i, p := range places[:3] {
		if o[i].File != "leads.csv" || res.Table.Cell(o[i].Table, id) != ids[p.Row-1] {
			t.Errorf("%+v -> %+v, want the row of %s", p, o[i], ids[p.Row-1])
		}
	}
	if o[3].Table != -1 {
		t.Errorf("row 2001 of a 2000-row list -> %+v", o[3])
	}
}

// A part written again without rows the admin leaves out is the part less
// exactly those rows.
func TestWritePartWithout(t *testing.T) {
	var b strings.Builder
	b.WriteString("Customer ID,First Name,Surname,Mobile\n")
	for i := 1; i <= 200; i++ {
		b.WriteString("ID" + strconv.Itoa(i) + ",Jane,Doe,+1415555" + strconv.Itoa(1000+i) + "\n")
	}
	res, sum, mem := prepareAll(t, prepare.Options{MaxBytes: 2000}, prepare.Input{Name: "in.csv", Data: []byte(b.String())})
	part := sum.Parts[1].File
	o, err := output.Origins(res, []output.Place{{Part: part, Row: 1}, {Part: part, Row: 3}})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	n, err := output.WritePartWithout(res, part, []int{o[0].Table, o[1].Table, o[0].Table}, &got)
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, mem.Files[part])
	want := append([][]string{recs[0], recs[2]}, recs[4:]...)
	if n != len(want)-1 || !slices.EqualFunc(records(t, got.Bytes()), want, slices.Equal) {
		t.Errorf("%d rows:\n%s\nwant the part less its rows 1 and 3", n, got.String())
	}
}
