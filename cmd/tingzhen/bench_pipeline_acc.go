package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/model"
)

// benchAccuracyPipeline is `tingzhen bench accuracy --pipeline`: the held-out evaluation of
// what analyze returns (Engine.Analyze), per source of the mentions, with the models alone and
// the constant-neutral baseline as comparison rows.
func benchAccuracyPipeline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench accuracy --pipeline", flag.ContinueOnError)
	var bf benchFlags
	bf.register(fs)
	fs.Bool("pipeline", true, "score analyze's output (this mode)")
	var tasks, apcFiles listFlag
	fs.Var(&tasks, "tasks", "what to score: car, aste, apc, hand (repeat or comma-separate; default all)")
	datasets := fs.String("datasets", "", "the shared data sets folder (default $TINGZHEN_DATASETS, else ../shared/datasets)")
	carFile := fs.String("car", "", "car posts (default DATASETS/aspect/ccf2018_car_train85.csv)")
	carSplit := fs.String("car-split", "", "car split ids from training/car_split.py (default HOME/bench/testdata/car_split_ids.tsv)")
	carPart := fs.String("car-part", "test", "car split part to score: test (reported) or val (dev)")
	asteFile := fs.String("aste", "", "ASTE file (default DATASETS/aspect/absadatasets_zh/aste_chinese_zhang.dev.txt; with --aste-part val the train file)")
	astePart := fs.String("aste-part", "dev", "ASTE split to score: dev (reported) or val (the validation carve of the train file: sha1('aste:'+norm_key) bucket < 5, never trained on by aspect-zh or polarity-zh; for tuning)")
	asteLosses := fs.String("aste-losses", "", "with --aste-part val: write the carve's triplets the aspect model alone had right and the product lost (JSON lines) to this file")
	fs.Var(&apcFiles, "apc", "APC files (default DATASETS/aspect/absadatasets_zh/apc_*.train.txt)")
	apcBuckets := fs.Int("apc-buckets", bench.APCTestBuckets, "APC held-out part: items whose split bucket (bench.APCBucket, 0-99) is below N; 15 = the polarity-zh model's test part, 100 = all items")
	apcFrom := fs.Int("apc-from", 0, "with --apc-buckets: keep only items whose bucket is at least N (--apc-from 15 --apc-buckets 25: the polarity-zh validation part, DEV)")
	apcNamed := fs.Bool("apc-named", true, "also score APC in named mode (each item's gold term passed as the record's named aspect, analyze --aspect), reported as task apc-named beside the open mode")
	handFile := fs.String("hand", "", "hand-checked sentences (default HOME/bench/testdata/handchecked_test.jsonl, the TEST part; the DEV part, scored the same way: --hand bench/testdata/handchecked_dev.jsonl)")
	limit := fs.Int("limit", 0, "use only the first N items of each set (0: all)")
	alone := fs.Bool("models-alone", true, "also score the aspect and category models alone, as comparison rows")
	arbiter := registerArbiter(fs)         // bench_arbiter.go
	catAdd := registerCategoryAdd(fs)      // bench_categoryadd.go
	implicit := registerImplicit(fs)       // bench_implicit.go
	verifier := registerVerifier(fs)       // bench_verifier.go
	placer := registerPlacer(fs)           // bench_placer.go
	indVerify := registerIndVerify(fs)     // bench_indverify.go
	pol15 := registerPol15(fs)             // bench_pol15.go
	foodRules := registerFoodRules(fs)     // bench_foodrules.go
	media := registerMedia(fs)             // bench_media.go
	indFlags := registerIndicatorFlags(fs) // bench_indicators.go
	neg16 := registerNeg16(fs)             // bench_neg16.go
	opTerm := registerOpinionTerm(fs)      // bench_opinionterm.go
	spur16 := registerSpur16(fs)           // bench_spur16.go

	implicitInd := registerImplicitIndustries(fs) // bench_implicit.go
	implicitScope := registerImplicitScope(fs)    // bench_implicit.go
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	home, dsDir := bf.homeDir(), datasetsDir(*datasets)
	def := func(v *string, path string) {
		if *v == "" {
			*v = path
		}
	}
	def(carFile, filepath.Join(dsDir, "aspect", "ccf2018_car_train85.csv"))
	def(carSplit, filepath.Join(home, "bench", "testdata", "car_split_ids.tsv"))
	switch *astePart {
	case "dev":
		def(asteFile, filepath.Join(dsDir, "aspect", "absadatasets_zh", "aste_chinese_zhang.dev.txt"))
	case "val":
		def(asteFile, filepath.Join(dsDir, "aspect", "absadatasets_zh", "aste_chinese_zhang.train.txt"))
	default:
		return fail(stderr, fmt.Errorf("--aste-part: unknown part %q (want dev or val)", *astePart))
	}
	if *asteLosses != "" && *astePart != "val" {
		return fail(stderr, fmt.Errorf("--aste-losses: only with --aste-part val (the dev split is reported, its items are not looked at)"))
	}
	def(handFile, filepath.Join(home, "bench", "testdata", "handchecked_test.jsonl"))
	if len(apcFiles) == 0 {
		m, _ := filepath.Glob(filepath.Join(dsDir, "aspect", "absadatasets_zh", "apc_*.train.txt"))
		sort.Strings(m)
		apcFiles = m
	}
	want := map[string]bool{}
	for _, t := range tasks {
		switch t {
		case "car", "aste", "apc", "hand":
			want[t] = true
		default:
			return fail(stderr, fmt.Errorf("--tasks: unknown task %q (want car, aste, apc, hand)", t))
		}
	}
	if len(want) == 0 {
		want = map[string]bool{"car": true, "aste": true, "apc": true, "hand": true}
	}
	cut := func(ds *bench.Dataset) *bench.Dataset {
		if *limit > 0 && len(ds.Items) > *limit {
			ds.Items = ds.Items[:*limit]
		}
		return ds
	}
	cfg := bf.config()
	mp, err := arbiterPolicy(*arbiter) // bench_arbiter.go
	if err != nil {
		return fail(stderr, err)
	}
	if mp, err = categoryAddPolicy(mp, *catAdd); err != nil {
		return fail(stderr, err)
	}
	if mp, err = implicitPolicy(mp, *implicit); err != nil {
		return fail(stderr, err)
	}
	if mp, err = implicitIndustriesPolicy(mp, *implicitInd); err != nil {
		return fail(stderr, err)
	}
	if mp, err = implicitScopePolicy(mp, *implicitScope); err != nil {
		return fail(stderr, err)
	}
	if mp, err = verifierPolicy(mp, *verifier); err != nil {
		return fail(stderr, err)
	}
	if mp, err = placerPolicy(mp, *placer); err != nil { // bench_placer.go
		return fail(stderr, err)
	}
	if mp, err = indVerifyPolicy(mp, *indVerify); err != nil {
		return fail(stderr, err)
	}
	if mp, err = neg16Policy(mp, *neg16); err != nil {
		return fail(stderr, err)
	}
	if mp, err = pol15Policy(mp, *pol15); err != nil {
		return fail(stderr, err)
	}
	if mp, err = foodRulesPolicy(mp, *foodRules); err != nil {
		return fail(stderr, err)
	}
	if mp, err = spur16Policy(mp, *spur16); err != nil { // bench_spur16.go
		return fail(stderr, err)
	}
	if mp, err = mediaPolicy(mp, *media); err != nil { // bench_media.go
		return fail(stderr, err)
	}
	if mp, err = indicatorPolicy(mp, indFlags); err != nil { // bench_indicators.go
		return fail(stderr, err)
	}
	if mp, err = opinionTermPolicy(mp, *opTerm); err != nil { // bench_opinionterm.go
		return fail(stderr, err)
	}
	cfg.Mention = mp
	e, err := engine.New(ctx, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	defer e.Close()
	modelRow := func(rep *bench.PipelineReport, dir string, ds *bench.Dataset, label, note string) error {
		if !*alone {
			return nil
		}
		r, err := model.Open(filepath.Join(home, "models", dir), bf.modelOptions())
		if err != nil {
			return fmt.Errorf("open model %s: %w", dir, err)
		}
		defer r.Close()
		res, err := bench.Evaluate(ctx, r, ds, 64)
		if err != nil {
			return err
		}
		row := bench.PipelineRow{Source: label, Metric: res.Metric, Score: res.Score, Set: res.Set, Note: "the model alone (bench.Evaluate), not analyze" + note}
		if res.Confusion != nil {
			row.N = res.Confusion.Total()
			row.Right = int(res.Accuracy*float64(row.N) + 0.5)
		}
		rep.Rows = append(rep.Rows, row)
		return nil
	}
	var reps []*bench.PipelineReport
	skip := func(task string, err error) {
		fmt.Fprintf(stderr, "tingzhen bench: %s skipped: %v\n", task, err)
	}
	if want["car"] {
		ids, err := bench.CarSplit(*carSplit, *carPart)
		var ds *bench.Dataset
		if err == nil {
			ds, err = bench.LoadCarPart(*carFile, ids)
		}
		if err != nil {
			skip("car", err)
		} else {
			ds = cut(ds)
			rep, err := bench.ScoreCar(ctx, e, ds, "car_split_ids.tsv "+*carPart+" part (seed 13, as the category-car model's split)")
			if err != nil {
				return fail(stderr, fmt.Errorf("car: %w", err))
			}
			if err := modelRow(rep, "category-car", ds, "category-car model alone", "; argmax decoding, no threshold"); err != nil {
				return fail(stderr, fmt.Errorf("car: %w", err))
			}
			reps = append(reps, rep)
			fmt.Fprintf(stderr, "car: %d posts in %.0f s\n", rep.N, rep.Seconds)
		}
	}
	if want["aste"] {
		ds, err := bench.Load(*asteFile, bench.FormatASTE, 0)
		if err != nil {
			skip("aste", err)
		} else {
			split := "dev"
			if *astePart == "val" {
				ds = bench.ASTEValCarve(ds)
				split = "val carve of train (sha1('aste:'+norm_key) bucket < 5; tuning)"
			}
			ds = cut(ds)
			rep, err := bench.ScoreASTE(ctx, e, ds, "", split)
			if err != nil {
				return fail(stderr, fmt.Errorf("aste: %w", err))
			}
			if err := modelRow(rep, "aspect-zh", ds, "aspect-zh model alone", ""); err != nil {
				return fail(stderr, fmt.Errorf("aste: %w", err))
			}
			if *asteLosses != "" {
				if err := writeASTELosses(ctx, e, home, bf.modelOptions(), ds, *asteLosses); err != nil {
					return fail(stderr, fmt.Errorf("aste losses: %w", err))
				}
			}
			reps = append(reps, rep)
			fmt.Fprintf(stderr, "aste: %d sentences in %.0f s\n", rep.N, rep.Seconds)
		}
	}
	if want["apc"] {
		all := &bench.Dataset{Path: "apc_*.train.txt", Format: bench.FormatABSA}
		var notes []string
		for _, f := range apcFiles {
			ds, err := bench.Load(f, bench.FormatABSA, 0)
			if err != nil {
				return fail(stderr, fmt.Errorf("apc: %w", err))
			}
			all.Items = append(all.Items, ds.Items...)
			notes = append(notes, fmt.Sprintf("%s: %d items, %d skipped%s", filepath.Base(f), len(ds.Items), ds.Skipped, skipNote(ds)))
		}
		if len(all.Items) == 0 {
			skip("apc", fmt.Errorf("no APC files under %s", dsDir))
		} else {
			ds := cut(bench.APCHeldOut(all, *apcBuckets))
			split := fmt.Sprintf("polarity-zh test part: sha1 bucket < %d, %d files", *apcBuckets, len(apcFiles))
			if *apcFrom > 0 {
				kept := ds.Items[:0:0]
				for _, it := range ds.Items {
					if bench.APCBucket(it.Text) >= *apcFrom {
						kept = append(kept, it)
					}
				}
				ds = &bench.Dataset{Path: ds.Path, Format: ds.Format, Items: kept}
				split = fmt.Sprintf("sha1 buckets %d-%d (dev: not the polarity-zh test part), %d files", *apcFrom, *apcBuckets-1, len(apcFiles))
			}
			var rep, named *bench.PipelineReport
			if *apcNamed {
				rep, named, err = bench.ScoreAPCModes(ctx, e, ds, "", split)
			} else {
				rep, err = bench.ScoreAPC(ctx, e, ds, "", split)
			}
			if err != nil {
				return fail(stderr, fmt.Errorf("apc: %w", err))
			}
			rep.Notes = append(rep.Notes, fmt.Sprintf("Files (all items before the held-out cut of %d of %d): %s.", len(ds.Items), len(all.Items), strings.Join(notes, "; ")))
			if err := modelRow(rep, "aspect-zh", ds, "aspect-zh model alone, extracted triplets", "; no extracted triplet on the aspect = wrong (the card's 0.78 decodes the polarity given the gold aspect)"); err != nil {
				return fail(stderr, fmt.Errorf("apc: %w", err))
			}
			reps = append(reps, rep)
			fmt.Fprintf(stderr, "apc: %d items in %.0f s\n", rep.N, rep.Seconds)
			if named != nil {
				reps = append(reps, named)
				fmt.Fprintf(stderr, "apc named: %d items in %.0f s\n", named.N, named.Seconds)
			}
		}
	}
	if want["hand"] {
		items, err := bench.LoadHand(*handFile)
		if err != nil {
			skip("hand", err)
		} else {
			if *limit > 0 && len(items) > *limit {
				items = items[:*limit]
			}
			split := "test (never used for tuning)"
			if strings.Contains(filepath.Base(*handFile), "dev") {
				split = "dev (for tuning)" // --hand bench/testdata/handchecked_dev.jsonl: scored the same way
			} else if filepath.Base(*handFile) != "handchecked_test.jsonl" {
				split = "given file"
			}
			rep, err := bench.ScoreHand(ctx, e, items, *handFile, split)
			if err != nil {
				return fail(stderr, fmt.Errorf("hand: %w", err))
			}
			reps = append(reps, rep)
		}
	}
	if len(reps) == 0 {
		return fail(stderr, fmt.Errorf("nothing scored: no data found (--datasets %s)", dsDir))
	}
	if err := bf.emit(stdout, reps, func(w io.Writer) { bench.WritePipelineAccuracyMarkdown(w, reps) }); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

func skipNote(ds *bench.Dataset) string {
	if ds.Skipped == 0 {
		return ""
	}
	return " (" + ds.SkipReason + ", as training/aste_data.py skips it)"
}
