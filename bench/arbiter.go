package bench

import (
	"context"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/mention"
)

// Training samples of the polarity arbiter (mention/arbiter.go): every mention analyze emits
// on labelled training data, with the features the arbiter reads (mention.Policy.ArbiterTrace)
// and the gold polarity of the aspect it lands on. Only training parts are read: the APC items
// of buckets >= 25, the ASTE train file outside the val carve, the car posts outside the
// val and test parts.

// ArbiterLabelled is one training sample of the arbiter.
type ArbiterLabelled struct {
	Set      string    `json:"set"` // apc | aste | car
	Text     string    `json:"text"`
	Term     string    `json:"term"`
	Source   string    `json:"source"`
	Rule     string    `json:"rule"` // the rules' polarity
	Gold     string    `json:"gold"`
	Features []float64 `json:"features"`
}

// ArbiterCollector gathers the trace of the engine's mention policy per record text; its
// Trace method is what mention.Policy.ArbiterTrace calls (safe for concurrent use).
type ArbiterCollector struct {
	traces[string, mention.ArbiterSample] // traces.go
}

// Trace records one sample under its record's normalised text.
func (c *ArbiterCollector) Trace(s mention.ArbiterSample) { c.add(s.Record, s) }

// located is one traced mention with its span in the original item text ("" term: -1, -1).
type located struct {
	s          mention.ArbiterSample
	start, end int
}

// samplesOf analyses the distinct texts of ds (one record each, industry) and returns per
// item the traced mentions, spans mapped back onto the item's text.
func samplesOf(ctx context.Context, e *engine.Engine, col *ArbiterCollector, ds *Dataset, industry string) ([][]located, error) {
	inds := make([]string, len(ds.Items))
	for i := range inds {
		inds[i] = industry
	}
	return samplesIn(ctx, e, col, ds, inds)
}

// samplesIn is samplesOf with one industry per item (a text's first item's industry).
func samplesIn(ctx context.Context, e *engine.Engine, col *ArbiterCollector, ds *Dataset, industries []string) ([][]located, error) {
	col.reset()
	seen := map[string]bool{}
	var inputs []engine.Input
	for i, it := range ds.Items {
		if !seen[it.Text] {
			seen[it.Text] = true
			inputs = append(inputs, engine.Input{ID: fmt.Sprint(len(inputs)), Text: it.Text, Industry: industries[i]})
		}
	}
	if _, err := AnalyzeAll(ctx, e, inputs, 256); err != nil {
		return nil, err
	}
	out := make([][]located, len(ds.Items))
	for i, it := range ds.Items {
		nt, err := normalize.String(it.Text, normalize.Options{})
		if err != nil {
			continue
		}
		dup := map[[3]int]bool{}
		for _, s := range col.by[nt.Text] {
			k := [3]int{s.Start, s.End, len(s.Sentence)}
			if dup[k] && s.Term != "" {
				continue
			}
			dup[k] = true
			l := located{s: s, start: -1, end: -1}
			if s.Term != "" {
				b := strings.Index(nt.Text, s.Sentence)
				if b < 0 {
					continue
				}
				off := utf8.RuneCountInString(nt.Text[:b])
				l.start, l.end = nt.OrigSpan(off+s.Start, off+s.End)
			}
			out[i] = append(out[i], l)
		}
	}
	return out, nil
}

func labelled(set, text, gold string, l located) ArbiterLabelled {
	return ArbiterLabelled{Set: set, Text: text, Term: l.s.Term, Source: l.s.Source, Rule: l.s.Rule, Gold: gold, Features: l.s.Features}
}

// ArbiterSamplesAPC labels, per APC item, the traced mention whose term overlaps the gold
// aspect most (as ScoreAPC picks the answer) with the item's polarity.
func ArbiterSamplesAPC(ctx context.Context, e *engine.Engine, col *ArbiterCollector, ds *Dataset) ([]ArbiterLabelled, error) {
	per, err := samplesOf(ctx, e, col, ds, "")
	if err != nil {
		return nil, err
	}
	var out []ArbiterLabelled
	for i, it := range ds.Items {
		best, bestOv := -1, 0
		for k, l := range per[i] {
			if l.s.Term == "" {
				continue
			}
			if ov := min(l.end, it.Aspect[1]) - max(l.start, it.Aspect[0]); ov > bestOv {
				best, bestOv = k, ov
			}
		}
		if g := mention.NormPolarity(it.Label); best >= 0 && g != "" {
			out = append(out, labelled("apc", it.Text, g, per[i][best]))
		}
	}
	return out, nil
}

// goldPolarities groups an item's gold keys by what they are about (a span, a subject):
// parse splits one key into that and its polarity, or says it is none of either.
func goldPolarities(gold []string, parse func(key string) (about, polarity string, ok bool)) map[string]map[string]bool {
	pols := map[string]map[string]bool{}
	for _, k := range gold {
		about, pol, ok := parse(k)
		if !ok {
			continue
		}
		if pols[about] == nil {
			pols[about] = map[string]bool{}
		}
		pols[about][pol] = true
	}
	return pols
}

// ArbiterSamplesASTE labels each traced mention whose term span is a gold aspect span with
// one gold polarity.
func ArbiterSamplesASTE(ctx context.Context, e *engine.Engine, col *ArbiterCollector, ds *Dataset) ([]ArbiterLabelled, error) {
	per, err := samplesOf(ctx, e, col, ds, "")
	if err != nil {
		return nil, err
	}
	var out []ArbiterLabelled
	for i, it := range ds.Items {
		pols := goldPolarities(it.Gold, func(k string) (string, string, bool) {
			parts := strings.Split(k, "|") // span|opinion|polarity
			if len(parts) != 3 || parts[0] == "-" {
				return "", "", false
			}
			return parts[0], mention.NormPolarity(parts[2]), true
		})
		for _, l := range per[i] {
			if l.s.Term == "" {
				continue
			}
			ps := pols[fmt.Sprintf("%d-%d", l.start, l.end)]
			if len(ps) != 1 {
				continue
			}
			for g := range ps {
				if g != "" {
					out = append(out, labelled("aste", it.Text, g, l))
				}
			}
		}
	}
	return out, nil
}

// ArbiterSamplesCar labels each traced mention on a car subject with the post's polarity of
// that subject, when the post gives the subject one polarity.
func ArbiterSamplesCar(ctx context.Context, e *engine.Engine, col *ArbiterCollector, ds *Dataset) ([]ArbiterLabelled, error) {
	per, err := samplesOf(ctx, e, col, ds, "automotive")
	if err != nil {
		return nil, err
	}
	var out []ArbiterLabelled
	for i, it := range ds.Items {
		pols := goldPolarities(it.Gold, func(k string) (string, string, bool) {
			return strings.Cut(k, "|") // subject|polarity
		})
		for _, l := range per[i] {
			if l.s.Industry != "automotive" {
				continue
			}
			subj, ok := CarSubjects[l.s.Indicator]
			if !ok || len(pols[subj]) != 1 {
				continue
			}
			for g := range pols[subj] {
				out = append(out, labelled("car", it.Text, g, l))
			}
		}
	}
	return out, nil
}

// ArbiterSamplesHand labels each traced mention of a hand-checked sentence whose indicator
// is one of the sentence's gold labels with that label's polarity (as ScoreHand scores
// per-mention polarity). For diagnostics on the DEV part only (reading the features the
// wrong mentions have); never training data of a shipped arbiter.
func ArbiterSamplesHand(ctx context.Context, e *engine.Engine, col *ArbiterCollector, items []HandItem) ([]ArbiterLabelled, error) {
	ds := &Dataset{Format: "hand"}
	inds := make([]string, len(items))
	for i, it := range items {
		ds.Items = append(ds.Items, Item{Text: it.Text})
		inds[i] = it.Industry
	}
	per, err := samplesIn(ctx, e, col, ds, inds)
	if err != nil {
		return nil, err
	}
	var out []ArbiterLabelled
	for i, it := range items {
		gold := map[string]string{}
		for _, g := range it.Gold {
			gold[g.Indicator] = g.Polarity
		}
		for _, l := range per[i] {
			if g, ok := gold[l.s.Indicator]; ok && l.s.Industry == it.Industry {
				out = append(out, labelled("hand", it.Text, g, l))
			}
		}
	}
	return out, nil
}

// LoadCarTrain loads the car posts that are in neither the val nor the test part of the split
// file (the category-car model's train part).
func LoadCarTrain(path, splitPath string) (*Dataset, error) {
	split, err := os.ReadFile(splitPath)
	if err != nil {
		return nil, fmt.Errorf("read car split: %w", err)
	}
	held := map[string]bool{}
	for _, part := range []string{"val", "test"} {
		ids, err := ParseCarSplit(split, part)
		if err != nil {
			return nil, fmt.Errorf("car split %s: %w", splitPath, err)
		}
		for id := range ids {
			held[id] = true
		}
	}
	return loadCarWhere(path, func(id string) bool { return !held[id] })
}

// ASTETrainRest keeps the items of an ASTE train file outside the validation carve.
func ASTETrainRest(ds *Dataset) *Dataset {
	return ds.where(func(it Item) bool { return ASTEBucket(it.Text) >= ASTEValBuckets })
}
