package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/server"
	"github.com/tingzhen/tingzhen/tasks"
)

func init() {
	register(command{"serve", "serve the online scoring API (HTTP/JSON, micro-batched)", cmdServe})
}

// serveFlags are the flags of `tingzhen serve` beyond the engine's.
type serveFlags struct {
	addr, config, logLevel, logFormat                               string
	record, batching, accessLog                                     bool
	queueRunes, maxInflightBody                                     int
	jobInputs                                                       string
	maxBatch, maxBatchRunes, workers, queue                         int
	maxBody, maxUpload, maxItems, maxRequestTextBytes, maxTextRunes int
	maxWait, timeout, maxTimeout, queueWait                         time.Duration
	readTimeout, writeTimeout, idleTimeout, shutdownTimeout         time.Duration
	rulesEvery                                                      time.Duration
	hooks                                                           webhookFlags
	jobStore                                                        jobStorageFlags // storeflags.go
}

func (f *serveFlags) register(fs *flag.FlagSet, ef *engineFlags) {
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen address HOST:PORT (without API keys only loopback is allowed)")
	fs.StringVar(&f.config, "config", "", "optional YAML config file: keys are flag names with _ for - plus api_keys (also $TINGZHEN_CONFIG)")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&f.logFormat, "log-format", "text", "log line format: text (key=value) or json (one object per line)")
	fs.StringVar(&ef.data, "data", "./data", "Badger directory of the knowledge graph (persistent counters, terms, tasks)")
	fs.StringVar(&ef.packs, "packs", "", "industry packs directory (default HOME/knowledge-graph/industries)")
	fs.BoolVar(&f.record, "record", true, "update the knowledge graph's counters and candidates with every analysed text")
	fs.StringVar(&f.jobInputs, "job-inputs", "", "comma-separated server folders that bulk jobs (POST /v1/jobs) may read by path; empty: uploads only")
	fs.BoolVar(&f.batching, "batching", true, "dynamic micro-batching across concurrent requests (false: each request calls the engine alone)")
	fs.IntVar(&f.maxBatch, "max-batch", 64, "most texts per micro-batch")
	fs.IntVar(&f.maxBatchRunes, "max-batch-runes", 16384, "most characters per micro-batch")
	fs.DurationVar(&f.maxWait, "max-batch-wait", 2*time.Millisecond, "longest wait for more texts once a micro-batch has one")
	fs.IntVar(&f.workers, "batch-workers", 2, "goroutines running micro-batches (2 measured best on 2 cores: bench/results/server.md run 4)")
	fs.IntVar(&f.queue, "queue", 1024, "most texts admitted at once; beyond it requests get 429 with Retry-After")
	fs.IntVar(&f.queueRunes, "queue-runes", 0, "most characters admitted at once, the queue's cost capacity (0: --max-request-text-bytes); requests that cannot finish inside their deadline at the measured rate get 429 up front")
	fs.DurationVar(&f.queueWait, "queue-wait", 2*time.Second, "longest wait for room when the queue is full, before 429 (never past the request's deadline; negative: none)")
	fs.IntVar(&f.maxInflightBody, "max-inflight-body-bytes", 0, "request-body bytes held in memory by all requests at once, 503 with Retry-After beyond it (0: twice the larger body limit)")
	fs.BoolVar(&f.accessLog, "access-log", true, "log one line per request (method, path, status, bytes, duration, request id, key name)")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "per-request deadline (504 beyond it); clients may send X-Request-Timeout")
	fs.DurationVar(&f.maxTimeout, "max-timeout", 60*time.Second, "cap on X-Request-Timeout")
	fs.DurationVar(&f.readTimeout, "read-timeout", 10*time.Second, "time to read one request")
	fs.DurationVar(&f.writeTimeout, "write-timeout", 10*time.Second, "time to write one response")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", 60*time.Second, "keep-alive idle time")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second, "graceful shutdown limit, in-flight requests and queued texts together")
	fs.IntVar(&f.maxBody, "max-body-bytes", 2<<20, "largest request body on every route but the upload routes (413 beyond it)")
	fs.IntVar(&f.maxUpload, "max-upload-bytes", 64<<20, "largest body on the upload routes POST /v1/transcripts/analyze (recordings) and POST /v1/jobs (files)")
	fs.IntVar(&f.maxItems, "max-items", 256, "most items in one batch request")
	fs.IntVar(&f.maxRequestTextBytes, "max-request-text-bytes", 1<<20, "most text bytes in one request (413 beyond it)")
	fs.IntVar(&f.maxTextRunes, "max-text-runes", 10000, "longest text in characters (400 text_too_long beyond it)")
	fs.DurationVar(&f.rulesEvery, "rules-every", 5*time.Minute, "evaluate the packs' alert rules this often (0: only on POST /v1/tasks/evaluate)")
	f.hooks.register(fs)
	f.jobStore.register(fs)
}

// envName is the environment variable of a flag: TINGZHEN_ + upper case, - → _.
func envName(flagName string) string {
	return "TINGZHEN_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyConfig fills flags not given on the command line from the environment, then from
// the YAML file (flags > env > YAML > defaults), and returns the API keys
// (TINGZHEN_API_KEYS, else api_keys in the YAML file).
func applyConfig(fs *flag.FlagSet, configFlag string) ([]server.APIKey, string, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	file := configFlag
	if !set["config"] {
		file = os.Getenv("TINGZHEN_CONFIG")
	}
	vals := map[string]any{}
	var fileKeys []server.APIKey
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, file, fmt.Errorf("config: %w", err)
		}
		if err := yaml.Unmarshal(data, &vals); err != nil {
			return nil, file, fmt.Errorf("config %s: %w", file, err)
		}
		var k struct {
			APIKeys []server.APIKey `yaml:"api_keys"`
		}
		if err := yaml.Unmarshal(data, &k); err != nil {
			return nil, file, fmt.Errorf("config %s: api_keys: %w", file, err)
		}
		fileKeys = k.APIKeys
		for key := range vals {
			if key != "api_keys" && fs.Lookup(strings.ReplaceAll(key, "_", "-")) == nil {
				return nil, file, fmt.Errorf("config %s: unknown key %q (keys are flag names with _ for -, see tingzhen serve --help)", file, key)
			}
		}
	}
	var errs []string
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || f.Name == "config" {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok && v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q: %v", envName(f.Name), v, err))
			}
			return
		}
		if v, ok := vals[strings.ReplaceAll(f.Name, "-", "_")]; ok && v != nil {
			if err := fs.Set(f.Name, fmt.Sprint(v)); err != nil {
				errs = append(errs, fmt.Sprintf("config %s: %s: %v", file, f.Name, err))
			}
		}
	})
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, file, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	if env := os.Getenv("TINGZHEN_API_KEYS"); env != "" {
		keys, err := server.ParseAPIKeys(env)
		if err != nil {
			return nil, file, fmt.Errorf("TINGZHEN_API_KEYS: %w", err)
		}
		return keys, file, nil
	}
	return fileKeys, file, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: tingzhen serve [flags]

Serves the scoring API (routes documented at /openapi.json): POST /v1/analyze, /v1/sentiment,
/v1/segment, the knowledge graph under /v1/kg/, the task loop under /v1/tasks, /healthz,
/readyz, /metrics. Alert rules are evaluated every --rules-every; tasks are delivered to the
department webhooks (--webhooks FILE, --webhook-url) signed with HMAC-SHA256
(X-Tingzhen-Signature: sha256=hex(HMAC(secret, "<X-Tingzhen-Timestamp>.<body>"))).

Configuration, highest precedence first: flags; environment TINGZHEN_<FLAG> (upper case,
- as _, e.g. TINGZHEN_MAX_BATCH=32); the YAML file of --config / $TINGZHEN_CONFIG (keys are
flag names with _ for -, e.g. max_batch: 32); the defaults below.
API keys: TINGZHEN_API_KEYS="name:KEY=scope,scope;name2:KEY2=admin", else in the YAML file
  api_keys: [{name: crm, key: "…", scopes: [analyze]}]
Scopes: analyze, kg:write, jobs, tasks (task steps, evaluate, redeliver), admin (all). Without keys, authentication is off and only
loopback addresses may be bound. SIGTERM/SIGINT shut down gracefully.

Flags:
`)
		printFlags(fs)
	}
	var ef engineFlags
	ef.register(fs)
	var sf serveFlags
	sf.register(fs, &ef)
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tingzhen serve: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	keys, cfgFile, err := applyConfig(fs, sf.config)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen serve: %v\n", err)
		return exitUsage
	}
	if err := server.CheckAddr(sf.addr, len(keys) > 0); err != nil {
		fmt.Fprintf(stderr, "tingzhen serve: %v\n", err)
		return exitUsage
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(sf.logLevel)); err != nil {
		fmt.Fprintf(stderr, "tingzhen serve: --log-level %q: %v\n", sf.logLevel, err)
		return exitUsage
	}
	var handler slog.Handler
	switch sf.logFormat {
	case "text":
		handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	case "json":
		handler = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})
	default:
		fmt.Fprintf(stderr, "tingzhen serve: --log-format %q: want text or json\n", sf.logFormat)
		return exitUsage
	}
	log := slog.New(handler)
	if cfgFile != "" {
		log.Info("config file", "path", cfgFile)
	}
	t0 := time.Now()
	e, ok := newEngine(ctx, &ef, stderr, nil)
	if !ok {
		return exitUsage
	}
	log.Info("engine ready", "took", time.Since(t0).Round(time.Millisecond).String(), "data", ef.data, "record", sf.record)
	jobsDir := filepath.Join(ef.data, "jobs")
	if ef.data == "" {
		jobsDir = filepath.Join(os.TempDir(), "tingzhen-jobs")
	}
	var roots []string
	if sf.jobInputs != "" {
		roots = strings.Split(sf.jobInputs, ",")
	}
	// --record: the server counts the texts of its requests (server.Options.Record), the
	// call handler its calls, and jobs their records and calls, each once (package record).
	rec, ok := recorder(e, sf.record, stderr)
	if !ok {
		e.Close()
		return exitUsage
	}
	jopt := jobs.ManagerOptions{Dir: jobsDir, InputRoots: roots, MaxUploadBytes: int64(sf.maxUpload), RecordKG: sf.record}
	sf.jobStore.options(&jopt, &ef)
	// Jobs take their texts through the server's admission at a low priority (set once
	// the server exists, before it serves: no job starts before then).
	var admission *server.Server
	jopt.Analyze = func(ctx context.Context, in []engine.Input) ([]engine.Result, error) {
		if admission == nil {
			return e.Analyze(ctx, in)
		}
		return admission.AnalyzeBulk(ctx, in)
	}
	jm, err := jobs.NewManager(e, jopt)
	if err != nil {
		log.Error("jobs manager", "err", err)
		e.Close()
		return exitUsage
	}
	hooks, retry, err := sf.hooks.config()
	if err != nil {
		log.Error("webhooks", "err", err)
		jm.Close()
		e.Close()
		return exitUsage
	}
	tm, err := tasks.New(e.KG().DB(), e.KG(), server.EngineInsights(e), tasks.Options{Location: e.Config().Location, Every: sf.rulesEvery, Webhooks: hooks, Retry: retry, Logger: log, CheckWrite: e.KG().CheckWrite, Sync: e.KG().SyncNow})
	if err != nil {
		log.Error("tasks", "err", err)
		jm.Close()
		e.Close()
		return exitUsage
	}
	taskCtx, stopTasks := context.WithCancel(ctx)
	taskDone := make(chan error, 1)
	go func() { taskDone <- tm.Run(taskCtx) }()
	srv, err := server.New(e, server.Options{
		Tasks:      tm,
		Calls:      &server.CallOptions{Options: calls.Options{Record: rec}},
		Record:     sf.record,
		Jobs:       jm,
		Collectors: jm.Collectors(),
		Keys:       keys, DisableBatching: !sf.batching, MaxBatch: sf.maxBatch, MaxBatchRunes: sf.maxBatchRunes,
		MaxBatchWait: sf.maxWait, BatchWorkers: sf.workers, QueueSize: sf.queue,
		RequestTimeout: sf.timeout, MaxRequestTimeout: sf.maxTimeout, ReadTimeout: sf.readTimeout,
		WriteTimeout: sf.writeTimeout, IdleTimeout: sf.idleTimeout, ShutdownTimeout: sf.shutdownTimeout,
		MaxBodyBytes: sf.maxBody, MaxUploadBytes: sf.maxUpload, MaxItems: sf.maxItems, MaxBatchBytes: sf.maxRequestTextBytes,
		MaxTextRunes: sf.maxTextRunes, Logger: log,
		QueueRunes: sf.queueRunes, QueueWait: sf.queueWait, MaxInflightBodyBytes: sf.maxInflightBody, NoAccessLog: !sf.accessLog,
	})
	code := exitOK
	if err == nil {
		admission = srv
		err = srv.ListenAndServe(ctx, sf.addr)
	}
	if err != nil {
		log.Error("serve failed", "err", err)
		code = exitUsage
	}
	stopTasks()
	if terr := <-taskDone; terr != nil {
		log.Error("tasks loop", "err", terr)
	}
	if cerr := jm.Close(); cerr != nil {
		log.Error("close jobs", "err", cerr)
	}
	if cerr := e.Close(); cerr != nil {
		log.Error("close engine", "err", cerr)
		code = exitUsage
	} else {
		log.Info("engine closed")
	}
	return code
}
