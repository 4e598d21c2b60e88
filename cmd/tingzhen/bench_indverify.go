package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// registerIndVerify adds --indverify to a bench command: "" leaves the policy's default, "off"
// turns the indicator verifier off, "on" takes the embedded one, anything else is a verifier
// file (a candidate of training/train_indverify.py).
func registerIndVerify(fs *flag.FlagSet) *string {
	return fs.String("indverify", "", "record-level indicator verifier: on (the embedded mention/indverify/weights.json), off, or a verifier JSON file (default: the policy's default)")
}

// indVerifyPolicy applies --indverify to p (nil: the default policy); it returns p unchanged
// when v is "".
func indVerifyPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	return modelPolicy(p, "indverify", v, mention.DefaultIndVerifier, mention.ParseIndVerifier, // bench_arbiter.go
		func(p *mention.Policy, iv *mention.IndVerifier) { p.IndVerify = iv })
}

// benchIndVerifySamples is `tingzhen bench indverify-samples`: the training samples of the
// indicator verifier (bench/indverify.go), one JSON line each, from labelled training files.
func benchIndVerifySamples(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench indverify-samples", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	list := fs.String("files", "", "comma-separated labelled JSONL files in the hand-checked format (training/data/silver_*.jsonl), as verifier-samples takes them")
	data := fs.String("data", "", "the same as --files (its first name, kept for older commands)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	switch {
	case *list != "" && *data != "":
		return fail(stderr, fmt.Errorf("--files and --data name the same list: give one"))
	case *list == "":
		list = data
	}
	if *list == "" {
		return fail(stderr, fmt.Errorf("--files: at least one file"))
	}
	files := strings.Split(*list, ",")
	for _, f := range files {
		if reportFile(f) {
			return fail(stderr, fmt.Errorf("--files %s: the TEST, VALIDATION and read-through report parts are never read item by item (handchecked_dev.jsonl may be, for diagnostics; never train on it)", f))
		}
	}
	col := &bench.IndVerifyCollector{}
	pol := mention.DefaultPolicy()
	pol.IndVerify = nil // the samples describe the entries as voted
	pol.IndVerifyTrace = col.Trace
	cfg := bf.config()
	cfg.Mention = &pol
	return writeHandSamples(ctx, cfg, bf.out, files, stdout, stderr, // bench_verifier.go
		func(ctx context.Context, e *engine.Engine, set string, items []bench.HandItem) ([]bench.IndLabelled, error) {
			return bench.IndVerifySamples(ctx, e, col, set, items)
		},
		func(s bench.IndLabelled) int { return s.Label })
}
