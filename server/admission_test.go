package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
)

// TestAdmit: admission weighs characters as well as texts, and refuses up front a request
// that, with the characters queued ahead of it, cannot finish before its deadline at the
// measured rate.
func TestAdmit(t *testing.T) {
	f := func(queuedN, queuedRunes int, rate float64, n, runes int, deadline time.Duration, want string) {
		t.Helper()
		m := newMetrics(gauges{})
		m.runesPerSec = rate
		b := &batcher{m: m, enabled: true, workers: 1, capacity: 100, capRunes: 1_000_000}
		b.depth.Store(int64(queuedN))
		b.cost.Store(int64(queuedRunes))
		b.ahead.Store(int64(queuedRunes)) // all of it queued (TestAdmitAhead: slices)
		var dl time.Time
		if deadline > 0 {
			dl = time.Now().Add(deadline)
		}
		err := b.admit(n, runes, dl)
		got := ""
		var ae *admitError
		if errors.As(err, &ae) {
			got = ae.reason
			if !errors.Is(err, errOverloaded) || ae.retryAfter < 1 || ae.msg == "" {
				t.Errorf("refusal %+v: want errOverloaded, Retry-After ≥ 1 and a message", ae)
			}
		} else if err != nil {
			t.Fatalf("admit: %v", err)
		}
		if got != want {
			t.Errorf("queued %d texts/%d chars, rate %.0f/s, request %d texts/%d chars, deadline %s: %q, want %q (%v)", queuedN, queuedRunes, rate, n, runes, deadline, got, want, err)
		}
		if got == "" && (b.depth.Load() != int64(queuedN+n) || b.cost.Load() != int64(queuedRunes+runes)) {
			t.Errorf("admitted but reserved %d texts/%d chars", b.depth.Load(), b.cost.Load())
		}
		if got != "" && (b.depth.Load() != int64(queuedN) || b.cost.Load() != int64(queuedRunes)) {
			t.Errorf("refused but reserved %d texts/%d chars", b.depth.Load(), b.cost.Load())
		}
	}
	// capacity in texts and in characters
	f(0, 0, 0, 1, 20, 10*time.Second, "")
	f(99, 0, 0, 1, 20, 10*time.Second, "")
	f(99, 0, 0, 2, 20, 10*time.Second, rejectQueueFull)
	f(0, 999_990, 0, 1, 20, 10*time.Second, rejectQueueFull)
	f(0, 0, 0, 35, 100_000, 10*time.Second, "") // rate not measured yet: only capacity counts
	// deadlines at 10,000 characters/s
	f(0, 0, 10_000, 35, 35*9_800, 10*time.Second, rejectDeadline)    // 34 s alone
	f(0, 0, 10_000, 10, 50_000, 10*time.Second, "")                  // 5 s
	f(0, 60_000, 10_000, 10, 50_000, 10*time.Second, rejectDeadline) // 11 s with the queue
	f(0, 60_000, 10_000, 1, 20, 10*time.Second, "")                  // a small probe still fits
	f(0, 60_000, 10_000, 1, 20, 5*time.Second, rejectDeadline)       // not inside 5 s
	f(0, 0, 10_000, 35, 35*9_800, 0, "")                             // no deadline
	f(0, 0, 10_000, 35, 35*9_800, time.Minute, "")                   // 34 s inside a minute
	f(0, 990_000, 0, 1, 20, time.Minute, "")                         // capacity left
	f(0, 990_000, 0, 1, 10_001, time.Minute, rejectQueueFull)        // capacity first
	f(0, 0, 1_000, 1, 9_000, 10*time.Second, "")                     // slow engine, fits
	f(0, 2_000, 1_000, 1, 9_000, 10*time.Second, rejectDeadline)     // slow engine, does not
}

func TestSlicesByRunes(t *testing.T) {
	f := func(lens []int, max int, want string) {
		t.Helper()
		var in []engine.Input
		for i, n := range lens {
			in = append(in, engine.Input{ID: fmt.Sprint(i), Text: strings.Repeat("好", n)})
		}
		parts, runes := slicesByRunes(in, max)
		var got []string
		total := 0
		for i, p := range parts {
			var ids []string
			for _, x := range p {
				ids = append(ids, x.ID)
			}
			got = append(got, fmt.Sprintf("%s:%d", strings.Join(ids, ","), runes[i]))
			total += len(p)
		}
		if g := strings.Join(got, " "); g != want || total != len(in) {
			t.Errorf("lens %v max %d: %q, want %q", lens, max, g, want)
		}
	}
	f([]int{10, 10, 10}, 100, "0,1,2:30")
	f([]int{60, 60, 60}, 100, "0:60 1:60 2:60")
	f([]int{50, 50, 50}, 100, "0,1:100 2:50")
	f([]int{500, 10, 10}, 100, "0:500 1,2:20") // a text longer than the slice goes alone
	f([]int{}, 100, ":0")
}

// TestCostlyRequestsDoNotStarve: on a real server, clients sending 35 texts of 9,800
// characters each, with a deadline a quarter of the time the engine needs for them at its
// measured rate, are answered 429 with Retry-After up front, counted as reason "deadline"
// (they used to be queued, hold the workers past their deadline, and get 504), while a
// probe client's short requests keep being served. The deadline is set from the measured
// rate so that the test means the same on a slow or a fast machine.
func TestCostlyRequestsDoNotStarve(t *testing.T) {
	ts := start(t, Options{})
	revs := reviews(t)
	long := strings.Repeat(strings.Join(revs, "。"), 20)
	long = string([]rune(long)[:9800])
	// Measure the engine's rate on texts like the costly ones first (admission refuses
	// nothing before).
	var warm []engine.Input
	for i := 0; i < 2; i++ {
		warm = append(warm, engine.Input{ID: fmt.Sprint(i), Text: long})
	}
	if r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": warm}), "", "X-Request-Timeout", "60s"); r.status != 200 {
		t.Fatalf("warm-up: %d %.300s", r.status, r.body)
	}
	rate := ts.m.runeRate()
	if rate <= 0 {
		t.Fatal("no rate measured after a request")
	}
	var items []engine.Input
	for i := 0; i < 35; i++ {
		items = append(items, engine.Input{ID: fmt.Sprint(i), Text: long})
	}
	costly := mustJSON(map[string]any{"items": items})
	timeout := fmt.Sprint(max(1, int(35*9800/rate*1000/4)), "ms")
	var wg sync.WaitGroup
	statuses := make(chan response, 64)
	stop := make(chan struct{})
	for c := 0; c < 2; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				select {
				case <-stop:
					return
				default:
				}
				statuses <- do(t, "POST", ts.base+"/v1/analyze", costly, "", "X-Request-Timeout", timeout)
			}
		}()
	}
	var slowest time.Duration
	for i := 0; i < 10; i++ {
		t0 := time.Now()
		r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]string{"text": revs[i]}), "")
		slowest = max(slowest, time.Since(t0))
		if r.status != 200 {
			t.Errorf("probe %d: %d %s", i, r.status, r.body)
		}
	}
	t.Logf("measured rate %.0f characters/s, costly requests' deadline %s; slowest of 10 probes %s (logged, not asserted)", rate, timeout, slowest)
	close(stop)
	wg.Wait()
	close(statuses)
	for r := range statuses {
		if r.status != 429 || r.header.Get("Retry-After") == "" || errorCode(t, r) != codeOverloaded || !strings.Contains(string(r.body), "deadline") {
			t.Errorf("costly request: %d %v %.300s", r.status, r.header, r.body)
		}
	}
	metrics := string(do(t, "GET", ts.base+"/metrics", "", "").body)
	if strings.Contains(metrics, `tingzhen_rejected_total{reason="deadline"} 0`) {
		t.Errorf("deadline refusals not counted:\n%s", grepLines(metrics, "tingzhen_rejected_total"))
	}
}

// TestLongRequestSliced: a request over MaxBatchRunes is analysed in slices, and its
// results come back complete and in order.
func TestLongRequestSliced(t *testing.T) {
	ts := start(t, Options{MaxBatchRunes: 100})
	revs := reviews(t)
	var items []engine.Input
	for i, r := range revs[:12] {
		items = append(items, engine.Input{ID: fmt.Sprint("r", i), Text: r})
	}
	r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": items}), "")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	var out struct {
		Items []engine.Result `json:"items"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != len(items) {
		t.Fatalf("%d results for %d items", len(out.Items), len(items))
	}
	for i, res := range out.Items {
		if res.ID != items[i].ID || res.Error != nil || res.Sentiment == nil {
			t.Errorf("result %d: id %q (want %q), error %v", i, res.ID, items[i].ID, res.Error)
		}
	}
	if b := ts.m.batches.Load(); b < 2 {
		t.Errorf("%d engine calls for %d characters with slices of 100", b, runeCount(items))
	}
	if d, c := ts.b.depth.Load(), ts.b.cost.Load(); d != 0 || c != 0 {
		t.Errorf("queue holds %d texts/%d characters after the answer", d, c)
	}
}

// TestAdmitAhead: with batching on, a newcomer waits behind the slices queued or running,
// not behind the later slices of long requests already admitted; with it off, everything
// admitted runs at once and is ahead.
func TestAdmitAhead(t *testing.T) {
	f := func(enabled bool, want string) {
		t.Helper()
		m := newMetrics(gauges{})
		m.runesPerSec = 10_000
		b := &batcher{m: m, enabled: enabled, workers: 1, capacity: 1000, capRunes: 1_000_000}
		b.depth.Store(70)
		b.cost.Store(686_000) // two admitted requests of 35 × 9,800 characters
		b.ahead.Store(32_768) // one 16,384-character slice of each queued
		got := ""
		var ae *admitError
		if err := b.admit(1, 20, time.Now().Add(5*time.Second)); errors.As(err, &ae) {
			got = ae.reason
		}
		if got != want {
			t.Errorf("batching %v: %q, want %q", enabled, got, want)
		}
	}
	f(true, "")
	f(false, rejectDeadline)
}

// TestAdmitWorkers: the characters ahead are shared out over the workers, a request's own
// slices run one model run at a time.
func TestAdmitWorkers(t *testing.T) {
	f := func(workers int, ahead int64, runes int, want string) {
		t.Helper()
		m := newMetrics(gauges{})
		m.runesPerSec = 10_000
		b := &batcher{m: m, enabled: true, workers: workers, capacity: 1000, capRunes: 1_000_000}
		b.cost.Store(ahead)
		b.ahead.Store(ahead)
		got := ""
		var ae *admitError
		if err := b.admit(1, runes, time.Now().Add(10*time.Second)); errors.As(err, &ae) {
			got = ae.reason
		}
		if got != want {
			t.Errorf("%d workers, %d ahead, %d own: %q, want %q", workers, ahead, runes, got, want)
		}
	}
	f(1, 60_000, 50_000, rejectDeadline) // 6 s + 5 s
	f(2, 60_000, 50_000, "")             // 3 s + 5 s
	f(2, 0, 120_000, rejectDeadline)     // 12 s alone, whatever the workers
	f(4, 0, 90_000, "")                  // 9 s
}

// TestAdmitWaitsForRoom: with the capacity taken, a request waits for room (up to
// queueWait, never past its deadline) and is admitted once a release makes room; with no
// release it is refused queue_full; one larger than the queue ever admits is refused at once.
func TestAdmitWaitsForRoom(t *testing.T) {
	newB := func(wait time.Duration) *batcher {
		b := &batcher{m: newMetrics(gauges{}), enabled: true, workers: 1, capacity: 10, capRunes: 1000, queueWait: wait}
		if err := b.admit(10, 500, time.Time{}); err != nil { // the capacity taken
			t.Fatal(err)
		}
		return b
	}
	reason := func(err error) string {
		var ae *admitError
		if errors.As(err, &ae) {
			return ae.reason
		}
		if err != nil {
			return err.Error()
		}
		return ""
	}
	// Released while it waits: admitted.
	b := newB(time.Minute)
	done := make(chan error, 1)
	go func() { done <- b.admit(3, 30, time.Now().Add(time.Minute)) }()
	for { // until it waits
		b.admMu.Lock()
		waiting := b.released != nil
		b.admMu.Unlock()
		if waiting {
			break
		}
		time.Sleep(time.Millisecond)
	}
	b.release(5, 250)
	if err := <-done; err != nil {
		t.Fatalf("released while waiting: %v", err)
	}
	if b.depth.Load() != 8 || b.cost.Load() != 280 {
		t.Errorf("after admission: %d texts, %d characters reserved", b.depth.Load(), b.cost.Load())
	}
	// No release: refused once queueWait has passed, or the deadline if sooner.
	if r := reason(newB(20*time.Millisecond).admit(1, 1, time.Now().Add(time.Minute))); r != rejectQueueFull {
		t.Errorf("no release: %q", r)
	}
	if r := reason(newB(time.Minute).admit(1, 1, time.Now().Add(20*time.Millisecond))); r != rejectQueueFull {
		t.Errorf("no release, deadline first: %q", r)
	}
	// Never fits: refused at once, however long it could wait.
	t0 := time.Now()
	if r := reason(newB(time.Minute).admit(11, 1, time.Time{})); r != rejectQueueFull || time.Since(t0) > 10*time.Second {
		t.Errorf("larger than the queue: %q after %s", r, time.Since(t0))
	}
}

// TestAdmitLong: the rules for requests longer than a slice (maxRunes). They take one of
// workers−1 lanes (at least one), so that a worker stays free for short requests; their
// estimate counts everything admitted, not only what is queued ahead, since their slices
// take turns with the later slices of the others; and it must fit longMargin of the time
// left. The rate of all workers together is the measured one when there is one, not one
// run's rate times the workers.
func TestAdmitLong(t *testing.T) {
	f := func(workers, longs int, cost, ahead int64, rate, total float64, runes int, deadline time.Duration, want string) {
		t.Helper()
		m := newMetrics(gauges{})
		m.runesPerSec, m.totalPerSec = rate, total
		b := &batcher{m: m, enabled: true, workers: workers, maxRunes: 16_384, capacity: 1000, capRunes: 1_000_000, queueWait: -1}
		b.cost.Store(cost)
		b.ahead.Store(ahead)
		b.long = longs
		got := ""
		var ae *admitError
		if err := b.admit(1, runes, time.Now().Add(deadline)); errors.As(err, &ae) {
			got = ae.reason
		} else if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%d workers, %d long admitted, cost %d, ahead %d, rate %.0f/%.0f, request %d chars in %s: %q, want %q", workers, longs, cost, ahead, rate, total, runes, deadline, got, want)
		}
		wantLong := longs
		if got == "" && runes > 16_384 {
			wantLong++
		}
		if b.long != wantLong {
			t.Errorf("long requests admitted: %d, want %d", b.long, wantLong)
		}
	}
	// lanes: one less than the workers, at least one; short requests take none
	f(2, 0, 0, 0, 50_000, 0, 20_000, time.Minute, "")
	f(2, 1, 20_000, 9_800, 50_000, 0, 20_000, time.Minute, rejectQueueFull)
	f(3, 1, 20_000, 9_800, 50_000, 0, 20_000, time.Minute, "")
	f(1, 0, 0, 0, 50_000, 0, 20_000, time.Minute, "")
	f(1, 1, 20_000, 9_800, 50_000, 0, 20_000, time.Minute, rejectQueueFull)
	f(2, 1, 20_000, 9_800, 50_000, 0, 100, time.Minute, "")
	// a long request counts everything admitted; a short one what is queued ahead
	f(3, 1, 343_000, 9_800, 50_000, 50_000, 20_000, 10*time.Second, rejectDeadline) // 7.3 s > 6 s
	f(3, 1, 343_000, 9_800, 50_000, 50_000, 9_000, 10*time.Second, "")              // 0.4 s
	// the margin: 343,000 characters at 50,000/s is 6.9 s
	f(2, 0, 0, 0, 50_000, 50_000, 343_000, 10*time.Second, rejectDeadline)
	f(2, 0, 0, 0, 50_000, 50_000, 343_000, 12*time.Second, "")
	// the measured rate of all workers together, once there is one
	f(2, 0, 60_000, 60_000, 10_000, 0, 5_000, 5*time.Second, "")                  // 60,000 at 2 × 10,000/s: 3 s + 0.5 s
	f(2, 0, 60_000, 60_000, 10_000, 10_000, 5_000, 5*time.Second, rejectDeadline) // at 10,000/s measured: 6 s + 0.5 s
}

// TestCostlyAfterShortWarmup: on a real server with two workers, whose only measurement
// is one short text run alone (as right after start-up), two clients each send 35 texts of
// 9,800 characters with a deadline 1.5 times what one such request would take at that
// rate. Both are answered 429 up front (reason deadline), never 504: before the long
// request rules both were admitted (each fitted at the optimistic rate) and ran out their
// deadline side by side. A probe's short requests are answered 200 meanwhile.
func TestCostlyAfterShortWarmup(t *testing.T) {
	ts := start(t, Options{BatchWorkers: 2})
	revs := reviews(t)
	warm := strings.Join(revs, "。")
	if r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]string{"text": string([]rune(warm)[:min(len([]rune(warm)), 1000)])}), ""); r.status != 200 {
		t.Fatalf("warm-up: %d %.300s", r.status, r.body)
	}
	rate := ts.m.runeRate()
	if rate <= 0 {
		t.Fatal("no rate measured after a request")
	}
	long := string([]rune(strings.Repeat(warm, 20))[:9800])
	var items []engine.Input
	for i := 0; i < 35; i++ {
		items = append(items, engine.Input{ID: fmt.Sprint(i), Text: long})
	}
	costly := mustJSON(map[string]any{"items": items})
	timeout := fmt.Sprint(max(1, int(1.5*35*9800/rate*1000)), "ms")
	var wg sync.WaitGroup
	statuses := make(chan response, 2)
	for c := 0; c < 2; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- do(t, "POST", ts.base+"/v1/analyze", costly, "", "X-Request-Timeout", timeout)
		}()
	}
	for i := 0; i < 5; i++ {
		if r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]string{"text": revs[i]}), ""); r.status != 200 {
			t.Errorf("probe %d: %d %s", i, r.status, r.body)
		}
	}
	wg.Wait()
	close(statuses)
	for r := range statuses {
		if r.status != 429 || r.header.Get("Retry-After") == "" || !strings.Contains(string(r.body), "deadline") {
			t.Errorf("costly request (rate %.0f characters/s, deadline %s): %d %v %.300s", rate, timeout, r.status, r.header, r.body)
		}
	}
	if d, c := ts.b.depth.Load(), ts.b.cost.Load(); d != 0 || c != 0 {
		t.Errorf("queue holds %d texts/%d characters after the answers", d, c)
	}
}

// TestRecheck: before each later slice, a long request whose characters left cannot finish
// before its deadline at the rate measured now is given up (429, reason deadline).
func TestRecheck(t *testing.T) {
	f := func(rate float64, runes int, deadline time.Duration, want string) {
		t.Helper()
		m := newMetrics(gauges{})
		m.runesPerSec = rate
		b := &batcher{m: m, enabled: true, workers: 2, maxRunes: 16_384, capacity: 100, capRunes: 1_000_000}
		var dl time.Time
		if deadline != 0 {
			dl = time.Now().Add(deadline)
		}
		got := ""
		var ae *admitError
		if err := b.recheck(10, 35, runes, dl); errors.As(err, &ae) {
			got = ae.reason
			if !errors.Is(err, errOverloaded) || ae.retryAfter < 1 || !strings.Contains(ae.msg, "after 10 of its 35 texts") {
				t.Errorf("refusal %+v", ae)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("rate %.0f, %d characters left, %s left: %q, want %q", rate, runes, deadline, got, want)
		}
	}
	f(26_000, 245_000, 5*time.Second, rejectDeadline) // 9.4 s left to do in 5 s
	f(26_000, 98_000, 5*time.Second, "")              // 3.8 s
	f(0, 245_000, 5*time.Second, "")                  // no rate measured: go on
	f(26_000, 245_000, 0, "")                         // no deadline
}

// TestSliceRunsAlone: a slice of a long request is never batched with other texts, so a
// short request waits for a short batch, not for a slice; short requests queued together
// still share one model run. Two jobs are queued before one worker starts: the number of
// model runs tells whether they were batched.
func TestSliceRunsAlone(t *testing.T) {
	revs := reviews(t)
	f := func(firstSliced, secondSliced bool, wantRuns uint64) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		b := &batcher{eng: testEngine, m: newMetrics(gauges{}), enabled: true, maxBatch: 64, maxRunes: 16_384, maxWait: time.Millisecond,
			workers: 1, capacity: 100, capRunes: 1_000_000, queue: make(chan *job, 4), ctx: ctx, cancel: cancel}
		var jobs []*job
		for i, sliced := range []bool{firstSliced, secondSliced} {
			in := []engine.Input{{ID: fmt.Sprint(i), Text: revs[i]}}
			j := &job{inputs: in, runes: runeCount(in), enqueued: time.Now(), sliced: sliced, done: make(chan jobResult, 1)}
			b.depth.Add(1)
			b.cost.Add(int64(j.runes))
			b.queue <- j
			jobs = append(jobs, j)
		}
		close(b.queue)
		b.wg.Add(1)
		go b.loop()
		b.wg.Wait()
		for i, j := range jobs {
			if r := <-j.done; r.err != nil || len(r.results) != 1 {
				t.Fatalf("job %d: %v, %d results", i, r.err, len(r.results))
			}
		}
		if got := b.m.batches.Load(); got != wantRuns {
			t.Errorf("first sliced %v, second sliced %v: %d model runs, want %d", firstSliced, secondSliced, got, wantRuns)
		}
	}
	f(false, false, 1)
	f(true, false, 2)
	f(false, true, 2)
	f(true, true, 2)
}
