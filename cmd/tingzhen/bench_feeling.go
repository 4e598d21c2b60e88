package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
)

// feelingMode says which of the feeling harnesses args ask for: "chat", "long" or "".
func feelingMode(args []string) string {
	for _, a := range args {
		for _, m := range []string{"chat", "long", "longdoc"} {
			if a == "--"+m || a == "-"+m || strings.HasPrefix(a, "--"+m+"=") || strings.HasPrefix(a, "-"+m+"=") {
				return m
			}
		}
	}
	return ""
}

// benchAccuracyFeeling is `tingzhen bench accuracy --chat FILE` (labelled chat turns
// through analyze and the transcript path, the model alone against the feeling rules) and
// `tingzhen bench accuracy --long FILE` (the overall-clause rule on long mixed reviews of
// sentiment-zh's test splits, training/long_reviews.py).
func benchAccuracyFeeling(ctx context.Context, mode string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench accuracy --"+mode, flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	chat := fs.String("chat", "", "labelled chat turns (JSONL: id, text, label, kind; bench/testdata/chat_turns_dev.jsonl)")
	long := fs.String("long", "", "reviews of sentiment-zh's test splits (TSV from training/long_reviews.py)")
	longdoc := fs.String("longdoc", "", "texts longer than the sentiment model window (TSV from training/long_docs.py)")
	moreCues := fs.Bool("more-turn-cues", false, "--chat: turn on the feeling policy's MoreTurnCues (session 15's turn rules, off by default)")
	misses := fs.Int("misses", 40, "--chat: list up to N wrongly labelled turns per row (0: none)")
	weights := fs.String("weights", "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9", "--long: overall-clause weights to try on the val part")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	open := func(raw bool) (*engine.Engine, error) {
		cfg := bf.config()
		cfg.RawSentiment = raw
		cfg.Feeling.MoreTurnCues = *moreCues
		cfg.AspectModel, cfg.CategoryModel, cfg.PolarityModel = "-", "-", "-" // sentiment only
		return engine.New(ctx, cfg)
	}
	switch mode {
	case "longdoc":
		return benchAccuracyLongDoc(ctx, bf, *longdoc, stdout, stderr) // bench_longdoc.go
	case "chat":
		turns, err := bench.LoadChatTurns(*chat)
		if err != nil {
			return fail(stderr, err)
		}
		var all []*bench.ChatResult
		for _, raw := range []bool{true, false} {
			e, err := open(raw)
			if err != nil {
				return fail(stderr, err)
			}
			rs, err := bench.EvalChat(ctx, e, turns, filepath.Base(*chat))
			e.Close()
			if err != nil {
				return fail(stderr, err)
			}
			all = append(all, rs...)
		}
		if err := bf.emit(stdout, all, func(w io.Writer) { bench.WriteChatMarkdown(w, all, *misses) }); err != nil {
			return fail(stderr, err)
		}
	case "long":
		rs, err := bench.LoadReviews(*long)
		if err != nil {
			return fail(stderr, err)
		}
		var ws []float32
		for _, s := range strings.Split(*weights, ",") {
			w, err := strconv.ParseFloat(strings.TrimSpace(s), 32)
			if err != nil || w < 0 || w > 1 {
				return fail(stderr, fmt.Errorf("--weights: %q is not a weight in [0, 1]", s))
			}
			ws = append(ws, float32(w))
		}
		raw, err := open(true)
		if err != nil {
			return fail(stderr, err)
		}
		defer raw.Close()
		prod, err := open(false)
		if err != nil {
			return fail(stderr, err)
		}
		defer prod.Close()
		rep, err := bench.EvalLong(ctx, raw, prod, rs, ws, filepath.Base(*long))
		if err != nil {
			return fail(stderr, err)
		}
		if err := bf.emit(stdout, rep, func(w io.Writer) { bench.WriteLongMarkdown(w, rep) }); err != nil {
			return fail(stderr, err)
		}
	}
	return exitOK
}
