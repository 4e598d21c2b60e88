package main

import (
	"context"
	"io"
	"path/filepath"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/feeling"
)

// benchAccuracyLongDoc is `tingzhen bench accuracy --longdoc FILE`: the long-document
// readings of package feeling on texts longer than the sentiment model's window
// (training/long_docs.py), chosen on the val part, reported per source.
func benchAccuracyLongDoc(ctx context.Context, bf benchFlags, path string, stdout, stderr io.Writer) int {
	rs, err := bench.LoadReviews(path)
	if err != nil {
		return fail(stderr, err)
	}
	open := func(p feeling.Policy) (*engine.Engine, error) {
		cfg := bf.config()
		cfg.Feeling = p
		cfg.AspectModel, cfg.CategoryModel, cfg.PolarityModel = "-", "-", "-" // sentiment only
		return engine.New(ctx, cfg)
	}
	rep, err := bench.EvalLongDoc(ctx, open, bf.config().Feeling, rs, bench.LongDocVariants, filepath.Base(path))
	if err != nil {
		return fail(stderr, err)
	}
	if err := bf.emit(stdout, rep, func(w io.Writer) { bench.WriteLongDocMarkdown(w, rep) }); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}
