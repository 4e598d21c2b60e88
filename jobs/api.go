package jobs

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// RequestError is a manager call refused for the client's request, or failed: Code is the
// code of the server's error envelope, one of bad_request, bad_json, invalid_utf8,
// forbidden, not_found, conflict, not_ready, body_too_large, quota_exceeded, disk_full
// and internal (package server maps each to its HTTP status); Message says why and names
// no server path.
type RequestError struct {
	Code    string
	Message string
}

func (e *RequestError) Error() string { return e.Code + ": " + e.Message }

func reqErr(code, msg string) *RequestError { return &RequestError{Code: code, Message: msg} }

// Caller is who asks: the API key's name ("" on a server without keys) and whether it
// has the admin scope. A job records the key that created it; a named non-admin key sees,
// reads, resumes and deletes only its own jobs (others are not found). Without keys every
// caller sees every job.
type Caller struct {
	Name  string
	Admin bool
}

// mayAccess reports whether c may see job j: without keys everyone, else its owner and
// admin keys (a job created without keys only admin keys).
func (c Caller) mayAccess(j *managedJob) bool {
	return c.Name == "" || c.Admin || c.Name == j.Owner
}

// Draft is a job being created: its id and folder, and the uploads saved into it so far.
// Create turns it into a job; Discard removes its folder.
type Draft struct {
	m         *Manager
	id, dir   string
	uploadDir string
	uploads   []string
}

// Draft starts a new job: a fresh id; nothing is written until an upload is saved.
func (m *Manager) Draft() *Draft {
	id := newJobID()
	dir := filepath.Join(m.opt.Dir, id)
	return &Draft{m: m, id: id, dir: dir, uploadDir: filepath.Join(dir, "uploads")}
}

// Discard removes the draft's folder and whatever was saved into it.
func (d *Draft) Discard() { os.RemoveAll(d.dir) }

// Room checks that incoming more bytes (uploads) may be stored: the jobs folder's disk
// above its reserve (else disk_full), the upload within one job's quota and the jobs
// folder within its total (else quota_exceeded).
func (d *Draft) Room(incoming int64) error {
	m := d.m
	if err := diskspace.NewGuard(m.opt.Dir, m.opt.MinFreeDisk).Check("job upload"); err != nil {
		code := "disk_full"
		if !errors.Is(err, diskspace.ErrLow) {
			code = "internal"
		}
		return reqErr(code, diskspace.Public(err))
	}
	if incoming > m.opt.MaxJobBytes {
		return reqErr("quota_exceeded", (&diskspace.QuotaError{What: "job", Used: incoming, Limit: m.opt.MaxJobBytes, Flag: "--jobs-max-bytes"}).Error())
	}
	if used := diskUsage(m.opt.Dir) + incoming; used > m.opt.MaxTotalBytes {
		return reqErr("quota_exceeded", (&diskspace.QuotaError{What: "jobs storage", Used: used, Limit: m.opt.MaxTotalBytes, Flag: "--jobs-total-bytes; delete finished jobs to free it"}).Error())
	}
	return nil
}

// SaveUpload saves one uploaded file of a multipart form into the draft (the caller has
// checked Room for all of them). A name taken already gets a numbered prefix.
func (d *Draft) SaveUpload(fh *multipart.FileHeader) error {
	p, err := d.m.saveUpload(d.uploadDir, fh)
	if err != nil {
		return reqErr("bad_request", err.Error())
	}
	d.uploads = append(d.uploads, p)
	return nil
}

// SaveRaw saves a request body that is the file itself: under filename's base name when
// given, else "upload" with the extension of contentType or format.
func (d *Draft) SaveRaw(filename, contentType, format string, body []byte) error {
	name := "upload" + extForContentType(contentType, format)
	if filename != "" {
		n, err := uploadName(filename)
		if err != nil {
			return reqErr("bad_request", err.Error())
		}
		name = n
	}
	if int64(len(body)) > d.m.opt.MaxUploadBytes {
		return reqErr("body_too_large", "upload over the limit")
	}
	if err := d.Room(int64(len(body))); err != nil {
		return err
	}
	if err := os.MkdirAll(d.uploadDir, 0o755); err != nil {
		return reqErr("internal", "save upload: "+withoutPath(err))
	}
	p := filepath.Join(d.uploadDir, name)
	if err := os.WriteFile(p, body, 0o644); err != nil {
		d.Discard()
		return reqErr("internal", "save upload: "+withoutPath(err))
	}
	d.uploads = append(d.uploads, p)
	return nil
}

// writeFile copies r into a new file at p.
func writeFile(p string, r io.Reader) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Create checks the draft's request (server paths within InputRoots, the format,
// encoding, industry mode, fields and aspects), registers the job as c's and queues it.
// A refused draft is discarded.
func (m *Manager) Create(ctx context.Context, d *Draft, req Request, c Caller) (View, error) {
	v, err := m.create(ctx, d, req, c)
	if err != nil {
		d.Discard()
	}
	return v, err
}

func (m *Manager) create(ctx context.Context, d *Draft, req Request, c Caller) (View, error) {
	inputs := append([]string(nil), d.uploads...)
	for _, in := range req.Input {
		p, err := m.allowedPath(in)
		if err != nil {
			return View{}, reqErr("forbidden", err.Error())
		}
		inputs = append(inputs, p)
	}
	if len(inputs) == 0 {
		return View{}, reqErr("bad_request", `no input: send "input" server paths (JSON) or upload files (multipart field "file", or a raw body)`)
	}
	files, err := input.Expand(inputs)
	if err == nil {
		err = m.checkFiles(files, d.uploadDir)
	}
	if err != nil {
		return View{}, reqErr("bad_request", err.Error())
	}
	switch req.Format {
	case "", input.Auto, input.JSONL, input.CSV, input.TSV, input.Text, input.Transcript:
	default:
		return View{}, reqErr("bad_request", "unknown format "+strconv.Quote(req.Format))
	}
	workers := req.Workers
	if workers <= 0 || workers > m.opt.Workers {
		workers = m.opt.Workers
	}
	j := &managedJob{ID: d.id, Status: StatusQueued, Created: time.Now().UTC(), Uploads: d.uploads, Owner: c.Name,
		Spec: Spec{Inputs: inputs, Output: filepath.Join(d.dir, "out"), Format: req.Format, TextField: req.TextField, IDField: req.IDField,
			IndustryField: req.IndustryField, Industry: req.Industry, TimeField: req.TimeField, Fields: req.Fields, Encoding: req.Encoding, Workers: workers, RecordKG: m.opt.RecordKG, IDRoot: d.uploadDir,
			IndustryMode: req.IndustryMode, Aspects: req.Aspects}}
	if _, err := input.ParseEncoding(req.Encoding); err != nil {
		return View{}, reqErr("bad_request", err.Error())
	}
	if _, _, err := industryMode(j.Spec); err != nil {
		return View{}, reqErr("bad_request", err.Error())
	}
	if err := input.CheckFields(req.Fields); err != nil {
		return View{}, reqErr("bad_request", err.Error())
	}
	if err := j.Spec.CheckAspects(); err != nil {
		return View{}, reqErr("bad_request", err.Error())
	}
	if err := ctx.Err(); err != nil { // the request's deadline passed while its files were checked
		return View{}, err
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return View{}, reqErr("internal", err.Error())
	}
	m.mu.Lock()
	m.jobs[d.id] = j
	m.saveLocked(j)
	m.mu.Unlock()
	m.start(j)
	return m.view(j), nil
}

// lookup is job id as c may see it, or not_found.
func (m *Manager) lookup(id string, c Caller) (*managedJob, error) {
	if !jobIDRe.MatchString(id) {
		return nil, reqErr("not_found", "no such job")
	}
	m.mu.Lock()
	j := m.jobs[id]
	m.mu.Unlock()
	if j == nil || !c.mayAccess(j) {
		return nil, reqErr("not_found", "no job "+id)
	}
	return j, nil
}

// List is the jobs c may see, newest first.
func (m *Manager) List(c Caller) []View {
	m.mu.Lock()
	js := make([]*managedJob, 0, len(m.jobs))
	for _, j := range m.jobs {
		if c.mayAccess(j) {
			js = append(js, j)
		}
	}
	m.mu.Unlock()
	sort.Slice(js, func(a, b int) bool { return js[a].Created.After(js[b].Created) })
	out := make([]View, 0, len(js))
	for _, j := range js {
		out = append(out, m.view(j))
	}
	return out
}

// Get is job id's status and progress.
func (m *Manager) Get(id string, c Caller) (View, error) {
	j, err := m.lookup(id, c)
	if err != nil {
		return View{}, err
	}
	return m.view(j), nil
}

// Delete cancels a queued or running job (cancelled true: it stops at its next chunk and
// stays, resumable) or deletes a finished one with its files.
func (m *Manager) Delete(id string, c Caller) (cancelled bool, err error) {
	j, err := m.lookup(id, c)
	if err != nil {
		return false, err
	}
	m.mu.Lock()
	status, cancel := j.Status, j.cancel
	m.mu.Unlock()
	if status == StatusQueued || status == StatusRunning {
		if cancel != nil {
			cancel()
		}
		return true, nil
	}
	m.mu.Lock()
	delete(m.jobs, j.ID)
	m.mu.Unlock()
	if err := os.RemoveAll(filepath.Join(m.opt.Dir, j.ID)); err != nil {
		return false, reqErr("internal", "delete job files: "+err.Error())
	}
	return false, nil
}

// Resume continues an interrupted, failed or cancelled job from its checkpoint (else
// conflict).
func (m *Manager) Resume(id string, c Caller) (View, error) {
	j, err := m.lookup(id, c)
	if err != nil {
		return View{}, err
	}
	m.mu.Lock()
	status := j.Status
	if status == StatusInterrupted || status == StatusFailed || status == StatusCancelled {
		j.Status = StatusQueued
		m.saveLocked(j)
	}
	m.mu.Unlock()
	switch status {
	case StatusInterrupted, StatusFailed, StatusCancelled:
		m.start(j)
		return m.view(j), nil
	}
	return View{}, reqErr("conflict", "job "+j.ID+" is "+status+"; only interrupted, failed or cancelled jobs resume")
}

// jobFiles are a job's downloads: file name and content type.
var jobFiles = map[string]struct{ name, ctype string }{
	"results": {ResultsFile, "application/x-ndjson; charset=utf-8"},
	"errors":  {ErrorsFile, "application/x-ndjson; charset=utf-8"},
	"summary": {SummaryFile, "application/json; charset=utf-8"},
	"report":  {ReportFile, "text/html; charset=utf-8"},
}

// File opens one of a finished job's files (results, errors, summary, report; results and
// errors also of a cancelled or interrupted job, as far as it got): the caller closes it.
func (m *Manager) File(id, what string, c Caller) (f *os.File, size int64, contentType string, err error) {
	j, err := m.lookup(id, c)
	if err != nil {
		return nil, 0, "", err
	}
	jf, ok := jobFiles[what]
	if !ok {
		return nil, 0, "", reqErr("not_found", "no "+what+" for a job (results, errors, summary, report)")
	}
	m.mu.Lock()
	status := j.Status
	m.mu.Unlock()
	partialOK := what == "results" || what == "errors"
	if status != StatusDone && !(partialOK && (status == StatusCancelled || status == StatusInterrupted)) {
		return nil, 0, "", reqErr("not_ready", "job "+j.ID+" is "+status+"; "+what+" is served when it is done")
	}
	fh, err := os.Open(filepath.Join(j.Spec.Output, jf.name))
	if err != nil {
		return nil, 0, "", reqErr("not_found", what+" is not there: "+err.Error())
	}
	fi, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, 0, "", reqErr("internal", err.Error())
	}
	return fh, fi.Size(), jf.ctype, nil
}
