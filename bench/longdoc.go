package bench

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/feeling"
)

// The long-document harness (`tingzhen bench accuracy --longdoc FILE`): texts longer than
// the sentiment model's window (training/long_docs.py), read through the engine with each
// long-document reading of package feeling (feeling.Policy.LongDoc); the reading is chosen
// on the val part only and reported on the test part, per source.

// LongDocVariant is one reading to try: a name and the policy fields it sets.
type LongDocVariant struct {
	Name       string  `json:"name"`
	LongDoc    string  `json:"long_doc"`
	LastWeight float32 `json:"last_window_weight,omitempty"`
}

// Policy returns p with the variant's reading.
func (v LongDocVariant) Policy(p feeling.Policy) feeling.Policy {
	p.LongDoc, p.LastWindowWeight = v.LongDoc, v.LastWeight
	return p
}

// LongDocVariants are the readings the harness tries; the first is the old reading.
var LongDocVariants = []LongDocVariant{
	{Name: "sentences (old)", LongDoc: feeling.LongSentences},
	{Name: "window-mean", LongDoc: feeling.LongWindowMean},
	{Name: "window-logprob", LongDoc: feeling.LongWindowLogProb},
	{Name: "window-first", LongDoc: feeling.LongWindowFirst},
	{Name: "window-last x1.5", LongDoc: feeling.LongWindowLast, LastWeight: 1.5},
	{Name: "window-last x2", LongDoc: feeling.LongWindowLast, LastWeight: 2},
	{Name: "window-last x3", LongDoc: feeling.LongWindowLast, LastWeight: 3},
}

// LongDocRow is one reading's accuracy on one source and part.
type LongDocRow struct {
	Source  string  `json:"source"` // a source of the file, or "all"
	Part    string  `json:"part"`   // val | test
	Variant string  `json:"variant"`
	N       int     `json:"n"`
	NPos    int     `json:"n_positive"`
	Acc     float64 `json:"acc"`
	BalAcc  float64 `json:"balanced_acc"` // the mean of the two labels' recall
	RecPos  float64 `json:"recall_positive"`
	RecNeg  float64 `json:"recall_negative"`
}

// LongDocReport is the harness's result.
type LongDocReport struct {
	Data string `json:"data"`
	// Long and Short count the texts the engine reads as longer than the window (those
	// the readings apply to) and the others.
	Long  int `json:"long"`
	Short int `json:"short"`
	// Chosen is the reading with the highest mean over sources of val balanced accuracy
	// (ties: val accuracy), the old reading included.
	Chosen string       `json:"chosen"`
	Rows   []LongDocRow `json:"rows"`
	// ShortChanged counts short texts whose label differs between the old reading and the
	// shipped one (feeling.DefaultPolicy(); must be 0: short texts take the same path);
	// ShortAcc is their accuracy with the old reading.
	ShortChanged int     `json:"short_changed"`
	ShortAcc     float64 `json:"short_acc"`
}

// IsLong reports whether the engine read res as longer than the model window.
func IsLong(res engine.Result) bool {
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, "long_text:") {
			return true
		}
	}
	return false
}

func labelOf(r engine.Result) string {
	if r.Sentiment == nil {
		return feeling.Neutral
	}
	return r.Sentiment.Label
}

// EvalLongDoc scores rs (two-label texts) with an engine per reading: open returns an
// engine with the given feeling policy (the caller closes it). Every reading is run on the
// long texts, the old reading and the shipped one (feeling.DefaultPolicy()) on all.
func EvalLongDoc(ctx context.Context, open func(feeling.Policy) (*engine.Engine, error), base feeling.Policy, rs []Review, variants []LongDocVariant, data string) (*LongDocReport, error) {
	run := func(v LongDocVariant, texts []string) ([]string, []engine.Result, error) {
		e, err := open(v.Policy(base))
		if err != nil {
			return nil, nil, fmt.Errorf("longdoc %s: %w", v.Name, err)
		}
		defer e.Close()
		res, err := AnalyzeSentiment(ctx, e, texts)
		if err != nil {
			return nil, nil, fmt.Errorf("longdoc %s: %w", v.Name, err)
		}
		out := make([]string, len(res))
		for i := range res {
			out[i] = labelOf(res[i])
		}
		return out, res, nil
	}
	texts := make([]string, len(rs))
	for i, r := range rs {
		texts[i] = r.Text
	}
	old, oldRes, err := run(variants[0], texts)
	if err != nil {
		return nil, err
	}
	rep := &LongDocReport{Data: data}
	var long []int // indices of long texts
	for i := range rs {
		if IsLong(oldRes[i]) {
			long = append(long, i)
		}
	}
	rep.Long, rep.Short = len(long), len(rs)-len(long)
	longTexts := make([]string, len(long))
	for k, i := range long {
		longTexts[k] = rs[i].Text
	}
	preds := make([][]string, len(variants)) // per variant, per long text
	preds[0] = make([]string, len(long))
	for k, i := range long {
		preds[0][k] = old[i]
	}
	for vi := 1; vi < len(variants); vi++ {
		if preds[vi], _, err = run(variants[vi], longTexts); err != nil {
			return nil, err
		}
	}
	sources := map[string]bool{}
	for _, i := range long {
		sources[rs[i].Split] = true
	}
	srcs := make([]string, 0, len(sources))
	for s := range sources {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	row := func(src, part string, vi int) LongDocRow {
		x := LongDocRow{Source: src, Part: part, Variant: variants[vi].Name}
		ok, okPos, okNeg, nNeg := 0, 0, 0, 0
		for k, i := range long {
			r := rs[i]
			if r.Part != part || (src != "all" && r.Split != src) {
				continue
			}
			x.N++
			hit := preds[vi][k] == r.Label
			if hit {
				ok++
			}
			switch r.Label {
			case feeling.Positive:
				x.NPos++
				if hit {
					okPos++
				}
			case feeling.Negative:
				nNeg++
				if hit {
					okNeg++
				}
			}
		}
		x.Acc, x.RecPos, x.RecNeg = ratio(ok, x.N), ratio(okPos, x.NPos), ratio(okNeg, nNeg)
		x.BalAcc = (x.RecPos + x.RecNeg) / 2
		return x
	}
	best, bestBal, bestAcc := 0, -1.0, -1.0
	for vi := range variants {
		bal, acc := 0.0, 0.0
		for _, s := range srcs {
			x := row(s, "val", vi)
			bal += x.BalAcc / float64(len(srcs))
			acc += x.Acc / float64(len(srcs))
		}
		if bal > bestBal || (bal == bestBal && acc > bestAcc) {
			best, bestBal, bestAcc = vi, bal, acc
		}
	}
	rep.Chosen = variants[best].Name
	for _, part := range []string{"val", "test"} {
		for _, s := range append(srcs, "all") {
			for vi := range variants {
				rep.Rows = append(rep.Rows, row(s, part, vi))
			}
		}
	}
	// Short texts: the shipped reading (feeling.DefaultPolicy()) must label them as the old one.
	shipped := LongDocVariant{Name: "default", LongDoc: feeling.DefaultPolicy().LongDoc, LastWeight: feeling.DefaultPolicy().LastWindowWeight}
	chosen, _, err := run(shipped, texts)
	if err != nil {
		return nil, err
	}
	ok := 0
	for i, r := range rs {
		if IsLong(oldRes[i]) {
			continue
		}
		if chosen[i] != old[i] {
			rep.ShortChanged++
		}
		if old[i] == r.Label {
			ok++
		}
	}
	rep.ShortAcc = ratio(ok, rep.Short)
	return rep, nil
}

// WriteLongDocMarkdown writes the per-source table.
func WriteLongDocMarkdown(w io.Writer, r *LongDocReport) {
	fmt.Fprintf(w, "Texts: %s. Long (the engine's long_text path): %d; short: %d (accuracy %s, labels changed by the shipped reading %s: %d).\nChosen on val (mean over sources of balanced accuracy): **%s**\n\n", r.Data, r.Long, r.Short, f4(r.ShortAcc), feeling.DefaultPolicy().LongDoc, r.ShortChanged, r.Chosen)
	fmt.Fprintln(w, "| source | part | reading | n | positive | accuracy | balanced acc | recall pos | recall neg |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|")
	for _, x := range r.Rows {
		fmt.Fprintf(w, "| %s | %s | %s | %d | %d | %s | %s | %s | %s |\n", x.Source, x.Part, x.Variant, x.N, x.NPos, f4(x.Acc), f4(x.BalAcc), f4(x.RecPos), f4(x.RecNeg))
	}
}
