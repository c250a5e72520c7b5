package main

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"contactprep/shared/prepare"
)

// hostileShape is a file made to cost memory out of proportion to its
// size (issue 21): each is prepared by the native CLI, whose peak memory
// should be at most twice the file plus 300 MB (prepare.MemoryBudget).
type hostileShape struct {
	Name     string  `json:"name"`
	Bytes    int64   `json:"bytes"`
	Ms       float64 `json:"ms"`
	PeakMB   float64 `json:"peak_mb"`
	TargetMB float64 `json:"target_mb"`
	Exit     int     `json:"exit"`
	Within   bool    `json:"within"`
}

// hostile writes the hostile shapes into dir, prepares each with the CLI
// and returns their figures.
func hostile(dir string) ([]hostileShape, error) {
	cli := filepath.Join(dir, "contactprep")
	if err := sh(nil, "go", "build", "-o", cli, "./cmd/contactprep"); err != nil {
		return nil, err
	}
	shapes := []struct {
		name, file string
		write      func(w io.Writer) error
	}{
		{"a row of 5 million tiny fields (10 MB)", "wide-row.csv", wideRow},
		{"a cell in column XFD on each of 20,000 rows", "xfd.xlsx", xfdBook},
		{"1,000 zip parts of 1 MiB of zeros", "small-bombs.xlsx", smallBombs},
		{"a finding on every one of 1.5 million rows", "findings-flood.csv", findingsFlood},
	}
	var out []hostileShape
	for _, s := range shapes {
		path := filepath.Join(dir, s.file)
		if err := writeFile(path, s.write); err != nil {
			return nil, fmt.Errorf("%s: %w", s.file, err)
		}
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "bench: hostile shape %s…\n", s.name)
		cmd := exec.Command(cli, "prepare", "-o", filepath.Join(dir, "hostile-out"), path)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		start := time.Now()
		err = cmd.Run()
		h := hostileShape{Name: s.name, Bytes: st.Size(), Ms: float64(time.Since(start).Microseconds()) / 1000,
			TargetMB: float64(prepare.MemoryBudget(st.Size())) / (1 << 20)}
		if cmd.ProcessState == nil {
			return nil, err
		}
		h.Exit = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			h.PeakMB = float64(ru.Maxrss) / 1024
		}
		h.Within = h.PeakMB <= h.TargetMB
		out = append(out, h)
	}
	return out, nil
}

// reportHostile prints the hostile shapes' table.
func reportHostile(shapes []hostileShape) {
	fmt.Printf("\n%-50s %9s %6s %9s %9s %9s\n", "hostile shape (native CLI)", "MB", "exit", "ms", "peak MB", "target MB")
	for _, h := range shapes {
		mark := ""
		if !h.Within {
			mark = "  OVER"
		}
		fmt.Printf("%-50s %9.1f %6d %9.0f %9.0f %9.0f%s\n", h.Name, float64(h.Bytes)/(1<<20), h.Exit, h.Ms, h.PeakMB, h.TargetMB, mark)
	}
	fmt.Println("target: peak memory (max RSS) at most twice the file plus 300 MB; exit 2 is a refused input.")
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	return errors.Join(w.Flush(), f.Close())
}

// wideRow is a header and one data row of 5 million one-letter fields.
func wideRow(w io.Writer) error {
	io.WriteString(w, "Contact ID,First Name,Last Name\nC1")
	field := []byte(",a")
	for range 5_000_000 {
		w.Write(field)
	}
	_, err := io.WriteString(w, "\nC2,Ann,Lee\n")
	return err
}

// findingsFlood is 1.5 million rows, each with an invalid e-mail address and
// a phone number to rewrite: several findings a row.
func findingsFlood(w io.Writer) error {
	io.WriteString(w, "Contact ID,First Name,Last Name,Email,Work Phone\n")
	var err error
	for i := range 1_500_000 {
		_, err = fmt.Fprintf(w, "C%07d,Ann,Lee,not-an-address,(415) 555-%04d\n", i, i%10000)
	}
	return err
}

// xfdBook is a workbook of 20,000 contacts, each row with one more cell in
// column XFD, the last Excel has.
func xfdBook(w io.Writer) error {
	var sheet strings.Builder
	sheet.WriteString(`<row r="1">` + inlineCell("A1", "Contact ID") + inlineCell("B1", "First Name") + inlineCell("C1", "Last Name") + `</row>`)
	for r := 2; r <= 20001; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">%s%s%s%s</row>`, r, inlineCell(fmt.Sprintf("A%d", r), fmt.Sprintf("C%d", r)),
			inlineCell(fmt.Sprintf("B%d", r), "Ann"), inlineCell(fmt.Sprintf("C%d", r), "Lee"), inlineCell(fmt.Sprintf("XFD%d", r), "x"))
	}
	return writeBook(w, sheet.String(), nil)
}

// smallBombs is a one-cell workbook with 1,000 more parts of 1 MiB of zeros
// each, every one under the size at which a part's own ratio is checked.
func smallBombs(w io.Writer) error {
	zeros := make([]byte, 1<<20)
	var extra []func(*zip.Writer) error
	for i := range 1000 {
		extra = append(extra, func(zw *zip.Writer) error {
			pw, err := zw.Create(fmt.Sprintf("xl/media/zeros%d.bin", i))
			if err != nil {
				return err
			}
			_, err = pw.Write(zeros)
			return err
		})
	}
	return writeBook(w, `<row r="1">`+inlineCell("A1", "Contact ID")+`</row>`, extra)
}

func inlineCell(ref, text string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + text + `</t></is></c>`
}

// writeBook writes the smallest workbook Excel and excelize open, with the
// given sheet data, and then the extra parts.
func writeBook(w io.Writer, sheetData string, extra []func(*zip.Writer) error) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`},
	}
	for _, p := range parts {
		pw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(pw, p.body); err != nil {
			return err
		}
	}
	for _, add := range extra {
		if err := add(zw); err != nil {
			return err
		}
	}
	return zw.Close()
}
