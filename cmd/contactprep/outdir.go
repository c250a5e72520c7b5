package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"contactprep/shared/output"
)

// outDir is prepare's output folder, written safely: the files go into a
// new folder beside it, which replaces it only once they are all written.
// A failed run leaves the previous output, or nothing; a run never mixes its
// files with another's.
type outDir struct {
	path string // the folder asked for (-o)
	tmp  string // the new folder beside it, written into
}

// newOutDir checks that dir may be replaced and makes the folder beside it
// to write into. It refuses a dir that is a symbolic link, a dir holding an
// input, and a dir (or file) holding anything but a run's output unless
// force. Nothing is followed: a link in dir is "anything else".
func newOutDir(dir string, inputs []string, force bool) (*outDir, error) {
	dir = filepath.Clean(dir)
	for _, in := range inputs {
		inside, err := within(in, dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", in, pathless(err))
		}
		if inside {
			return nil, fmt.Errorf("%s is inside the output folder %s, which the run replaces: write to another folder", in, dir)
		}
	}
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s: %v", dir, pathless(err))
	case st.Mode()&os.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link: give the folder itself (links are not followed)", dir)
	case !st.IsDir():
		if !force {
			return nil, fmt.Errorf("%s is a file, not a folder: give a new folder, or --force to replace it", dir)
		}
	default:
		other, err := otherFile(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", dir, pathless(err))
		}
		if other != "" && !force {
			return nil, fmt.Errorf("%s holds %s, which is not from a run of contactprep: give a new or empty folder, or --force to replace the folder whole", dir, other)
		}
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %v", parent, pathless(err))
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", parent, pathless(err))
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("%s: %v", parent, pathless(err))
	}
	return &outDir{path: dir, tmp: tmp}, nil
}

// otherFile returns the name of an entry of dir that is not a plain file a
// run writes, or "".
func otherFile(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !output.RunFile(e.Name()) {
			return e.Name(), nil
		}
	}
	return "", nil
}

// within reports whether the file name is inside dir, or below it, however
// either is reached (links, "..", another spelling): an input there would be
// deleted with the folder it is read from.
func within(name, dir string) (bool, error) {
	dst, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return false, nil // a pipe (/dev/fd/63) or a file that is not there, which opening it tells
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return false, err
	}
	for d := filepath.Dir(real); ; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil && os.SameFile(st, dst) {
			return true, nil
		}
		if d == filepath.Dir(d) {
			return false, nil
		}
	}
}

// Sink is where the run writes: the new folder.
func (o *outDir) Sink() output.Dir { return output.Dir(o.tmp) }

// Commit puts the new folder in place of the old, which is then removed. If
// the second rename fails, the old folder is put back.
func (o *outDir) Commit() error {
	if _, err := os.Lstat(o.path); errors.Is(err, os.ErrNotExist) {
		return os.Rename(o.tmp, o.path)
	}
	old := o.tmp + ".old"
	if err := os.Rename(o.path, old); err != nil {
		return err
	}
	if err := os.Rename(o.tmp, o.path); err != nil {
		return errors.Join(err, os.Rename(old, o.path))
	}
	return os.RemoveAll(old)
}

// Abandon removes the new folder, leaving the old as it was.
func (o *outDir) Abandon() { os.RemoveAll(o.tmp) }
