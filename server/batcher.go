package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
)

// errOverloaded means the bounded queue cannot take the texts now (answered 429).
var errOverloaded = errors.New("queue full")

// errClosed means the server is shutting down.
var errClosed = errors.New("server shutting down")

// job is one request's texts waiting for a model run. done has room for one answer so the
// worker never blocks on a handler that has given up.
type job struct {
	inputs    []engine.Input
	runes     int
	deadline  time.Time
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
type batcher struct {
	eng      *engine.Engine
	m        *metrics
	enabled  bool
	maxBatch int
	maxRunes int
	maxWait  time.Duration
	capacity int

	depth atomic.Int64 // texts admitted and not yet answered

	mu     sync.RWMutex // guards closed and sends on queue
	closed bool
	queue  chan *job
	wg     sync.WaitGroup
	ctx    context.Context // cancelled only when close gives up waiting
	cancel context.CancelFunc
}

func newBatcher(eng *engine.Engine, m *metrics, o Options) *batcher {
	ctx, cancel := context.WithCancel(context.Background())
	b := &batcher{eng: eng, m: m, enabled: !o.DisableBatching, maxBatch: o.MaxBatch, maxRunes: o.MaxBatchRunes,
		maxWait: o.MaxBatchWait, capacity: o.QueueSize, queue: make(chan *job, o.QueueSize), ctx: ctx, cancel: cancel}
	if b.enabled {
		for i := 0; i < o.BatchWorkers; i++ {
			b.wg.Add(1)
			go b.loop()
		}
	}
	return b
}

// admit reserves room for n texts or reports errOverloaded.
func (b *batcher) admit(n int) error {
	for {
		cur := b.depth.Load()
		if cur+int64(n) > int64(b.capacity) {
			return errOverloaded
		}
		if b.depth.CompareAndSwap(cur, cur+int64(n)) {
			return nil
		}
	}
}

// analyze runs inputs through the engine before ctx's deadline. The returned error is
// errOverloaded, errClosed, a ctx error (deadline: the work is dropped) or an engine failure.
func (b *batcher) analyze(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) {
	if err := b.admit(len(inputs)); err != nil {
		return nil, err
	}
	if !b.enabled {
		defer b.depth.Add(-int64(len(inputs)))
		b.mu.RLock()
		closed := b.closed
		b.mu.RUnlock()
		if closed {
			return nil, errClosed
		}
		t0 := time.Now()
		res, err := b.safeAnalyze(ctx, inputs)
		if err == nil {
			b.m.batch(len(inputs), time.Since(t0))
		}
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return res, err
	}
	j := &job{inputs: inputs, done: make(chan jobResult, 1)}
	for _, in := range inputs {
		j.runes += utf8.RuneCountInString(in.Text)
	}
	j.deadline, _ = ctx.Deadline()
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		b.depth.Add(-int64(len(inputs)))
		return nil, errClosed
	}
	select {
	case b.queue <- j:
	default: // cannot happen while depth ≤ capacity, but never block a handler
		b.mu.RUnlock()
		b.depth.Add(-int64(len(inputs)))
		return nil, errOverloaded
	}
	b.mu.RUnlock()
	select {
	case r := <-j.done:
		return r.results, r.err
	case <-ctx.Done():
		j.abandoned.Store(true)
		return nil, ctx.Err()
	}
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
		add := func(j *job) bool {
			if n+len(j.inputs) > b.maxBatch || runes+j.runes > b.maxRunes {
				carry = j
				return false
			}
			batch = append(batch, j)
			n += len(j.inputs)
			runes += j.runes
			return true
		}
		if busy && n < target && runes < b.maxRunes {
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
		for open && carry == nil && n < b.maxBatch && runes < b.maxRunes {
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
	for _, j := range batch {
		if j.abandoned.Load() || (!j.deadline.IsZero() && now.After(j.deadline)) {
			b.m.drop(len(j.inputs))
			b.depth.Add(-int64(len(j.inputs)))
			j.done <- jobResult{err: context.DeadlineExceeded}
			continue
		}
		if j.deadline.IsZero() {
			unbounded = true
		} else if j.deadline.After(latest) {
			latest = j.deadline
		}
		live = append(live, j)
		inputs = append(inputs, j.inputs...)
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
	results, err := b.safeAnalyze(ctx, inputs)
	if err == nil {
		b.m.batch(len(inputs), time.Since(t0))
	}
	k := 0
	for _, j := range live {
		n := len(j.inputs)
		b.depth.Add(-int64(n)) // before the answer, so a client never sees its own texts queued
		if err != nil {
			j.done <- jobResult{err: err}
		} else {
			j.done <- jobResult{results: results[k : k+n : k+n]}
		}
		k += n
	}
}

// close stops taking texts, lets the workers finish what is queued (until ctx is done,
// then cancels the running model calls) and waits for them.
func (b *batcher) close(ctx context.Context) {
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
		b.cancel()
		<-done
	}
	b.cancel()
}
