package scale

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/record"
)

// Aggregator feeds the counters from the results stream: the one writer of the Badger
// store (Engine opened with its DataDir). Run it once per store.
type Aggregator struct {
	Engine *engine.Engine
	Conn   *Conn
	// Batch is the most results per record.Recorder.Record call (one Badger transaction per call in insights.Ingest; its benchmark ingests 10,000 per call). Default 4096.
	Batch int
	// Once returns when every result in the stream has been counted, instead of waiting
	// for more.
	Once bool
	Log  *slog.Logger
}

// AggregateStats counts what the aggregator did.
type AggregateStats struct {
	Messages int64 // result messages read
	Counted  int64 // records and calls given to record.Recorder.Record (results without error)
	Skipped  int64 // messages that were not results (dropped)
	New      int64 // records new to the counters
	Replaced int64 // records counted before with other content, replaced (never added twice)
	Same     int64 // records counted before with the same content: nothing written
}

// aggregateAckWait is the aggregator consumer's ack wait: a batch is acknowledged after
// package record stores it.
const aggregateAckWait = 2 * time.Minute

// Run consumes results until ctx ends (or, with Once, until none is left).
func (a *Aggregator) Run(ctx context.Context) (AggregateStats, error) {
	var st AggregateStats
	if a.Batch <= 0 {
		a.Batch = 4096
	}
	if a.Log == nil {
		a.Log = slog.Default()
	}
	rec, err := record.New(a.Engine.KG(), a.Engine.Insights(), record.Options{Location: a.Engine.Config().Location, Logger: a.Log})
	if err != nil {
		return st, fmt.Errorf("aggregate: %w", err)
	}
	cons, err := a.Conn.consumer(ctx, resultsKind, jetstream.ConsumerConfig{Durable: aggregatorConsumer, AckPolicy: jetstream.AckExplicitPolicy,
		AckWait: aggregateAckWait, MaxAckPending: 4 * a.Batch, FilterSubject: a.Conn.cfg.Prefix + ".results.>",
		DeliverPolicy: jetstream.DeliverAllPolicy, Description: "tingzhen aggregator: feeds the counters"})
	if err != nil {
		return st, err
	}
	for ctx.Err() == nil {
		msgs, err := fetchNoWait(cons, a.Batch)
		if err == nil && len(msgs) == 0 {
			// Nothing waiting: wait up to a second for the next results.
			msgs, err = fetch(ctx, cons, a.Batch, time.Second)
		}
		if err != nil {
			a.Log.Warn("fetch results", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		if len(msgs) == 0 {
			if a.Once {
				info, err := cons.Info(ctx)
				if err != nil {
					return st, fmt.Errorf("aggregate: consumer info: %w", err)
				}
				if info.NumPending == 0 && info.NumAckPending == 0 {
					return st, nil
				}
			}
			continue
		}
		decoded := decodeAll(msgs)
		var batch record.Batch
		for i, d := range decoded {
			st.Messages++
			if d.err != nil || d.line.ID() == "" {
				st.Skipped++
				a.Log.Error("result message is not a result; dropped", "subject", msgs[i].Subject(), "err", d.err)
				continue
			}
			switch {
			case d.line.Call != nil:
				batch.Calls = append(batch.Calls, *d.line.Call)
			case !d.line.Failed():
				batch.Results = append(batch.Results, d.line.Result)
			}
		}
		is, err := rec.Record(ctx, batch)
		if err != nil {
			// Not acknowledged: the batch comes again after the ack wait.
			return st, fmt.Errorf("aggregate: %w", err)
		}
		st.Counted += int64(len(batch.Results) + len(batch.Calls))
		st.New += int64(is.New)
		st.Replaced += int64(is.Replaced)
		st.Same += int64(is.Unchanged)
		for _, m := range msgs {
			if err := m.Ack(); err != nil {
				return st, fmt.Errorf("aggregate: ack: %w", err)
			}
		}
	}
	return st, ctx.Err()
}

// fetchNoWait pulls what is waiting, up to n messages, without waiting for more.
func fetchNoWait(cons jetstream.Consumer, n int) ([]jetstream.Msg, error) {
	batch, err := cons.FetchNoWait(n)
	if err != nil {
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range batch.Messages() {
		msgs = append(msgs, m)
	}
	if err := batch.Error(); err != nil && !isTimeout(err) {
		return msgs, err
	}
	return msgs, nil
}

type decodedResult struct {
	line jobs.Line
	err  error
}

// decodeAll decodes a batch of result messages on all cores (each record on its own; the
// counters' writes stay in one goroutine, the store's one writer). A transcript job's
// results are CallResults, read as their one-record view.
func decodeAll(msgs []jetstream.Msg) []decodedResult {
	out := make([]decodedResult, len(msgs))
	parts := min(runtime.GOMAXPROCS(0), max(len(msgs)/64, 1))
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				out[i].line, out[i].err = jobs.DecodeLine(msgs[i].Data(), msgs[i].Headers().Get(hdrKind) == kindCall)
			}
		}(p*len(msgs)/parts, (p+1)*len(msgs)/parts)
	}
	wg.Wait()
	return out
}
