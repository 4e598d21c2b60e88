package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/record"
)

// recorder is the Recorder of --record over e's stores, nil when off.
func recorder(e *engine.Engine, on bool, stderr io.Writer) (*record.Recorder, bool) {
	if !on {
		return nil, true
	}
	rec, err := record.ForEngine(e)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: --record: %v\n", err)
		return nil, false
	}
	return rec, true
}

// recordAnalyzed counts what one Analyze call returned when rec is set (--record); a
// failure is logged, as a warning, and never fails the analysis.
func recordAnalyzed(ctx context.Context, rec *record.Recorder, inputs []engine.Input, results []engine.Result) {
	if rec == nil {
		return
	}
	if _, err := rec.Analyzed(ctx, inputs, results); err != nil {
		slog.Warn("record results", "err", err)
	}
}
