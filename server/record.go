package server

import (
	"context"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/record"
)

// useRecorder makes the batcher record what it analyses when on (Options.Record).
func (b *batcher) useRecorder(on bool) error {
	if !on {
		return nil
	}
	rec, err := record.ForEngine(b.eng)
	if err != nil {
		return err
	}
	b.rec = rec
	return nil
}

// record counts the texts of one interactive model run (record.Recorder.Analyzed: inputs
// marked NoRecord or SentimentOnly are left out), before the answer, as the engine did when
// it recorded itself. A failure is logged and never fails the request.
func (b *batcher) record(ctx context.Context, inputs []engine.Input, results []engine.Result) {
	if b.rec == nil || len(inputs) == 0 {
		return
	}
	if _, err := b.rec.Analyzed(ctx, inputs, results); err != nil {
		b.log.Warn("record results", "err", err)
	}
}

// recordRun records a micro-batch's interactive jobs; a bulk job's slice is left to the job
// (jobs record their results and calls after each checkpoint, exactly once).
func (b *batcher) recordRun(ctx context.Context, live []*job, results []engine.Result) {
	if b.rec == nil {
		return
	}
	var inputs []engine.Input
	var out []engine.Result
	k := 0
	for _, j := range live {
		n := len(j.inputs)
		if !j.bulk && k+n <= len(results) {
			inputs = append(inputs, j.inputs...)
			out = append(out, results[k:k+n]...)
		}
		k += n
	}
	b.record(ctx, inputs, out)
}
