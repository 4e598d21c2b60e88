package scale

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// Worker analyses chunks from the work stream (and, with Feedback, raw feedback) with one
// Engine. The Engine needs no store of its own (engine.Config.DataDir ""): the counters are
// the aggregator's.
type Worker struct {
	Engine *engine.Engine
	Conn   *Conn
	// Lanes is how many chunks are analysed at once, each by its own Analyze call (build
	// the engine with InferWorkers 1, as `job run` does, so that a lane keeps one core
	// busy). Default 1.
	Lanes int
	// Feedback adds one lane that serves the feedback stream.
	Feedback bool
	// FeedbackInput says how feedback records are read (text field, id field …, as for a
	// JSONL file); FeedbackIndustry is the industry of records that name none.
	FeedbackInput    input.Options
	FeedbackIndustry string
	// FeedbackBatch is the most feedback records analysed together. Default 64.
	FeedbackBatch int
	// Name names the worker in its results (Tingzhen-Worker header). Default host:pid.
	Name string
	// PollWait is how long one pull request waits for work (at least 1 s for chunks).
	// Default 5 s.
	PollWait time.Duration
	Log      *slog.Logger
	// OnChunk, when set, is called when a chunk arrives and when it is acknowledged
	// (tests, progress); from several lanes at once.
	OnChunk func(ChunkEvent)

	versions  string
	callsOnce sync.Once
	calls     *calls.Analyzer
	callsErr  error
}

// ChunkEvent is what Worker.OnChunk hears.
type ChunkEvent struct {
	Job       string
	Seq       int
	Records   int
	Delivered uint64 // how often the chunk has been handed out (1 = first time)
	Acked     bool   // false: arrived; true: its results are stored and it is acknowledged
}

// Run serves until ctx is cancelled; a chunk being analysed then is handed back (nak) for
// another worker. It returns ctx's error, or the error that stopped it.
func (w *Worker) Run(ctx context.Context) error {
	if w.Lanes <= 0 {
		w.Lanes = 1
	}
	if w.FeedbackBatch <= 0 {
		w.FeedbackBatch = jobs.DefaultChunkSize
	}
	if w.PollWait <= 0 {
		w.PollWait = 5 * time.Second
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	if w.Name == "" {
		host, _ := os.Hostname()
		w.Name = host + ":" + strconv.Itoa(os.Getpid())
	}
	if b, err := json.Marshal(w.Engine.Versions()); err == nil {
		w.versions = string(b)
	}
	cons, err := w.Conn.workConsumer(ctx)
	if err != nil {
		return err
	}
	var fcons jetstream.Consumer
	if w.Feedback {
		if fcons, err = w.Conn.feedbackConsumer(ctx); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, w.Lanes+2)
	var wg sync.WaitGroup
	lane := func(f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && ctx.Err() == nil {
				errc <- err
				cancel()
			}
		}()
	}
	work := make(chan jetstream.Msg)
	lane(func(ctx context.Context) error { return w.feed(ctx, cons, work) })
	for i := 0; i < w.Lanes; i++ {
		lane(func(ctx context.Context) error { return w.serveChunks(ctx, work) })
	}
	if fcons != nil {
		lane(func(ctx context.Context) error { return w.serveFeedback(ctx, fcons) })
	}
	wg.Wait()
	if w.calls != nil {
		w.calls.Close()
	}
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

// fetch pulls up to n messages, waiting at most PollWait; none is not an error.
func fetch(ctx context.Context, cons jetstream.Consumer, n int, wait time.Duration) ([]jetstream.Msg, error) {
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	batch, err := cons.Fetch(n, jetstream.FetchContext(fctx))
	if err != nil {
		if isTimeout(err) || ctx.Err() != nil {
			return nil, nil
		}
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range batch.Messages() {
		msgs = append(msgs, m)
	}
	if err := batch.Error(); err != nil && !isTimeout(err) && ctx.Err() == nil {
		return msgs, err
	}
	return msgs, nil
}

// feed pulls chunks for all lanes through one iterator that keeps up to Lanes+1 chunks
// buffered, so that a lane finds its next chunk waiting; on ctx's end the chunks buffered
// and not handed to a lane are given back (nak) for other workers.
func (w *Worker) feed(ctx context.Context, cons jetstream.Consumer, out chan<- jetstream.Msg) error {
	defer close(out)
	it, err := cons.Messages(jetstream.PullMaxMessages(w.Lanes+1), jetstream.PullExpiry(max(w.PollWait, time.Second)))
	if err != nil {
		return fmt.Errorf("pull work: %w", err)
	}
	defer func() {
		it.Drain()
		for {
			dctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			m, err := it.Next(jetstream.NextContext(dctx))
			cancel()
			if err != nil {
				return
			}
			_ = m.Nak()
		}
	}()
	failures := 0
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		if ctx.Err() != nil {
			if err == nil {
				_ = m.Nak()
			}
			return nil
		}
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return fmt.Errorf("pull work: %w", err)
			}
			// The server went away or restarts: the client reconnects; try again.
			failures++
			w.Log.Warn("pull work", "err", err, "failures", failures)
			sleep(ctx, time.Duration(min(failures, 10))*200*time.Millisecond)
			continue
		}
		failures = 0
		select {
		case out <- m:
		case <-ctx.Done():
			_ = m.Nak()
			return nil
		}
	}
}

// serveChunks is one lane: it analyses chunk after chunk and publishes their results; a
// finisher goroutine waits for the publishes' acks and acknowledges each chunk, so that
// the lane analyses the next chunk meanwhile (one chunk finishing per lane at most).
func (w *Worker) serveChunks(ctx context.Context, in <-chan jetstream.Msg) error {
	finish := make(chan *inFlight)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for f := range finish {
			w.finishChunk(ctx, f)
		}
	}()
	defer func() {
		close(finish)
		<-done
	}()
	for m := range in {
		f, err := w.startChunk(ctx, m)
		if err != nil {
			w.Log.Warn("chunk handed back", "subject", m.Subject(), "err", err)
			if ctx.Err() != nil {
				_ = m.Nak()
				continue
			}
			_ = m.NakWithDelay(time.Second)
			continue
		}
		if f != nil {
			finish <- f
		}
	}
	return nil
}

// keepAlive sends in-progress acks until stop is closed, so that a long chunk is not
// handed to another worker while this one is alive.
func (w *Worker) keepAlive(m jetstream.Msg, stop <-chan struct{}) {
	t := time.NewTicker(max(w.Conn.cfg.AckWait/3, 50*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			_ = m.InProgress()
		}
	}
}

// inFlight is a chunk whose results are published and not yet acknowledged.
type inFlight struct {
	m       jetstream.Msg
	ev      ChunkEvent
	futures []jetstream.PubAckFuture
	stop    chan struct{} // ends the keep-alive
}

// startChunk analyses one chunk and publishes its results (asynchronously). nil, nil: the
// message was not a chunk and is dropped. An error means nothing to finish: the caller
// naks the chunk.
func (w *Worker) startChunk(ctx context.Context, m jetstream.Msg) (*inFlight, error) {
	var c chunk
	if err := json.Unmarshal(m.Data(), &c); err != nil || CheckJob(c.Job) != nil {
		// Not a chunk submit wrote: nothing to analyse or attribute. Drop it, loudly.
		w.Log.Error("work message is not a chunk; dropped", "subject", m.Subject(), "err", err)
		return nil, m.TermWithReason("not a tingzhen chunk")
	}
	f := &inFlight{m: m, stop: make(chan struct{})}
	go w.keepAlive(m, f.stop)
	ok := false
	defer func() {
		if !ok {
			close(f.stop)
		}
	}()
	var delivered uint64
	if md, err := m.Metadata(); err == nil {
		delivered = md.NumDelivered
	}
	f.ev = ChunkEvent{Job: c.Job, Seq: c.Seq, Records: len(c.Records), Delivered: delivered}
	if w.OnChunk != nil {
		w.OnChunk(f.ev)
	}
	outs, err := w.analyze(ctx, c)
	if err != nil {
		if ctx.Err() != nil || delivered < uint64(w.Conn.cfg.MaxDeliver) {
			return nil, err
		}
		// The last delivery: record the failure per record rather than lose the chunk.
		w.Log.Error("chunk failed on its last delivery; its records are published as errors", "job", c.Job, "seq", c.Seq, "err", err)
		outs = make([]output, c.n())
		for i := range outs {
			id := ""
			if i < len(c.Records) {
				id = c.Records[i].ID
			} else {
				id = c.Calls[i-len(c.Records)].ID
			}
			outs[i] = failed(id, recorderr.AnalysisFailed, err.Error())
		}
	}
	subject := w.Conn.cfg.resultsSubject(c.Job)
	f.futures = make([]jetstream.PubAckFuture, 0, len(outs))
	for i, o := range outs {
		line, o, err := w.encode(o)
		if err != nil {
			return nil, err
		}
		p := pos{seq: c.Seq, idx: i, n: len(outs), file: c.File}
		msgID := callMsgID(c.Job, c.File, c.First+i+1)
		if len(c.Calls) == 0 {
			p.line = c.Records[i].Line
			msgID = recordMsgID(c.Job, c.File, p.line)
		}
		versions := ""
		if i == 0 {
			versions = w.versions
		}
		msg := resultMsg(subject, w.Name, p, line, o.failed, versions)
		if len(c.Calls) > 0 {
			msg.Header.Set(hdrKind, kindCall)
		}
		pf, err := w.Conn.JS.PublishMsgAsync(msg, jetstream.WithMsgID(msgID))
		if err != nil {
			return nil, fmt.Errorf("publish result %s: %w", o.id, err)
		}
		f.futures = append(f.futures, pf)
	}
	ok = true
	return f, nil
}

// encode encodes a result line; one that no message can hold becomes the record's
// result_too_large error (the record fails, the rest goes on).
func (w *Worker) encode(o output) ([]byte, output, error) {
	line, err := jobs.EncodeResult(o.v)
	if err != nil {
		return nil, o, fmt.Errorf("encode result %s: %w", o.id, err)
	}
	if limit := int(w.Conn.NC.MaxPayload()) - 4<<10; len(line) > limit {
		o = failed(o.id, recorderr.ResultTooLarge, fmt.Sprintf("the result takes %d bytes, over the NATS server's message limit (max_payload %d); raise max_payload or split the text", len(line), w.Conn.NC.MaxPayload()))
		if line, err = jobs.EncodeResult(o.v); err != nil {
			return nil, o, fmt.Errorf("encode result %s: %w", o.id, err)
		}
	}
	return line, o, nil
}

// finishChunk waits for every result's publish acknowledgement, then acknowledges the
// chunk (a double ack, confirmed by the server); on failure the chunk is given back.
func (w *Worker) finishChunk(ctx context.Context, f *inFlight) {
	defer close(f.stop)
	for _, pf := range f.futures {
		if err := waitPub(ctx, pf); err != nil {
			w.Log.Warn("chunk handed back", "job", f.ev.Job, "seq", f.ev.Seq, "err", err)
			_ = f.m.Nak()
			return
		}
	}
	if err := f.m.DoubleAck(ctx); err != nil {
		// The results are stored; a redelivery republishes them and is de-duplicated.
		w.Log.Warn("ack chunk", "job", f.ev.Job, "seq", f.ev.Seq, "err", err)
		return
	}
	if w.OnChunk != nil {
		ev := f.ev
		ev.Acked = true
		w.OnChunk(ev)
	}
}

// output is one record's result line to publish: an engine.Result, or for a call its
// calls.CallResult (job run writes the same).
type output struct {
	id     string
	v      any
	failed bool
}

func failed(id string, code recorderr.Code, msg string) output {
	return output{id: id, v: &engine.Result{ID: id, Error: &engine.RecordError{Code: code, Message: msg}}, failed: true}
}

// analyze runs the engine over a chunk's good records, or the transcript analyzer over its
// calls, as jobs.Run does.
func (w *Worker) analyze(ctx context.Context, c chunk) ([]output, error) {
	if len(c.Calls) > 0 {
		return w.analyzeCalls(ctx, c)
	}
	outs := make([]output, len(c.Records))
	var inputs []engine.Input
	var idx []int
	for i, r := range c.Records {
		if r.Err != nil {
			outs[i] = failed(r.ID, recorderr.Code(r.Err.Code), r.Err.Message)
			continue
		}
		in := r.Input
		in.Dominant, in.DominantShare = r.Dominant, r.DominantShare
		inputs = append(inputs, in)
		idx = append(idx, i)
	}
	if len(inputs) > 0 {
		res, err := w.Engine.Analyze(ctx, inputs)
		if err != nil {
			return nil, fmt.Errorf("analyse chunk %s/%d (lines %d–%d): %w", c.Job, c.Seq, c.Records[0].Line, c.Records[len(c.Records)-1].Line, err)
		}
		if len(res) != len(inputs) {
			return nil, fmt.Errorf("analyse chunk %s/%d: %d results for %d records", c.Job, c.Seq, len(res), len(inputs))
		}
		for k, i := range idx {
			outs[i] = output{id: res[k].ID, v: &res[k], failed: res[k].Error != nil}
		}
	}
	return outs, nil
}

// analyzeCalls analyses a transcript chunk call by call; a call that fails is a per-record
// error (its code, else call_failed), as in jobs.Run.
func (w *Worker) analyzeCalls(ctx context.Context, c chunk) ([]output, error) {
	w.callsOnce.Do(func() {
		// The counters are the aggregator's: the analyzer records nothing.
		w.calls, w.callsErr = calls.NewAnalyzer(w.Engine, calls.Options{})
	})
	if w.callsErr != nil {
		return nil, fmt.Errorf("transcript analyzer: %w", w.callsErr)
	}
	outs := make([]output, len(c.Calls))
	for i, wc := range c.Calls {
		call := wc.Call
		call.AutoID = wc.AutoID
		if wc.TooLarge > 0 {
			outs[i] = failed(call.ID, recorderr.CallTooLarge, fmt.Sprintf("the call takes %d bytes as a message, over the NATS server's limit", wc.TooLarge))
			continue
		}
		cr, err := w.calls.Analyze(ctx, call)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			code := recorderr.CallFailed
			var re *engine.RecordError
			if errors.As(err, &re) {
				code = re.Code
			}
			outs[i] = failed(call.ID, code, err.Error())
			continue
		}
		outs[i] = output{id: cr.ID, v: &cr}
	}
	return outs, nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
