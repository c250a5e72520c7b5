//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"contactprep/shared/check"
	"contactprep/shared/decode"
	"contactprep/shared/finding"
	"contactprep/shared/mapping"
	"contactprep/shared/phone"
	"contactprep/shared/phone/libphone"
	"contactprep/shared/prepare"
	"contactprep/shared/schema"
)

// messy is a Windows-1252 file with the dirt the page must show: phones to
// rewrite, an invalid phone, an account conflict (rows 3 and 4), an exact
// duplicate (row 6), a missing last name (row 7) and a duplicate Contact ID
// with different names (rows 8 and 9).
var messy = strings.Join([]string{
	"Customer ID;First Name;Last Name;Mobile;Company ID;Company;Website",
	"C1;Jos\xe9;M\xfcller;(415) 555-2671;A1;Acme;acme.example",
	"C2;Zo\xeb;Ng;555-1234;A1;Acme;",
	"C3;Ann;Lee;4155552673;A2;Beta;",
	"C4;Bo;Ray;2125550199;A2;Beta Ltd;",
	"C5;Cy;Ho;(312) 555-2671;;;",
	"C5;Cy;Ho;(312) 555-2671;;;",
	"C6;Di;;+44 20 7946 0958;;;",
	"C7;Ed;Po;+33 6 12 34 56 78;;;",
	"C7;Eddy;Po;+33 6 12 34 56 78;;;",
}, "\r\n") + "\r\n"

// call runs an operation and decodes its reply into out.
func call(t *testing.T, s *session, op string, args any, files [][]byte, out any) []byte {
	t.Helper()
	a, _ := json.Marshal(args)
	reply, file, err := s.call(op, a, dataFiles(files...))
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	b, _ := json.Marshal(reply)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
	}
	return file
}

func csvSettings() settings {
	return settings{Files: []fileArg{{Name: "messy.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy"}
}

func counts(s summary) [4]int { return [4]int{s.InputRows, s.Ready, s.Rejected, s.Merged} }

func TestInspectShowsWhatWasDetected(t *testing.T) {
	var got struct {
		Targets []targetColumn
		Inputs  []detected
	}
	a := csvSettings()
	a.Map = append(a.Map, mappingOverride("Website", ""))
	call(t, &session{}, "inspect", a, [][]byte{[]byte(messy)}, &got)
	if len(got.Inputs) != 1 || len(got.Targets) == 0 {
		t.Fatalf("reply %+v", got)
	}
	in := got.Inputs[0]
	if in.Format != "csv" || in.Encoding != "windows-1252" || in.EncodingTitle != "Western European (Windows-1252)" || in.Delimiter != ";" {
		t.Errorf("detected %+v, %q", in.InputInfo, in.EncodingTitle)
	}
	want := []string{"Contact ID", "Contact First Name", "Contact Last Name", "Contact Cell Phone", "Account ID", "Account Name", ""}
	if !slices.Equal(in.Targets, want) || in.How[0] != "synonym" || in.How[1] != "folded" || in.How[6] != "unmapped" {
		t.Errorf("targets %q how %q", in.Targets, in.How)
	}
	if got.Targets[0].Header != "Contact ID" || !got.Targets[0].Required {
		t.Errorf("first target %+v", got.Targets[0])
	}
	if len(in.Missing) != 0 || len(in.Samples) != 7 || !slices.Equal(in.Samples[1], []string{"José", "Zoë", "Ann"}) {
		t.Errorf("missing %q, samples %q", in.Missing, in.Samples)
	}
	titled := "Q3 customer contacts;;\r\n\r\n" + messy
	call(t, &session{}, "inspect", csvSettings(), [][]byte{[]byte(titled)}, &got)
	if in := got.Inputs[0]; in.Header[0] != "Customer ID" || in.TitleRows != 1 || !slices.Equal(in.Titles, []string{"Q3 customer contacts"}) {
		t.Errorf("titled: header %q, title rows %d %q", in.Header, in.TitleRows, in.Titles)
	}
	a.Map = append(a.Map, mappingOverride("Customer ID", ""))
	a.Files[0].Encoding = "cp1250" // the admin's change of encoding
	call(t, &session{}, "inspect", a, [][]byte{[]byte(messy)}, &got)
	if in := got.Inputs[0]; !slices.Equal(in.Missing, []string{"Contact ID"}) || in.EncodingTitle != "Central European (Windows-1250)" {
		t.Errorf("with Customer ID left out, in windows-1250: missing %q, encoding %q", in.Missing, in.EncodingTitle)
	}
	var encs struct{ Encodings []decode.Encoding }
	call(t, &session{}, "encodings", struct{}{}, nil, &encs)
	if len(encs.Encodings) == 0 || encs.Encodings[0] != (decode.Encoding{Name: "utf-8", Title: "Unicode (UTF-8)"}) {
		t.Errorf("encodings %v", encs.Encodings)
	}
}

func TestEditUndoRedoAndVersion(t *testing.T) {
	s := &session{}
	var sum summary
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, &sum)
	if counts(sum) != [4]int{9, 3, 5, 1} {
		t.Fatalf("counts %v", counts(sum))
	}
	// Contact conflicts are settled before account conflicts.
	if len(sum.Conflicts) != 2 || sum.Conflicts[0].Code != finding.DuplicateContactID || sum.Conflicts[0].Key != "C7" ||
		sum.Conflicts[1].Code != finding.AccountConflict || sum.Conflicts[1].Key != "A2" || sum.Conflicts[1].Size != 2 ||
		!slices.Equal(sum.Conflicts[1].Columns, []string{"Account Name"}) {
		t.Errorf("conflicts %+v", sum.Conflicts)
	}
	kinds := map[kind]kindCount{}
	for _, k := range sum.Kinds {
		kinds[k.kind] = k
	}
	for k, rows := range map[kind]int{
		{finding.PhoneNormalized, finding.Info}:     8,
		{finding.PhoneInvalid, finding.Warning}:     1,
		{finding.AccountConflict, finding.Error}:    2,
		{finding.DuplicateContactID, finding.Error}: 2,
		{finding.MissingRequired, finding.Error}:    1,
		{finding.DuplicateRowMerged, finding.Info}:  1,
		{finding.AccountFilled, finding.Info}:       1,
	} {
		if kinds[k].Rows != rows {
			t.Errorf("%v: %d rows, want %d", k, kinds[k].Rows, rows)
		}
	}
	if sum.Kinds[0].Severity != finding.Error {
		t.Errorf("errors are not listed first: %+v", sum.Kinds[0])
	}

	var rows rowsReply
	call(t, s, "rows", rowsArgs{Codes: []finding.Code{finding.AccountConflict}}, nil, &rows)
	if rows.Total != 2 || rows.Rows[0].Line != 3 || !rows.Rows[0].Version || rows.Rows[0].State != "rejected" {
		t.Fatalf("conflict rows %+v", rows)
	}
	call(t, s, "rows", rowsArgs{Severities: []finding.Severity{finding.Error}, Offset: 1, Count: 2}, nil, &rows)
	if rows.Total != 5 || rows.Offset != 1 || len(rows.Rows) != 2 || rows.Rows[0].Line != 4 || rows.Rows[1].Line != 7 {
		t.Fatalf("error rows %+v", rows)
	}
	missing := rows.Rows[1]
	var lastName column
	for _, c := range sum.Columns {
		if c.Header == "Contact Last Name" {
			lastName = c
		}
	}
	f := missing.Findings[len(missing.Findings)-1]
	if f.Code != finding.MissingRequired || sum.Columns[f.Col].Header != "Contact Last Name" {
		t.Errorf("missing last name points at %+v", f)
	}
	first := 0
	call(t, s, "rows", rowsArgs{Conflict: &first}, nil, &rows)
	if rows.Total != 2 || rows.Rows[0].Line != 8 || rows.Rows[1].Line != 9 {
		t.Errorf("rows of the first conflict %+v", rows)
	}

	call(t, s, "edit", map[string]any{"row": missing.Row, "col": lastName.Col, "value": " Lee "}, nil, &sum)
	if counts(sum) != [4]int{9, 4, 4, 1} || !sum.CanUndo || sum.CanRedo {
		t.Errorf("after the edit %v undo %v redo %v", counts(sum), sum.CanUndo, sum.CanRedo)
	}
	call(t, s, "undo", nil, nil, &sum)
	if counts(sum) != [4]int{9, 3, 5, 1} || sum.CanUndo || !sum.CanRedo {
		t.Errorf("after undo %v", counts(sum))
	}
	call(t, s, "redo", nil, nil, &sum)
	if counts(sum) != [4]int{9, 4, 4, 1} {
		t.Errorf("after redo %v", counts(sum))
	}
	call(t, s, "useVersion", map[string]int{"row": 3}, nil, &sum)
	if counts(sum) != [4]int{9, 6, 2, 1} || len(sum.Conflicts) != 1 {
		t.Errorf("after use version %v %+v", counts(sum), sum.Conflicts)
	}

	var file struct{ Name, Type string }
	got := call(t, s, "download", map[string]string{"what": "cleaned"}, nil, &file)
	want := "Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone,Account ID,Account Name,Account Website\n" +
		"C1,José,Müller,+14155552671,A1,Acme,https://acme.example\n" +
		"C2,Zoë,Ng,555-1234,A1,Acme,https://acme.example\n" +
		"C3,Ann,Lee,+14155552673,A2,Beta Ltd,\n" +
		"C4,Bo,Ray,+12125550199,A2,Beta Ltd,\n" +
		"C5,Cy,Ho,+13125552671,,,\n" +
		"C6,Di,Lee,+442079460958,,,\n"
	if file.Name != "contacts-001.csv" || string(got) != want {
		t.Errorf("cleaned %s:\n%s\nwant\n%s", file.Name, got, want)
	}
	got = call(t, s, "download", map[string]string{"what": "rejected"}, nil, &file)
	if file.Name != "rejected.csv" || strings.Count(string(got), "\n") != 3 || !strings.Contains(string(got), "duplicate_contact_id") {
		t.Errorf("rejected %s:\n%s", file.Name, got)
	}
	got = call(t, s, "download", map[string]string{"what": "report"}, nil, &file)
	if file.Name != "findings.csv" || !strings.HasPrefix(string(got), "file,row,column,code,severity,original,suggested,message\n") {
		t.Errorf("report %s:\n%s", file.Name, got)
	}
}

func TestWorkbookInput(t *testing.T) {
	// The XLSX module sent the sheet as CSV: an empty line is an empty sheet row.
	csv := "Contact ID,First Name,Last Name\n\n1,Ann,Lee\n2,Bo\n"
	a := settings{Files: []fileArg{{Name: "book.xlsx", Data: 0, CSV: 1, Sheet: "People"}}}
	var sum summary
	call(t, &session{}, "prepare", a, [][]byte{[]byte("PK\x03\x04 workbook bytes"), []byte(csv)}, &sum)
	in := sum.Inputs[0]
	if in.Format != "xlsx" || in.Sheet != "People" || in.Rows != 2 || in.BlankRows != 1 || counts(sum) != [4]int{2, 1, 1, 0} {
		t.Errorf("input %+v counts %v", in, counts(sum))
	}
	s := &session{}
	var rows rowsReply
	call(t, s, "prepare", a, [][]byte{[]byte("PK\x03\x04 workbook bytes"), []byte(csv)}, nil)
	call(t, s, "rows", rowsArgs{Severities: []finding.Severity{finding.Error}}, nil, &rows)
	if rows.Total != 1 || rows.Rows[0].Line != 3 {
		t.Errorf("short row: %+v (a short sheet row is padded, its Last Name missing, on sheet data row 3)", rows)
	}
}

// The converter left out the cells right of the header row (wasm/xlsx):
// the engine counts them with those of the rows it cuts itself, into one
// finding, as it does reading the workbook; a header row wider than the
// one the sheet was converted for is refused, not read short.
func TestWorkbookCellsLeftOut(t *testing.T) {
	csv := "Contact ID,First Name,Last Name\n1,Ann,Lee,,far\n2,Bo\n"
	a := settings{Files: []fileArg{{Name: "book.xlsx", Data: 0, CSV: 1, Sheet: "People", Width: 3, Ignored: 5, IgnoredRows: 4}}}
	s := &session{}
	call(t, s, "prepare", a, [][]byte{[]byte("PK\x03\x04 workbook bytes"), []byte(csv)}, nil)
	report := call(t, s, "download", map[string]string{"what": "report"}, nil, nil)
	if n := strings.Count(string(report), "malformed_row"); n != 1 || !strings.Contains(string(report), "6 cells right of the header row's last column, on 5 rows") {
		t.Errorf("%d malformed_row findings:\n%s", n, report)
	}
	a.Files[0].Width = 2
	_, _, err := (&session{}).call("prepare", mustJSON(t, a), dataFiles([]byte("PK\x03\x04 workbook bytes"), []byte(csv)))
	if err == nil || !strings.Contains(err.Error(), "another header row") {
		t.Errorf("converted for a narrower header row: %v", err)
	}
}

func TestTemplate(t *testing.T) {
	var got struct{ Header []string }
	call(t, &session{}, "template", fileArg{Name: "sample.csv", Data: 0, CSV: -1}, [][]byte{[]byte("\xef\xbb\xbfContact ID,Contact First Name,Contact Last Name,Custom Phone\n")}, &got)
	if !slices.Equal(got.Header, []string{"Contact ID", "Contact First Name", "Contact Last Name", "Custom Phone"}) {
		t.Errorf("header %q", got.Header)
	}
	a := csvSettings()
	a.Template = got.Header
	var sum summary
	call(t, &session{}, "prepare", a, [][]byte{[]byte(messy)}, &sum)
	var headers []string
	for _, c := range sum.Columns {
		headers = append(headers, c.Header)
	}
	if !slices.Equal(headers, got.Header) {
		t.Errorf("columns %q, want the template's", headers)
	}
}

func TestRefusals(t *testing.T) {
	for _, c := range []struct {
		op    string
		args  string
		files [][]byte
		want  string
	}{
		{"nope", `{}`, nil, "unknown operation"},
		{"edit", `{"row":0,"col":0,"value":"x"}`, nil, "nothing is prepared"},
		{"undo", `{}`, nil, "nothing to take back"},
		{"download", `{"what":"cleaned"}`, nil, "nothing is prepared"},
		{"prepare", `{"files":[{"name":"a.csv","data":3,"csv":-1}]}`, nil, "missing"},
		{"prepare", `{"files":[{"name":"old.xls","data":0,"csv":-1}]}`, [][]byte{[]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")}, "old.xls: unsupported format"},
		{"prepare", `{"files":[{"name":"b.xlsx","data":0,"csv":-1}]}`, [][]byte{[]byte("PK\x03\x04")}, "b.xlsx: the workbook was not converted"},
		{"prepare", `not json`, nil, "invalid"},
	} {
		_, _, err := (&session{}).call(c.op, []byte(c.args), dataFiles(c.files...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: %v, want %q", c.op, c.args, err, c.want)
		}
	}
	s := &session{}
	call(t, s, "prepare", csvSettings(), [][]byte{[]byte(messy)}, nil)
	for _, c := range []struct{ op, args string }{
		{"edit", `{"row":99,"col":0,"value":"x"}`},
		{"useVersion", `{"row":0}`},
		{"download", `{"what":"everything"}`},
	} {
		if _, _, err := s.call(c.op, []byte(c.args), nil); err == nil {
			t.Errorf("%s %s: no error", c.op, c.args)
		}
	}
}

func mappingOverride(source, target string) mapping.Override {
	return mapping.Override{Source: source, Target: target}
}

func TestRegions(t *testing.T) {
	var got struct{ Regions []string }
	call(t, &session{}, "regions", nil, nil, &got)
	if len(got.Regions) < 200 || !slices.Contains(got.Regions, "US") || !slices.Contains(got.Regions, "DE") || !slices.IsSorted(got.Regions) {
		t.Errorf("%d regions: %v", len(got.Regions), got.Regions[:min(5, len(got.Regions))])
	}
}

func TestSummaryListsConflictsOfEachCode(t *testing.T) {
	var b strings.Builder
	b.WriteString("Contact ID,First Name,Last Name,Account ID,Account Name\n")
	for i := range maxConflicts + 5 {
		fmt.Fprintf(&b, "K%d,Ann,Lee,,\nK%d,Anne,Lee,,\n", i, i)
	}
	b.WriteString("X1,Bo,Ray,A1,Acme\nX2,Cy,Ng,A1,Acme Ltd\n")
	var sum summary
	call(t, &session{}, "prepare", settings{Files: []fileArg{{Name: "c.csv", CSV: -1}}}, [][]byte{[]byte(b.String())}, &sum)
	per := map[finding.Code]int{}
	for _, c := range sum.Conflicts {
		per[c.Code]++
	}
	if per[finding.DuplicateContactID] != maxConflicts || per[finding.AccountConflict] != 1 ||
		sum.MoreConflicts[finding.DuplicateContactID] != 5 || sum.MoreConflicts[finding.AccountConflict] != 0 {
		t.Errorf("listed %v, more %v", per, sum.MoreConflicts)
	}
	last := sum.Conflicts[len(sum.Conflicts)-1]
	var rows rowsReply
	call(t, &session{}, "rows", nil, nil, &rows) // nothing prepared: an empty reply
	if rows.Total != 0 {
		t.Errorf("rows before prepare: %+v", rows)
	}
	s := &session{}
	call(t, s, "prepare", settings{Files: []fileArg{{Name: "c.csv", CSV: -1}}}, [][]byte{[]byte(b.String())}, nil)
	call(t, s, "rows", rowsArgs{Conflict: &last.Index}, nil, &rows)
	if rows.Total != 2 || rows.Rows[0].Cells[0] != "X1" {
		t.Errorf("rows of the account conflict, index %d: %+v", last.Index, rows)
	}
}

// TestWarmup runs the page's warm-up, and checks that its made-up file goes
// through the engine's ordinary paths: every row read, none rejected, and no
// number left to phonenumbers, which the page would have to fetch first.
func TestWarmup(t *testing.T) {
	phone.SetFallback(func(text, _ string) (string, string, bool, bool) {
		t.Errorf("the warm-up needs phonenumbers for %q", text)
		return "", "", false, false
	})
	defer phone.SetFallback(libphone.Parse)
	if err := warmup(); err != nil {
		t.Fatal(err)
	}
	// The warm-up leaves its touched memory to the heap, free, for the run.
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if want := uint64(32 << 20); m.HeapIdle < want {
		t.Errorf("after the warm-up the heap holds %d bytes, %d of them free; want at least %d free", m.HeapSys, m.HeapIdle, want)
	}
	res, err := prepare.Run([]prepare.Input{{Name: "warmup.csv", Data: warmupText(300)}}, prepare.Options{Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Table.Len() != 300 {
		t.Fatalf("%d rows read, want 300", res.Table.Len())
	}
	for r := range res.Table.Len() {
		if res.Table.State(r) == check.Rejected {
			reason, _ := res.Table.Reason(r)
			t.Fatalf("row %d rejected: %s", r+1, reason)
		}
	}
}

// TestKeptFiles: the files of an inspect that names them are kept for the
// calls after it, which then need not send them, until a run uses them.
func TestKeptFiles(t *testing.T) {
	a := csvSettings()
	var sent summary
	call(t, &session{}, "prepare", a, [][]byte{[]byte(messy)}, &sent)

	s := &session{}
	a.Keep = 7
	call(t, s, "inspect", a, [][]byte{[]byte(messy)}, nil)
	call(t, s, "inspect", a, nil, nil) // again, say after a change of target
	if d := s.kept.detected; len(d) != 1 || d[0] == nil || d[0].Encoding != "windows-1252" {
		t.Fatalf("kept detections after inspect: %v", d)
	}
	var kept summary
	call(t, s, "prepare", a, nil, &kept)
	if counts(kept) != counts(sent) || counts(kept) == [4]int{} {
		t.Errorf("prepared from the kept files: %v, from the files sent: %v", counts(kept), counts(sent))
	}
	// The run takes the encoding inspect detected in the kept file (messy is
	// windows-1252) instead of reading the file for it again: the same.
	if !reflect.DeepEqual(kept.Inputs, sent.Inputs) || len(kept.Inputs) != 1 || kept.Inputs[0].Encoding != "windows-1252" {
		t.Errorf("inputs prepared from the kept files: %+v, from the files sent: %+v", kept.Inputs, sent.Inputs)
	}
	if s.kept.detected != nil {
		t.Errorf("the run left the kept detections behind")
	}
	for _, op := range []string{"inspect", "prepare"} {
		args, _ := json.Marshal(a)
		if _, _, err := s.call(op, args, nil); err != errNotKept {
			t.Errorf("%s after the run used the files: %v, want errNotKept", op, err)
		}
	}
	other := a
	other.Keep = 8
	args, _ := json.Marshal(other)
	if _, _, err := (&session{kept: keptFiles{token: 7, files: dataFiles([]byte(messy))}}).call("inspect", args, nil); err != errNotKept {
		t.Errorf("inspect naming other files: %v, want errNotKept", err)
	}
}

// The page says each target's largest file as the engine holds it.
func TestTargetsCall(t *testing.T) {
	var got struct {
		Targets []struct {
			Name     string
			MaxBytes int64
		}
	}
	call(t, &session{}, "targets", nil, nil, &got)
	sizes := map[string]int64{}
	for _, tg := range got.Targets {
		sizes[tg.Name] = tg.MaxBytes
	}
	if len(sizes) != 3 || sizes[schema.Legacy] != schema.LegacyMaxBytes || sizes[schema.Bulk] != schema.BulkMaxBytes || sizes[schema.Outbound] != schema.OutboundMaxBytes {
		t.Errorf("targets %+v", got.Targets)
	}
}
