package server

import (
	"context"
	"time"

	"github.com/tingzhen/tingzhen/engine"
)

// bulkYield is the longest a bulk job's slice waits for the interactive requests admitted
// before it to be answered; then it is queued all the same, so that a job still moves on
// (a slice at a time) under a steady interactive load.
const bulkYield = time.Second

// AnalyzeBulk runs a bulk job's texts (jobs.ManagerOptions.Analyze) through the server's
// admission at a low priority: one slice of at most MaxBatchRunes characters at a time,
// each waiting until no interactive request's texts are admitted (at most bulkYield), each
// reserving its texts and characters in the queue, so that interactive requests' admission
// counts it as ahead of them, and each run alone. An interactive request thus waits for at
// most one slice of a job, whatever the job's size. After the server has stopped taking
// work, a call waits for ctx (the jobs manager stops its jobs, which stay resumable).
func (s *Server) AnalyzeBulk(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) {
	return s.b.analyzeBulk(ctx, inputs)
}

func (b *batcher) analyzeBulk(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) {
	maxRunes := b.maxRunes
	if maxRunes <= 0 {
		maxRunes = 16384
	}
	parts, runes := slicesByRunes(inputs, maxRunes)
	out := make([]engine.Result, 0, len(inputs))
	for i, part := range parts {
		if len(part) == 0 {
			continue
		}
		if err := b.admitBulk(ctx, len(part), runes[i]); err != nil {
			return nil, err
		}
		res, err := b.runBulk(ctx, part, runes[i])
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

// bulkTurn is one admission decision for a bulk slice of n texts and runes characters,
// waited bulkWaited so far: it may go when no interactive text is admitted (or it has
// waited bulkYield) and it fits the queue's capacity (or the queue is empty). When it
// goes, its texts and characters are reserved. Otherwise the channel returned is closed
// at the next release.
func (b *batcher) bulkTurn(n, runes int, waited time.Duration) (go_ bool, wait <-chan struct{}) {
	b.admMu.Lock()
	defer b.admMu.Unlock()
	depth, cost := b.depth.Load(), b.cost.Load()
	interactive := depth - b.bulkDepth.Load()
	fits := (depth+int64(n) <= int64(b.capacity) && cost+int64(runes) <= int64(b.capRunes)) || depth == 0
	if fits && (interactive == 0 || waited >= bulkYield) {
		b.depth.Add(int64(n))
		b.cost.Add(int64(runes))
		b.bulkDepth.Add(int64(n))
		return true, nil
	}
	if b.released == nil {
		b.released = make(chan struct{})
	}
	return false, b.released
}

// admitBulk waits for a bulk slice's turn (bulkTurn) until ctx is done.
func (b *batcher) admitBulk(ctx context.Context, n, runes int) error {
	t0 := time.Now()
	for {
		waited := time.Since(t0)
		ok, wait := b.bulkTurn(n, runes, waited)
		if ok {
			return nil
		}
		t := time.NewTimer(max(time.Millisecond, bulkYield-waited))
		select {
		case <-wait:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		t.Stop()
	}
}

// runBulk runs one admitted bulk slice, alone, and releases its reservation.
func (b *batcher) runBulk(ctx context.Context, part []engine.Input, runes int) ([]engine.Result, error) {
	b.mu.RLock()
	closed := b.closed
	if closed || !b.enabled {
		b.mu.RUnlock()
		if closed {
			b.releaseBulk(len(part), runes)
			<-ctx.Done()
			return nil, ctx.Err()
		}
		defer b.releaseBulk(len(part), runes)
		t0 := time.Now()
		c0 := b.running.Add(1)
		res, err := b.safeAnalyze(ctx, part)
		c1 := b.running.Add(-1) + 1
		if err == nil {
			b.m.batch(len(part), runes, time.Since(t0), float64(c0+c1)/2)
		}
		return res, err
	}
	j := &job{inputs: part, runes: runes, enqueued: time.Now(), sliced: true, bulk: true, done: make(chan jobResult, 1)}
	b.ahead.Add(int64(runes))
	select {
	case b.queue <- j:
		b.mu.RUnlock()
	case <-ctx.Done(): // the queue is full of texts admitted beyond the capacity (an oversized slice)
		b.mu.RUnlock()
		b.ahead.Add(-int64(runes))
		b.releaseBulk(len(part), runes)
		return nil, ctx.Err()
	}
	select {
	case r := <-j.done:
		return r.results, r.err
	case <-ctx.Done():
		j.abandoned.Store(true)
		return nil, ctx.Err()
	}
}

// releaseBulk returns a bulk slice's reservation.
func (b *batcher) releaseBulk(n, runes int) {
	b.bulkDepth.Add(-int64(n))
	b.release(n, runes)
}
