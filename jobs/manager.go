package jobs

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/textcheck"
)

// ManagerOptions configure the HTTP job manager.
type ManagerOptions struct {
	// Dir holds one folder per job (its outputs, checkpoint, uploads and job.json).
	Dir string
	// InputRoots are the server folders that jobs may read by path; empty refuses
	// server-side paths (uploads only).
	InputRoots []string
	// MaxConcurrent jobs run at once (default 1); others wait in order.
	MaxConcurrent int
	// Workers is the default and maximum workers per job (default 1).
	Workers int
	// MaxUploadBytes bounds one upload (default 1 GiB). The server's own body limit
	// (server.Options.MaxBodyBytes) applies first.
	MaxUploadBytes int64
	// MaxJobBytes bounds one job's uploads and outputs together (default DefaultMaxJobBytes,
	// 16 GiB; --jobs-max-bytes), MaxTotalBytes the whole Dir (default DefaultMaxTotalBytes,
	// 64 GiB; --jobs-total-bytes): an upload past either is refused with 507
	// quota_exceeded, and a job whose results would pass them fails with quota_exceeded,
	// resumable once jobs are deleted.
	MaxJobBytes, MaxTotalBytes int64
	// MinFreeDisk is the free space kept on Dir's disk (0: diskspace.DefaultMinFree,
	// negative: off): uploads below it get 507 disk_full, running jobs stop (disk_full),
	// resumable; reading jobs and their results goes on.
	MinFreeDisk int64
	// RecordKG feeds the insights counters and candidate terms from job results and calls
	// (Spec.RecordKG).
	RecordKG bool
	// Caller names the authenticated API key of a request and whether it may see every
	// job (admin), e.g. server.Caller. A job records the key that created it; a named
	// non-admin key sees, reads, resumes and deletes only its own jobs (others answer 404).
	// Nil, or an empty name (a server without keys): every caller sees every job.
	Caller func(ctx *fasthttp.RequestCtx) (name string, admin bool)
	// Analyze, when set, takes every job's texts instead of Engine.Analyze (Spec.Analyze):
	// the server's admission at a low priority (server.Server.AnalyzeBulk), so that a big
	// job does not starve interactive requests. Nil: the engine directly.
	Analyze func(ctx context.Context, inputs []engine.Input) ([]engine.Result, error)
}

// Job states.
const (
	StatusQueued      = "queued"
	StatusRunning     = "running"
	StatusDone        = "done"
	StatusFailed      = "failed"
	StatusCancelled   = "cancelled"
	StatusInterrupted = "interrupted" // the server stopped while it ran; POST …/resume continues it
)

// Manager runs bulk jobs for the HTTP API.
type Manager struct {
	e    *engine.Engine
	opt  ManagerOptions
	sem  chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	jobs map[string]*managedJob
	ctx  context.Context
	stop context.CancelFunc
	met  *managerMetrics
}

type managedJob struct {
	ID       string     `json:"id"`
	Status   string     `json:"status"`
	Created  time.Time  `json:"created"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	Spec     Spec       `json:"spec"`
	Uploads  []string   `json:"uploads,omitempty"`
	Progress *Progress  `json:"progress,omitempty"`
	Error    *apiError  `json:"error,omitempty"`
	Records  int64      `json:"records"`
	Failed   int64      `json:"failed"`
	// FailedFiles counts input files that could not be read (State.FailedFiles).
	FailedFiles int64 `json:"failed_files,omitempty"`
	// Owner is the API key name that created the job ("" without keys).
	Owner  string `json:"owner,omitempty"`
	cancel context.CancelFunc
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// NewManager opens (creating) Dir and lists the jobs already in it; jobs that were running
// when the server stopped become "interrupted".
func NewManager(e *engine.Engine, opt ManagerOptions) (*Manager, error) {
	if opt.Dir == "" {
		return nil, errors.New("jobs manager: no Dir")
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = 1
	}
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	if opt.MaxUploadBytes <= 0 {
		opt.MaxUploadBytes = 1 << 30
	}
	if opt.MaxJobBytes <= 0 {
		opt.MaxJobBytes = DefaultMaxJobBytes
	}
	if opt.MaxTotalBytes <= 0 {
		opt.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("jobs manager: %w", err)
	}
	for i, r := range opt.InputRoots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("jobs manager: input root %s: %w", r, err)
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		opt.InputRoots[i] = abs
	}
	ctx, stop := context.WithCancel(context.Background())
	m := &Manager{e: e, opt: opt, sem: make(chan struct{}, opt.MaxConcurrent), jobs: map[string]*managedJob{}, ctx: ctx, stop: stop, met: newManagerMetrics()}
	entries, err := os.ReadDir(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("jobs manager: %w", err)
	}
	for _, ent := range entries {
		b, err := os.ReadFile(filepath.Join(opt.Dir, ent.Name(), "job.json"))
		if err != nil {
			continue
		}
		var j managedJob
		if json.Unmarshal(b, &j) != nil || j.ID != ent.Name() {
			continue
		}
		if j.Status == StatusQueued || j.Status == StatusRunning {
			j.Status = StatusInterrupted
		}
		m.jobs[j.ID] = &j
	}
	return m, nil
}

// Close cancels running jobs (they checkpoint) and waits for them.
func (m *Manager) Close() error {
	m.stop()
	m.wg.Wait()
	return nil
}

var jobIDRe = regexp.MustCompile(`^job_[0-9a-f]{16}$`)

// Handler serves the /v1/jobs prefix:
//
//	POST   /v1/jobs                 create (JSON with server paths, or multipart / raw upload)
//	GET    /v1/jobs                 list
//	GET    /v1/jobs/{id}            status and progress
//	GET    /v1/jobs/{id}/results    results.jsonl (also /errors, /summary, /report)
//	POST   /v1/jobs/{id}/resume     continue an interrupted, failed or cancelled job
//	DELETE /v1/jobs/{id}            cancel a queued or running job; delete a finished one
func (m *Manager) Handler() fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		path := strings.TrimSuffix(string(ctx.Path()), "/")
		method := string(ctx.Method())
		rest, ok := strings.CutPrefix(path, "/v1/jobs")
		if !ok {
			writeErr(ctx, fasthttp.StatusNotFound, "not_found", "no such route")
			return
		}
		parts := strings.Split(strings.TrimPrefix(rest, "/"), "/")
		if rest == "" {
			switch method {
			case "POST":
				m.create(ctx)
			case "GET":
				m.list(ctx)
			default:
				writeErr(ctx, fasthttp.StatusMethodNotAllowed, "method_not_allowed", "use GET or POST on /v1/jobs")
			}
			return
		}
		id := parts[0]
		if !jobIDRe.MatchString(id) || len(parts) > 2 {
			writeErr(ctx, fasthttp.StatusNotFound, "not_found", "no such job")
			return
		}
		m.mu.Lock()
		j := m.jobs[id]
		m.mu.Unlock()
		if j == nil || !m.mayAccess(ctx, j) {
			writeErr(ctx, fasthttp.StatusNotFound, "not_found", "no job "+id)
			return
		}
		switch {
		case len(parts) == 1 && method == "GET":
			m.status(ctx, j)
		case len(parts) == 1 && method == "DELETE":
			m.delete(ctx, j)
		case len(parts) == 2 && parts[1] == "resume" && method == "POST":
			m.resume(ctx, j)
		case len(parts) == 2 && method == "GET":
			m.file(ctx, j, parts[1])
		default:
			writeErr(ctx, fasthttp.StatusMethodNotAllowed, "method_not_allowed", method+" "+path+" is not supported")
		}
	}
}

func writeErr(ctx *fasthttp.RequestCtx, status int, code, msg string) {
	writeJSONBody(ctx, status, map[string]apiError{"error": {Code: code, Message: msg}})
}

func writeJSONBody(ctx *fasthttp.RequestCtx, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json; charset=utf-8")
	ctx.SetBody(buf.Bytes())
}

// createRequest is the JSON body of POST /v1/jobs (also the form fields of an upload).
type createRequest struct {
	Input         []string `json:"input"`
	Format        string   `json:"format"`
	TextField     string   `json:"text_field"`
	IDField       string   `json:"id_field"`
	IndustryField string   `json:"industry_field"`
	Industry      string   `json:"industry"`
	Workers       int      `json:"workers"`
	// TimeField and Fields map the event time and dimensions (Spec.TimeField, Spec.Fields).
	TimeField string            `json:"time_field"`
	Fields    map[string]string `json:"fields"`
	// Encoding of the inputs: auto (default), utf-8, gbk or gb18030 (Spec.Encoding).
	Encoding string `json:"encoding"`
	// IndustryMode: record or dominant (default; Spec.IndustryMode).
	IndustryMode string `json:"industry_mode"`
	// Aspects are aspect terms named for every record (Spec.Aspects); a multipart form
	// field or query parameter aspects lists them as a CSV cell does (屏幕|电池,
	// input.SplitList).
	Aspects []string `json:"aspects"`
}

func newJobID() string {
	var b [8]byte
	rand.Read(b[:])
	return "job_" + hex.EncodeToString(b[:])
}

func (m *Manager) create(ctx *fasthttp.RequestCtx) {
	var req createRequest
	id := newJobID()
	dir := filepath.Join(m.opt.Dir, id)
	uploadDir := filepath.Join(dir, "uploads")
	var uploads []string
	cleanup := func() { os.RemoveAll(dir) }
	ct := string(ctx.Request.Header.ContentType())
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		form, err := ctx.MultipartForm()
		if err != nil {
			writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", "multipart form: "+err.Error())
			return
		}
		defer ctx.Request.RemoveMultipartFormFiles()
		if v := form.Value["options"]; len(v) > 0 {
			if err := json.Unmarshal([]byte(v[0]), &req); err != nil {
				writeErr(ctx, fasthttp.StatusBadRequest, "invalid_json", "options field: "+err.Error())
				return
			}
		}
		for k, dst := range map[string]*string{"format": &req.Format, "text_field": &req.TextField, "id_field": &req.IDField, "industry_field": &req.IndustryField, "industry": &req.Industry, "time_field": &req.TimeField, "encoding": &req.Encoding, "industry_mode": &req.IndustryMode} {
			if v := form.Value[k]; len(v) > 0 {
				*dst = v[0]
			}
		}
		if v := form.Value["workers"]; len(v) > 0 {
			req.Workers, _ = strconv.Atoi(v[0])
		}
		req.Input = append(req.Input, form.Value["input"]...)
		for _, v := range form.Value["aspects"] {
			req.Aspects = append(req.Aspects, input.SplitList(v)...)
		}
		for _, f := range form.Value["field"] { // field=channel=渠道
			if req.Fields == nil {
				req.Fields = map[string]string{}
			}
			k, v, _ := strings.Cut(f, "=")
			req.Fields[k] = v
		}
		var incoming int64
		for _, fhs := range form.File {
			for _, fh := range fhs {
				incoming += fh.Size
			}
		}
		if incoming > 0 && !m.admit(ctx, incoming) {
			return
		}
		for _, fhs := range form.File {
			for _, fh := range fhs {
				p, err := m.saveUpload(uploadDir, fh)
				if err != nil {
					cleanup()
					writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
					return
				}
				uploads = append(uploads, p)
			}
		}
	case strings.HasPrefix(ct, "application/json") || ct == "":
		if msg := textcheck.BadText(ctx.PostBody()); msg != "" { // never U+FFFD in a path or field name
			writeErr(ctx, fasthttp.StatusBadRequest, "invalid_utf8", "body: "+msg)
			return
		}
		if err := json.Unmarshal(ctx.PostBody(), &req); err != nil {
			writeErr(ctx, fasthttp.StatusBadRequest, "invalid_json", "body: "+err.Error())
			return
		}
	default:
		// A raw upload: the body is the file; options in the query string.
		q := ctx.QueryArgs()
		req.Format, req.TextField, req.IDField = string(q.Peek("format")), string(q.Peek("text_field")), string(q.Peek("id_field"))
		req.IndustryField, req.Industry = string(q.Peek("industry_field")), string(q.Peek("industry"))
		req.Workers, _ = q.GetUint("workers")
		req.TimeField = string(q.Peek("time_field"))
		req.Encoding = string(q.Peek("encoding"))
		req.IndustryMode = string(q.Peek("industry_mode"))
		for _, v := range q.PeekMulti("aspects") { // aspects=屏幕|电池
			req.Aspects = append(req.Aspects, input.SplitList(string(v))...)
		}
		for _, f := range q.PeekMulti("field") { // field=channel=渠道
			if req.Fields == nil {
				req.Fields = map[string]string{}
			}
			k, v, _ := strings.Cut(string(f), "=")
			req.Fields[k] = v
		}
		name := "upload" + extForContentType(ct, req.Format)
		if raw := string(q.Peek("filename")); raw != "" {
			n, err := uploadName(raw)
			if err != nil {
				writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
				return
			}
			name = n
		}
		if int64(len(ctx.PostBody())) > m.opt.MaxUploadBytes {
			writeErr(ctx, fasthttp.StatusRequestEntityTooLarge, "body_too_large", "upload over the limit")
			return
		}
		if !m.admit(ctx, int64(len(ctx.PostBody()))) {
			return
		}
		if err := os.MkdirAll(uploadDir, 0o755); err != nil {
			writeErr(ctx, fasthttp.StatusInternalServerError, "internal", "save upload: "+withoutPath(err))
			return
		}
		p := filepath.Join(uploadDir, name)
		if err := os.WriteFile(p, ctx.PostBody(), 0o644); err != nil {
			cleanup()
			writeErr(ctx, fasthttp.StatusInternalServerError, "internal", "save upload: "+withoutPath(err))
			return
		}
		uploads = append(uploads, p)
	}
	inputs := append([]string(nil), uploads...)
	for _, in := range req.Input {
		p, err := m.allowedPath(in)
		if err != nil {
			cleanup()
			writeErr(ctx, fasthttp.StatusForbidden, "forbidden", err.Error())
			return
		}
		inputs = append(inputs, p)
	}
	if len(inputs) == 0 {
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", `no input: send "input" server paths (JSON) or upload files (multipart field "file", or a raw body)`)
		return
	}
	files, err := input.Expand(inputs)
	if err == nil {
		err = m.checkFiles(files, uploadDir)
	}
	if err != nil {
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
		return
	}
	switch req.Format {
	case "", input.Auto, input.JSONL, input.CSV, input.TSV, input.Text, input.Transcript:
	default:
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", "unknown format "+strconv.Quote(req.Format))
		return
	}
	workers := req.Workers
	if workers <= 0 || workers > m.opt.Workers {
		workers = m.opt.Workers
	}
	owner, _ := m.caller(ctx)
	j := &managedJob{ID: id, Status: StatusQueued, Created: time.Now().UTC(), Uploads: uploads, Owner: owner,
		Spec: Spec{Inputs: inputs, Output: filepath.Join(dir, "out"), Format: req.Format, TextField: req.TextField, IDField: req.IDField,
			IndustryField: req.IndustryField, Industry: req.Industry, TimeField: req.TimeField, Fields: req.Fields, Encoding: req.Encoding, Workers: workers, RecordKG: m.opt.RecordKG, IDRoot: uploadDir,
			IndustryMode: req.IndustryMode, Aspects: req.Aspects}}
	if _, err := input.ParseEncoding(req.Encoding); err != nil {
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
		return
	}
	if _, _, err := industryMode(j.Spec); err != nil {
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
		return
	}
	if err := input.CheckFields(req.Fields); err != nil {
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
		return
	}
	if err := j.Spec.CheckAspects(); err != nil {
		cleanup()
		writeErr(ctx, fasthttp.StatusBadRequest, "bad_request", err.Error())
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		writeErr(ctx, fasthttp.StatusInternalServerError, "internal", err.Error())
		return
	}
	m.mu.Lock()
	m.jobs[id] = j
	m.saveLocked(j)
	m.mu.Unlock()
	m.start(j)
	ctx.Response.Header.Set("Location", "/v1/jobs/"+id)
	writeJSONBody(ctx, fasthttp.StatusAccepted, m.view(j))
}

func extForContentType(ct, format string) string {
	switch {
	case format == input.CSV || strings.Contains(ct, "csv"):
		return ".csv"
	case format == input.TSV || strings.Contains(ct, "tab-separated"):
		return ".tsv"
	case format == input.Text || strings.HasPrefix(ct, "text/plain"):
		return ".txt"
	}
	return ".jsonl" // gzip is detected from the content whatever the name
}

func (m *Manager) saveUpload(dir string, fh *multipart.FileHeader) (string, error) {
	if fh.Size > m.opt.MaxUploadBytes {
		return "", fmt.Errorf("upload %s is %d bytes, over the limit of %d", fh.Filename, fh.Size, m.opt.MaxUploadBytes)
	}
	name := filepath.Base(fh.Filename)
	if name == "." || name == "/" || strings.HasPrefix(name, ".") {
		name = "upload"
	}
	name, err := uploadName(name)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("save upload: %s", withoutPath(err))
	}
	p := filepath.Join(dir, name)
	for i := 1; ; i++ {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			break
		}
		p = filepath.Join(dir, fmt.Sprintf("%d_%s", i, name))
	}
	if err := fasthttp.SaveMultipartFile(fh, p); err != nil {
		return "", fmt.Errorf("save upload %q: %s", name, withoutPath(err))
	}
	return p, nil
}

// allowedPath checks a server-side input path against InputRoots.
func (m *Manager) allowedPath(p string) (string, error) {
	if len(m.opt.InputRoots) == 0 {
		return "", errors.New("this server does not read server-side paths; upload the files instead")
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(m.opt.InputRoots[0], p)
	}
	p = filepath.Clean(p)
	if !m.underRoot(p) {
		return "", fmt.Errorf("input %s is outside the folders this server reads (%s)", p, strings.Join(m.opt.InputRoots, ", "))
	}
	return p, nil
}

func (m *Manager) underRoot(p string) bool {
	for _, r := range m.opt.InputRoots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// checkFiles makes sure expanded files (after symlinks) stay inside the roots or uploads.
func (m *Manager) checkFiles(files []string, uploadDir string) error {
	for _, f := range files {
		real, err := filepath.EvalSymlinks(f)
		if err != nil {
			return fmt.Errorf("input %s: %w", f, err)
		}
		if abs, err := filepath.Abs(real); err == nil {
			real = abs
		}
		up, _ := filepath.Abs(uploadDir)
		if real := filepath.Clean(real); !m.underRoot(real) && !strings.HasPrefix(real, up+string(filepath.Separator)) {
			return fmt.Errorf("input %s leads outside the folders this server reads", f)
		}
	}
	return nil
}

func (m *Manager) start(j *managedJob) {
	ctx, cancel := context.WithCancel(m.ctx)
	m.mu.Lock()
	j.cancel = cancel
	m.mu.Unlock()
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer cancel()
		select {
		case m.sem <- struct{}{}:
		case <-ctx.Done():
			m.finish(j, nil, ctx.Err())
			return
		}
		defer func() { <-m.sem }()
		now := time.Now().UTC()
		m.mu.Lock()
		j.Status, j.Started, j.Error, j.Finished = StatusRunning, &now, nil, nil
		m.saveLocked(j)
		m.mu.Unlock()
		m.met.started.Inc()
		spec := j.Spec
		spec.Analyze = m.opt.Analyze
		spec.MinFreeDisk, spec.MaxOutputBytes, spec.QuotaName = m.opt.MinFreeDisk, m.outputQuota(j), "the server's --jobs-max-bytes / --jobs-total-bytes; delete finished jobs to free it"
		out, err := Run(ctx, m.e, spec, func(p Progress) {
			m.mu.Lock()
			m.met.progress(j.Progress, j.Records, j.Failed, p)
			j.Progress = &p
			j.Records, j.Failed = p.Records, p.Failed
			m.mu.Unlock()
		})
		m.finish(j, out, err)
	}()
}

func (m *Manager) finish(j *managedJob, out *Outcome, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now().UTC()
	j.Finished = &now
	switch {
	case err == nil:
		j.Status = StatusDone
		j.Records, j.Failed, j.FailedFiles = out.State.Records, out.State.Failed, out.State.FailedFiles
	case errors.Is(err, context.Canceled) && m.ctx.Err() != nil:
		j.Status = StatusInterrupted
		j.Error = &apiError{Code: "interrupted", Message: "the server is shutting down; POST /v1/jobs/" + j.ID + "/resume continues the job"}
	case errors.Is(err, context.Canceled):
		j.Status = StatusCancelled
	case errors.Is(err, diskspace.ErrLow):
		j.Status = StatusFailed
		j.Error = &apiError{Code: "disk_full", Message: diskspace.Public(err) + "; POST /v1/jobs/" + j.ID + "/resume continues the job"}
	case errors.Is(err, diskspace.ErrQuota):
		j.Status = StatusFailed
		j.Error = &apiError{Code: "quota_exceeded", Message: err.Error() + "; POST /v1/jobs/" + j.ID + "/resume continues the job"}
	default:
		j.Status = StatusFailed
		j.Error = &apiError{Code: "job_failed", Message: err.Error()}
	}
	m.met.finished.WithLabelValues(j.Status).Inc()
	m.saveLocked(j)
}

// saveLocked writes job.json (best effort: the checkpoint is the source of truth).
func (m *Manager) saveLocked(j *managedJob) {
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return
	}
	p := filepath.Join(m.opt.Dir, j.ID, "job.json")
	if os.WriteFile(p+".tmp", b, 0o644) == nil {
		os.Rename(p+".tmp", p)
	}
}

// jobView is the JSON of one job.
type jobView struct {
	ID       string            `json:"id"`
	Status   string            `json:"status"`
	Created  time.Time         `json:"created"`
	Started  *time.Time        `json:"started,omitempty"`
	Finished *time.Time        `json:"finished,omitempty"`
	Input    []string          `json:"input"`
	Options  map[string]any    `json:"options"`
	Progress *progressView     `json:"progress,omitempty"`
	Records  int64             `json:"records"`
	Failed   int64             `json:"failed"`
	Error    *apiError         `json:"error,omitempty"`
	Links    map[string]string `json:"links"`
	// FailedFiles is how many input files could not be read (each in errors.jsonl).
	FailedFiles int64 `json:"failed_files,omitempty"`
}

type progressView struct {
	Records    int64   `json:"records"`
	Failed     int64   `json:"failed"`
	Files      int     `json:"files"`
	FileIndex  int     `json:"file_index"`
	File       string  `json:"file"`
	BytesDone  int64   `json:"bytes_done"`
	BytesTotal int64   `json:"bytes_total"`
	Percent    float64 `json:"percent"`
	Rate       float64 `json:"records_per_s"`
	ETASeconds float64 `json:"eta_s"` // -1 unknown
	Resumed    bool    `json:"resumed"`
}

func (m *Manager) view(j *managedJob) jobView {
	m.mu.Lock()
	defer m.mu.Unlock()
	v := jobView{ID: j.ID, Status: j.Status, Created: j.Created, Started: j.Started, Finished: j.Finished, Records: j.Records, Failed: j.Failed, FailedFiles: j.FailedFiles, Error: j.Error,
		Options: map[string]any{"format": j.Spec.Format, "text_field": j.Spec.TextField, "id_field": j.Spec.IDField, "industry_field": j.Spec.IndustryField, "industry": j.Spec.Industry, "industry_mode": j.Spec.IndustryMode, "workers": j.Spec.Workers,
			"time_field": j.Spec.TimeField, "fields": j.Spec.Fields, "aspects": j.Spec.Aspects},
		Links: map[string]string{"self": "/v1/jobs/" + j.ID}}
	for _, in := range j.Spec.Inputs {
		if rel, err := filepath.Rel(filepath.Join(m.opt.Dir, j.ID), in); err == nil && !strings.HasPrefix(rel, "..") {
			in = rel // uploads: do not show the server's folders
		}
		v.Input = append(v.Input, in)
	}
	if p := j.Progress; p != nil {
		pv := &progressView{Records: p.Records, Failed: p.Failed, Files: p.Files, FileIndex: p.FileIdx, File: filepath.Base(p.File),
			BytesDone: p.BytesDone, BytesTotal: p.BytesTotal, Rate: round1(p.Rate), ETASeconds: -1, Resumed: p.Resumed}
		if p.BytesTotal > 0 {
			pv.Percent = round1(100 * float64(p.BytesDone) / float64(p.BytesTotal))
		}
		if p.ETA >= 0 {
			pv.ETASeconds = round1(p.ETA.Seconds())
		}
		if j.Status == StatusDone {
			pv.Percent, pv.ETASeconds = 100, 0
		}
		v.Progress = pv
	}
	if j.Status == StatusDone || j.Status == StatusCancelled || j.Status == StatusInterrupted {
		for _, k := range []string{"results", "errors"} {
			v.Links[k] = "/v1/jobs/" + j.ID + "/" + k
		}
	}
	if j.Status == StatusDone {
		for _, k := range []string{"summary", "report"} {
			v.Links[k] = "/v1/jobs/" + j.ID + "/" + k
		}
	}
	return v
}

func (m *Manager) list(ctx *fasthttp.RequestCtx) {
	m.mu.Lock()
	js := make([]*managedJob, 0, len(m.jobs))
	for _, j := range m.jobs {
		if m.mayAccess(ctx, j) {
			js = append(js, j)
		}
	}
	m.mu.Unlock()
	sort.Slice(js, func(a, b int) bool { return js[a].Created.After(js[b].Created) })
	out := make([]jobView, 0, len(js))
	for _, j := range js {
		out = append(out, m.view(j))
	}
	writeJSONBody(ctx, fasthttp.StatusOK, map[string]any{"jobs": out})
}

func (m *Manager) status(ctx *fasthttp.RequestCtx, j *managedJob) {
	writeJSONBody(ctx, fasthttp.StatusOK, m.view(j))
}

func (m *Manager) delete(ctx *fasthttp.RequestCtx, j *managedJob) {
	m.mu.Lock()
	status, cancel := j.Status, j.cancel
	m.mu.Unlock()
	if status == StatusQueued || status == StatusRunning {
		if cancel != nil {
			cancel()
		}
		writeJSONBody(ctx, fasthttp.StatusAccepted, map[string]string{"id": j.ID, "status": "cancelling"})
		return
	}
	m.mu.Lock()
	delete(m.jobs, j.ID)
	m.mu.Unlock()
	if err := os.RemoveAll(filepath.Join(m.opt.Dir, j.ID)); err != nil {
		writeErr(ctx, fasthttp.StatusInternalServerError, "internal", "delete job files: "+err.Error())
		return
	}
	writeJSONBody(ctx, fasthttp.StatusOK, map[string]string{"id": j.ID, "status": "deleted"})
}

func (m *Manager) resume(ctx *fasthttp.RequestCtx, j *managedJob) {
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
		writeJSONBody(ctx, fasthttp.StatusAccepted, m.view(j))
	default:
		writeErr(ctx, fasthttp.StatusConflict, "conflict", "job "+j.ID+" is "+status+"; only interrupted, failed or cancelled jobs resume")
	}
}

var jobFiles = map[string]struct{ name, ctype string }{
	"results": {ResultsFile, "application/x-ndjson; charset=utf-8"},
	"errors":  {ErrorsFile, "application/x-ndjson; charset=utf-8"},
	"summary": {SummaryFile, "application/json; charset=utf-8"},
	"report":  {ReportFile, "text/html; charset=utf-8"},
}

func (m *Manager) file(ctx *fasthttp.RequestCtx, j *managedJob, what string) {
	f, ok := jobFiles[what]
	if !ok {
		writeErr(ctx, fasthttp.StatusNotFound, "not_found", "no "+what+" for a job (results, errors, summary, report)")
		return
	}
	m.mu.Lock()
	status := j.Status
	m.mu.Unlock()
	partialOK := what == "results" || what == "errors"
	if status != StatusDone && !(partialOK && (status == StatusCancelled || status == StatusInterrupted)) {
		writeErr(ctx, fasthttp.StatusConflict, "not_ready", "job "+j.ID+" is "+status+"; "+what+" is served when it is done")
		return
	}
	p := filepath.Join(j.Spec.Output, f.name)
	fh, err := os.Open(p)
	if err != nil {
		writeErr(ctx, fasthttp.StatusNotFound, "not_found", what+" is not there: "+err.Error())
		return
	}
	fi, err := fh.Stat()
	if err != nil {
		fh.Close()
		writeErr(ctx, fasthttp.StatusInternalServerError, "internal", err.Error())
		return
	}
	ctx.SetStatusCode(fasthttp.StatusOK)
	ctx.SetContentType(f.ctype)
	ctx.SetBodyStream(fh, int(fi.Size())) // fasthttp closes it after sending
}

// caller is the request's API key name and admin flag (ManagerOptions.Caller).
func (m *Manager) caller(ctx *fasthttp.RequestCtx) (string, bool) {
	if m.opt.Caller == nil {
		return "", true
	}
	return m.opt.Caller(ctx)
}

// mayAccess reports whether the request's caller may see job j: without keys everyone,
// else its owner and admin keys (a job created without keys only admin keys).
// m.caller reads the request only, so it is safe with or without m.mu held.
func (m *Manager) mayAccess(ctx *fasthttp.RequestCtx, j *managedJob) bool {
	name, admin := m.caller(ctx)
	return name == "" || admin || name == j.Owner
}
