package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/record"
)

// errOverloaded means the admission queue cannot take the texts now (answered 429); the
// error returned is an *admitError saying why and when to retry.
var errOverloaded = errors.New("queue full")

// errClosed means the server is shutting down.
var errClosed = errors.New("server shutting down")

// admitError is a refusal at admission: reason is a tingzhen_rejected_total label,
// retryAfter the seconds a client should wait.
type admitError struct {
	reason     string
	retryAfter int
	msg        string
}

func (e *admitError) Error() string        { return e.msg }
func (e *admitError) Is(target error) bool { return target == errOverloaded }

// job is one request's texts (or one slice of them) waiting for a model run. done has
// room for one answer so the worker never blocks on a handler that has given up.
type job struct {
	inputs    []engine.Input
	runes     int
	deadline  time.Time
	enqueued  time.Time
	timing    *timing // the request's, or nil
	sliced    bool    // a slice of a request longer than maxRunes: runs alone
	bulk      bool    // a slice of a bulk job (AnalyzeBulk)
	abandoned atomic.Bool
	done      chan jobResult
}

type jobResult struct {
	results []engine.Result
	err     error
}

// batcher admits texts into a bounded queue and runs them through the engine: with
// micro-batching on, worker goroutines gather the texts of many concurrent requests (up to
// maxBatch texts or maxRunes runes, waiting at most maxWait for more) into one
// Engine.Analyze call; with it off, each request calls Analyze alone.
//
// Admission is by cost: the queue holds at most capacity texts and capRunes characters,
// and a request whose characters, with those already queued ahead of it, cannot be
// analysed before its deadline at the measured rate is refused up front (429). A request
// of more than maxRunes characters is fed to the workers one maxRunes slice at a time, the
// next slice queued only once the previous one is answered, so requests arriving meanwhile
// are served between its slices instead of waiting behind all of it.
type batcher struct {
	eng      *engine.Engine
	rec      *record.Recorder // Options.Record; nil records nothing
	m        *metrics
	log      *slog.Logger
	enabled  bool
	maxBatch int
	maxRunes int
	maxWait  time.Duration
	capacity int
	capRunes int
	workers  int

	admMu     sync.Mutex    // serialises admission decisions (depth and cost move together)
	released  chan struct{} // closed at the next release when requests wait for room; guarded by admMu
	queueWait time.Duration // longest wait for room in a full queue
	depth     atomic.Int64  // texts admitted and not yet answered
	cost      atomic.Int64  // characters admitted and not yet answered
	// ahead is the characters a request admitted now would wait behind: those queued or
	// running (with batching on a long request has one slice queued at a time, so its
	// later slices are not ahead of a newcomer; with it off every admitted text runs at once).
	ahead atomic.Int64
	// running is the model runs in flight (their mean over a run is its concurrency).
	running atomic.Int64
	// bulkDepth is the texts of bulk jobs' slices among depth (AnalyzeBulk).
	bulkDepth atomic.Int64
	// long is the requests longer than maxRunes admitted and not yet answered (guarded by
	// admMu): at most longLanes at once, so that a worker stays free for short requests.
	long int

	mu     sync.RWMutex // guards closed and sends on queue
	closed bool
	queue  chan *job
	wg     sync.WaitGroup
	ctx    context.Context // cancelled only when close gives up waiting
	cancel context.CancelFunc
}

func newBatcher(eng *engine.Engine, m *metrics, o Options) *batcher {
	ctx, cancel := context.WithCancel(context.Background())
	b := &batcher{eng: eng, m: m, log: o.Logger, enabled: !o.DisableBatching, maxBatch: o.MaxBatch, maxRunes: o.MaxBatchRunes,
		maxWait: o.MaxBatchWait, capacity: o.QueueSize, capRunes: o.QueueRunes, workers: o.BatchWorkers, queueWait: o.QueueWait,
		queue: make(chan *job, o.QueueSize), ctx: ctx, cancel: cancel}
	if b.enabled {
		for i := 0; i < o.BatchWorkers; i++ {
			b.wg.Add(1)
			go b.loop()
		}
	}
	return b
}

// throughput is the characters per second all the workers together get through: as
// measured (tingzhen_throughput_total_characters_per_second), or, before any run has been
// measured, one run's rate times the workers (0: not measured yet).
func (b *batcher) throughput() float64 {
	if t := b.m.totalRate(); t > 0 {
		return t
	}
	r := b.m.runeRate()
	if b.enabled {
		r *= float64(b.workers)
	}
	return r
}

// debugOn reports whether debug lines (admission decisions, model runs, with the rates
// they relied on) are logged (--log-level debug).
func (b *batcher) debugOn() bool {
	return b.log != nil && b.log.Enabled(context.Background(), slog.LevelDebug)
}

// isLong reports whether a request of runes characters is analysed in several slices
// (batching on, more than maxRunes characters).
func (b *batcher) isLong(runes int) bool {
	return b.enabled && b.maxRunes > 0 && runes > b.maxRunes
}

// longLanes is the most long requests admitted at once: one less than the workers (at
// least one), so that with two workers or more a worker is always free for short requests
// instead of every worker running a long request's slices.
func (b *batcher) longLanes() int { return max(1, b.workers-1) }

// retryAfter is the seconds until the queued characters are done at the measured rate
// (1 to 60).
func (b *batcher) retryAfter() int {
	thr := b.throughput()
	if thr <= 0 {
		return 1
	}
	return max(1, min(60, int(math.Ceil(float64(b.cost.Load())/thr))))
}

// admit reserves room for n texts of runes characters that must be done by deadline
// (zero: none), or reports an *admitError. When the queue's capacity is taken it waits
// for room, as VictoriaMetrics' concurrency limiter waits for a slot, up to queueWait and
// never past the deadline, then refuses; a request that cannot finish inside its deadline
// is refused at once.
func (b *batcher) admit(n, runes int, deadline time.Time) error {
	var until time.Time
	if b.queueWait > 0 {
		until = time.Now().Add(b.queueWait)
		if !deadline.IsZero() && deadline.Before(until) {
			until = deadline
		}
	}
	for {
		wait, err := b.tryAdmit(n, runes, deadline)
		if b.debugOn() {
			b.log.Debug("admission", "texts", n, "characters", runes, "queued", b.cost.Load(), "ahead", b.ahead.Load(), "rate", b.m.runeRate(), "total_rate", b.m.totalRate(), "long", b.isLong(runes), "left", time.Until(deadline).Seconds(), "refused", err != nil)
		}
		if wait == nil || !time.Now().Before(until) {
			return err
		}
		t := time.NewTimer(time.Until(until))
		select {
		case <-wait:
		case <-t.C:
		}
		t.Stop()
	}
}

// tryAdmit is one admission decision. When the capacity is taken and the request could
// fit an emptier queue, it also returns a channel closed at the next release.
func (b *batcher) tryAdmit(n, runes int, deadline time.Time) (<-chan struct{}, error) {
	b.admMu.Lock()
	defer b.admMu.Unlock()
	depth, cost, ahead := b.depth.Load(), b.cost.Load(), b.ahead.Load()
	if !b.enabled {
		ahead = cost
	}
	if n > b.capacity || runes > b.capRunes {
		return nil, &admitError{reason: rejectQueueFull, retryAfter: b.retryAfter(),
			msg: fmt.Sprintf("this request has %d texts of %d characters, more than the queue ever admits (%d texts, %d characters); split it", n, runes, b.capacity, b.capRunes)}
	}
	long := b.isLong(runes)
	if depth+int64(n) > int64(b.capacity) || cost+int64(runes) > int64(b.capRunes) || (long && b.long >= b.longLanes()) {
		if b.released == nil {
			b.released = make(chan struct{})
		}
		return b.released, &admitError{reason: rejectQueueFull, retryAfter: b.retryAfter(),
			msg: fmt.Sprintf("server busy: %d texts of %d characters queued (capacity %d texts, %d characters; %d of %d requests over %d characters); this request has %d texts of %d characters; retry later", depth, cost, b.capacity, b.capRunes, b.long, b.longLanes(), b.maxRunes, n, runes)}
	}
	if rate := b.m.runeRate(); rate > 0 && !deadline.IsZero() {
		// What is ahead is shared out over the workers; the request's own slices run one at
		// a time, each in one model run, at the rate of one run.
		secs := func(r int64, per float64) time.Duration {
			return time.Duration(float64(r) / per * float64(time.Second))
		}
		alone := secs(int64(runes), rate)
		need := secs(ahead, b.throughput()) + alone
		if long {
			// A long request's slices take turns with everything else admitted (the later
			// slices of other long requests included), so all of it shares the workers
			// with it until it is done.
			need = max(alone, secs(cost+int64(runes), b.throughput()))
		}
		left := time.Until(deadline)
		if long {
			left = time.Duration(float64(left) * longMargin)
		}
		if need > left {
			msg := fmt.Sprintf("cannot finish inside the request's deadline: %d characters queued ahead and %d in this request need about %s at the measured %.0f characters/s per model run, and %s is left; retry later", ahead, runes, need.Round(time.Millisecond), rate, left.Round(time.Millisecond))
			if alone > left {
				msg = fmt.Sprintf("cannot finish inside the request's deadline: its %d characters alone need about %s at the measured %.0f characters/s per model run, and %s is left; split the request or raise X-Request-Timeout", runes, alone.Round(time.Millisecond), rate, left.Round(time.Millisecond))
			}
			return nil, &admitError{reason: rejectDeadline, retryAfter: b.retryAfter(), msg: msg}
		}
	}
	b.depth.Add(int64(n))
	b.cost.Add(int64(runes))
	if long {
		b.long++
	}
	return nil, nil
}

// longMargin is the share of its time left that a long request's estimate may take.
// A long request commits the engine for seconds on a rate measured before it started, and
// the rate does not hold: on the 2-core machine a 35 × 9,800-character request was admitted
// at 45,700 characters/s (one 1,042-character run alone) and its slices then ran at 26,000
// to 30,000 characters/s (0.57 to 0.66 of it) while other clients' requests were parsed and
// refused beside them (bench/results/reliability.md, 2026-11-30).
const longMargin = 0.6

// doneLong frees the lane of a long request once it is answered.
func (b *batcher) doneLong() {
	b.admMu.Lock()
	b.long--
	if b.released != nil {
		close(b.released)
		b.released = nil
	}
	b.admMu.Unlock()
}

// release returns n texts of runes characters to the queue and wakes the requests
// waiting for room.
func (b *batcher) release(n, runes int) {
	if n == 0 && runes == 0 {
		return
	}
	b.admMu.Lock()
	b.depth.Add(-int64(n))
	b.cost.Add(-int64(runes))
	if b.released != nil {
		close(b.released)
		b.released = nil
	}
	b.admMu.Unlock()
}

// releaseJob returns a queued job's texts and characters.
func (b *batcher) releaseJob(j *job) {
	if j.bulk {
		b.releaseBulk(len(j.inputs), j.runes)
		return
	}
	b.release(len(j.inputs), j.runes)
}

// runeCount is the characters of inputs' texts.
func runeCount(inputs []engine.Input) int {
	n := 0
	for _, in := range inputs {
		n += utf8.RuneCountInString(in.Text)
	}
	return n
}

// slices cuts inputs into consecutive runs of at most maxRunes characters (a longer text
// alone).
func slicesByRunes(inputs []engine.Input, maxRunes int) (parts [][]engine.Input, runes []int) {
	start, cur := 0, 0
	for i, in := range inputs {
		r := utf8.RuneCountInString(in.Text)
		if i > start && cur+r > maxRunes {
			parts, runes = append(parts, inputs[start:i:i]), append(runes, cur)
			start, cur = i, 0
		}
		cur += r
	}
	if start < len(inputs) || len(inputs) == 0 {
		parts, runes = append(parts, inputs[start:]), append(runes, cur)
	}
	return parts, runes
}

// analyze runs inputs through the engine before ctx's deadline. The returned error is an
// *admitError (errors.Is errOverloaded), errClosed, a ctx error (deadline: the work is
// dropped) or an engine failure.
func (b *batcher) analyze(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) {
	return b.analyzeAdmitted(ctx, inputs, nil)
}

// analyzeAdmitted is analyze with a step of the request's own, admitted (when not nil),
// run on inputs once they are admitted and before any of them is analysed: work a
// refused request must not do (POST /v1/analyze's dominant-industry vote, which sets the
// inputs' Dominant). It runs with the texts' room reserved, within the request's deadline.
func (b *batcher) analyzeAdmitted(ctx context.Context, inputs []engine.Input, admitted func([]engine.Input)) ([]engine.Result, error) {
	deadline, _ := ctx.Deadline()
	total := runeCount(inputs)
	if err := b.admit(len(inputs), total, deadline); err != nil {
		return nil, err
	}
	if !b.enabled {
		defer b.release(len(inputs), total)
		b.mu.RLock()
		closed := b.closed
		b.mu.RUnlock()
		if closed {
			return nil, errClosed
		}
		if admitted != nil {
			admitted(inputs)
		}
		t0 := time.Now()
		c0 := b.running.Add(1)
		res, err := b.safeAnalyze(ctx, inputs)
		c1 := b.running.Add(-1) + 1
		d := time.Since(t0)
		if err == nil {
			b.m.batch(len(inputs), total, d, float64(c0+c1)/2)
			b.record(ctx, inputs, res)
		}
		timingFrom(ctx).add(0, d)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return res, err
	}
	if b.isLong(total) {
		defer b.doneLong()
	}
	// The texts and characters of the parts not yet queued (run releases a queued part's).
	pendN, pendR := len(inputs), total
	defer func() { b.release(pendN, pendR) }()
	if admitted != nil {
		admitted(inputs)
	}
	parts, runes := slicesByRunes(inputs, b.maxRunes)
	sliced := len(parts) > 1
	out := make([]engine.Result, 0, len(inputs))
	for i, part := range parts {
		if i > 0 {
			if err := b.recheck(len(inputs)-pendN, len(inputs), pendR, deadline); err != nil {
				return nil, err
			}
		}
		j := &job{inputs: part, runes: runes[i], deadline: deadline, enqueued: time.Now(), timing: timingFrom(ctx), sliced: sliced, done: make(chan jobResult, 1)}
		b.mu.RLock()
		if b.closed {
			b.mu.RUnlock()
			return nil, errClosed
		}
		b.ahead.Add(int64(runes[i])) // before a worker can take it (run subtracts it)
		select {
		case b.queue <- j:
		default: // cannot happen while depth ≤ capacity, but never block a handler
			b.ahead.Add(-int64(runes[i]))
			b.mu.RUnlock()
			return nil, &admitError{reason: rejectQueueFull, retryAfter: b.retryAfter(), msg: "server busy: the queue is full; retry later"}
		}
		b.mu.RUnlock()
		pendN -= len(part)
		pendR -= runes[i]
		select {
		case r := <-j.done:
			if r.err != nil {
				return nil, r.err
			}
			out = append(out, r.results...)
		case <-ctx.Done():
			j.abandoned.Store(true)
			return nil, ctx.Err()
		}
	}
	return out, nil
}

// recheck is the check before each later slice of a long request, of which done of n texts
// are answered and runes characters are left: the rate admission relied on may have fallen
// since, and when the rest cannot finish before the deadline at the rate measured now it
// gives up at once (429, reason deadline) rather than hold a worker until the deadline (504).
func (b *batcher) recheck(done, n, runes int, deadline time.Time) error {
	rate := b.m.runeRate()
	if rate <= 0 || deadline.IsZero() {
		return nil
	}
	need := time.Duration(float64(runes) / rate * float64(time.Second))
	if left := time.Until(deadline); need > left {
		return &admitError{reason: rejectDeadline, retryAfter: b.retryAfter(),
			msg: fmt.Sprintf("cannot finish inside the request's deadline: after %d of its %d texts, the %d characters left need about %s at the measured %.0f characters/s per model run, and %s is left; split the request or raise X-Request-Timeout", done, n, runes, need.Round(time.Millisecond), rate, left.Round(time.Millisecond))}
	}
	return nil
}

// safeAnalyze calls the engine, turning a panic into an error so that one bad batch
// cannot take the server down.
func (b *batcher) safeAnalyze(ctx context.Context, inputs []engine.Input) (res []engine.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("engine panic on a batch of %d texts: %v", len(inputs), p)
		}
	}()
	res, err = b.eng.Analyze(ctx, inputs)
	if err == nil && len(res) != len(inputs) {
		err = fmt.Errorf("engine returned %d results for %d inputs", len(res), len(inputs))
	}
	return res, err
}

// loop gathers jobs into micro-batches until the queue is closed and drained.
func (b *batcher) loop() {
	defer b.wg.Done()
	var carry *job
	last := 0 // texts in this worker's previous batch
	for {
		first := carry
		carry = nil
		if first == nil {
			j, ok := <-b.queue
			if !ok {
				return
			}
			first = j
		}
		batch := []*job{first}
		n, runes := len(first.inputs), first.runes
		open := true
		// Wait for company only when there is load: the previous batch had several texts,
		// or other admitted texts are on their way. A lone client is not delayed. The wait
		// ends at maxWait or once as many texts as last time have come (the clients of the
		// previous batch sending their next request); whatever else is already queued then
		// joins too, so batches grow with the load.
		busy := last > 1 || b.depth.Load() > int64(n)
		target := min(b.maxBatch, max(last, 2))
		// A slice of a long request runs alone, and nothing joins it: a short request
		// waits for a short batch, never for a slice.
		add := func(j *job) bool {
			if first.sliced || j.sliced || n+len(j.inputs) > b.maxBatch || runes+j.runes > b.maxRunes {
				carry = j
				return false
			}
			batch = append(batch, j)
			n += len(j.inputs)
			runes += j.runes
			return true
		}
		if busy && !first.sliced && n < target && runes < b.maxRunes {
			timer := time.NewTimer(b.maxWait)
		collect:
			for n < target && runes < b.maxRunes {
				select {
				case j, ok := <-b.queue:
					if !ok {
						open = false
						break collect
					}
					if !add(j) {
						break collect
					}
				case <-timer.C:
					break collect
				}
			}
			timer.Stop()
		}
	drain:
		for open && carry == nil && !first.sliced && n < b.maxBatch && runes < b.maxRunes {
			select {
			case j, ok := <-b.queue:
				if !ok {
					open = false
					break drain
				}
				if !add(j) {
					break drain
				}
			default:
				break drain
			}
		}
		last = n
		b.run(batch)
		if !open && carry == nil {
			return
		}
	}
}

// run analyses one micro-batch, skipping jobs whose request has given up.
func (b *batcher) run(batch []*job) {
	now := time.Now()
	var inputs []engine.Input
	live := batch[:0]
	var latest time.Time
	unbounded := false
	runes := 0
	for _, j := range batch {
		if j.abandoned.Load() || (!j.deadline.IsZero() && now.After(j.deadline)) {
			b.m.drop(len(j.inputs))
			b.releaseJob(j)
			b.ahead.Add(-int64(j.runes))
			j.done <- jobResult{err: context.DeadlineExceeded}
			continue
		}
		if j.deadline.IsZero() {
			unbounded = true
		} else if j.deadline.After(latest) {
			latest = j.deadline
		}
		b.m.queueWait.Observe(now.Sub(j.enqueued).Seconds())
		live = append(live, j)
		inputs = append(inputs, j.inputs...)
		runes += j.runes
	}
	if len(live) == 0 {
		return
	}
	ctx := b.ctx
	if !unbounded && !latest.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(b.ctx, latest)
		defer cancel()
	}
	t0 := time.Now()
	c0 := b.running.Add(1)
	results, err := b.safeAnalyze(ctx, inputs)
	c1 := b.running.Add(-1) + 1
	d := time.Since(t0)
	if err == nil {
		b.m.batch(len(inputs), runes, d, float64(c0+c1)/2)
		b.recordRun(ctx, live, results)
	}
	if b.debugOn() {
		b.log.Debug("model run", "texts", len(inputs), "characters", runes, "seconds", d.Seconds(), "concurrency", float64(c0+c1)/2, "rate", b.m.runeRate(), "total_rate", b.m.totalRate())
	}
	for _, j := range live {
		j.timing.add(t0.Sub(j.enqueued), d)
	}
	k := 0
	for _, j := range live {
		n := len(j.inputs)
		b.releaseJob(j) // before the answer, so a client never sees its own texts queued
		b.ahead.Add(-int64(j.runes))
		if err != nil {
			j.done <- jobResult{err: err}
		} else {
			j.done <- jobResult{results: results[k : k+n : k+n]}
		}
		k += n
	}
}

// close stops taking texts, lets the workers finish what is queued (until ctx is done,
// then cancels the running model calls) and waits for them. It reports whether ctx ended
// first with admitted texts still queued or running (their model calls were cancelled), and
// how many.
func (b *batcher) close(ctx context.Context) (cancelled bool, left int64) {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.queue)
	}
	b.mu.Unlock()
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		if left = b.depth.Load(); left == 0 {
			// nothing admitted is queued or running (depth counts a text until it is
			// answered): the workers are only exiting, and no text is cut
			<-done
			break
		}
		cancelled = true
		b.cancel()
		<-done
	}
	b.cancel()
	return cancelled, left
}
