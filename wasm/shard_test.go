//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"contactprep/internal/gen"
)

// TestShardedRunMatchesPrepare runs a file the way the page does with shard
// workers — plan in one session, each slice checked in a fresh one, parts
// appended in the first — and checks that the summary and every download
// are those of a plain "prepare".
func TestShardedRunMatchesPrepare(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 4000, Seed: 9, Encoding: "windows-1252"}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	args := settings{Files: []fileArg{{Name: "big.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy"}

	plain := &session{}
	var want summary
	call(t, plain, "prepare", args, [][]byte{data}, &want)

	primary := &session{}
	var plan struct {
		Jobs []json.RawMessage `json:"jobs"`
	}
	call(t, primary, "plan", struct {
		settings
		Workers int `json:"workers"`
	}{args, 3}, [][]byte{data}, &plan)
	if len(plan.Jobs) != 3 {
		t.Fatalf("%d slices, want 3", len(plan.Jobs))
	}
	for j, raw := range plan.Jobs {
		var jb struct{ Spec json.RawMessage }
		if err := json.Unmarshal(raw, &jb); err != nil {
			t.Fatal(err)
		}
		text := call(t, primary, "slice", struct{ Job int }{j}, nil, nil)
		_, encoded, err := (&session{}).call("prepareSlice", jb.Spec, dataFiles(bytes.Clone(text)))
		if err != nil || len(encoded) == 0 {
			t.Fatalf("prepareSlice %d: %v", j, err)
		}
		call(t, primary, "appendPart", struct{ Job int }{j}, [][]byte{encoded}, nil)
	}
	var got summary
	call(t, primary, "finish", struct{}{}, nil, &got)
	sameRun(t, "sharded", primary, got, plain, want)
	if _, _, err := primary.call("appendPart", []byte(`{"job":0}`), dataFiles([]byte("x"))); err == nil {
		t.Error("appendPart after finish succeeded")
	}
}

// sameRun checks that session got, whose run answered gotSum, holds the run
// of session want: the same summary and every download byte for byte.
func sameRun(t *testing.T, how string, got *session, gotSum any, want *session, wantSum any) {
	t.Helper()
	g, _ := json.Marshal(gotSum)
	w, _ := json.Marshal(wantSum)
	if !bytes.Equal(g, w) {
		t.Errorf("%s: summary differs:\n%s\nwant\n%s", how, g, w)
	}
	for _, what := range []string{"cleaned", "rejected", "report"} {
		a := call(t, got, "download", struct{ What string }{what}, nil, nil)
		b := call(t, want, "download", struct{ What string }{what}, nil, nil)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs", how, what)
		}
	}
}

// TestShardsReadTheirSlices: for a File read where it lies, "plan" says
// where each slice lies in it, and a shard given the File reads the slice
// there (after a byte-order mark too) into the part the primary's bytes
// would make: the run is a plain "prepare"'s. A File of another size is
// refused.
func TestShardsReadTheirSlices(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 4000, Seed: 9, Encoding: "utf-8-bom"}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	chosen := func(data []byte) []callFile {
		f := newChosenFile(fakeFile(data))
		return []callFile{{at: f, size: f.size}}
	}
	args := settings{Files: []fileArg{{Name: "big.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy"}

	plain := &session{}
	var want summary
	call(t, plain, "prepare", args, [][]byte{data}, &want)

	primary := &session{}
	a, _ := json.Marshal(struct {
		settings
		Workers int `json:"workers"`
	}{args, 3})
	reply, _, err := primary.call("plan", a, chosen(data))
	if err != nil {
		t.Fatal(err)
	}
	jobs := reply.(planReply).Jobs
	if len(jobs) != 3 {
		t.Fatalf("%d slices, want 3", len(jobs))
	}
	for j, jb := range jobs {
		if len(jb.At) != 2 || jb.At[1]-jb.At[0] != jb.Bytes || jb.FileBytes != int64(len(data)) || jb.Data != 0 {
			t.Fatalf("job %d: at %v, %d bytes, file %d of %d bytes", j, jb.At, jb.Bytes, jb.Data, jb.FileBytes)
		}
		spec, _ := json.Marshal(sliceArgs{SliceSpec: jb.Spec, At: jb.At, Size: jb.FileBytes})
		_, encoded, err := (&session{}).call("prepareSlice", spec, chosen(data))
		if err != nil || len(encoded) == 0 {
			t.Fatalf("prepareSlice %d: %v", j, err)
		}
		call(t, primary, "appendPart", struct{ Job int }{j}, [][]byte{encoded}, nil)
	}
	var got summary
	call(t, primary, "finish", struct{}{}, nil, &got)
	sameRun(t, "slices read by the shards", primary, got, plain, want)

	spec, _ := json.Marshal(sliceArgs{SliceSpec: jobs[0].Spec, At: jobs[0].At, Size: jobs[0].FileBytes})
	if _, _, err := (&session{}).call("prepareSlice", spec, chosen(data[:len(data)-1])); err == nil || !strings.Contains(err.Error(), "not the one planned") {
		t.Errorf("a File of another size: %v", err)
	}
}

// TestShardsHoldTheSharedFile: the primary shares a kept file it holds
// ("share"), and nothing for another choice; a shard that holds the copy
// ("hold") checks its slice from it, not from the File it is sent with the
// slice (here one of other bytes, of the planned size), into the part the
// File's own bytes make.
func TestShardsHoldTheSharedFile(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	chosen := func(data []byte) []callFile {
		f := newChosenFile(fakeFile(data))
		return []callFile{{at: f, size: f.size}}
	}
	args := settings{Files: []fileArg{{Name: "big.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy", Keep: 7}

	primary := &session{}
	call(t, primary, "inspect", args, [][]byte{data}, nil)
	if shared := call(t, primary, "share", struct{ Keep, Data int }{8, 0}, nil, nil); shared != nil {
		t.Fatalf("another choice's file shared: %d bytes", len(shared))
	}
	shared := call(t, primary, "share", struct{ Keep, Data int }{7, 0}, nil, nil)
	if !bytes.Equal(shared, data) {
		t.Fatalf("shared %d bytes, want the file's %d", len(shared), len(data))
	}
	var plan planReply
	call(t, primary, "plan", struct {
		settings
		Workers int `json:"workers"`
	}{args, 2}, nil, &plan)
	if len(plan.Jobs) != 2 || plan.Jobs[1].At == nil {
		t.Fatalf("plan: %+v", plan.Jobs)
	}
	shard := &session{}
	call(t, shard, "hold", settings{Keep: 7}, [][]byte{bytes.Clone(shared)}, nil)
	other := bytes.Repeat([]byte("x"), len(data))
	for j, jb := range plan.Jobs {
		spec := sliceArgs{SliceSpec: jb.Spec, At: jb.At, Size: jb.FileBytes, Keep: 7, Data: jb.Data}
		a, _ := json.Marshal(spec)
		_, got, err := shard.call("prepareSlice", a, chosen(other))
		if err != nil {
			t.Fatalf("prepareSlice %d from the held copy: %v", j, err)
		}
		spec.Keep = 0
		a, _ = json.Marshal(spec)
		_, want, err := (&session{}).call("prepareSlice", a, chosen(data))
		if err != nil {
			t.Fatalf("prepareSlice %d from the File: %v", j, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("slice %d: the part from the held copy differs from the File's", j)
		}
	}
}

// TestNotUTF8PastTheHead: a File told UTF-8 by its head (detectHead) is
// inspected so; a slice past the head that is not UTF-8 fails, in a shard
// or in a run of the primary alone, with a reply that has the page run
// again with detectWhole, which prepares what the held bytes give.
func TestNotUTF8PastTheHead(t *testing.T) {
	defer func(n int64) { detectHead = n }(detectHead)
	detectHead = 64 << 10
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 4000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	data := append(buf.Bytes(), "C9999999,Z\xF6e,Late\n"...)
	chosen := func(data []byte) []callFile {
		f := newChosenFile(fakeFile(data))
		return []callFile{{at: f, size: f.size}}
	}
	args := settings{Files: []fileArg{{Name: "big.csv", Data: 0, CSV: -1}}, Country: "us", Target: "legacy", Keep: 4}
	a, _ := json.Marshal(args)
	primary := &session{}
	reply, _, err := primary.call("inspect", a, chosen(data))
	if err != nil {
		t.Fatal(err)
	}
	if enc := reply.(interface{}); !strings.Contains(string(must(json.Marshal(enc))), `"encoding":"utf-8"`) {
		t.Fatalf("inspected: %s", must(json.Marshal(enc)))
	}
	p, _ := json.Marshal(struct {
		settings
		Workers int `json:"workers"`
	}{args, 2})
	plan, _, err := primary.call("plan", p, nil)
	if err != nil {
		t.Fatal(err)
	}
	jobs := plan.(planReply).Jobs
	last := jobs[len(jobs)-1]
	spec, _ := json.Marshal(sliceArgs{SliceSpec: last.Spec, At: last.At, Size: last.FileBytes})
	_, _, err = (&session{}).call("prepareSlice", spec, chosen(data))
	if err == nil || !strings.Contains(string(errorReply(err)), `"redetect":true`) {
		t.Fatalf("the last slice: %v, want a reply to run again", err)
	}
	// A run drops the files kept (as "plan" did): the page sends them again.
	if _, _, err := primary.call("prepare", a, chosen(data)); err == nil || !strings.Contains(string(errorReply(err)), `"redetect":true`) {
		t.Fatalf("a run of the primary alone: %v, want a reply to run again", err)
	}
	args.DetectWhole = true
	a, _ = json.Marshal(args)
	reply, _, err = primary.call("prepare", a, chosen(data))
	if err != nil {
		t.Fatal(err)
	}
	var got, want summary
	if err := json.Unmarshal(must(json.Marshal(reply)), &got); err != nil {
		t.Fatal(err)
	}
	call(t, &session{}, "prepare", settings{Files: args.Files, Country: "us", Target: "legacy"}, [][]byte{data}, &want)
	if g, w := must(json.Marshal(got)), must(json.Marshal(want)); !bytes.Equal(g, w) {
		t.Errorf("told from all of it:\n%s\nwant\n%s", g, w)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
