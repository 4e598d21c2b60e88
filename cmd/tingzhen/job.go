package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/mention"
)

func init() {
	register(command{"job", "bulk jobs: `job run` analyses files or folders into results, errors, summary and an HTML report (resumable)", cmdJob})
}

// defaultGoMemLimitMiB is job run's soft Go heap limit: the Go heap of a job peaked under
// 100 MB with two workers and chunks of 64 (bench/results/jobs.md), so the limit only acts
// on outliers (very long records), keeping the process under 1 GB.
const defaultGoMemLimitMiB = 384

// setGoMemLimit sets the soft Go heap limit to mib MiB (--go-mem-limit of job run and
// worker) unless mib ≤ 0 or GOMEMLIMIT is set, and returns what restores the previous one.
func setGoMemLimit(mib int) (restore func()) {
	if mib <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(int64(mib) << 20)
	return func() { debug.SetMemoryLimit(prev) }
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// expandMultiInput rewrites `--input a b c` into `--input a --input b --input c`, so that
// shell globs expanding to several files work.
func expandMultiInput(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		if a == "--input" || a == "-input" {
			if i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				out = append(out, "--input", args[i+1])
				i++
			}
		}
	}
	return out
}

func cmdJob(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "submit" { // scale out on NATS (scale.go)
		return cmdJobSubmit(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "collect" {
		return cmdJobCollect(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(stderr, "Usage: tingzhen job run --input PATH... --output DIR [flags]   (tingzhen job run --help for flags)")
		fmt.Fprintln(stderr, "       tingzhen job submit --nats URL --input PATH...; tingzhen job collect --nats URL --job NAME --output DIR   (on NATS JetStream, with `tingzhen worker`s)")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fs := flag.NewFlagSet("job run", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: tingzhen job run --input PATH... --output DIR [flags]

Analyses every record of the inputs (files, globs, directories; JSONL, CSV/TSV with a header,
plain text one record per line, each optionally gzip'd; UTF-8 or GBK/GB18030) and writes into DIR:
  results.jsonl   one result per record, in input order (id = the record's id, else file:line)
  errors.jsonl    every bad record: file, line, id, code, reason; every input file that could not
                  be read (FIFO, socket, device, dangling link, corrupt gzip): code file_error
  summary.json    counts per industry, stage, touchpoint, indicator, department, point type; top points
  report.html     one self-contained page with the journey emotion map and charts
Progress is checkpointed in DIR/.checkpoint: after a crash or kill, the same command resumes and
the outputs hold every record exactly once. Exit status: 0 all records analysed, 1 some records
or input files failed (see errors.jsonl), 2 usage or fatal error (resumable).

Cores and memory: --workers N is the number of CPU lanes. N chunks are analysed at once, each
by one Analyze call whose model batches run one after another (the engine is built with one
inference worker and --threads ONNX Runtime threads per run, default 1), so the job keeps
N × threads cores busy; the default N is the number of CPUs. Peak memory is about 270 MB of
models, jieba and graph plus, per worker, one chunk of records (--chunk) and ONNX Runtime's
buffers for one batch (--batch); bench/results/jobs.md has the measured numbers. The Go heap
gets a soft limit (--go-mem-limit, or GOMEMLIMIT when set): past it Go collects garbage
more often instead of growing; it does not cover the models' native memory.

Flags:`)
		printFlags(fs)
	}
	var ef engineFlags
	ef.register(fs)
	var in inputFlags
	mp := mention.DefaultPolicy()
	in.register(fs, mp.IndustryMode, fmt.Sprintf("how records naming no industry get one without --industry: record (each its own inferred industry) or dominant (the industry of at least %.0f%% of the first %d such records, for all of them; else per record); the choice is in summary.json and report.html", 100*mp.DominantShare, mp.DominantSample))
	out := fs.String("output", "", "output folder")
	workers := fs.Int("workers", runtime.NumCPU(), "CPU lanes: chunks analysed at once, each on one core (times --threads)")
	chunk := fs.Int("chunk", jobs.DefaultChunkSize, "records per chunk (per Analyze call and per checkpointed write)")
	goMemLimit := fs.Int("go-mem-limit", defaultGoMemLimitMiB, "soft limit of the Go heap in MiB (debug.SetMemoryLimit); 0: none; ignored when GOMEMLIMIT is set")
	restart := fs.Bool("restart", false, "discard the checkpoint and outputs in --output and start over")
	progress := fs.String("progress", "auto", "progress on stderr: auto (bar on a terminal, lines otherwise), bar, lines or none")
	fs.StringVar(&ef.data, "data", "", "Badger directory of the knowledge graph; with it, the job feeds the graph's counters and candidate terms")
	var maxOutput int64
	fs.Var(sizeFlag{&maxOutput}, "max-output", "most bytes of results.jsonl and errors.jsonl together, e.g. 10GiB: the job stops (resumable) before passing it (default 0: no limit; --min-free-disk also guards the output disk)")
	fs.Lookup("threads").Usage = "ONNX Runtime intra-op threads per model run (default 1); each worker keeps this many cores busy"
	if ok, code := parseFlags(fs, expandMultiInput(args[1:]), stderr); !ok {
		return code
	}
	if !in.check(fs, stderr) {
		return exitUsage
	}
	if len(in.inputs) == 0 || *out == "" {
		fs.Usage()
		return exitUsage
	}
	if *workers < 1 {
		fmt.Fprintln(stderr, "tingzhen: --workers must be at least 1")
		return exitUsage
	}
	if *goMemLimit < 0 {
		fmt.Fprintln(stderr, "tingzhen: --go-mem-limit must be 0 (none) or a size in MiB")
		return exitUsage
	}
	defer setGoMemLimit(*goMemLimit)()
	e, ok := newEngine(ctx, &ef, stderr, func(c *engine.Config) {
		// Parallelism comes from the job's workers, one core each (see --help).
		c.InferWorkers = 1
	})
	if !ok {
		return exitUsage
	}
	defer closeEngine(ctx, e) // exitclose.go
	spec := in.spec()
	spec.Output, spec.Workers, spec.ChunkSize = *out, *workers, *chunk
	spec.MaxRecordBytes, spec.RecordKG, spec.Restart = 4*ef.maxTextBytes+4096, ef.data != "", *restart
	spec.MaxOutputBytes, spec.MinFreeDisk = maxOutput, ef.minFreeDisk
	if spec.MinFreeDisk == 0 {
		spec.MinFreeDisk = -1 // --min-free-disk 0: no reserve
	}
	pr := newProgressPrinter(stderr, *progress)
	res, err := jobs.Run(ctx, e, spec, pr.update)
	pr.end()
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		var stopped *jobs.StoppedError
		if errors.As(err, &stopped) {
			fmt.Fprintf(stderr, "tingzhen: the outputs up to the checkpoint in %s are intact: run the same command again to resume\n", filepath.Join(*out, jobs.CheckpointDir))
		}
		return exitUsage
	}
	st := res.State
	switch {
	case res.AlreadyDone:
		fmt.Fprintf(stderr, "job: already complete (%d records, %d failed); summary.json and report.html rewritten\n", st.Records, st.Failed)
	default:
		resumed := ""
		if res.Resumed {
			resumed = " (resumed)"
		}
		fmt.Fprintf(stderr, "job: %d records, %d failed, %.1f records/s%s\n", st.Records, st.Failed, res.Summary.Job.RecordsPerSecond, resumed)
	}
	if c := res.Summary.IndustryChoice; c != nil && c.Mode == mention.IndustryModeDominant {
		if c.Industry != "" {
			fmt.Fprintf(stderr, "job: industry %s for records naming none (%.0f%% of the first %d)\n", c.Industry, 100*c.Share, c.Sampled)
		} else {
			fmt.Fprintf(stderr, "job: no dominant industry (%s %.0f%% of the first %d, under %.0f%%): inferred per record\n", c.Top, 100*c.Share, c.Sampled, 100*c.MinShare)
		}
	}
	if st.FailedFiles > 0 {
		fmt.Fprintf(stderr, "job: %d input file(s) could not be read (see %s):\n", st.FailedFiles, filepath.Join(*out, jobs.ErrorsFile))
	}
	for _, f := range st.FileLog {
		if f.Error != "" {
			fmt.Fprintf(stderr, "job: %s: %s\n", f.Path, f.Error)
		}
	}
	fmt.Fprintf(stdout, "%s\n%s\n%s\n%s\n", filepath.Join(*out, jobs.ResultsFile), filepath.Join(*out, jobs.ErrorsFile),
		filepath.Join(*out, jobs.SummaryFile), filepath.Join(*out, jobs.ReportFile))
	if st.Failed > 0 || st.FailedFiles > 0 {
		return exitRecordFails
	}
	return exitOK
}

// progressPrinter draws a bar on a terminal, or prints a line every 10 s otherwise.
type progressPrinter struct {
	mu    sync.Mutex
	w     io.Writer
	mode  string
	last  time.Time
	drawn bool
}

func newProgressPrinter(w io.Writer, mode string) *progressPrinter {
	if mode == "auto" {
		mode = "lines"
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				mode = "bar"
			}
		}
	}
	return &progressPrinter{w: w, mode: mode}
}

func (p *progressPrinter) update(pr jobs.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	every := 10 * time.Second
	if p.mode == "bar" {
		every = 200 * time.Millisecond
	}
	if p.mode == "none" || time.Since(p.last) < every {
		return
	}
	p.last = time.Now()
	pct := 0.0
	if pr.BytesTotal > 0 {
		pct = 100 * float64(pr.BytesDone) / float64(pr.BytesTotal)
	}
	eta := "?"
	if pr.ETA >= 0 {
		eta = pr.ETA.Round(time.Second).String()
	}
	file := filepath.Base(pr.File)
	if p.mode == "bar" {
		const width = 30
		n := int(pct / 100 * width)
		bar := strings.Repeat("=", n) + strings.Repeat(" ", width-n)
		fmt.Fprintf(p.w, "\r[%s] %5.1f%% %d records (%d failed) %.0f rec/s ETA %s  file %d/%d %s\x1b[K", bar, pct, pr.Records, pr.Failed, pr.Rate, eta, pr.FileIdx+1, pr.Files, file)
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "job: %d records (%d failed), %.1f records/s, %.1f%% of input bytes, ETA %s, file %d/%d %s\n", pr.Records, pr.Failed, pr.Rate, pct, eta, pr.FileIdx+1, pr.Files, file)
}

func (p *progressPrinter) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
