package scale

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/kg"
)

// CollectOptions says which job to collect where.
type CollectOptions struct {
	Job    string
	Output string    // the job folder
	Graph  *kg.Graph // names and journey order for summary.json and report.html
	// Progress, when set, is called after each chunk written.
	Progress func(CollectProgress)
	// StallCheck: after this long without a result, collect asks the workers' consumer
	// whether any chunk is still queued or in a worker's hands; twice nothing while chunks
	// are missing means they were given up (MaxDeliver deliveries, e.g. a worker crashing
	// on them each time), and collect fails naming them instead of waiting for ever.
	// Default 10 s.
	StallCheck time.Duration
}

// CollectProgress is how far collect got.
type CollectProgress struct {
	Chunks, ChunksTotal int
	Records             int64
}

// CollectOutcome is what a finished collect leaves.
type CollectOutcome struct {
	Manifest *Manifest
	Summary  *jobs.Summary
	Records  int64 // written to results.jsonl
	Failed   int64 // of which with an error (each also in errors.jsonl)
	// Duplicates are result messages for records already written (a redelivered chunk
	// whose results outlived the de-duplication window): dropped.
	Duplicates int64
	// Workers are the worker names that analysed the job.
	Workers []string
}

// Collect waits for a job's manifest and every one of its results, and writes the job
// folder as `job run` does: results.jsonl in input order, errors.jsonl (per-record errors
// and unreadable files), summary.json and report.html. It blocks until the job is complete
// or ctx ends.
func Collect(ctx context.Context, c *Conn, opt CollectOptions) (*CollectOutcome, error) {
	if err := CheckJob(opt.Job); err != nil {
		return nil, err
	}
	m, err := waitManifest(ctx, c, opt.Job)
	if err != nil {
		return nil, err
	}
	folder, err := jobs.CreateFolder(opt.Output)
	if err != nil {
		return nil, err
	}
	defer folder.Close()
	cons, err := c.JS.OrderedConsumer(ctx, c.cfg.stream(resultsKind), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{c.cfg.resultsSubject(opt.Job)}, DeliverPolicy: jetstream.DeliverAllPolicy})
	if err != nil {
		return nil, fmt.Errorf("collect %s: read the results stream: %w", opt.Job, err)
	}
	co := &collector{m: m, folder: folder, maxDeliver: c.cfg.MaxDeliver, pending: map[int]*pendingChunk{}, workers: map[string]bool{},
		fileStats: make([]jobs.FileStat, len(m.Files)), progress: opt.Progress}
	for i, f := range m.Files {
		co.fileStats[i] = jobs.FileStat{Path: f.Path, Format: f.Format, Encoding: f.Encoding, Error: f.Error}
	}
	if m.Chunks > 0 {
		it, err := cons.Messages()
		if err != nil {
			return nil, fmt.Errorf("collect %s: read the results stream: %w", opt.Job, err)
		}
		err = co.run(ctx, it, c, max(opt.StallCheck, 0))
		it.Stop()
		if err != nil {
			return nil, fmt.Errorf("collect %s: %w", opt.Job, err)
		}
	}
	if err := co.fileErrors(len(m.Files)); err != nil {
		return nil, err
	}
	out := &CollectOutcome{Manifest: m, Records: co.records, Failed: co.failed, Duplicates: co.dups}
	for w := range co.workers {
		out.Workers = append(out.Workers, w)
	}
	info := jobs.JobInfo{Inputs: m.Inputs, Files: co.fileStats, Records: co.records, Failed: co.failed, Workers: len(co.workers)}
	for _, f := range m.Files {
		if f.Error != "" {
			info.FailedFiles++
		}
	}
	if !co.last.IsZero() {
		info.Seconds = round1(co.last.Sub(m.Submitted).Seconds())
		if info.Seconds > 0 {
			info.RecordsPerSecond = round1(float64(co.records) / info.Seconds)
		}
	}
	if co.versions != "" {
		_ = json.Unmarshal([]byte(co.versions), &info.Versions)
	}
	folder.SetIndustryChoice(m.Industry)
	if out.Summary, err = folder.Finish(ctx, opt.Graph, info); err != nil {
		return nil, err
	}
	return out, nil
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

// waitManifest waits for the job's manifest (submit publishes it after the last chunk).
func waitManifest(ctx context.Context, c *Conn, job string) (*Manifest, error) {
	for {
		m, err := lastManifest(ctx, c, job)
		if err != nil {
			return nil, fmt.Errorf("collect %s: %w", job, err)
		}
		if m != nil {
			return m, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("collect %s: no manifest yet (was the job submitted, and has submit finished?): %w", job, ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// lastManifest reads a job's manifest; nil when there is none.
func lastManifest(ctx context.Context, c *Conn, job string) (*Manifest, error) {
	st, err := c.JS.Stream(ctx, c.cfg.stream(jobsKind))
	if err != nil {
		return nil, fmt.Errorf("read the manifest: %w", err)
	}
	raw, err := st.GetLastMsgForSubject(ctx, c.cfg.jobSubject(job))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(raw.Data, &m); err != nil {
		return nil, fmt.Errorf("bad manifest: %w", err)
	}
	return &m, nil
}

type pendingChunk struct {
	file   int
	lines  [][]byte
	failed []bool
	lineNo []int
	got    int
}

type collector struct {
	m          *Manifest
	folder     *jobs.Folder
	pending    map[int]*pendingChunk
	next       int // next chunk to write
	nextFile   int // next file whose file error may be written
	records    int64
	failed     int64
	dups       int64
	workers    map[string]bool
	fileStats  []jobs.FileStat
	last       time.Time
	versions   string
	progress   func(CollectProgress)
	maxDeliver int
}

func (co *collector) run(ctx context.Context, it jetstream.MessagesContext, c *Conn, stallCheck time.Duration) error {
	if stallCheck == 0 {
		stallCheck = 10 * time.Second
	}
	poll := min(stallCheck, time.Second)
	lastMsg := time.Now()
	idleChecks := 0
	for co.next < co.m.Chunks {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%d of %d chunks written: %w", co.next, co.m.Chunks, err)
		}
		msg, err := it.Next(jetstream.NextMaxWait(poll))
		if errors.Is(err, nats.ErrTimeout) {
			if time.Since(lastMsg) < stallCheck {
				continue
			}
			lastMsg = time.Now()
			idle, err := workIdle(ctx, c)
			if err != nil || !idle {
				idleChecks = 0
				continue
			}
			if idleChecks++; idleChecks >= 2 {
				return co.givenUp()
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("read results: %w", err)
		}
		lastMsg, idleChecks = time.Now(), 0
		if err := co.add(msg); err != nil {
			return err
		}
	}
	return nil
}

// workIdle reports whether the workers' consumer has nothing queued and nothing in a
// worker's hands (false when there is no such consumer yet: no worker has started).
func workIdle(ctx context.Context, c *Conn) (bool, error) {
	cons, err := c.JS.Consumer(ctx, c.cfg.stream(workKind), workersConsumer)
	if err != nil {
		return false, err
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return false, err
	}
	return info.NumPending == 0 && info.NumAckPending == 0, nil
}

// givenUp is the error for chunks that no worker will deliver any more.
func (co *collector) givenUp() error {
	var missing []int
	for seq := co.next; seq < co.m.Chunks && len(missing) < 10; seq++ {
		if pc := co.pending[seq]; pc == nil || pc.got < len(pc.lines) {
			missing = append(missing, seq)
		}
	}
	return fmt.Errorf("%d of %d chunks written; chunks %v (and any after them) are neither queued nor with a worker: they were given up after %d deliveries (see the workers' logs); submit the job again under a new --job name",
		co.next, co.m.Chunks, missing, co.maxDeliver)
}

func (co *collector) add(msg jetstream.Msg) error {
	h := msg.Headers()
	p, err := parsePos(h.Get(hdrPos))
	if err != nil || p.file >= len(co.m.Files) {
		// Not a result a worker published for this job: skip it.
		return nil
	}
	if md, err := msg.Metadata(); err == nil && md.Timestamp.After(co.last) {
		co.last = md.Timestamp
	}
	if w := h.Get(hdrWorker); w != "" {
		co.workers[w] = true
	}
	if v := h.Get(hdrVersions); v != "" && co.versions == "" {
		co.versions = v
	}
	if p.seq < co.next {
		co.dups++
		return nil
	}
	pc := co.pending[p.seq]
	if pc == nil {
		pc = &pendingChunk{file: p.file, lines: make([][]byte, p.n), failed: make([]bool, p.n), lineNo: make([]int, p.n)}
		co.pending[p.seq] = pc
	}
	if p.idx >= len(pc.lines) {
		return nil
	}
	if pc.lines[p.idx] != nil {
		co.dups++
		return nil
	}
	pc.lines[p.idx] = msg.Data()
	pc.failed[p.idx] = h.Get(hdrFailed) == "1"
	pc.lineNo[p.idx] = p.line
	pc.got++
	return co.flush()
}

// flush writes the complete chunks at the head of the order, with each file's read error
// after its last chunk.
func (co *collector) flush() error {
	for {
		pc := co.pending[co.next]
		if pc == nil || pc.got < len(pc.lines) {
			return nil
		}
		if err := co.fileErrors(pc.file); err != nil {
			return err
		}
		delete(co.pending, co.next)
		co.next++
		file := co.m.Files[pc.file].Path
		fs := &co.fileStats[pc.file]
		for i, line := range pc.lines {
			if err := co.folder.AppendResult(line); err != nil {
				return err
			}
			co.records++
			fs.Records++
			if !pc.failed[i] {
				continue
			}
			var res engine.Result
			if err := json.Unmarshal(line, &res); err != nil || res.Error == nil {
				return fmt.Errorf("result marked failed is not a failed result: %.200s", line)
			}
			co.failed++
			fs.Failed++
			if err := co.folder.AppendError(file, pc.lineNo[i], res.ID, string(res.Error.Code), res.Error.Message); err != nil {
				return err
			}
		}
		if co.progress != nil {
			co.progress(CollectProgress{Chunks: co.next, ChunksTotal: co.m.Chunks, Records: co.records})
		}
	}
}

// fileErrors writes the read errors of files before file (index) whose chunks are all
// written.
func (co *collector) fileErrors(file int) error {
	for ; co.nextFile < file; co.nextFile++ {
		f := co.m.Files[co.nextFile]
		if f.Error == "" {
			continue
		}
		if err := co.folder.AppendError(f.Path, f.ErrorLine, "", string(recorderr.FileError), f.Error); err != nil {
			return err
		}
	}
	return nil
}
