package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/scale"
	"github.com/tingzhen/tingzhen/store"
)

func init() {
	register(command{"worker", "scale out: analyse chunks of submitted jobs (and streaming feedback) from NATS JetStream (`job submit` / `job collect`)", cmdWorker})
	register(command{"aggregate", "scale out: feed the counters (--data) from the NATS results stream; the store's one writer", cmdAggregate})
}

// natsFlags are the flags of the commands that talk to NATS.
type natsFlags struct {
	url, prefix   string
	ackWait       time.Duration
	maxAckPending int
	replicas      int
}

func (f *natsFlags) register(fs *flag.FlagSet) {
	def := os.Getenv("TINGZHEN_NATS")
	if def == "" {
		def = scale.DefaultURL
	}
	fs.StringVar(&f.url, "nats", def, "NATS server URL(s), comma-separated (default $TINGZHEN_NATS, else "+scale.DefaultURL+")")
	fs.StringVar(&f.prefix, "nats-prefix", scale.DefaultPrefix, "prefix of the subjects and streams (one per deployment)")
	fs.DurationVar(&f.ackWait, "ack-wait", scale.DefaultAckWait, "how long a dead worker's chunks wait before another worker gets them")
	fs.IntVar(&f.maxAckPending, "max-ack-pending", scale.DefaultMaxAckPending, "chunks handed out and not yet acknowledged, all workers together (back-pressure)")
	fs.IntVar(&f.replicas, "replicas", 1, "replicas of each stream (3 on a three-node NATS cluster)")
}

func (f *natsFlags) connect(ctx context.Context, name string, stderr io.Writer) (*scale.Conn, bool) {
	c, err := scale.Connect(ctx, scale.Config{URL: f.url, Prefix: f.prefix, AckWait: f.ackWait, MaxAckPending: f.maxAckPending, Replicas: f.replicas}, name)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return nil, false
	}
	return c, true
}

func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.Usage = usageFunc(fs, `Usage: tingzhen worker --nats URL [flags]

Pulls chunks of records that `+"`tingzhen job submit`"+` put on the NATS JetStream work queue, analyses
them (--lanes chunks at once, one core each) and publishes one result per record to the results
stream, de-duplicated by the record's position; a chunk is acknowledged only after all its
results are stored, so a worker killed at any moment loses nothing: after --ack-wait its chunks
go to another worker. Run one per machine; stop it with Ctrl-C or SIGTERM (the chunks in
hand go back to the queue). With --feedback it also analyses records published one by one to
<prefix>.feedback.<source> (one JSON object each, read as a JSONL line). Workers never open the
counters' store: run one `+"`tingzhen aggregate --data DIR`"+` for that.

Flags:
`)
	var ef engineFlags
	ef.register(fs)
	var nf natsFlags
	nf.register(fs)
	lanes := fs.Int("lanes", runtime.NumCPU(), "chunks analysed at once, each on one core (times --threads)")
	feedback := fs.Bool("feedback", false, "also analyse streaming feedback (one more lane)")
	textField := fs.String("text-field", "", "feedback: JSON key of the text (default: text, content, review, comment, 内容, 评论 …)")
	idField := fs.String("id-field", "", "feedback: JSON key of the record id (default: id; none: feedback:<stream sequence>)")
	industry := fs.String("industry", "", "feedback: industry of records that name none (default: inferred per record)")
	name := fs.String("name", "", "worker name in its results (default host:pid)")
	goMemLimit := fs.Int("go-mem-limit", defaultGoMemLimitMiB, "soft limit of the Go heap in MiB; 0: none; ignored when GOMEMLIMIT is set")
	fs.Lookup("threads").Usage = "ONNX Runtime intra-op threads per model run (default 1); each lane keeps this many cores busy"
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *lanes < 1 {
		fmt.Fprintln(stderr, "tingzhen: --lanes must be at least 1")
		return exitUsage
	}
	defer setGoMemLimit(*goMemLimit)()
	e, ok := newEngine(ctx, &ef, stderr, func(c *engine.Config) {
		c.DataDir = "" // the counters are the aggregator's
		c.InferWorkers = 1
	})
	if !ok {
		return exitUsage
	}
	defer e.Close()
	c, ok := nf.connect(ctx, "tingzhen worker", stderr)
	if !ok {
		return exitUsage
	}
	defer c.Close()
	w := &scale.Worker{Engine: e, Conn: c, Lanes: *lanes, Feedback: *feedback, Name: *name, FeedbackIndustry: *industry,
		FeedbackInput: input.Options{TextField: *textField, IDField: *idField, MaxRecordBytes: 4*ef.maxTextBytes + 4096},
		Log:           slog.New(slog.NewTextHandler(stderr, nil))}
	fmt.Fprintf(stderr, "worker: %d lanes on %s (feedback: %v)\n", *lanes, nf.url, *feedback)
	cpu0 := cpuSeconds()
	err := w.Run(ctx)
	fmt.Fprintf(stderr, "worker: stopped; %.2f CPU-s after the engine loaded\n", cpuSeconds()-cpu0)
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "tingzhen: worker: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func cmdAggregate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("aggregate", flag.ContinueOnError)
	fs.Usage = usageFunc(fs, `Usage: tingzhen aggregate --nats URL --data DIR [--once]

Reads every result of the NATS results stream (jobs and streaming feedback) through its own
durable consumer and counts it in the insights counters of the Badger store DIR (as `+"`job run --data`"+`
does): the store's one writer. Counting is idempotent on record ids, so a restart or a redelivery
never counts a record twice. Run exactly one per store.

Flags:
`)
	var ef engineFlags
	ef.register(fs)
	var nf natsFlags
	nf.register(fs)
	fs.StringVar(&ef.data, "data", "", "Badger directory of the knowledge graph and its counters (required)")
	once := fs.Bool("once", false, "return when every result in the stream is counted")
	batch := fs.Int("count-batch", 4096, "results per counter update (one store transaction)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if ef.data == "" {
		fmt.Fprintln(stderr, "tingzhen: aggregate needs --data DIR")
		return exitUsage
	}
	e, ok := newEngine(ctx, &ef, stderr, nil)
	if !ok {
		return exitUsage
	}
	defer e.Close()
	c, ok := nf.connect(ctx, "tingzhen aggregator", stderr)
	if !ok {
		return exitUsage
	}
	defer c.Close()
	a := &scale.Aggregator{Engine: e, Conn: c, Batch: *batch, Once: *once, Log: slog.New(slog.NewTextHandler(stderr, nil))}
	cpu0, t0 := cpuSeconds(), time.Now()
	st, err := a.Run(ctx)
	fmt.Fprintf(stderr, "aggregate: %d results read, %d counted (%d new, %d replaced, %d unchanged), %d dropped; %.2f s, %.2f CPU-s after the engine loaded\n",
		st.Messages, st.Counted, st.New, st.Replaced, st.Same, st.Skipped, time.Since(t0).Seconds(), cpuSeconds()-cpu0)
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func cmdJobSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("job submit", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: tingzhen job submit --nats URL --input PATH... [--job NAME] [flags]

Reads the inputs as `+"`job run`"+` does (JSONL, CSV/TSV, text, gzip'd, GBK; --format transcript: text
transcripts, one call per record, audio calls stay with job run) and puts
them on the NATS JetStream work queue in chunks, for `+"`tingzhen worker`"+`s on any machine; prints
the job name. Record ids are `+"`job run`"+`'s (the input's id, else file:line). Then
`+"`tingzhen job collect --job NAME --output DIR`"+` writes the job folder.

Flags:`)
		fs.PrintDefaults()
	}
	var nf natsFlags
	nf.register(fs)
	var in inputFlags
	in.register(fs, "", "record or dominant, as in job run (default dominant when --home has knowledge-graph/industries, to infer the dominant industry with, else record)")
	job := fs.String("job", "", "job name: letters, digits, - and _ (default j-DATE-TIME-PID)")
	home := fs.String("home", "", "installation root with knowledge-graph/ for --industry-mode dominant (default $TINGZHEN_HOME or the working directory)")
	chunk := fs.Int("chunk", jobs.DefaultChunkSize, "records per chunk (per message of the work queue)")
	maxTextBytes := fs.Int("max-text-bytes", 256<<10, "as the workers' --max-text-bytes: bounds one input line/row (4× this + 4 KiB)")
	if ok, code := parseFlags(fs, expandMultiInput(args), stderr); !ok {
		return code
	}
	if !in.check(fs, stderr) {
		return exitUsage
	}
	if len(in.inputs) == 0 {
		fs.Usage()
		return exitUsage
	}
	mp := mention.DefaultPolicy()
	mode, _ := mp.ParseIndustryMode(*in.industryMode) // checked above
	var graph *kg.Graph
	if mode == mention.IndustryModeDominant && *in.industry == "" && *in.format != input.Transcript {
		h := *home
		if h == "" {
			h = os.Getenv("TINGZHEN_HOME")
		}
		if h == "" {
			h = "."
		}
		packs := filepath.Join(h, "knowledge-graph", "industries")
		store, err := store.Open(ctx, store.Options{InMemory: true, PacksDir: packs})
		switch {
		case err == nil:
			defer store.Close()
			graph = store.Graph()
		case *in.industryMode != "":
			fmt.Fprintf(stderr, "tingzhen: --industry-mode dominant needs the knowledge graph (--home): %v\n", err)
			return exitUsage
		default:
			fmt.Fprintf(stderr, "job submit: no knowledge graph under %s: each record's industry is inferred on its own (--industry-mode record)\n", packs)
			mode = mention.IndustryModeRecord
		}
	}
	c, ok := nf.connect(ctx, "tingzhen job submit", stderr)
	if !ok {
		return exitUsage
	}
	defer c.Close()
	spec := in.spec()
	spec.IndustryMode, spec.ChunkSize, spec.MaxRecordBytes = mode, *chunk, 4**maxTextBytes+4096
	m, err := scale.Submit(ctx, c, scale.SubmitOptions{Job: *job, Spec: spec, Graph: graph})
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return exitUsage
	}
	failed := 0
	for _, f := range m.Files {
		if f.Error != "" {
			failed++
			fmt.Fprintf(stderr, "job submit: %s: %s\n", f.Path, f.Error)
		}
	}
	fmt.Fprintf(stderr, "job submit: %s: %d records in %d chunks from %d files (%d unreadable)\n", m.Job, m.Records, m.Chunks, len(m.Files), failed)
	if ic := m.Industry; ic != nil && ic.Industry != "" {
		fmt.Fprintf(stderr, "job submit: industry %s for records naming none (%.0f%% of the first %d)\n", ic.Industry, 100*ic.Share, ic.Sampled)
	}
	fmt.Fprintln(stdout, m.Job)
	return exitOK
}

func cmdJobCollect(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("job collect", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: tingzhen job collect --nats URL --job NAME --output DIR [--timeout D]

Waits for every result of a submitted job and writes DIR as `+"`job run`"+` does: results.jsonl (input
order), errors.jsonl, summary.json and report.html. Exit status: 0 all records analysed, 1 some
records or input files failed (see errors.jsonl), 2 usage or fatal error (collect again).

Flags:`)
		fs.PrintDefaults()
	}
	var nf natsFlags
	nf.register(fs)
	job := fs.String("job", "", "job name (printed by job submit)")
	out := fs.String("output", "", "output folder")
	home := fs.String("home", "", "installation root with knowledge-graph/ (default $TINGZHEN_HOME or the working directory)")
	timeout := fs.Duration("timeout", 0, "give up after this long (default: wait until the job is complete)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *job == "" || *out == "" {
		fs.Usage()
		return exitUsage
	}
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	h := *home
	if h == "" {
		h = os.Getenv("TINGZHEN_HOME")
	}
	if h == "" {
		h = "."
	}
	store, err := store.Open(ctx, store.Options{InMemory: true, PacksDir: filepath.Join(h, "knowledge-graph", "industries")})
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: open knowledge graph: %v\n", err)
		return exitUsage
	}
	defer store.Close()
	c, ok := nf.connect(ctx, "tingzhen job collect", stderr)
	if !ok {
		return exitUsage
	}
	defer c.Close()
	res, err := scale.Collect(ctx, c, scale.CollectOptions{Job: *job, Output: *out, Graph: store.Graph()})
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "job collect: %s: %d records, %d failed, by %d worker(s) [%s]; %d duplicate results dropped\n",
		*job, res.Records, res.Failed, len(res.Workers), strings.Join(res.Workers, " "), res.Duplicates)
	fmt.Fprintf(stdout, "%s\n%s\n%s\n%s\n", filepath.Join(*out, jobs.ResultsFile), filepath.Join(*out, jobs.ErrorsFile),
		filepath.Join(*out, jobs.SummaryFile), filepath.Join(*out, jobs.ReportFile))
	if res.Failed > 0 || res.Summary.Job.FailedFiles > 0 {
		return exitRecordFails
	}
	return exitOK
}

// cpuSeconds is the process's user+system CPU time so far (getrusage).
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
