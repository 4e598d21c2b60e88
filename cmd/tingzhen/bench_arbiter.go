package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// registerArbiter adds --arbiter to a bench command: "" leaves the policy's default, "off"
// turns the polarity arbiter off, "on" takes the embedded one, anything else is an arbiter
// file (a candidate of training/train_arbiter.py).
func registerArbiter(fs *flag.FlagSet) *string {
	return fs.String("arbiter", "", "polarity arbiter of the mention policy: on (the embedded mention/arbiter/weights.json), off (the rules' polarity), or an arbiter JSON file (default: the policy's default)")
}

// arbiterPolicy is the mention policy --arbiter asks for (nil: the engine's default).
func arbiterPolicy(v string) (*mention.Policy, error) {
	if v == "" {
		return nil, nil
	}
	a, err := modelOption("arbiter", v, mention.DefaultArbiter, mention.ParseArbiter)
	if err != nil {
		return nil, err
	}
	p := mention.DefaultPolicy()
	p.Arbiter = a
	return &p, nil
}

// modelOption is the model a bench command's --name on|off|FILE names (--arbiter,
// --verifier, --placer, --indverify): off nil, on the embedded one (def), anything else the file
// parsed by parse.
func modelOption[T any](name, v string, def func() (*T, error), parse func(io.Reader) (*T, error)) (*T, error) {
	switch v {
	case "off":
		return nil, nil
	case "on":
		m, err := def()
		if err != nil {
			return nil, fmt.Errorf("--%s on: %w", name, err)
		}
		return m, nil
	}
	f, err := os.Open(v)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	defer f.Close()
	m, err := parse(f)
	if err != nil {
		return nil, fmt.Errorf("--%s %s: %w", name, v, err)
	}
	return m, nil
}

// policyOrDefault is p, or a copy of the default policy when p is nil: what each bench flag
// that changes the mention policy starts from.
func policyOrDefault(p *mention.Policy) *mention.Policy {
	if p == nil {
		d := mention.DefaultPolicy()
		p = &d
	}
	return p
}

// modelPolicy applies a bench command's --name on|off|FILE (modelOption) to p (nil: the
// default policy) with set; it returns p unchanged when v is "" (--verifier, --placer,
// --indverify).
func modelPolicy[T any](p *mention.Policy, name, v string, def func() (*T, error), parse func(io.Reader) (*T, error), set func(*mention.Policy, *T)) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	m, err := modelOption(name, v, def, parse)
	if err != nil {
		return nil, err
	}
	p = policyOrDefault(p)
	set(p, m)
	return p, nil
}

// benchArbiterSamples is `tingzhen bench arbiter-samples`: the training samples of the
// polarity arbiter (bench/arbiter.go), one JSON line each, from training parts only.
func benchArbiterSamples(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench arbiter-samples", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	datasets := fs.String("datasets", "", "the shared data sets folder (default $TINGZHEN_DATASETS, else ../shared/datasets)")
	limit := fs.Int("limit", 0, "use only the first N items of each set (0: all)")
	scoresAll := fs.Bool("scores-all", false, "score every term span with the aspect-polarity model for the pz_* features (mention.Policy.ArbiterScoresAll)")
	hand := fs.String("hand", "", "instead of the training parts, the samples of a hand-checked file labelled by its gold (diagnostics of the DEV part only, e.g. bench/testdata/handchecked_dev.jsonl; never training data)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if reportFile(*hand) {
		return fail(stderr, fmt.Errorf("--hand %s: the TEST, VALIDATION and read-through report parts are never read item by item, for tuning or diagnostics", *hand))
	}
	home, dsDir := bf.homeDir(), datasetsDir(*datasets)
	cut := func(ds *bench.Dataset) *bench.Dataset {
		if *limit > 0 && len(ds.Items) > *limit {
			ds.Items = ds.Items[:*limit]
		}
		return ds
	}
	col := &bench.ArbiterCollector{}
	pol := mention.DefaultPolicy()
	pol.Arbiter = nil // the rules' polarity is a feature; the samples describe the rules
	pol.ArbiterTrace = col.Trace
	pol.ArbiterScoresAll = *scoresAll
	cfg := bf.config()
	cfg.Mention = &pol
	e, err := engine.New(ctx, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	defer e.Close()
	var all []bench.ArbiterLabelled
	if *hand != "" {
		items, err := bench.LoadHand(*hand)
		if err != nil {
			return fail(stderr, err)
		}
		if all, err = bench.ArbiterSamplesHand(ctx, e, col, items); err != nil {
			return fail(stderr, fmt.Errorf("hand: %w", err))
		}
		fmt.Fprintf(stderr, "hand: %d sentences, %d samples\n", len(items), len(all))
		return writeArbiterSamples(stdout, stderr, bf.out, all)
	}
	// APC: buckets >= 25 (the polarity-zh train part; 0-14 test, 15-24 DEV are not read).
	files, _ := filepath.Glob(filepath.Join(dsDir, "aspect", "absadatasets_zh", "apc_*.train.txt"))
	sort.Strings(files)
	apc := &bench.Dataset{Format: bench.FormatABSA}
	for _, f := range files {
		ds, err := bench.Load(f, bench.FormatABSA, 0)
		if err != nil {
			return fail(stderr, fmt.Errorf("apc: %w", err))
		}
		for _, it := range ds.Items {
			if bench.APCBucket(it.Text) >= 25 {
				apc.Items = append(apc.Items, it)
			}
		}
	}
	got, err := bench.ArbiterSamplesAPC(ctx, e, col, cut(apc))
	if err != nil {
		return fail(stderr, fmt.Errorf("apc: %w", err))
	}
	fmt.Fprintf(stderr, "apc: %d items, %d samples\n", len(apc.Items), len(got))
	all = append(all, got...)
	// ASTE: the train file outside the val carve.
	aste, err := bench.Load(filepath.Join(dsDir, "aspect", "absadatasets_zh", "aste_chinese_zhang.train.txt"), bench.FormatASTE, 0)
	if err != nil {
		return fail(stderr, fmt.Errorf("aste: %w", err))
	}
	aste = cut(bench.ASTETrainRest(aste))
	if got, err = bench.ArbiterSamplesASTE(ctx, e, col, aste); err != nil {
		return fail(stderr, fmt.Errorf("aste: %w", err))
	}
	fmt.Fprintf(stderr, "aste: %d items, %d samples\n", len(aste.Items), len(got))
	all = append(all, got...)
	// Car: the posts outside the val and test parts.
	car, err := bench.LoadCarTrain(filepath.Join(dsDir, "aspect", "ccf2018_car_train85.csv"), filepath.Join(home, "bench", "testdata", "car_split_ids.tsv"))
	if err != nil {
		return fail(stderr, fmt.Errorf("car: %w", err))
	}
	car = cut(car)
	if got, err = bench.ArbiterSamplesCar(ctx, e, col, car); err != nil {
		return fail(stderr, fmt.Errorf("car: %w", err))
	}
	fmt.Fprintf(stderr, "car: %d posts, %d samples\n", len(car.Items), len(got))
	all = append(all, got...)
	return writeArbiterSamples(stdout, stderr, bf.out, all)
}

// writeArbiterSamples writes the samples as JSON lines to out (stdout when "").
func writeArbiterSamples(stdout, stderr io.Writer, out string, all []bench.ArbiterLabelled) int {
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
	for _, s := range all {
		if err := enc.Encode(s); err != nil {
			return fail(stderr, err)
		}
	}
	return exitOK
}

// reportFile reports whether path names a held-out part that the sample commands (arbiter-,
// verifier- and indverify-samples) must never read item by item: a hand TEST or VALIDATION
// file (a base name holding "test" or "_val") or a read-through sample (read80*). DEV files
// (handchecked_dev.jsonl, readdev*) and training files pass.
func reportFile(path string) bool {
	b := filepath.Base(path)
	return strings.Contains(b, "test") || strings.Contains(b, "_val") || strings.HasPrefix(b, "read80")
}
