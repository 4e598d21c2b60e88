package jobs

import (
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
	"strings"
	"sync"
	"time"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// ManagerOptions configure the job manager (served over HTTP by package server).
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

// Manager runs bulk jobs for the HTTP API (package server serves it under /v1/jobs):
// it keeps the jobs folder, creates jobs from saved uploads and server paths, runs them a
// few at a time, and answers what a client may see of them. It speaks no HTTP: a refusal
// is a *RequestError whose code the server's error envelope carries.
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

// Request is what a client asks of a new job: the JSON body of POST /v1/jobs (also the
// form fields and query parameters of an upload, which package server reads into it).
type Request struct {
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
	src, err := fh.Open()
	if err != nil {
		return "", fmt.Errorf("read upload %q: %s", name, withoutPath(err))
	}
	defer src.Close()
	if err := writeFile(p, src); err != nil {
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

// View is the JSON of one job (GET /v1/jobs/{id}).
type View struct {
	ID       string            `json:"id"`
	Status   string            `json:"status"`
	Created  time.Time         `json:"created"`
	Started  *time.Time        `json:"started,omitempty"`
	Finished *time.Time        `json:"finished,omitempty"`
	Input    []string          `json:"input"`
	Options  map[string]any    `json:"options"`
	Progress *ProgressView     `json:"progress,omitempty"`
	Records  int64             `json:"records"`
	Failed   int64             `json:"failed"`
	Error    *apiError         `json:"error,omitempty"`
	Links    map[string]string `json:"links"`
	// FailedFiles is how many input files could not be read (each in errors.jsonl).
	FailedFiles int64 `json:"failed_files,omitempty"`
}

// ProgressView is a running job's progress in its View.
type ProgressView struct {
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

func (m *Manager) view(j *managedJob) View {
	m.mu.Lock()
	defer m.mu.Unlock()
	v := View{ID: j.ID, Status: j.Status, Created: j.Created, Started: j.Started, Finished: j.Finished, Records: j.Records, Failed: j.Failed, FailedFiles: j.FailedFiles, Error: j.Error,
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
		pv := &ProgressView{Records: p.Records, Failed: p.Failed, Files: p.Files, FileIndex: p.FileIdx, File: filepath.Base(p.File),
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
