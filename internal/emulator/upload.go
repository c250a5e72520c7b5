package emulator

import (
	"bytes"
	"crypto/md5"
	"encoding/csv"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

const (
	importFileLimit     = 50 << 20 // Genesys' limit for one bulk import file
	maxValidationErrors = 100      // keeps the details of a hopeless file short
	previewRows         = 10
	maxUploads          = 10000 // upload records kept, files or not
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// upload is one file announced with POST …/csv/uploads.
type upload struct {
	id       string
	fileName string
	// data is nil until the PUT arrives, and again once evicted. It is replaced, never
	// changed in place, so a reader may keep using a copy of the slice after unlocking.
	data    []byte
	evicted bool
	check   validationResult
}

type uploadHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// uploadHeaders are what the PUT must carry back, as with an S3 presigned URL.
var uploadHeaders = [...]uploadHeader{
	{"Content-Type", "text/csv"},
	{"x-amz-server-side-encryption", "AES256"},
}

type validationResult struct {
	SeparatorValid    bool              `json:"separatorValid"`
	FileEncodingValid bool              `json:"fileEncodingValid"`
	Errors            []validationError `json:"errors"`
}

type validationError struct {
	LineNumber int    `json:"lineNumber"`
	Message    string `json:"message"`
}

func (v *validationResult) add(line int, format string, args ...any) {
	if len(v.Errors) < maxValidationErrors {
		v.Errors = append(v.Errors, validationError{line, fmt.Sprintf(format, args...)})
	}
}

func (s *Server) handleCreateUpload(w http.ResponseWriter, r *http.Request) {
	var req struct {
		FileName string `json:"fileName"`
		FileSize int64  `json:"fileSize"`
	}
	if !s.decodeJSON(w, r, &req) {
		return
	}
	switch {
	case strings.TrimSpace(req.FileName) == "":
		badRequest(w, "fileName is required.")
		return
	case req.FileSize <= 0:
		badRequest(w, "fileSize must be a positive number of bytes.")
		return
	case req.FileSize > importFileLimit:
		badRequest(w, "fileSize exceeds the 50 MB limit of an import file.")
		return
	}
	u := &upload{id: newID(), fileName: req.FileName}
	s.mu.Lock()
	s.uploads[u.id] = u
	s.uploadOrder = append(s.uploadOrder, u.id)
	if len(s.uploadOrder) > maxUploads {
		oldest := s.uploads[s.uploadOrder[0]]
		s.storedBytes -= int64(len(oldest.data))
		delete(s.uploads, oldest.id)
		s.uploadOrder = s.uploadOrder[1:]
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, struct {
		UploadID      string         `json:"uploadId"`
		UploadURL     string         `json:"uploadUrl"`
		UploadHeaders []uploadHeader `json:"uploadHeaders"`
	}{u.id, s.signedURL(r, "/_upload/"+u.id), uploadHeaders[:]})
}

// handlePutUpload stores a file sent to an uploadUrl, answering as S3 would.
func (s *Server) handlePutUpload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("uploadId")
	if !s.signed(w, r) {
		return
	}
	for _, h := range uploadHeaders {
		if r.Header.Get(h.Name) != h.Value {
			writeS3Error(w, http.StatusForbidden, "SignatureDoesNotMatch",
				"The signed header "+h.Name+" is missing or has another value.")
			return
		}
	}
	s.mu.Lock()
	_, known := s.uploads[id]
	s.mu.Unlock()
	if !known {
		writeS3Error(w, http.StatusNotFound, "NoSuchUpload", "The upload does not exist.")
		return
	}
	// S3 refuses a presigned PUT without a length (a chunked body) with 411, and so
	// does the emulator, so a caller that streams its upload finds out here.
	if r.ContentLength < 0 {
		writeS3Error(w, http.StatusLengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.")
		return
	}
	tooLarge := fmt.Sprintf("The file exceeds the %d bytes this emulator stores.", s.cfg.MaxUploadBytes)
	if r.ContentLength > s.cfg.MaxUploadBytes {
		writeS3Error(w, http.StatusBadRequest, "EntityTooLarge", tooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxUploadBytes+1))
	if err != nil {
		writeS3Error(w, http.StatusBadRequest, "IncompleteBody", "The file could not be read.")
		return
	}
	if int64(len(data)) > s.cfg.MaxUploadBytes {
		writeS3Error(w, http.StatusBadRequest, "EntityTooLarge", tooLarge)
		return
	}
	check := validateCSV(data)
	s.mu.Lock()
	if u, ok := s.uploads[id]; ok {
		s.storedBytes += int64(len(data) - len(u.data))
		u.data, u.evicted, u.check = data, false, check
		s.evictOldUploads(id)
	}
	s.mu.Unlock()
	sum := md5.Sum(data)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
	w.WriteHeader(http.StatusOK)
}

// evictOldUploads drops the files of the oldest uploads other than keep until the
// store fits MaxStoredBytes.
func (s *Server) evictOldUploads(keep string) {
	for _, id := range s.uploadOrder {
		if s.storedBytes <= s.cfg.MaxStoredBytes {
			return
		}
		u := s.uploads[id]
		if id == keep || u.data == nil {
			continue
		}
		s.storedBytes -= int64(len(u.data))
		u.data, u.evicted = nil, true
	}
}

func writeS3Error(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	xml.NewEncoder(w).Encode(struct {
		XMLName xml.Name `xml:"Error"`
		Code    string   `xml:"Code"`
		Message string   `xml:"Message"`
	}{Code: code, Message: message})
}

// storedFile returns an upload's file and checks, or answers 404 itself.
func (s *Server) storedFile(w http.ResponseWriter, id string) (*upload, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.uploads[id]
	switch {
	case !ok:
		notFound(w, "Upload "+id+" was not found.")
	case u.evicted:
		notFound(w, "The file of upload "+id+" is no longer stored.")
	case u.data == nil:
		notFound(w, "No file has been uploaded for upload "+id+" yet.")
	default:
		c := *u
		return &c, true
	}
	return nil, false
}

func (s *Server) handleUploadDetails(w http.ResponseWriter, r *http.Request) {
	u, ok := s.storedFile(w, r.PathValue("uploadId"))
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, struct {
		UploadID         string           `json:"uploadId"`
		FileName         string           `json:"fileName"`
		ValidationResult validationResult `json:"validationResult"`
	}{u.id, u.fileName, u.check})
}

func (s *Server) handleUploadPreview(w http.ResponseWriter, r *http.Request) {
	u, ok := s.storedFile(w, r.PathValue("uploadId"))
	if !ok {
		return
	}
	rd := newCSVReader(u.data)
	headers, err := rd.Read()
	if err != nil {
		headers = []string{}
	}
	entries := [][]string{}
	for len(entries) < previewRows && err == nil {
		var rec []string
		if rec, err = rd.Read(); err == nil {
			entries = append(entries, rec)
		}
	}
	writeJSON(w, http.StatusOK, struct {
		UploadID string     `json:"uploadId"`
		Headers  []string   `json:"headers"`
		Entries  [][]string `json:"entries"`
	}{u.id, headers, entries})
}

// newCSVReader reads a Genesys import file: comma separated, a BOM tolerated, rows of
// any width (the callers check widths to say which line is wrong).
func newCSVReader(data []byte) *csv.Reader {
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	rd.FieldsPerRecord = -1
	return rd
}

// validateCSV makes the checks behind the upload details: size, UTF-8, comma separator,
// a named and unique header, and every row as wide as the header. Messages name lines
// and columns, never cell values.
func validateCSV(data []byte) validationResult {
	v := validationResult{SeparatorValid: true, FileEncodingValid: true, Errors: []validationError{}}
	if len(data) > importFileLimit {
		v.add(0, "The file is larger than the 50 MB limit.")
		return v // nothing else about it matters: Genesys will not take it
	}
	body := bytes.TrimPrefix(data, utf8BOM)
	if at := invalidUTF8At(body); at >= 0 {
		v.FileEncodingValid = false
		v.add(1+bytes.Count(body[:at], []byte{'\n'}), "The file is not UTF-8 encoded.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		v.add(1, "The file is empty.")
		return v
	}
	firstLine, _, _ := bytes.Cut(body, []byte{'\n'})
	if !bytes.ContainsRune(firstLine, ',') && bytes.ContainsAny(firstLine, ";\t|") {
		v.SeparatorValid = false
		v.add(1, "The separator is not a comma.")
		return v
	}
	rd := newCSVReader(data)
	rd.ReuseRecord = true
	header, err := rd.Read()
	if err != nil {
		v.add(1, "The header row cannot be read: %s.", csvProblem(err))
		return v
	}
	width := len(header)
	seen := make(map[string]int, width)
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if name == "" {
			v.add(1, "Column %d of the header has no name.", i+1)
			continue
		}
		if first, dup := seen[name]; dup {
			v.add(1, "Columns %d and %d have the same name (header names are case-insensitive).", first+1, i+1)
			continue
		}
		seen[name] = i
	}
	for len(v.Errors) < maxValidationErrors {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			v.add(pe.StartLine, "The row is not well-formed CSV: %s.", csvProblem(err))
			continue
		}
		if err != nil {
			v.add(0, "The file cannot be read: %s.", csvProblem(err))
			break
		}
		if len(rec) != width {
			line, _ := rd.FieldPos(0)
			v.add(line, "The row has %d fields; the header has %d.", len(rec), width)
		}
	}
	return v
}

// csvProblem names what is wrong with CSV syntax without quoting the input.
func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%v at column %d", pe.Err, pe.Column)
	}
	if err == io.EOF {
		return "it is missing"
	}
	return "read error"
}

// invalidUTF8At is the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
