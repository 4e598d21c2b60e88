package scale

import (
	"context"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// feedbackWait is how long the feedback lane waits to fill a micro-batch.
const feedbackWait = 200 * time.Millisecond

// serveFeedback analyses raw feedback in micro-batches: each message is one JSON record
// read as a JSONL line is (input.ParseJSON); a record without an id is named
// feedback:<stream sequence>, which a redelivery keeps. Results go to the results stream
// under job FeedbackJob; messages are acknowledged after their results are stored.
func (w *Worker) serveFeedback(ctx context.Context, cons jetstream.Consumer) error {
	failures := 0
	for ctx.Err() == nil {
		msgs, err := fetch(ctx, cons, w.FeedbackBatch, feedbackWait)
		if err != nil {
			failures++
			w.Log.Warn("fetch feedback", "err", err, "failures", failures)
			sleep(ctx, time.Duration(min(failures, 10))*200*time.Millisecond)
			continue
		}
		failures = 0
		if len(msgs) == 0 {
			continue
		}
		if err := w.handleFeedback(ctx, msgs); err != nil {
			w.Log.Warn("feedback batch handed back", "records", len(msgs), "err", err)
			for _, m := range msgs {
				if ctx.Err() != nil {
					_ = m.Nak()
				} else {
					_ = m.NakWithDelay(time.Second)
				}
			}
		}
	}
	return nil
}

func (w *Worker) handleFeedback(ctx context.Context, msgs []jetstream.Msg) error {
	stop := make(chan struct{})
	defer close(stop)
	for _, m := range msgs {
		go w.keepAlive(m, stop)
	}
	opt := w.FeedbackInput
	opt.Format = input.JSONL
	results := make([]engine.Result, len(msgs))
	seqs := make([]uint64, len(msgs))
	var inputs []engine.Input
	var idx []int
	for i, m := range msgs {
		rec := input.ParseJSON(m.Data(), opt)
		if md, err := m.Metadata(); err == nil {
			seqs[i] = md.Sequence.Stream
		}
		id := rec.ID
		if id == "" {
			id = "feedback:" + strconv.FormatUint(seqs[i], 10)
		}
		if rec.Err != nil {
			results[i] = engine.Result{ID: id, Error: &engine.RecordError{Code: recorderr.Code(rec.Err.Code), Message: rec.Err.Message}}
			continue
		}
		ind := rec.Industry
		if ind == "" {
			ind = w.FeedbackIndustry
		}
		inputs = append(inputs, jobs.Spec{}.Input(id, ind, rec))
		idx = append(idx, i)
	}
	if len(inputs) > 0 {
		res, err := w.Engine.Analyze(ctx, inputs)
		if err != nil {
			return fmt.Errorf("analyse %d feedback records: %w", len(inputs), err)
		}
		for k, i := range idx {
			results[i] = res[k]
		}
	}
	subject := w.Conn.cfg.resultsSubject(FeedbackJob)
	futures := make([]jetstream.PubAckFuture, 0, len(results))
	for i := range results {
		line, o, err := w.encode(output{id: results[i].ID, v: &results[i], failed: results[i].Error != nil})
		if err != nil {
			return err
		}
		p := pos{seq: int(seqs[i]), idx: 0, n: 1, file: 0, line: 0}
		msg := resultMsg(subject, w.Name, p, line, o.failed, "")
		f, err := w.Conn.JS.PublishMsgAsync(msg, jetstream.WithMsgID(feedbackMsgID(results[i].ID)))
		if err != nil {
			return fmt.Errorf("publish result %s: %w", results[i].ID, err)
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		if err := waitPub(ctx, f); err != nil {
			return err
		}
	}
	for _, m := range msgs {
		if err := m.DoubleAck(ctx); err != nil {
			return fmt.Errorf("ack feedback: %w", err)
		}
	}
	return nil
}
