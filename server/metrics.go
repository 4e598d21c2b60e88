package server

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"sync"
	"time"
)

var (
	latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}
	batchBuckets   = []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}
)

// histogram is a Prometheus-style cumulative histogram; the caller holds the metrics lock.
type histogram struct {
	bounds []float64
	counts []uint64 // per bucket, not cumulative; last is +Inf
	sum    float64
	n      uint64
}

func newHistogram(bounds []float64) *histogram {
	return &histogram{bounds: bounds, counts: make([]uint64, len(bounds)+1)}
}

func (h *histogram) observe(v float64) {
	i := sort.SearchFloat64s(h.bounds, v) // first bound ≥ v
	h.counts[i]++
	h.sum += v
	h.n++
}

func (h *histogram) write(w io.Writer, name, labels string) {
	var cum uint64
	sep := ""
	if labels != "" {
		sep = ","
	}
	for i, b := range h.bounds {
		cum += h.counts[i]
		fmt.Fprintf(w, "%s_bucket{%s%sle=\"%s\"} %d\n", name, labels, sep, strconv.FormatFloat(b, 'g', -1, 64), cum)
	}
	cum += h.counts[len(h.bounds)]
	fmt.Fprintf(w, "%s_bucket{%s%sle=\"+Inf\"} %d\n", name, labels, sep, cum)
	if labels != "" {
		labels = "{" + labels + "}"
	}
	fmt.Fprintf(w, "%s_sum%s %s\n%s_count%s %d\n", name, labels, strconv.FormatFloat(h.sum, 'g', -1, 64), name, labels, h.n)
}

type routeStatus struct {
	route  string
	status int
}

// metrics are the server's counters, written by hand in the Prometheus text format.
type metrics struct {
	mu        sync.Mutex
	start     time.Time
	requests  map[routeStatus]uint64
	latency   map[string]*histogram
	batchSize *histogram // texts per Engine.Analyze call
	modelRun  *histogram // seconds per Engine.Analyze call
	texts     uint64     // texts analysed
	rejected  uint64     // 429 answers
	timeouts  uint64     // 504 answers
	dropped   uint64     // queued texts dropped because their request had given up
	// texts per wall-clock second, for the last rateWindow seconds
	secTexts [rateWindow + 1]uint64
	secStamp [rateWindow + 1]int64
}

func newMetrics() *metrics {
	now := time.Now()
	return &metrics{start: now, requests: map[routeStatus]uint64{}, latency: map[string]*histogram{},
		batchSize: newHistogram(batchBuckets), modelRun: newHistogram(latencyBuckets)}
}

func (m *metrics) request(route string, status int, d time.Duration) {
	m.mu.Lock()
	m.requests[routeStatus{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = newHistogram(latencyBuckets)
		m.latency[route] = h
	}
	h.observe(d.Seconds())
	switch status {
	case 429:
		m.rejected++
	case 504:
		m.timeouts++
	}
	m.mu.Unlock()
}

// rateWindow is the number of whole seconds texts/s is averaged over.
const rateWindow = 10

func (m *metrics) batch(n int, d time.Duration) {
	m.mu.Lock()
	m.batchSize.observe(float64(n))
	m.modelRun.observe(d.Seconds())
	m.texts += uint64(n)
	sec := time.Now().Unix()
	i := sec % (rateWindow + 1)
	if m.secStamp[i] != sec {
		m.secStamp[i], m.secTexts[i] = sec, 0
	}
	m.secTexts[i] += uint64(n)
	m.mu.Unlock()
}

func (m *metrics) drop(n int) {
	m.mu.Lock()
	m.dropped += uint64(n)
	m.mu.Unlock()
}

// rateLocked is texts/s over the last rateWindow whole seconds (the current one excluded).
func (m *metrics) rateLocked(now time.Time) float64 {
	sec := now.Unix()
	var n uint64
	for i := range m.secStamp {
		if age := sec - m.secStamp[i]; age >= 1 && age <= rateWindow {
			n += m.secTexts[i]
		}
	}
	return float64(n) / rateWindow
}

// totals returns texts analysed and requests answered (for the shutdown log line).
func (m *metrics) totals() (texts, requests uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, n := range m.requests {
		requests += n
	}
	return m.texts, requests
}

// write renders every metric; queueDepth and inflight are read by the caller.
func (m *metrics) write(w io.Writer, queueDepth, queueCap, inflight int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rate := m.rateLocked(time.Now())
	fmt.Fprintln(w, "# HELP tingzhen_http_requests_total HTTP requests answered, by route and status.")
	fmt.Fprintln(w, "# TYPE tingzhen_http_requests_total counter")
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].status < keys[j].status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "tingzhen_http_requests_total{route=%q,status=\"%d\"} %d\n", k.route, k.status, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP tingzhen_http_request_duration_seconds Time from request read to response written, by route.")
	fmt.Fprintln(w, "# TYPE tingzhen_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		m.latency[r].write(w, "tingzhen_http_request_duration_seconds", fmt.Sprintf("route=%q", r))
	}
	fmt.Fprintln(w, "# HELP tingzhen_batch_size Texts per Engine.Analyze call (micro-batches, or one request when batching is off).")
	fmt.Fprintln(w, "# TYPE tingzhen_batch_size histogram")
	m.batchSize.write(w, "tingzhen_batch_size", "")
	fmt.Fprintln(w, "# HELP tingzhen_model_run_seconds Wall time of one Engine.Analyze call.")
	fmt.Fprintln(w, "# TYPE tingzhen_model_run_seconds histogram")
	m.modelRun.write(w, "tingzhen_model_run_seconds", "")
	fmt.Fprintln(w, "# HELP tingzhen_texts_analyzed_total Texts analysed.")
	fmt.Fprintln(w, "# TYPE tingzhen_texts_analyzed_total counter")
	fmt.Fprintf(w, "tingzhen_texts_analyzed_total %d\n", m.texts)
	fmt.Fprintf(w, "# HELP tingzhen_texts_per_second Texts analysed per second over the last %d whole seconds.\n", rateWindow)
	fmt.Fprintln(w, "# TYPE tingzhen_texts_per_second gauge")
	fmt.Fprintf(w, "tingzhen_texts_per_second %s\n", strconv.FormatFloat(rate, 'f', 2, 64))
	fmt.Fprintln(w, "# HELP tingzhen_queue_depth Texts waiting for or in a model run.")
	fmt.Fprintln(w, "# TYPE tingzhen_queue_depth gauge")
	fmt.Fprintf(w, "tingzhen_queue_depth %d\n", queueDepth)
	fmt.Fprintln(w, "# HELP tingzhen_queue_capacity Most texts admitted at once; more are answered 429.")
	fmt.Fprintln(w, "# TYPE tingzhen_queue_capacity gauge")
	fmt.Fprintf(w, "tingzhen_queue_capacity %d\n", queueCap)
	fmt.Fprintln(w, "# HELP tingzhen_http_inflight Requests being handled.")
	fmt.Fprintln(w, "# TYPE tingzhen_http_inflight gauge")
	fmt.Fprintf(w, "tingzhen_http_inflight %d\n", inflight)
	fmt.Fprintln(w, "# HELP tingzhen_rejected_total Requests answered 429 (queue full).")
	fmt.Fprintln(w, "# TYPE tingzhen_rejected_total counter")
	fmt.Fprintf(w, "tingzhen_rejected_total %d\n", m.rejected)
	fmt.Fprintln(w, "# HELP tingzhen_timeouts_total Requests answered 504 (deadline passed).")
	fmt.Fprintln(w, "# TYPE tingzhen_timeouts_total counter")
	fmt.Fprintf(w, "tingzhen_timeouts_total %d\n", m.timeouts)
	fmt.Fprintln(w, "# HELP tingzhen_dropped_texts_total Queued texts dropped unanalysed because their request had timed out.")
	fmt.Fprintln(w, "# TYPE tingzhen_dropped_texts_total counter")
	fmt.Fprintf(w, "tingzhen_dropped_texts_total %d\n", m.dropped)
	fmt.Fprintln(w, "# HELP tingzhen_uptime_seconds Seconds since the server started.")
	fmt.Fprintln(w, "# TYPE tingzhen_uptime_seconds gauge")
	fmt.Fprintf(w, "tingzhen_uptime_seconds %.0f\n", time.Since(m.start).Seconds())
}
