package server

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/tingzhen/tingzhen/engine"
)

var (
	latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}
	batchBuckets   = []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}
)

// Rejection reasons, the label of tingzhen_rejected_total.
const (
	rejectQueueFull    = "queue_full"     // the admission queue's cost capacity is taken (429)
	rejectDeadline     = "deadline"       // the queued work cannot finish inside the request's deadline (429)
	rejectBodyBudget   = "body_budget"    // the in-flight body budget is taken (503)
	rejectBodyTooLarge = "body_too_large" // over the route's body limit (413)
	rejectUnauthorized = "unauthorized"   // no or a wrong API key, or one without the route's scope (401, 403)
	rejectTooLarge     = "too_large"      // over a size cap the route checks itself: items, text, request text, transcript, answer (400, 413)
)

// metrics are the server's Prometheus metrics, in a registry of the server's own (no
// global state: two servers in one process count apart). The few counters the server
// reads back itself (Retry-After, the shutdown line, tests) are kept beside them.
type metrics struct {
	reg *prometheus.Registry

	requests   *prometheus.CounterVec   // route, status
	latency    *prometheus.HistogramVec // route
	batchSize  prometheus.Histogram
	modelRun   prometheus.Histogram
	queueWait  prometheus.Histogram
	textsTotal prometheus.Counter
	runesTotal prometheus.Counter
	rejected   *prometheus.CounterVec // reason
	errors     *prometheus.CounterVec // code
	timeouts   prometheus.Counter
	droppedC   prometheus.Counter
	tCalls     prometheus.Counter
	tTurns     prometheus.Counter

	texts, batches, dropped, reqs atomic.Uint64

	mu sync.Mutex
	// texts per wall-clock second, for the last rateWindow seconds
	secTexts [rateWindow + 1]uint64
	secStamp [rateWindow + 1]int64
	// runesPerSec is a moving average of the characters one Engine.Analyze call gets
	// through per second of its own wall time (0: nothing measured yet).
	runesPerSec float64
	// totalPerSec is a moving average of the characters all model runs together get
	// through per second: each run's rate times the runs in flight beside it (its mean
	// concurrency). It is what the workers really give in parallel on this machine (on two
	// cores, two workers measured about 0.9 × one run alone, not 2 ×); 0: not measured.
	totalPerSec float64
}

// gauges are read when /metrics is scraped.
type gauges struct {
	queueDepth, queueRunes, queueCapacity, queueCapacityRunes, inflight, inflightBodyBytes func() float64
}

func newMetrics(g gauges) *metrics {
	start := time.Now()
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tingzhen_http_requests_total", Help: "HTTP requests answered, by route and status."}, []string{"route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tingzhen_http_request_duration_seconds", Help: "Time from request read to response written, by route.", Buckets: latencyBuckets}, []string{"route"})
	m.batchSize = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tingzhen_batch_size", Help: "Texts per Engine.Analyze call (micro-batches, or one request when batching is off).", Buckets: batchBuckets})
	m.modelRun = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tingzhen_model_run_seconds", Help: "Wall time of one Engine.Analyze call (inference only, queue wait excluded).", Buckets: latencyBuckets})
	m.queueWait = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tingzhen_queue_wait_seconds", Help: "Time a request's texts waited in the admission queue before their model run started.", Buckets: latencyBuckets})
	m.textsTotal = prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_texts_analyzed_total", Help: "Texts analysed (request texts and transcript turns)."})
	m.runesTotal = prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_characters_analyzed_total", Help: "Characters of the texts analysed."})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tingzhen_rejected_total", Help: "Requests refused before their work ran, by reason (queue_full, deadline, body_budget, body_too_large, unauthorized, too_large)."}, []string{"reason"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tingzhen_errors_total", Help: "Error answers, by the error code of their JSON body (bad_request, unauthorized, overloaded, timeout, …)."}, []string{"code"})
	m.timeouts = prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_timeouts_total", Help: "Requests answered 504 (deadline passed)."})
	m.droppedC = prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_dropped_texts_total", Help: "Queued texts dropped unanalysed because their request had timed out."})
	m.tCalls = prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_transcript_calls_total", Help: "Calls (transcripts) analysed by POST /v1/transcripts/analyze and answered 200."})
	m.tTurns = prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_transcript_turns_total", Help: "Turns of the calls counted by tingzhen_transcript_calls_total."})
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "tingzhen_build_info", Help: "Build version (always 1).",
		ConstLabels: prometheus.Labels{"version": engine.BuildVersion, "goversion": runtime.Version()}})
	build.Set(1)
	m.reg.MustRegister(m.requests, m.latency, m.batchSize, m.modelRun, m.queueWait, m.textsTotal, m.runesTotal, m.rejected, m.errors, m.timeouts, m.droppedC, m.tCalls, m.tTurns, build,
		gauge("tingzhen_texts_per_second", "Texts analysed per second over the last "+strconv.Itoa(rateWindow)+" whole seconds.", m.rate),
		gauge("tingzhen_queue_depth", "Texts admitted and not yet answered (waiting for or in a model run).", g.queueDepth),
		gauge("tingzhen_queue_characters", "Characters admitted and not yet answered: the admission queue's cost.", g.queueRunes),
		gauge("tingzhen_queue_capacity", "Most texts admitted at once.", g.queueCapacity),
		gauge("tingzhen_queue_capacity_characters", "Most characters admitted at once; beyond it requests are answered 429.", g.queueCapacityRunes),
		gauge("tingzhen_http_inflight", "Requests being handled.", g.inflight),
		gauge("tingzhen_inflight_body_bytes", "Request-body bytes held in memory by requests in flight.", g.inflightBodyBytes),
		gauge("tingzhen_throughput_characters_per_second", "Moving average of characters one model run gets through per second (admission's estimate; 0 until measured).", m.runeRate),
		gauge("tingzhen_throughput_total_characters_per_second", "Moving average of characters all model runs together get through per second (the workers' real parallelism; admission's estimate; 0 until measured).", m.totalRate),
		gauge("tingzhen_uptime_seconds", "Seconds since the server started.", func() float64 { return time.Since(start).Seconds() }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	// Every rejection reason is present from the start (0), so rate() works on a new series.
	for _, r := range []string{rejectQueueFull, rejectDeadline, rejectBodyBudget, rejectBodyTooLarge, rejectUnauthorized, rejectTooLarge} {
		m.rejected.WithLabelValues(r)
	}
	return m
}

func (m *metrics) request(route string, status int, d time.Duration) {
	m.reqs.Add(1)
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
	if status == 504 {
		m.timeouts.Inc()
	}
}

// transcriptsDone counts the calls and turns of a transcript request answered 200.
func (m *metrics) transcriptsDone(calls, turns int) {
	m.tCalls.Add(float64(calls))
	m.tTurns.Add(float64(turns))
}

// errorCode counts an error answer by its code.
func (m *metrics) errorCode(code string) { m.errors.WithLabelValues(code).Inc() }

// reject counts a request refused for reason.
func (m *metrics) reject(reason string) { m.rejected.WithLabelValues(reason).Inc() }

// minRateRunes is the fewest characters a model run must hold to update the rate
// admission relies on: a run's fixed cost dominates smaller ones, and counting them would
// make the engine look slower than it is on the large requests the rate is for.
const minRateRunes = 512

// rateWindow is the number of whole seconds texts/s is averaged over.
const rateWindow = 10

// batch records one Engine.Analyze call of n texts holding runes characters that ran
// beside, on average, conc model runs in all (itself included; ≥ 1).
func (m *metrics) batch(n, runes int, d time.Duration, conc float64) {
	m.batchSize.Observe(float64(n))
	m.modelRun.Observe(d.Seconds())
	m.textsTotal.Add(float64(n))
	m.runesTotal.Add(float64(runes))
	m.texts.Add(uint64(n))
	m.batches.Add(1)
	m.mu.Lock()
	sec := time.Now().Unix()
	i := sec % (rateWindow + 1)
	if m.secStamp[i] != sec {
		m.secStamp[i], m.secTexts[i] = sec, 0
	}
	m.secTexts[i] += uint64(n)
	if s := d.Seconds(); runes >= minRateRunes && s > 0 {
		r := float64(runes) / s
		if m.runesPerSec == 0 {
			m.runesPerSec = r
		} else {
			m.runesPerSec = 0.8*m.runesPerSec + 0.2*r
		}
		if t := r * max(1, conc); m.totalPerSec == 0 {
			m.totalPerSec = t
		} else {
			m.totalPerSec = 0.8*m.totalPerSec + 0.2*t
		}
	}
	m.mu.Unlock()
}

func (m *metrics) drop(n int) {
	m.dropped.Add(uint64(n))
	m.droppedC.Add(float64(n))
}

// rate is texts/s over the last rateWindow whole seconds (the current one excluded).
func (m *metrics) rate() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	sec := time.Now().Unix()
	var n uint64
	for i := range m.secStamp {
		if age := sec - m.secStamp[i]; age >= 1 && age <= rateWindow {
			n += m.secTexts[i]
		}
	}
	return float64(n) / rateWindow
}

// runeRate is the characters per second of one model run (0 until one has been measured).
func (m *metrics) runeRate() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.runesPerSec
}

// totalRate is the characters per second of all model runs together (0 until measured).
func (m *metrics) totalRate() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.totalPerSec
}

// totals returns texts analysed and requests answered (for the shutdown log line).
func (m *metrics) totals() (texts, requests uint64) {
	return m.texts.Load(), m.reqs.Load()
}
