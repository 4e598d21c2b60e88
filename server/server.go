package server

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/tasks"
)

//go:embed openapi.json
var openapiJSON []byte

// Options configures a Server. Zero values take the documented defaults.
type Options struct {
	// Keys are the accepted API keys. Empty: no authentication, and Serve refuses any
	// listener that is not on a loopback address.
	Keys []APIKey
	// DisableBatching makes every request call Engine.Analyze alone (for comparison).
	DisableBatching bool
	// Record counts every text the API analyses (not the slices of bulk jobs, which record
	// themselves: jobs.ManagerOptions.RecordKG) in the insights counters and candidate
	// terms, through package record (tingzhen serve --record).
	Record bool
	// MaxBatch is the most texts per micro-batch (default 64); MaxBatchRunes the most runes
	// (default 16384); MaxBatchWait how long a worker waits for more texts once it has one
	// (default 2ms); BatchWorkers the goroutines running micro-batches (default 1).
	MaxBatch, MaxBatchRunes int
	MaxBatchWait            time.Duration
	BatchWorkers            int
	// QueueSize is the most texts admitted at once (queued or running); beyond it requests
	// are answered 429 with Retry-After (default 1024). QueueRunes is the most characters
	// admitted at once, the queue's cost capacity (default MaxBatchBytes, so that any
	// request within the per-request limit fits an empty queue). A request whose characters,
	// with those queued ahead of it, cannot be analysed before its deadline at the measured
	// rate is answered 429 with Retry-After up front.
	QueueSize, QueueRunes int
	// QueueWait is how long a request waits for room when the queue's capacity is taken
	// before it is answered 429 (default 2s, never past its deadline; negative: no wait).
	QueueWait time.Duration
	// MaxInflightBodyBytes bounds the request-body bytes held in memory by all requests
	// at once (default 2 × the larger body limit, 128 MiB with the defaults); beyond it a
	// request is answered 503 with Retry-After before its body is read. Bodies are read
	// only after authentication and the route's limit check (413 from Content-Length).
	MaxInflightBodyBytes int
	// NoAccessLog turns off the access log line (method, path, status, bytes, duration,
	// request id, key name) written at info level for every request.
	NoAccessLog bool
	// RequestTimeout is each request's deadline (default 10s); a client may ask for another
	// with the X-Request-Timeout header (Go duration or milliseconds), capped at
	// MaxRequestTimeout (default 60s).
	RequestTimeout, MaxRequestTimeout time.Duration
	// ReadTimeout, WriteTimeout and IdleTimeout guard against slow clients (defaults 10s,
	// 10s, 60s). ShutdownTimeout bounds the whole graceful shutdown, in-flight requests and
	// the queued texts together (default 30s); a model run still going at its end is
	// cancelled and waited for (Serve's shutdown.go).
	ReadTimeout, WriteTimeout, IdleTimeout, ShutdownTimeout time.Duration
	// MaxBodyBytes is the largest request body (default 2 MiB, 413 beyond) on every
	// route but the upload routes.
	MaxBodyBytes int
	// MaxUploadBytes is the largest body on the upload routes, POST /v1/transcripts/analyze
	// (a call recording: 5 minutes of 8 kHz stereo PCM16 is 9.6 MB) and POST /v1/jobs (an
	// uploaded export), default 64 MiB. A body over the larger of the two limits is refused
	// from its Content-Length alone; a body between them on another route is read, then
	// refused with 413.
	MaxUploadBytes int
	// MaxItems is the most items in one batch request (default 256); MaxBatchBytes the
	// most text bytes in one request (default 1 MiB); MaxTextRunes the longest text
	// (default 10000 characters).
	MaxItems, MaxBatchBytes, MaxTextRunes int
	// Calls, when set, serves POST /v1/transcripts/analyze (scope analyze) with these
	// limits; Jobs, when set, serves the bulk-job routes /v1/jobs… (scope jobs) from this
	// manager. When nil those routes answer 501. Both go through the admission queue and
	// the request deadlines as /v1/analyze does (calls.go, jobs.go).
	Calls *CallOptions
	Jobs  *jobs.Manager
	// Tasks serves /v1/tasks…; nil: New builds one on the engine's store with
	// tasks.Options defaults (no webhooks; rules evaluated on demand only). The caller runs
	// its Run loop (scheduled evaluation, delivery).
	Tasks *tasks.Manager
	// Collectors are more metrics served at /metrics beside the server's own (the jobs
	// manager's: jobs.Manager.Collectors).
	Collectors []prometheus.Collector
	// Logger receives start, shutdown and error lines (default slog.Default()).
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxBatch, 64)
	def(&o.MaxBatchRunes, 16384)
	defD(&o.MaxBatchWait, 2*time.Millisecond)
	def(&o.BatchWorkers, 1)
	def(&o.QueueSize, 1024)
	defD(&o.RequestTimeout, 10*time.Second)
	defD(&o.MaxRequestTimeout, 60*time.Second)
	defD(&o.ReadTimeout, 10*time.Second)
	defD(&o.WriteTimeout, 10*time.Second)
	defD(&o.IdleTimeout, 60*time.Second)
	defD(&o.ShutdownTimeout, 30*time.Second)
	def(&o.MaxBodyBytes, 2<<20)
	def(&o.MaxUploadBytes, 64<<20)
	def(&o.MaxItems, 256)
	def(&o.MaxBatchBytes, 1<<20)
	def(&o.MaxTextRunes, 10000)
	def(&o.QueueRunes, o.MaxBatchBytes)
	if o.QueueWait == 0 {
		o.QueueWait = 2 * time.Second
	}
	def(&o.MaxInflightBodyBytes, 2*max(o.MaxBodyBytes, o.MaxUploadBytes))
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// headerLimit is the most bytes of request line and headers read (431 beyond).
const headerLimit = 4 << 10

// Server is the online scoring API. Build it with New, run it with Serve.
type Server struct {
	eng      *engine.Engine
	opt      Options
	log      *slog.Logger
	keys     *keyring
	m        *metrics
	b        *batcher
	bodies   *byteBudget
	routes   []route
	tm       *tasks.Manager
	inflight atomic.Int64
	draining atomic.Bool
	started  atomic.Bool
	http     *fasthttp.Server
}

// New builds a server in front of eng (which the caller closes after Serve returns). It
// starts the micro-batch workers: Serve stops them when it returns; a Server used only
// through Handler (never served) must be closed with Close.
func New(eng *engine.Engine, opt Options) (*Server, error) {
	if eng == nil {
		return nil, errors.New("server: nil engine")
	}
	opt = opt.withDefaults()
	if err := validateKeys(opt.Keys); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if opt.MaxItems > opt.QueueSize {
		return nil, fmt.Errorf("server: max items per request (%d) exceeds the queue size (%d)", opt.MaxItems, opt.QueueSize)
	}
	if lim := max(opt.MaxBodyBytes, opt.MaxUploadBytes); opt.MaxInflightBodyBytes < lim {
		return nil, fmt.Errorf("server: in-flight body budget (%d bytes) is below the largest body limit (%d bytes): such bodies could never be read", opt.MaxInflightBodyBytes, lim)
	}
	s := &Server{eng: eng, opt: opt, log: opt.Logger, keys: newKeyring(opt.Keys), bodies: &byteBudget{capacity: int64(opt.MaxInflightBodyBytes)}}
	s.m = newMetrics(gauges{
		queueDepth:         func() float64 { return float64(s.b.depth.Load()) },
		queueRunes:         func() float64 { return float64(s.b.cost.Load()) },
		queueCapacity:      func() float64 { return float64(opt.QueueSize) },
		queueCapacityRunes: func() float64 { return float64(opt.QueueRunes) },
		inflight:           func() float64 { return float64(s.inflight.Load()) },
		inflightBodyBytes:  func() float64 { return float64(s.bodies.inUse()) },
	})
	for _, c := range opt.Collectors {
		if err := s.m.reg.Register(c); err != nil {
			return nil, fmt.Errorf("server: register metrics: %w", err)
		}
	}
	s.tm = opt.Tasks
	if s.tm == nil {
		tm, err := tasks.New(eng.KG().DB(), eng.KG(), EngineInsights(eng), tasks.Options{Location: eng.Config().Location, Logger: opt.Logger, CheckWrite: eng.KG().CheckWrite, Sync: eng.KG().SyncNow})
		if err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
		s.tm = tm
	}
	s.b = newBatcher(eng, s.m, opt)
	if err := s.b.useRecorder(opt.Record); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.routes = append(s.routeTable(), s.taskRoutes()...)
	s.http = &fasthttp.Server{
		Handler:      s.Handler,
		ErrorHandler: s.parseError,
		Name:         "tingzhen",
		ReadTimeout:  opt.ReadTimeout,
		WriteTimeout: opt.WriteTimeout,
		IdleTimeout:  opt.IdleTimeout,
		// With StreamRequestBody, MaxRequestBodySize only caps what fasthttp reads of a body
		// before the handler runs: one byte, so that nothing is read before authentication
		// and a request over its limit is answered from its headers (limits.go).
		MaxRequestBodySize:            1,
		StreamRequestBody:             true,
		ContinueHandler:               s.expectContinue,
		Logger:                        fasthttpLogger{opt.Logger},
		DisablePreParseMultipartForm:  true, // nor may multipart uploads be read before auth
		ReadBufferSize:                headerLimit,
		CloseOnShutdown:               true,
		NoDefaultDate:                 false,
		NoDefaultContentType:          true,
		DisableHeaderNamesNormalizing: false,
	}
	return s, nil
}

// parseError answers requests fasthttp could not read (too large, malformed).
func (s *Server) parseError(ctx *fasthttp.RequestCtx, err error) {
	if errors.Is(err, fasthttp.ErrBodyTooLarge) {
		writeError(ctx, fasthttp.StatusRequestEntityTooLarge, codeBodyTooLarge, fmt.Sprintf("request body larger than %d bytes (the upload routes' limit; other routes take %d)", max(s.opt.MaxBodyBytes, s.opt.MaxUploadBytes), s.opt.MaxBodyBytes))
		s.m.request("other", fasthttp.StatusRequestEntityTooLarge, 0)
		s.m.errorCode(codeBodyTooLarge)
		return
	}
	// fasthttp's parse errors quote the request's bytes (headers, the API key among them):
	// neither the answer nor the log repeats them.
	var small *fasthttp.ErrSmallBuffer
	if errors.As(err, &small) {
		writeError(ctx, fasthttp.StatusRequestHeaderFieldsTooLarge, codeHeaderTooLarge, fmt.Sprintf("request line and headers larger than %d bytes", s.http.ReadBufferSize))
		s.m.request("other", fasthttp.StatusRequestHeaderFieldsTooLarge, 0)
		s.m.errorCode(codeHeaderTooLarge)
		return
	}
	// A connection that sent no complete request within ReadTimeout (an idle or a slow
	// client) is told so with 408, not blamed with 400.
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		writeError(ctx, fasthttp.StatusRequestTimeout, codeRequestTimeout, fmt.Sprintf("no complete request within %s", s.opt.ReadTimeout))
		ctx.SetConnectionClose()
		s.m.request("other", fasthttp.StatusRequestTimeout, 0)
		s.m.errorCode(codeRequestTimeout)
		return
	}
	s.log.Debug("malformed request", "remote", ctx.RemoteAddr().String(), "error_type", fmt.Sprintf("%T", err))
	writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, "cannot read the request: malformed HTTP request line, headers or body framing")
	s.m.request("other", fasthttp.StatusBadRequest, 0)
	s.m.errorCode(codeBadRequest)
}

// isLoopback reports whether a listener's address is on a loopback interface.
func isLoopback(a net.Addr) bool {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.IsLoopback()
	}
	_, isUnix := a.(*net.UnixAddr)
	return isUnix
}

// CheckAddr reports an error when addr may not be bound: without API keys only loopback
// addresses (127.0.0.1, ::1, localhost) are served.
func CheckAddr(addr string, haveKeys bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if haveKeys {
		return nil
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("serve %s: no API keys configured, so only loopback addresses (127.0.0.1, ::1, localhost) may be bound; set TINGZHEN_API_KEYS or api_keys in the config file", addr)
	}
	return nil
}

// ListenAndServe listens on addr (host:port) and serves until ctx is cancelled.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	if err := CheckAddr(addr, !s.keys.empty()); err != nil {
		s.log.Error("refusing to bind", "addr", addr, "err", err)
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve answers requests on ln until ctx is cancelled, then shuts down gracefully: it
// stops accepting, lets in-flight requests finish and drains the micro-batch queue, both
// within one ShutdownTimeout (shutdown.go), and logs what it waited for and the final
// counters. It closes ln. A Server serves once.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if !s.started.CompareAndSwap(false, true) {
		ln.Close()
		return errors.New("serve: server already started")
	}
	if s.keys.empty() {
		if !isLoopback(ln.Addr()) {
			ln.Close()
			s.log.Error("no API keys configured: refusing to serve on a non-loopback address", "addr", ln.Addr().String())
			return fmt.Errorf("serve %s: no API keys configured, so only loopback addresses may be bound", ln.Addr())
		}
		s.log.Warn("no API keys configured: authentication is off and only loopback is served", "addr", ln.Addr().String())
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "keys", len(s.opt.Keys), "batching", !s.opt.DisableBatching,
		"max_batch", s.opt.MaxBatch, "max_wait", s.opt.MaxBatchWait.String(), "queue", s.opt.QueueSize)
	rl := newReadyListener(ln)
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(rl) }()
	select {
	case serveErr := <-errc:
		s.draining.Store(true)
		bctx, cancel := context.WithTimeout(context.Background(), s.opt.ShutdownTimeout)
		defer cancel()
		s.b.close(bctx)
		texts, reqs := s.m.totals()
		s.log.Info("server stopped", "requests", reqs, "texts", texts)
		return serveErr
	case <-ctx.Done():
		return s.shutdown(rl, errc) // shutdown.go
	}
}

// requestContext is the context of one request with its deadline; when X-Request-Timeout
// is malformed it answers 400 itself and reports false.
func (s *Server) requestContext(ctx *fasthttp.RequestCtx) (context.Context, context.CancelFunc, bool) {
	c, cancel, err := s.deadline(ctx)
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return nil, nil, false
	}
	if tm, ok := ctx.UserValue(userTiming).(*timing); ok {
		c = context.WithValue(c, timingKey{}, tm)
	}
	return c, cancel, true
}

// deadline is the request's context: RequestTimeout, or X-Request-Timeout capped at
// MaxRequestTimeout.
func (s *Server) deadline(ctx *fasthttp.RequestCtx) (context.Context, context.CancelFunc, error) {
	d := s.opt.RequestTimeout
	if h := ctx.Request.Header.Peek("X-Request-Timeout"); len(h) > 0 {
		v := strings.TrimSpace(string(h))
		if ms, err := strconv.Atoi(v); err == nil {
			d = time.Duration(ms) * time.Millisecond
		} else if pd, err := time.ParseDuration(v); err == nil {
			d = pd
		} else {
			return nil, nil, fmt.Errorf("X-Request-Timeout %q: want a duration such as 250ms or 2s, or milliseconds", v)
		}
		if d <= 0 {
			return nil, nil, fmt.Errorf("X-Request-Timeout %q: must be positive", v)
		}
		if d > s.opt.MaxRequestTimeout {
			d = s.opt.MaxRequestTimeout
		}
	}
	c, cancel := context.WithTimeout(context.Background(), d)
	return c, cancel, nil
}

// fasthttpLogger sends fasthttp's connection-level messages (client errors, mostly) to
// the debug log.
type fasthttpLogger struct{ l *slog.Logger }

func (f fasthttpLogger) Printf(format string, args ...any) {
	// fasthttp's errors quote the request's bytes (the Authorization header among them):
	// only their type is logged.
	for i, a := range args {
		if err, ok := a.(error); ok {
			args[i] = fmt.Sprintf("%T", err)
		}
	}
	f.l.Debug("fasthttp: " + fmt.Sprintf(format, args...))
}

// Close stops the micro-batch workers of a Server that was never served (Serve does it
// itself on shutdown). Queued texts are finished first.
func (s *Server) Close() {
	s.draining.Store(true)
	s.b.close(context.Background())
}
