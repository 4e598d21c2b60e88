package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tingzhen/tingzhen/adapt"
)

func init() {
	register(command{"adapt", "fine-tune the sentiment model on your labelled texts (CSV text,label) and compare it with the base", cmdAdapt})
}

const adaptHelp = `Usage: tingzhen adapt --train labels.csv --out DIR [--test test.csv | --holdout 0.25] [flags]

Adapts the sentiment model (--base, default models/sentiment-zh) to your domain with a few
hundred labelled texts, writes a model folder that loads like the shipped one, and prints
the held-out accuracy of the base and the adapted model, both scored through the engine.

Input: CSV (TSV when the name ends in .tsv; gzip'd is read too), columns text,label, with or
without a header (a header may name them in any order: text/review/sentence/content/文本/评论/内容,
label/sentiment/polarity/标签/情感). Labels: ` + adapt.LabelHelp + `.
UTF-8 or GBK/GB18030 (decided over the whole file, or --encoding). A bad row (wrong column
count, empty text, unknown label, invalid UTF-8, a repeated text) is reported with its line
and skipped; the rest go on. At least 20 usable rows, two labels, 4 of each label used.

Training runs training/adapt_sentiment.py with a Python that imports torch, onnx, numpy and
yaml (--python; default $TINGZHEN_PYTHON, /usr/bin/python3, python3): ` + "`make deps-py`" + ` installs
Debian's. Use the folder with any command that loads the engine:
  tingzhen analyze --sentiment-model DIR "..."    (also serve, job run, worker; a bare name is
  a folder of HOME/models; engine.Config.SentimentModel in Go)

Flags:
`

func cmdAdapt(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("adapt", flag.ContinueOnError)
	var opt adapt.Options
	var seed uint
	fs.StringVar(&opt.Train, "train", "", "labelled CSV (text,label) to adapt on (required)")
	fs.StringVar(&opt.Test, "test", "", "labelled CSV scored as the held-out part (default: --holdout of --train)")
	fs.StringVar(&opt.Unlabelled, "unlabelled", "", "optional file of your unlabelled texts: .csv/.tsv with a header naming the text column (text/review/content/文本/评论/内容; other columns ignored), any other name one text a line; the default recipe self-trains on them (soft pseudo-labels; recipe keys st_soft, self_train, prior)")
	fs.Float64Var(&opt.Holdout, "holdout", adapt.DefaultHoldout, "share of --train held out for scoring when there is no --test (stratified by label, seeded)")
	fs.StringVar(&opt.Out, "out", "", "model folder to write (required)")
	fs.BoolVar(&opt.Force, "force", false, "overwrite a model already in --out")
	fs.StringVar(&opt.Base, "base", "", "base sentiment model folder (default HOME/models/sentiment-zh)")
	fs.UintVar(&seed, "seed", adapt.DefaultSeed, "seed of the held-out split and of training")
	fs.StringVar(&opt.Encoding, "encoding", "auto", "encoding of the CSV files: auto (UTF-8 or GBK/GB18030), utf-8, gbk, gb18030")
	fs.StringVar(&opt.Python, "python", "", "Python interpreter with torch, onnx, numpy, yaml (default: the first of $TINGZHEN_PYTHON, /usr/bin/python3, python3 that has them)")
	fs.StringVar(&opt.Recipe, "recipe", "", `JSON object overriding the trainer's recipe, e.g. {"lr":0.001,"max_epochs":10} (default: the recipe chosen in bench/results/adapt.md)`)
	fs.IntVar(&opt.MinRows, "min-rows", adapt.DefaultMinRows, "fewest usable rows accepted")
	var ef engineFlags
	ef.register(fs)
	fs.Usage = usageFunc(fs, adaptHelp, "threads", "batch", "max-text-bytes", "repair-utf8", "no-aspects", "polarity-model", "time-zone", "min-free-disk", "durability", "sentiment-model")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tingzhen adapt: unexpected arguments %q (the labels go in --train)\n", fs.Args())
		return exitUsage
	}
	opt.Seed = uint64(seed)
	if seed == 0 {
		opt.Seed = adapt.DefaultSeed
	}
	opt.Engine = ef.config()
	opt.Log = stderr
	opt.Command = "tingzhen adapt " + strings.Join(args, " ")
	rep, err := adapt.Run(ctx, opt)
	if err != nil {
		var ue *adapt.UsageError
		if errors.As(err, &ue) || errors.Is(err, adapt.ErrNoPython) {
			fmt.Fprintf(stderr, "tingzhen adapt: %v\n", err)
		} else {
			fmt.Fprintf(stderr, "tingzhen adapt: %v\n", err)
		}
		return exitUsage
	}
	d := rep.Train
	fmt.Fprintf(stdout, "read %s: %d rows, %d usable, %d skipped (%s; %s)\n", d.Path, d.Read, len(d.Rows), len(d.Skipped), d.Encoding, headerWord(d.Header))
	if rep.Test != nil {
		fmt.Fprintf(stdout, "read %s: %d rows, %d usable, %d skipped\n", rep.Test.Path, rep.Test.Read, len(rep.Test.Rows), len(rep.Test.Skipped))
	}
	if u := rep.Unlabelled; u != nil {
		fmt.Fprintf(stdout, "read %s: %d unlabelled texts, %d skipped; %d given to the trainer (%d dropped: also labelled)\n", u.Path, len(u.Texts), len(u.Skipped), rep.UnlabelledUsed, rep.UnlabelledDropped)
	}
	fmt.Fprintf(stdout, "trained on %d rows (%s); held out %d (%s)\n", len(rep.TrainRows), adapt.SortedCounts(countRows(rep.TrainRows)), len(rep.HeldOut), rep.HeldOutFrom)
	fmt.Fprintf(stdout, "held-out accuracy through the engine (n=%d):\n", rep.Base.N)
	fmt.Fprintf(stdout, "  base     %-40s %.4f%s\n", rep.Base.Model, rep.Base.Acc, binWord(rep.Base))
	fmt.Fprintf(stdout, "  adapted  %-40s %.4f%s\n", rep.Adapted.Model, rep.Adapted.Acc, binWord(rep.Adapted))
	fmt.Fprintf(stdout, "  gain     %+.1f points\n", 100*(rep.Adapted.Acc-rep.Base.Acc))
	fmt.Fprintf(stdout, "balanced accuracy (mean of each label's recall: %s): base %.4f, adapted %.4f\n", recallWord(rep.Adapted), rep.Base.Balanced, rep.Adapted.Balanced)
	if rep.Adapted.Balanced < rep.Base.Balanced-0.02 {
		fmt.Fprintf(stdout, "  note: the adapted model finds the rarer labels less often than the base (it learned how common each label is);\n"+
			"  if those texts matter (complaints usually do), label more of them or try --recipe '{\"class_weight\":\"balanced\"}'\n")
	}
	if n := len(rep.HeldOut); n < 200 {
		fmt.Fprintf(stdout, "  (%d held-out texts: one text is %.1f points; label more for a firmer comparison)\n", n, 100/float64(n))
	}
	fmt.Fprintf(stdout, "model folder: %s (model.yaml records the data, the recipe and these numbers)\n", rep.Out)
	return exitOK
}

func headerWord(h bool) string {
	if h {
		return "with a header"
	}
	return "no header"
}

func binWord(s adapt.Score) string {
	out := ""
	if s.AccBinary != nil {
		out += fmt.Sprintf("  (binary %.4f)", *s.AccBinary)
	}
	if s.Failed > 0 {
		out += fmt.Sprintf("  %d records refused by the engine, counted wrong", s.Failed)
	}
	return out
}

// recallWord lists each label's recall of the adapted model.
func recallWord(s adapt.Score) string {
	var parts []string
	for _, l := range []string{adapt.Negative, adapt.Neutral, adapt.Positive} {
		if r, ok := s.Recall[l]; ok {
			parts = append(parts, fmt.Sprintf("%s %.2f", l, r))
		}
	}
	return "adapted " + strings.Join(parts, ", ")
}

func countRows(rows []adapt.Row) map[string]int {
	c := map[string]int{}
	for _, r := range rows {
		c[r.Label]++
	}
	return c
}

// registerSentimentModel adds --sentiment-model to the engine flags.
func registerSentimentModel(fs *flag.FlagSet, v *string) {
	fs.StringVar(v, "sentiment-model", "", "sentiment model: a folder name in HOME/models, or a path to a model folder such as one `tingzhen adapt` wrote (default sentiment-zh)")
}

// sentimentModelPath turns a --sentiment-model that names a path (it holds a separator or
// starts with .) into an absolute one; a bare name stays a folder of the models directory.
func sentimentModelPath(s string) string {
	if s == "" || (!strings.ContainsRune(s, filepath.Separator) && !strings.HasPrefix(s, ".")) {
		return s
	}
	if abs, err := filepath.Abs(s); err == nil {
		return abs
	}
	return s
}
