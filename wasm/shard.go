//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"contactprep/shared/check"
	"contactprep/shared/output"
	"contactprep/shared/phone"
	"contactprep/shared/prepare"
)

// The page prepares a large file in several Web Workers (web/engine.js). The
// primary engine worker plans the run ("plan": read the headers, cut every
// text input's rows into slices at record boundaries) and hands each slice's
// bytes ("slice") to a shard worker, which checks it into an encoded part
// ("prepareSlice"), or checks a slice itself ("ownSlice", a part kept as it
// is); the primary appends the parts in order ("appendPart") and
// resolves the table ("finish"), which then answers every other call as if
// "prepare" had made it: the same table, byte for byte. "warm" readies a
// shard worker started before it is needed.

// shardState is the primary's run in progress.
type shardState struct {
	plan  *prepare.Plan
	args  settings
	bytes int64                // the run's files
	own   map[int]*check.Table // parts the primary checked itself ("ownSlice"), until appended
}

// job is one slice as the page sees it. At, when set, is where the slice
// lies in the page's file number Data, which is FileBytes long (a UTF-8
// text, read where it lies or held): a shard worker given that File reads
// the slice of itself ("prepareSlice" with the File), instead of the
// primary copying it out for the page to pass on ("slice"), which would
// hold up the shard and the primary's own slice both.
type job struct {
	Spec      prepare.SliceSpec `json:"spec"`
	Bytes     int64             `json:"bytes"`
	Data      int               `json:"data"`
	At        []int64           `json:"at,omitempty"`
	FileBytes int64             `json:"fileBytes"`
}

// sliceArgs are "prepareSlice"'s: the slice's spec, At, if the slice is to
// be read from the File given, of Size bytes (job), and the bytes of the
// run's files, which tell how soon to collect (collectFor; 0: as before).
// Keep and Data name the file among those the shard holds ("hold"), if it
// was given the admin's choice Keep beforehand: the slice is then cut from
// the bytes it read while the admin was choosing, not read now.
type sliceArgs struct {
	prepare.SliceSpec
	At       []int64 `json:"at"`
	Size     int64   `json:"size"`
	RunBytes int64   `json:"runBytes"`
	Keep     int     `json:"keep"`
	Data     int     `json:"data"`
}

// shardCall runs the sharding operations; ok is false for any other op.
func (s *session) shardCall(op string, args []byte, files []callFile) (reply any, file []byte, ok bool, err error) {
	switch op {
	case "plan":
		var a struct {
			settings
			Workers int `json:"workers"`
		}
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, true, err
		}
		reply, err := s.planRun(a.settings, a.Workers, files)
		return reply, nil, true, err
	case "slice":
		j, err := s.jobOf(args)
		if err != nil {
			return nil, nil, true, err
		}
		text, err := s.shard.plan.SliceText(j)
		return struct{}{}, text, true, err
	case "ownSlice":
		// The primary checks a slice too, as one of the run's workers: its
		// part needs neither encoding nor a copy between workers.
		j, err := s.jobOf(args)
		if err != nil {
			return nil, nil, true, err
		}
		if s.shard.own == nil {
			s.shard.own = map[int]*check.Table{}
		}
		s.shard.own[j] = s.shard.plan.Part(j)
		return struct{}{}, nil, true, nil
	case "prepareSlice":
		var a sliceArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, true, err
		}
		if len(files) != 1 {
			return nil, nil, true, errors.New("prepareSlice needs the slice's bytes")
		}
		if a.RunBytes > 0 {
			collectFor(a.RunBytes)
		}
		f := files[0]
		if held, ok := s.kept.file(a.Keep, a.Data); ok && a.At != nil {
			f = held
		}
		text, err := sliceOf(f, a)
		if err != nil {
			return nil, nil, true, err
		}
		part, err := prepare.PrepareSlice(a.SliceSpec, text, s.progress)
		return struct{}{}, part, true, err
	case "appendPart":
		j, err := s.jobOf(args)
		if err != nil {
			return nil, nil, true, err
		}
		if part, ok := s.shard.own[j]; ok && len(files) == 0 {
			delete(s.shard.own, j)
			return struct{}{}, nil, true, s.shard.plan.Append(j, part, 0)
		}
		if len(files) != 1 {
			return nil, nil, true, errors.New("appendPart needs the part's bytes")
		}
		encoded, err := files[0].bytes()
		if err != nil {
			return nil, nil, true, err
		}
		if err := s.shard.plan.AppendEncoded(j, encoded); err != nil {
			return nil, nil, true, err
		}
		return struct{}{}, nil, true, nil
	case "finish":
		reply, err := s.finishRun()
		return reply, nil, true, err
	case "warm":
		// A shard worker started ahead of a run builds the phone tables and
		// runs the warm-up now, which its first slice would otherwise wait
		// for: measured in Chromium, a cold shard took half as long again.
		if _, err := phone.New("US"); err != nil {
			return struct{}{}, nil, true, err
		}
		return struct{}{}, nil, true, warmup()
	case "warmup":
		return struct{}{}, nil, true, warmup()
	case "share":
		// The primary hands the page a copy of a kept file it holds
		// ({keep, data}), for the shard workers to hold ("hold"), or no
		// bytes when it holds none: copied between workers, a file the
		// primary already read is in a shard's hands in milliseconds, where
		// reading it again from the admin's disk took Chromium 60-200 ms
		// for 10.7 MB, and the shard's slice of it 60-170 ms of its run.
		var a struct{ Keep, Data int }
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, true, err
		}
		f, ok := s.kept.file(a.Keep, a.Data)
		if ok && f.later {
			// Inspect read its head: it is read whole now, while the admin
			// reads step 2 (keptFiles.hold).
			if err := s.kept.hold(func(int) string { return "a chosen file" }); err != nil {
				return nil, nil, true, err
			}
			f, _ = s.kept.file(a.Keep, a.Data)
		}
		return struct{}{}, f.data, true, nil
	case "hold":
		// A shard worker keeps the files of the admin's choice a.Keep, sent
		// as the primary's copies ("share"), for the run's "prepareSlice".
		var a settings
		if err := json.Unmarshal(args, &a); err != nil {
			return nil, nil, true, err
		}
		_, err := s.filesFor(a, files)
		return struct{}{}, nil, true, err
	}
	return nil, nil, false, nil
}

// sliceOf returns the bytes of a "prepareSlice" call's slice: the file it
// was sent, or the run of the file At says, read here.
func sliceOf(f callFile, a sliceArgs) ([]byte, error) {
	if a.At == nil {
		return f.bytes()
	}
	if len(a.At) != 2 || f.length() != a.Size {
		return nil, fmt.Errorf("%s: the file is not the one planned: choose it again", a.Name)
	}
	text, err := f.span(a.At[0], a.At[1])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Name, err)
	}
	return text, nil
}

// planRun starts a run like prepare, cut for up to workers shard workers.
func (s *session) planRun(a settings, workers int, files []callFile) (planReply, error) {
	files, err := s.filesFor(a, files)
	if err != nil {
		return planReply{}, err
	}
	if err := s.kept.hold(nameOf(a)); err != nil {
		return planReply{}, err
	}
	size := totalLength(files)
	collectFor(size)
	ins, books, err := inputs(a.Files, files, s.kept.detections(a, files))
	if err != nil {
		return planReply{}, err
	}
	opt := a.options(books)
	opt.Progress = s.progress
	opt.Workers = max(workers, 1)
	opt.LeadWeight = primaryWeight
	s.reset()
	pl, err := prepare.NewPlan(ins, opt)
	if err != nil {
		return planReply{}, err
	}
	s.shard = shardState{plan: pl, args: a, bytes: size}
	reply := planReply{Jobs: []job{}}
	for j, jb := range pl.Jobs() {
		data := a.Files[jb.Input].Data
		rj := job{Spec: pl.Spec(j), Bytes: jb.Slice.Hi - jb.Slice.Lo, Data: data, FileBytes: files[data].length()}
		if lo, hi, ok := pl.SliceAt(j); ok {
			rj.At = []int64{lo, hi}
		}
		reply.Jobs = append(reply.Jobs, rj)
	}
	return reply, nil
}

// primaryWeight is the primary's first slice against a shard's, when a
// file is cut into one slice per worker: a shard encodes its part, which the
// primary then decodes, where the primary keeps its part as it is. Measured
// at 60,000 rows in Chromium on two cores with halves alike, the shard
// holding the file since it was chosen ("hold"): the shard's slice 194-209
// ms, the primary's 181-185. (Weighted 1.5 while a shard read the whole
// file again: its slice then took 316 ms, the primary's 216.)
const primaryWeight = 1.0

// planReply is "plan"'s answer: the slices, in order.
type planReply struct {
	Jobs []job `json:"jobs"`
}

// jobOf reads the job a call names ({"job": j}), one of the planned run's.
func (s *session) jobOf(args []byte) (int, error) {
	var a struct{ Job int }
	if err := json.Unmarshal(args, &a); err != nil {
		return 0, err
	}
	if s.shard.plan == nil {
		return 0, errors.New("no run is planned")
	}
	if a.Job < 0 || a.Job >= len(s.shard.plan.Jobs()) {
		return 0, fmt.Errorf("no slice %d", a.Job)
	}
	return a.Job, nil
}

// finishRun resolves the planned run and makes it the session's table.
func (s *session) finishRun() (any, error) {
	if s.shard.plan == nil {
		return nil, errors.New("no run is planned")
	}
	pl, a, size := s.shard.plan, s.shard.args, s.shard.bytes
	s.shard = shardState{}
	restore := collectWhileResolving(size)
	res, err := pl.Finish()
	restore()
	if err != nil {
		return nil, err
	}
	s.res, s.args, s.cols = res, a, output.Columns(res.Table)
	return s.firstSummary(), nil
}
