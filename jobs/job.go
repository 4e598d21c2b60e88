package jobs

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/record"
)

// Output file names inside the job's output folder.
const (
	ResultsFile   = "results.jsonl"
	ErrorsFile    = "errors.jsonl"
	SummaryFile   = "summary.json"
	ReportFile    = "report.html"
	CheckpointDir = ".checkpoint"
)

// DefaultChunkSize is Spec.ChunkSize's default; chunkTextBytes also ends a chunk. Measured
// (bench/results/jobs.md): with two workers the Go heap peaked at 235 MB with chunks of
// 256 records and at 97 MB with chunks of 64, with no measurable change in CPU per record.
const (
	DefaultChunkSize = 64
	chunkTextBytes   = 256 << 10
)

// Spec describes a job.
type Spec struct {
	Inputs        []string `json:"input"`          // files, globs, directories
	Output        string   `json:"output"`         // output folder
	Format        string   `json:"format"`         // auto | jsonl | csv | tsv | txt | transcript
	TextField     string   `json:"text_field"`     // JSON key / column of the text
	IDField       string   `json:"id_field"`       // JSON key / column of the id
	IndustryField string   `json:"industry_field"` // JSON key / column of a per-record industry
	Industry      string   `json:"industry"`       // default industry (else inferred, see IndustryMode)
	// IndustryMode is how records that name no industry (and a job without Industry) get
	// one: "record" (each its own inferred industry) or "dominant" (the industry the first
	// mention.DefaultPolicy().DominantSample such records mostly infer, when it holds at
	// least DominantShare of them; else as record). Default mention.DefaultPolicy().IndustryMode
	// (dominant). The choice is in summary.json (industry_choice) and report.html.
	IndustryMode string `json:"industry_mode,omitempty"`
	// TimeField is the key / column of the event time (default: time, date, created_at,
	// 日期, 时间 … when present, see input.Options); records count on their own day.
	TimeField string `json:"time_field,omitempty"`
	// Fields maps dimensions (channel, brand, product, store, region, segment, tags) to
	// keys / columns (default: columns of their usual names, channel/渠道, brand/品牌 …).
	Fields map[string]string `json:"fields,omitempty"`
	// Aspects are aspect terms named for every record (`--aspect`), added after a record's
	// own (its aspects key or column, input.Record.Aspects): each occurrence in a text gets
	// one mention of source "named" (mention/named.go). The list is checked as a record's
	// is (mention.NamedPolicy.NamedTerms; a bad list stops the job before it starts); a
	// record whose own and job terms together fail the check is a bad record (bad_aspects).
	// Not used for --format transcript.
	Aspects []string `json:"aspects,omitempty"`
	// Workers is how many chunks are analysed at once, each by its own Analyze call (default
	// 1). With an engine whose Config.InferWorkers is 1 (as `tingzhen job run` builds it),
	// each worker keeps one core busy, so Workers is the job's number of CPU lanes; with the
	// engine default (InferWorkers = CPUs) every Analyze call already runs its model batches
	// on all cores, and extra workers mostly add memory (bench/results/jobs.md).
	Workers int `json:"workers"`
	// ChunkSize is the records per Analyze call and per output write (default 64; a chunk
	// also ends at 256 KiB of text). Every chunk in flight holds its records and results,
	// so the Go heap grows with ChunkSize × Workers.
	ChunkSize int `json:"chunk_size"`
	// MaxRecordBytes bounds one input line/row (default 1 MiB).
	MaxRecordBytes int `json:"max_record_bytes"`
	// Encoding of the input files: auto (default), utf-8, gbk or gb18030 (input.Options).
	Encoding string `json:"encoding,omitempty"`
	// RecordKG feeds the insights counters and candidate terms (package record) with every
	// result and call, from the job itself, right after each checkpoint; record ids are
	// stable (the input's id, else file:line; a call's id) and counting is idempotent on
	// them, so a resumed or repeated job counts each record once.
	RecordKG bool `json:"record_kg"`
	// IDRoot, when set, names records without an id by their file's path relative to it
	// (file:line), so that the same export uploaded again gets the same ids and is counted
	// once (the server's jobs set it to their uploads folder). Default: the path as given.
	IDRoot string `json:"-"`
	// CheckpointEvery is the most time between checkpoints (default 2 s).
	CheckpointEvery time.Duration `json:"-"`
	// Restart discards an existing checkpoint and outputs in Output instead of resuming.
	Restart bool `json:"restart"`
	// MaxOutputBytes bounds results.jsonl and errors.jsonl together (0: no bound; `job run
	// --max-output`, the server's per-job and total quotas): a chunk that would pass it
	// stops the job with a diskspace.QuotaError before it is written, resumable from the
	// checkpoint once the quota allows. QuotaName names the setting in that error.
	MaxOutputBytes int64  `json:"-"`
	QuotaName      string `json:"-"`
	// MinFreeDisk is the free space kept on Output's disk (--min-free-disk): the job does not
	// start below it, and a chunk written below it stops the job with a diskspace.LowError,
	// resumable once space is freed (the checkpoint is a Badger database: writing into its
	// memory-mapped files on a full disk would be a SIGBUS). 0: diskspace.DefaultMinFree
	// (512 MiB); negative: off.
	MinFreeDisk int64 `json:"-"`
	// Analyze, when set, takes the records' texts instead of Engine.Analyze (a server's
	// admission: server.Server.AnalyzeBulk, so that a job's chunks share the engine with
	// interactive requests at a low priority). Not saved with the job.
	Analyze func(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) `json:"-"`
}

// Progress is reported after every chunk written.
type Progress struct {
	Files      int           `json:"files"`
	FileIdx    int           `json:"file_index"` // 0-based index of the file being read
	File       string        `json:"file"`
	Records    int64         `json:"records"` // records written, all runs together
	Failed     int64         `json:"failed"`
	BytesDone  int64         `json:"bytes_done"` // input bytes read (approximate for the current file)
	BytesTotal int64         `json:"bytes_total"`
	Elapsed    time.Duration `json:"elapsed_ns"`
	Rate       float64       `json:"records_per_s"` // in this run
	ETA        time.Duration `json:"eta_ns"`        // -1 when unknown
	Resumed    bool          `json:"resumed"`
}

// Outcome is what a finished job leaves.
type Outcome struct {
	State       *State
	Summary     *Summary
	Resumed     bool // the job continued from a checkpoint
	AlreadyDone bool // the checkpoint said the job was complete; only summary and report were rewritten
	Elapsed     time.Duration
}

// chunk is a run of records of one file, analysed together and written together.
type chunk struct {
	seq      int
	fileIdx  int
	recs     []input.Record
	endPos   input.Position
	eof      bool
	fileErr  error
	format   string
	encoding string
	rawRead  int64
	results  []engine.Result
	inputs   []engine.Input // parallel to results, for the knowledge graph examples
	// Transcripts (--format transcript): one call per record.
	calls       []calls.Call
	callResults []*calls.CallResult // nil where the call failed (results[i].Error says why)
}

// Run runs (or resumes) a job to the end. A record that cannot be read or analysed goes to
// errors.jsonl and the job goes on; I/O failures on the outputs and engine failures stop it
// with an error, leaving a checkpoint the same Spec resumes from.
func Run(ctx context.Context, e *engine.Engine, spec Spec, progress func(Progress)) (*Outcome, error) {
	start := time.Now()
	if spec.Output == "" {
		return nil, errors.New("job: no output folder")
	}
	if len(spec.Inputs) == 0 {
		return nil, errors.New("job: no input")
	}
	if err := input.CheckFields(spec.Fields); err != nil {
		return nil, fmt.Errorf("job: %w", err)
	}
	if _, err := input.ParseEncoding(spec.Encoding); err != nil {
		return nil, fmt.Errorf("job: %w", err)
	}
	if _, _, err := industryMode(spec); err != nil {
		return nil, err
	}
	if err := spec.CheckAspects(); err != nil {
		return nil, fmt.Errorf("job: %w", err)
	}
	if spec.Workers <= 0 {
		spec.Workers = 1
	}
	if spec.ChunkSize <= 0 {
		spec.ChunkSize = DefaultChunkSize
	}
	if spec.CheckpointEvery <= 0 {
		spec.CheckpointEvery = 2 * time.Second
	}
	files, err := input.Expand(spec.Inputs)
	if err != nil {
		return nil, fmt.Errorf("job inputs: %w", err)
	}
	if files = outsideDir(files, spec.Output); len(files) == 0 {
		return nil, errors.New("job inputs: no input files outside the output folder")
	}
	fp, err := fingerprint(files, spec)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(spec.Output, 0o755); err != nil {
		return nil, fmt.Errorf("job output folder: %w", err)
	}
	guard := diskspace.NewGuard(spec.Output, spec.MinFreeDisk)
	if err := guard.Check("job start"); err != nil {
		return nil, err
	}
	cp, err := openCheckpoint(filepath.Join(spec.Output, CheckpointDir))
	if err != nil {
		return nil, fmt.Errorf("%w (is another job using %s?)", err, spec.Output)
	}
	defer cp.Close()
	st, err := cp.Load()
	if err != nil {
		return nil, err
	}
	resumed := st != nil && !spec.Restart
	if st != nil && !spec.Restart && st.Fingerprint != fp {
		return nil, fmt.Errorf("job: %s holds a different job (other inputs, input contents or options); use another output folder or --restart", spec.Output)
	}
	if !resumed {
		st = &State{Version: stateVersion, Fingerprint: fp, Files: files, FileLog: make([]FileStat, len(files))}
		for i, f := range files {
			st.FileLog[i].Path = f
		}
		if st.Industry, err = ChooseIndustry(ctx, e.KG().Graph(), e.Config().MentionPolicy(), spec, files); err != nil {
			return nil, fmt.Errorf("job: choose industry: %w", err)
		}
		for _, name := range []string{ResultsFile, ErrorsFile, SummaryFile, ReportFile} {
			if err := os.Remove(filepath.Join(spec.Output, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("job: clear old output: %w", err)
			}
		}
		if err := cp.Save(st); err != nil {
			return nil, err
		}
	}
	r := &runner{e: e, spec: spec, st: st, cp: cp, progress: progress, start: start, resumed: resumed,
		recordKG: spec.RecordKG, savedRecords: st.Records, guard: guard}
	r.choice = st.Industry
	if r.recordKG {
		if r.rec, err = record.ForEngine(e); err != nil {
			return nil, fmt.Errorf("job: %w", err)
		}
	}
	if st.Done {
		sum, err := r.finish(ctx)
		if err != nil {
			return nil, err
		}
		return &Outcome{State: st, Summary: sum, Resumed: true, AlreadyDone: true, Elapsed: time.Since(start)}, nil
	}
	if spec.Format == input.Transcript {
		if r.calls, err = calls.NewAnalyzer(e, calls.Options{Industry: spec.Industry}); err != nil {
			return nil, fmt.Errorf("job: transcripts: %w", err)
		}
		defer r.calls.Close()
	}
	if err := r.openOutputs(); err != nil {
		return nil, err
	}
	defer r.closeOutputs()
	if r.recordKG && st.KGUpTo < st.ResultsSize {
		if err := r.replayKG(ctx); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			r.bytesTotal += fi.Size()
		}
	}
	if err := r.pipeline(ctx); err != nil {
		return nil, &StoppedError{Records: r.savedRecords, Err: err}
	}
	if err := r.closeOutputs(); err != nil {
		return nil, fmt.Errorf("job: close outputs: %w", err)
	}
	sum, err := r.finish(ctx)
	if err != nil {
		return nil, err
	}
	return &Outcome{State: st, Summary: sum, Resumed: resumed, Elapsed: time.Since(start)}, nil
}

// outsideDir drops files inside dir (a job's own outputs when its output folder sits in
// an input folder).
func outsideDir(files []string, dir string) []string {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return files
	}
	out := files[:0:0]
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil && strings.HasPrefix(abs, absDir+string(filepath.Separator)) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// StoppedError is returned when a started job stops before its end (write failure, engine
// failure, cancellation): the outputs up to the last checkpoint are intact and running the
// same Spec again resumes from there.
type StoppedError struct {
	Records int64 // records written and checkpointed
	Err     error
}

func (e *StoppedError) Error() string {
	return fmt.Sprintf("job stopped, resumable from its checkpoint (%d records): %v", e.Records, e.Err)
}
func (e *StoppedError) Unwrap() error { return e.Err }

// fingerprint identifies the job's inputs (names, sizes, modification times) and the
// options that change its outputs; worker count and chunking do not.
func fingerprint(files []string, spec Spec) (string, error) {
	h := sha256.New()
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		fi, err := os.Stat(f)
		if err != nil {
			// A dangling symbolic link (or a file gone since Expand): reading it gives a
			// per-file error; the job goes on with the others.
			fmt.Fprintf(h, "%s\x00unreadable\n", abs)
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", abs, fi.Size(), fi.ModTime().UnixNano())
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d", spec.Format, spec.TextField, spec.IDField, spec.IndustryField, spec.Industry, spec.MaxRecordBytes, spec.ChunkSize)
	if enc, _ := input.ParseEncoding(spec.Encoding); enc != input.EncodingAuto {
		fmt.Fprintf(h, "\x00encoding=%s", enc) // auto keeps the fingerprints of earlier jobs
	}
	if mode, applies, _ := industryMode(spec); applies && mode != mention.IndustryModeRecord {
		fmt.Fprintf(h, "\x00industry_mode=%s", mode) // record mode keeps the fingerprints of earlier jobs
	}
	if len(spec.Aspects) > 0 {
		fmt.Fprintf(h, "\x00aspects=%s", strings.Join(spec.Aspects, "\x01")) // none keeps the fingerprints of earlier jobs
	}
	if spec.TimeField != "" || len(spec.Fields) > 0 {
		fmt.Fprintf(h, "\x00%s", spec.TimeField)
		for _, d := range input.DimNames {
			fmt.Fprintf(h, "\x00%s", spec.Fields[d])
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

type runner struct {
	e               *engine.Engine
	spec            Spec
	st              *State
	cp              *checkpoint
	progress        func(Progress)
	start           time.Time
	resumed         bool
	recordKG        bool
	rec             *record.Recorder // Spec.RecordKG
	resF, errF      *os.File
	resW, errW      *bufio.Writer
	bytesTotal      int64
	bytesDoneBefore int64 // sizes of files finished
	runRecords      int64
	lastCheckpoint  time.Time
	pendingKG       []chunkKG
	closed          bool
	calls           *calls.Analyzer  // --format transcript
	savedRecords    int64            // records covered by the last checkpoint
	readFrom        State            // copy of the state at start, for the reader
	guard           *diskspace.Guard // Spec.MinFreeDisk on Output's disk
	choice          *IndustryChoice  // the job's industry choice (State.Industry), nil if none
}

// runTexts runs texts through Spec.Analyze, or the engine when it is nil.
func (r *runner) runTexts(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) {
	if r.spec.Analyze != nil {
		return r.spec.Analyze(ctx, inputs)
	}
	return r.e.Analyze(ctx, inputs)
}

func (r *runner) openOutputs() error {
	open := func(name string, size int64) (*os.File, error) {
		p := filepath.Join(r.spec.Output, name)
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("job: open %s: %w", p, err)
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("job: stat %s: %w", p, err)
		}
		if fi.Size() < size {
			f.Close()
			return nil, fmt.Errorf("job: %s is %d bytes, shorter than its checkpoint (%d): it was changed outside the job; use --restart", p, fi.Size(), size)
		}
		if err := f.Truncate(size); err != nil {
			f.Close()
			return nil, fmt.Errorf("job: truncate %s to its checkpoint: %w", p, err)
		}
		if _, err := f.Seek(size, io.SeekStart); err != nil {
			f.Close()
			return nil, fmt.Errorf("job: seek %s: %w", p, err)
		}
		return f, nil
	}
	var err error
	if r.resF, err = open(ResultsFile, r.st.ResultsSize); err != nil {
		return err
	}
	if r.errF, err = open(ErrorsFile, r.st.ErrorsSize); err != nil {
		r.resF.Close()
		return err
	}
	r.resW = bufio.NewWriterSize(r.resF, 1<<20)
	r.errW = bufio.NewWriterSize(r.errF, 64<<10)
	return nil
}

func (r *runner) closeOutputs() error {
	if r.closed || r.resF == nil {
		return nil
	}
	r.closed = true
	return errors.Join(r.resF.Close(), r.errF.Close())
}

// pipeline: one reader goroutine → Workers analysing goroutines → this goroutine writing in
// order and checkpointing.
func (r *runner) pipeline(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.readFrom = *r.st
	work := make(chan *chunk, r.spec.Workers)
	done := make(chan *chunk, r.spec.Workers)
	errc := make(chan error, r.spec.Workers+1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(work)
		if err := r.read(ctx, work); err != nil {
			errc <- err
		}
	}()
	var wwg sync.WaitGroup
	for w := 0; w < r.spec.Workers; w++ {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for c := range work {
				if err := r.analyze(ctx, c); err != nil {
					errc <- err
					cancel()
					return
				}
				select {
				case done <- c:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wwg.Wait()
		close(done)
	}()
	werr := r.write(ctx, done)
	cancel()
	for range done {
	}
	wg.Wait()
	close(errc)
	errs := []error{werr}
	for err := range errc {
		if !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ReadOptions is how the job reads its input files into records (format, columns, size
// bound, encoding): the one translation of a Spec into input.Options, for job run, the
// dominant-industry sample and scale's submit.
func (s Spec) ReadOptions() input.Options {
	return input.Options{Format: s.Format, TextField: s.TextField, IDField: s.IDField, IndustryField: s.IndustryField,
		TimeField: s.TimeField, Fields: s.Fields, MaxRecordBytes: s.MaxRecordBytes, Encoding: s.Encoding}
}

// CheckAspects checks the job's named aspects (Spec.Aspects) as a record's are checked
// (mention.NamedPolicy.NamedTerms): an error names the bad item.
func (s Spec) CheckAspects() error {
	np := mention.DefaultNamedPolicy()
	if _, err := np.NamedTerms(s.Aspects); err != nil {
		return fmt.Errorf("aspects: %w", err)
	}
	return nil
}

// Input is the engine input of a good record read from a file, with its id and industry
// already resolved: the one translation of an input.Record, for job run and scale's
// submit. Its named aspects are the record's own, then the job's (Spec.Aspects).
func (s Spec) Input(id, industry string, rec input.Record) engine.Input {
	return engine.Input{ID: id, Text: rec.Text, Industry: industry, Time: rec.Time, Dims: rec.Dims, Role: rec.Role,
		Aspects: mention.WithNamed(rec.Aspects, s.Aspects)}
}

// read turns files into chunks, starting at the checkpoint.
func (r *runner) read(ctx context.Context, out chan<- *chunk) error {
	seq := 0
	opt := r.spec.ReadOptions()
	send := func(c *chunk) error {
		c.seq = seq
		seq++
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	startIdx, startPos := r.readFrom.FileIdx, r.readFrom.Pos // r.st belongs to the writer
	for fi := startIdx; fi < len(r.st.Files); fi++ {
		pos := input.Position{}
		if fi == startIdx {
			pos = startPos
		}
		if r.spec.Format == input.Transcript {
			if err := r.readTranscripts(ctx, fi, pos, send); err != nil {
				return err
			}
			continue
		}
		rd, err := input.Open(r.st.Files[fi], opt, pos)
		if err != nil {
			if err := send(&chunk{fileIdx: fi, eof: true, fileErr: err, endPos: pos}); err != nil {
				return err
			}
			continue
		}
		c := &chunk{fileIdx: fi, format: rd.Format(), encoding: rd.Encoding()}
		textBytes := 0
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				c.fileErr = err
				break
			}
			c.recs = append(c.recs, rec)
			textBytes += len(rec.Text)
			if len(c.recs) >= r.spec.ChunkSize || textBytes >= chunkTextBytes {
				c.endPos, c.rawRead = rd.Pos(), rd.RawRead()
				if err := send(c); err != nil {
					rd.Close()
					return err
				}
				c = &chunk{fileIdx: fi, format: rd.Format(), encoding: rd.Encoding()}
				textBytes = 0
			}
		}
		c.endPos, c.rawRead, c.eof = rd.Pos(), rd.RawRead(), true
		rd.Close()
		if err := send(c); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) recordID(fileIdx int, rec input.Record) string {
	return RecordID(r.st.Files[fileIdx], r.spec.IDRoot, rec)
}

// analyze runs the engine over a chunk's good records.
func (r *runner) analyze(ctx context.Context, c *chunk) error {
	if c.calls != nil {
		return r.analyzeCalls(ctx, c)
	}
	c.results = make([]engine.Result, len(c.recs))
	var inputs []engine.Input
	var idx []int
	for i, rec := range c.recs {
		id := r.recordID(c.fileIdx, rec)
		if rec.Err != nil {
			c.results[i] = engine.Result{ID: id, Error: &engine.RecordError{Code: recorderr.Code(rec.Err.Code), Message: rec.Err.Message}}
			continue
		}
		inputs = append(inputs, r.spec.RecordInput(id, rec, r.choice)) // industry.go
		idx = append(idx, i)
	}
	if len(inputs) > 0 {
		res, err := r.runTexts(ctx, inputs)
		if err != nil {
			return fmt.Errorf("job: analyse %s records %d–%d: %w", r.st.Files[c.fileIdx], c.recs[0].Line, c.recs[len(c.recs)-1].Line, err)
		}
		for k, i := range idx {
			c.results[i] = res[k]
		}
	}
	c.inputs = inputs
	return nil
}

// errorLine is one line of errors.jsonl.
type errorLine struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	ID     string `json:"id,omitempty"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// write takes analysed chunks in order, appends them to the outputs and checkpoints.
func (r *runner) write(ctx context.Context, done <-chan *chunk) error {
	pending := map[int]*chunk{}
	next := 0
	r.lastCheckpoint = time.Now()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	var ebuf bytes.Buffer
	eenc := json.NewEncoder(&ebuf)
	eenc.SetEscapeHTML(false)
	for c := range done {
		pending[c.seq] = c
		for {
			c, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			buf.Reset()
			ebuf.Reset()
			file := r.st.Files[c.fileIdx]
			fs := &r.st.FileLog[c.fileIdx]
			if c.format != "" {
				fs.Format, fs.Encoding = c.format, c.encoding
			}
			var failed int64
			for i, res := range c.results {
				var v any = res
				if c.callResults != nil && c.callResults[i] != nil {
					v = c.callResults[i]
				}
				if err := enc.Encode(v); err != nil {
					return fmt.Errorf("job: encode result %s: %w", res.ID, err)
				}
				if res.Error != nil {
					failed++
					line := 0
					if i < len(c.recs) {
						line = c.recs[i].Line
					}
					eenc.Encode(errorLine{File: file, Line: line, ID: res.ID, Code: string(res.Error.Code), Reason: res.Error.Message})
				}
			}
			if c.fileErr != nil {
				eenc.Encode(errorLine{File: file, Line: c.endPos.Line, Code: string(recorderr.FileError), Reason: c.fileErr.Error()})
			}
			if err := r.checkOutput(int64(buf.Len() + ebuf.Len())); err != nil {
				// A clean stop: what is written so far is checkpointed (the reserve leaves
				// room for it), so a resume continues from this chunk.
				if cerr := r.checkpoint(context.WithoutCancel(ctx)); cerr != nil {
					return errors.Join(err, cerr)
				}
				return err
			}
			if c.fileErr != nil {
				fs.Error = c.fileErr.Error()
				r.st.FailedFiles++
			}
			if _, err := r.resW.Write(buf.Bytes()); err != nil {
				return fmt.Errorf("job: write %s: %w", ResultsFile, err)
			}
			if _, err := r.errW.Write(ebuf.Bytes()); err != nil {
				return fmt.Errorf("job: write %s: %w", ErrorsFile, err)
			}
			r.st.ResultsSize += int64(buf.Len())
			r.st.ErrorsSize += int64(ebuf.Len())
			n := int64(len(c.results))
			r.st.Records += n
			r.st.Failed += failed
			r.runRecords += n
			fs.Records += n
			fs.Failed += failed
			if r.recordKG && (len(c.inputs) > 0 || c.calls != nil) {
				r.pendingKG = append(r.pendingKG, kgOf(c))
			}
			if c.eof {
				r.st.FileIdx, r.st.Pos = c.fileIdx+1, input.Position{}
				if fi, err := os.Stat(file); err == nil {
					r.bytesDoneBefore += fi.Size()
				}
			} else {
				r.st.FileIdx, r.st.Pos = c.fileIdx, c.endPos
			}
			last := c.eof && c.fileIdx == len(r.st.Files)-1
			if last || time.Since(r.lastCheckpoint) >= r.spec.CheckpointEvery {
				if err := r.checkpoint(ctx); err != nil {
					return err
				}
			}
			r.report(c)
		}
	}
	if r.st.FileIdx < len(r.st.Files) {
		if err := ctx.Err(); err != nil {
			// Cancelled: keep what is written and checkpoint it.
			if cerr := r.checkpoint(context.WithoutCancel(ctx)); cerr != nil {
				return errors.Join(err, cerr)
			}
			return fmt.Errorf("cancelled: %w", err)
		}
	}
	return nil
}

func textsOf(c *chunk) []string {
	texts := make([]string, len(c.results))
	if c.calls != nil {
		return texts
	}
	k := 0
	for i, rec := range c.recs {
		if rec.Err == nil {
			texts[i] = c.inputs[k].Text
			k++
		}
	}
	return texts
}

// checkpoint flushes and fsyncs the outputs, then saves the state; then feeds the knowledge
// graph with what the checkpoint covers and saves again.
func (r *runner) checkpoint(ctx context.Context) error {
	if err := r.resW.Flush(); err != nil {
		return fmt.Errorf("job: write %s: %w", ResultsFile, err)
	}
	if err := r.errW.Flush(); err != nil {
		return fmt.Errorf("job: write %s: %w", ErrorsFile, err)
	}
	if err := r.resF.Sync(); err != nil {
		return fmt.Errorf("job: sync %s: %w", ResultsFile, err)
	}
	if err := r.errF.Sync(); err != nil {
		return fmt.Errorf("job: sync %s: %w", ErrorsFile, err)
	}
	r.st.Elapsed += time.Since(r.lastCheckpoint).Seconds()
	r.lastCheckpoint = time.Now()
	if err := r.cp.Save(r.st); err != nil {
		return err
	}
	r.savedRecords = r.st.Records
	if r.recordKG && len(r.pendingKG) > 0 {
		for _, p := range r.pendingKG {
			if err := r.recordChunk(ctx, p); err != nil {
				return err
			}
		}
		r.pendingKG = r.pendingKG[:0]
	}
	if r.recordKG && r.st.KGUpTo != r.st.ResultsSize {
		// The counts must be on disk before the checkpoint says they are (--durability
		// interval fsyncs only once a second by itself).
		if err := r.e.KG().SyncNow(); err != nil {
			return fmt.Errorf("job: %w", err)
		}
		r.st.KGUpTo = r.st.ResultsSize
		if err := r.cp.Save(r.st); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) report(c *chunk) {
	if r.progress == nil {
		return
	}
	el := time.Since(r.start)
	p := Progress{Files: len(r.st.Files), FileIdx: c.fileIdx, File: r.st.Files[c.fileIdx], Records: r.st.Records, Failed: r.st.Failed,
		BytesDone: r.bytesDoneBefore, BytesTotal: r.bytesTotal, Elapsed: el, ETA: -1, Resumed: r.resumed}
	if !c.eof {
		p.BytesDone += c.rawRead
	}
	if s := el.Seconds(); s > 0 {
		p.Rate = float64(r.runRecords) / s
	}
	if p.BytesDone > 0 && p.BytesTotal > p.BytesDone && el > time.Second {
		p.ETA = time.Duration(float64(el) * float64(p.BytesTotal-p.BytesDone) / float64(p.BytesDone))
	}
	r.progress(p)
}

// finish writes summary.json and report.html from the outputs and marks the job done.
func (r *runner) finish(ctx context.Context) (*Summary, error) {
	sum, err := Summarize(ctx, r.spec.Output, r.e.KG().Graph())
	if err != nil {
		return nil, err
	}
	sum.IndustryChoice = r.st.Industry
	sum.Job = JobInfo{Inputs: r.spec.Inputs, Files: r.st.FileLog, Records: r.st.Records, Failed: r.st.Failed, FailedFiles: r.st.FailedFiles,
		Seconds: round1(r.st.Elapsed), Workers: r.spec.Workers, Versions: r.e.Versions(), Generated: sum.Job.Generated}
	if r.st.Elapsed > 0 {
		sum.Job.RecordsPerSecond = round1(float64(r.st.Records) / r.st.Elapsed)
	}
	if err := writeSummaryFiles(r.spec.Output, sum); err != nil {
		return nil, err
	}
	if !r.st.Done {
		r.st.Done = true
		if err := r.cp.Save(r.st); err != nil {
			return nil, err
		}
	}
	return sum, nil
}

func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("job: write %s: %w", path, err)
	}
	_, werr := f.Write(b)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("job: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("job: write %s: %w", path, err)
	}
	return nil
}
