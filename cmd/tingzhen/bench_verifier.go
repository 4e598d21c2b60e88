package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// registerVerifier adds --verifier to a bench command: "" leaves the policy's default, "off"
// turns the mention verifier off, "on" takes the embedded one, anything else is a verifier
// file (a candidate of training/train_verifier.py).
func registerVerifier(fs *flag.FlagSet) *string {
	return fs.String("verifier", "", "mention verifier of the mention policy: on (the embedded mention/verifier/weights.json), off, or a verifier JSON file (default: the policy's default)")
}

// verifierPolicy applies --verifier to p (nil: the default policy); it returns p unchanged
// when v is "".
func verifierPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	return modelPolicy(p, "verifier", v, mention.DefaultVerifier, mention.ParseVerifier, // bench_arbiter.go
		func(p *mention.Policy, ver *mention.Verifier) { p.Verifier = ver })
}

// benchVerifierSamples is `tingzhen bench verifier-samples`: the samples of the mention
// verifier (bench/verifier.go) of labelled hand-format files (training/data/silver_*.jsonl; the
// hand DEV part for choosing), one JSON line each.
func benchVerifierSamples(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench verifier-samples", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	files := fs.String("files", "", "comma-separated labelled files in the hand format (training/data/silver_*.jsonl, bench/testdata/handchecked_dev.jsonl)")
	verifier := registerVerifier(fs)
	placer := registerPlacer(fs) // bench_placer.go
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *files == "" {
		return fail(stderr, fmt.Errorf("--files: name at least one file"))
	}
	paths := strings.Split(*files, ",")
	for _, f := range paths {
		if reportFile(f) {
			return fail(stderr, fmt.Errorf("--files %s: the TEST, VALIDATION and report parts are never read item by item", f))
		}
	}
	col := &bench.VerifierCollector{}
	mp, err := verifierPolicy(nil, *verifier)
	if err != nil {
		return fail(stderr, err)
	}
	if mp, err = placerPolicy(mp, *placer); err != nil {
		return fail(stderr, err)
	}
	pol := mention.DefaultPolicy()
	if mp != nil {
		pol = *mp
	}
	pol.VerifierTrace = col.Trace
	cfg := bf.config()
	cfg.Mention = &pol
	return writeHandSamples(ctx, cfg, bf.out, paths, stdout, stderr,
		func(ctx context.Context, e *engine.Engine, set string, items []bench.HandItem) ([]bench.VerifierLabelled, error) {
			return bench.VerifierSamples(ctx, e, col, set, items)
		},
		func(s bench.VerifierLabelled) int { return s.Label })
}

// writeHandSamples is the body the verifier-samples and indverify-samples commands share: one
// engine of cfg, then for each hand-format file its samples (samples, labelled by label: 1
// right) as JSON lines to out (stdout when ""), and a count line per file on stderr.
func writeHandSamples[S any](ctx context.Context, cfg engine.Config, out string, paths []string, stdout, stderr io.Writer,
	samples func(context.Context, *engine.Engine, string, []bench.HandItem) ([]S, error), label func(S) int) int {
	e, err := engine.New(ctx, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	defer e.Close()
	w := stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return fail(stderr, err)
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, path := range paths {
		items, err := bench.LoadHand(path)
		if err != nil {
			return fail(stderr, err)
		}
		got, err := samples(ctx, e, filepath.Base(path), items)
		if err != nil {
			return fail(stderr, fmt.Errorf("%s: %w", path, err))
		}
		right := 0
		for _, s := range got {
			right += label(s)
		}
		fmt.Fprintf(stderr, "%s: %d texts, %d samples, %d right\n", path, len(items), len(got), right)
		for _, s := range got {
			if err := enc.Encode(s); err != nil {
				return fail(stderr, err)
			}
		}
	}
	return exitOK
}
