package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/model"
)

func init() {
	register(command{"bench", "benchmark models: accuracy on labelled data, speed, pipeline stage shares", cmdBench})
}

// listFlag collects repeated and comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func (l listFlag) ints() ([]int, error) {
	var out []int
	for _, v := range l {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", v)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchFlags are the flags of every bench subcommand.
type benchFlags struct {
	home, ortLib, device string
	threads              int
	jsonOut              bool
	out, polarityModel   string
	sentimentModel       string // --sentiment-model (adapt.go), e.g. a candidate folder on the chat turns
	chatSentimentModel   string // --chat-sentiment-model (chatmodel.go): the model of conversation turns
}

func (f *benchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.home, "home", "", "installation root with models/ and third_party/ort (default $TINGZHEN_HOME or the working directory)")
	fs.StringVar(&f.ortLib, "ort-lib", "", "ONNX Runtime shared library (default $TINGZHEN_ORT_LIB or HOME/third_party/ort)")
	fs.StringVar(&f.device, "device", "cpu", "inference device: cpu or cuda")
	fs.IntVar(&f.threads, "threads", 1, "ONNX Runtime intra-op threads per model (also the batches run side by side)")
	fs.BoolVar(&f.jsonOut, "json", false, "write JSON instead of Markdown")
	fs.StringVar(&f.out, "out", "", "write the report to this file (default stdout)")
	fs.StringVar(&f.polarityModel, "polarity-model", "", "aspect-polarity model folder (default polarity-zh; - for none)")
	registerSentimentModel(fs, &f.sentimentModel)         // adapt.go
	registerChatSentimentModel(fs, &f.chatSentimentModel) // chatmodel.go
}

func (f *benchFlags) config() engine.Config {
	return engine.Config{Home: f.home, ORTLib: f.ortLib, Device: f.device, IntraOpThreads: f.threads, InferWorkers: f.threads, PolarityModel: f.polarityModel,
		SentimentModel: sentimentModelPath(f.sentimentModel), ChatSentimentModel: sentimentModelPath(f.chatSentimentModel)}
}

// homeDir is --home, else $TINGZHEN_HOME, else the working directory ("."): where the
// bench commands find bench/testdata.
func (f *benchFlags) homeDir() string {
	if f.home != "" {
		return f.home
	}
	if h := os.Getenv("TINGZHEN_HOME"); h != "" {
		return h
	}
	return "."
}

// datasetsDir is a --datasets value, else $TINGZHEN_DATASETS, else ../shared/datasets.
func datasetsDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if d := os.Getenv("TINGZHEN_DATASETS"); d != "" {
		return d
	}
	return filepath.Join("..", "shared", "datasets")
}

// modelOptions open a model alone (bench accuracy, speed) as the engine would with config().
func (f *benchFlags) modelOptions() model.Options {
	return model.Options{Home: f.home, ORTLib: f.ortLib, Device: f.device, IntraOpThreads: f.threads, Workers: f.threads}
}

// emit writes v as JSON or through md, to --out or stdout.
func (f *benchFlags) emit(stdout io.Writer, v any, md func(io.Writer)) error {
	w := stdout
	if f.out != "" {
		file, err := os.Create(f.out)
		if err != nil {
			return fmt.Errorf("create report: %w", err)
		}
		defer file.Close()
		w = file
	}
	if f.jsonOut {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	md(w)
	return nil
}

func benchUsage(w io.Writer) {
	fmt.Fprintln(w, `Usage:
  tingzhen bench accuracy --model DIR... --data FILE... [--format csv|jsonl|absa|aste|car] [--limit N] [--chart FILE.svg]
  tingzhen bench accuracy --pipeline [--tasks car,aste,apc,hand] [--datasets DIR] [--limit N]   (scores analyze's output)
  tingzhen bench accuracy --chat FILE.jsonl [--misses N] [--chat-sentiment-model DIR|-]   (labelled chat turns through analyze and transcripts: model alone vs the feeling rules)
  tingzhen bench accuracy --long FILE.tsv [--weights 0,0.1,...]   (the overall-clause rule on training/long_reviews.py's reviews)
  tingzhen bench accuracy --longdoc FILE.tsv   (long-document readings on training/long_docs.py texts)
  tingzhen bench speed    --model DIR... [--threads N] [--batch N,...] [--seq-len N,...] [--duration D] [--texts FILE]
  tingzhen bench pipeline [--texts FILE] [--rounds N] [--threads N]
  tingzhen bench segment  --texts FILE [--hmm=true|false] [--rounds N]   (jieba speed; peers: bench/peers/)
  tingzhen bench gpu      --from gpu.json [--out bench/results/gpu.md]   (report of bench/gpu/run.sh)
  tingzhen bench arbiter-samples --out FILE [--datasets DIR]   (training samples of the polarity arbiter)
  tingzhen bench verifier-samples --files F1,F2 --out FILE   (samples of the mention verifier)
  tingzhen bench indverify-samples --files FILE,... --out FILE   (training samples of the indicator verifier)

Common flags: --home, --ort-lib, --device, --threads (default 1), --json, --out FILE.
Run `+"`tingzhen bench <sub> --help`"+` for all flags.`)
}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		benchUsage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "accuracy":
		return benchAccuracy(ctx, args[1:], stdout, stderr)
	case "speed":
		return benchSpeed(ctx, args[1:], stdout, stderr)
	case "pipeline":
		return benchPipeline(ctx, args[1:], stdout, stderr)
	case "segment":
		return benchSegment(ctx, args[1:], stdout, stderr)
	case "gpu":
		return benchGPU(ctx, args[1:], stdout, stderr) // bench_gpu.go
	case "arbiter-samples":
		return benchArbiterSamples(ctx, args[1:], stdout, stderr) // bench_arbiter.go
	case "verifier-samples":
		return benchVerifierSamples(ctx, args[1:], stdout, stderr) // bench_verifier.go
	case "indverify-samples":
		return benchIndVerifySamples(ctx, args[1:], stdout, stderr) // bench_indverify.go
	}
	fmt.Fprintf(stderr, "tingzhen bench: unknown subcommand %q\n\n", args[0])
	benchUsage(stderr)
	return exitUsage
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "tingzhen bench: %v\n", err)
	return exitUsage
}

// openModels opens every --model folder; close them with the returned func.
func openModels(dirs []string, opt model.Options) ([]*model.Model, func(), error) {
	var rs []*model.Model
	closeAll := func() {
		for _, r := range rs {
			r.Close()
		}
	}
	for _, d := range dirs {
		r, err := model.Open(d, opt)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("open model %s: %w", d, err)
		}
		rs = append(rs, r)
	}
	return rs, closeAll, nil
}

func benchAccuracy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--pipeline" || a == "-pipeline" || a == "--pipeline=true" {
			return benchAccuracyPipeline(ctx, args, stdout, stderr) // bench_pipeline_acc.go
		}
	}
	if m := feelingMode(args); m != "" {
		return benchAccuracyFeeling(ctx, m, args, stdout, stderr) // bench_feeling.go
	}
	fs := flag.NewFlagSet("bench accuracy", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	var models, data listFlag
	fs.Var(&models, "model", "model folder (repeat or comma-separate to compare models side by side)")
	fs.Var(&data, "data", "labelled data file (repeat for several); each model runs on the files of its task")
	format := fs.String("format", "", "data format: csv, jsonl, absa, aste or car (default: detected per file)")
	limit := fs.Int("limit", 0, "use only the first N items of each file (0: all)")
	batchSize := fs.Int("batch", 64, "max texts per model run")
	chart := fs.String("chart", "", "also write an SVG chart of score against evaluation throughput")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if len(models) == 0 || len(data) == 0 {
		fmt.Fprintln(stderr, "tingzhen bench accuracy: --model and --data are required")
		fs.Usage()
		return exitUsage
	}
	var sets []*bench.Dataset
	for _, d := range data {
		ds, err := bench.Load(d, *format, *limit)
		if err != nil {
			return fail(stderr, err)
		}
		sets = append(sets, ds)
	}
	rs, closeAll, err := openModels(models, bf.modelOptions())
	if err != nil {
		return fail(stderr, err)
	}
	defer closeAll()
	var results []*bench.AccuracyResult
	for _, r := range rs {
		ran := false
		for _, ds := range sets {
			if bench.TaskOf(ds.Format) != r.Kind() {
				continue
			}
			res, err := bench.Evaluate(ctx, r, ds, *batchSize)
			if err != nil {
				return fail(stderr, err)
			}
			res.Data = filepath.Base(res.Data)
			results = append(results, res)
			ran = true
		}
		if !ran {
			fmt.Fprintf(stderr, "tingzhen bench: model %s (%s) has no data file of its task; skipped\n", r.Name(), r.Kind())
		}
	}
	if *chart != "" {
		var pts []bench.ChartPoint
		for _, r := range results {
			pts = append(pts, bench.ChartPoint{Label: r.Model + " " + r.Metric + " on " + r.Data, Score: r.Score, Throughput: r.TextsPerSec})
		}
		f, err := os.Create(*chart)
		if err != nil {
			return fail(stderr, fmt.Errorf("create chart: %w", err))
		}
		err = bench.WriteChartSVG(f, fmt.Sprintf("models: score vs throughput (CPU, %d thread(s), batch %d, %s)", bf.threads, *batchSize, runtime.GOARCH), "score (accuracy / F1)", pts)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(stderr, fmt.Errorf("write chart: %w", err))
		}
	}
	if err := bf.emit(stdout, results, func(w io.Writer) { bench.WriteAccuracyMarkdown(w, results) }); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

func benchSpeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench speed", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	var models, batches, seqLens listFlag
	fs.Var(&models, "model", "model folder (repeat or comma-separate)")
	fs.Var(&batches, "batch", "batch sizes (repeat or comma-separate; default 1,8,32)")
	fs.Var(&seqLens, "seq-len", "synthetic texts of exactly N tokens (repeat or comma-separate; default: the real texts)")
	dur := fs.Duration("duration", 5*time.Second, "measured time per configuration, after warm-up")
	warmup := fs.Int("warmup", 3, "warm-up batches per configuration (not measured)")
	textsFile := fs.String("texts", "", "texts, one per line (default: the embedded 1,033 real reviews)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if len(models) == 0 {
		fmt.Fprintln(stderr, "tingzhen bench speed: --model is required")
		fs.Usage()
		return exitUsage
	}
	if len(batches) == 0 {
		batches = listFlag{"1", "8", "32"}
	}
	bs, err := batches.ints()
	if err != nil {
		return fail(stderr, fmt.Errorf("--batch: %w", err))
	}
	sls, err := seqLens.ints()
	if err != nil {
		return fail(stderr, fmt.Errorf("--seq-len: %w", err))
	}
	texts, input, err := loadTexts(*textsFile)
	if err != nil {
		return fail(stderr, err)
	}
	rs, closeAll, err := openModels(models, bf.modelOptions())
	if err != nil {
		return fail(stderr, err)
	}
	defer closeAll()
	var results []*bench.SpeedResult
	for _, r := range rs {
		for _, b := range bs {
			runs := []int{0}
			if len(sls) > 0 {
				runs = sls
			}
			for _, sl := range runs {
				tx, in := texts, input
				if sl > 0 {
					if sl > r.MaxLen() {
						return fail(stderr, fmt.Errorf("--seq-len %d is over model %s's window of %d tokens", sl, r.Name(), r.MaxLen()))
					}
					if tx, err = bench.SyntheticTexts(texts, max(b, 64), sl); err != nil {
						return fail(stderr, err)
					}
					in = fmt.Sprintf("synthetic %d tokens from %s", sl, input)
				}
				res, err := bench.Speed(ctx, r, tx, bench.SpeedOptions{Batch: b, Duration: *dur, Warmup: *warmup, Threads: bf.threads, Input: in, SeqLen: sl})
				if err != nil {
					return fail(stderr, fmt.Errorf("model %s: %w", r.Name(), err))
				}
				results = append(results, res)
				fmt.Fprintf(stderr, "%s batch %d seq %d: %.1f texts/s\n", r.Name(), b, sl, res.TextsPerSec)
			}
		}
	}
	if err := bf.emit(stdout, results, func(w io.Writer) { bench.WriteSpeedMarkdown(w, results) }); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

func loadTexts(path string) ([]string, string, error) {
	if path == "" {
		return bench.Reviews(), "reviews.txt (1,033 real reviews)", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("read texts: %w", err)
	}
	lines := bench.Lines(string(data))
	if len(lines) == 0 {
		return nil, "", fmt.Errorf("texts %s: no lines", path)
	}
	return lines, filepath.Base(path), nil
}

func benchPipeline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench pipeline", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	textsFile := fs.String("texts", "", "texts, one per line (default: the embedded 1,033 real reviews)")
	rounds := fs.Int("rounds", 3, "rounds; the fastest is reported")
	noAspect := fs.Bool("no-aspects", false, "skip the aspect, aspect-polarity and category models")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	texts, _, err := loadTexts(*textsFile)
	if err != nil {
		return fail(stderr, err)
	}
	cfg := bf.config()
	if *noAspect {
		cfg.AspectModel, cfg.CategoryModel, cfg.PolarityModel = "-", "-", "-"
	}
	e, err := engine.New(ctx, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	defer e.Close()
	res, err := bench.Pipeline(ctx, e, texts, *rounds)
	if err != nil {
		return fail(stderr, err)
	}
	if err := bf.emit(stdout, res, func(w io.Writer) { bench.WritePipelineMarkdown(w, res) }); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

func benchSegment(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench segment", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	textsFile := fs.String("texts", "", "text, one line per Cut call (default: the embedded 1,033 real reviews)")
	hmm := fs.Bool("hmm", true, "HMM recognition of unknown words (set it the same for every peer)")
	rounds := fs.Int("rounds", 3, "rounds; the fastest is reported")
	cacheDir := fs.String("cache-dir", "", "where jieba dictionaries are unpacked (default: user cache dir)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	texts, _, err := loadTexts(*textsFile)
	if err != nil {
		return fail(stderr, err)
	}
	res, err := bench.Segment(ctx, texts, *hmm, *rounds, *cacheDir)
	if err != nil {
		return fail(stderr, err)
	}
	if err := bf.emit(stdout, res, func(w io.Writer) {
		fmt.Fprintf(w, "| tool | HMM | lines | MB | words | best s | MB/s |\n|---|---|---:|---:|---:|---:|---:|\n| %s | %v | %d | %.2f | %d | %.3f | %.2f |\n",
			res.Tool, res.HMM, res.Lines, float64(res.Bytes)/1e6, res.Words, res.Seconds, res.MBps)
	}); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}
