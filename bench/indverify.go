package bench

import (
	"context"
	"fmt"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// Training samples of the indicator verifier (mention/indverify.go): every record-level
// indicator entry with a point that analyze emits, and every sub-threshold add-only category
// candidate, on labelled sentences (the hand-checked format: training/data/silver_*.jsonl),
// with the features the verifier reads (mention.Policy.IndVerifyTrace) and label 1 when the
// entry's (indicator, point) is one of the text's gold pairs with a point, as ScoreHand
// counts the indicators row.

// IndLabelled is one training sample of the indicator verifier.
type IndLabelled struct {
	Set       string    `json:"set"` // the file's name, as the caller gives it
	ID        string    `json:"id"`
	Industry  string    `json:"industry"`
	Indicator string    `json:"indicator"`
	Point     string    `json:"point"`
	Polarity  string    `json:"polarity"`
	Candidate bool      `json:"candidate"`
	Label     int       `json:"label"`
	Features  []float64 `json:"features"`
}

// IndVerifyCollector gathers the verifier's trace per (industry, record text as given); its Trace
// method is what mention.Policy.IndVerifyTrace calls (safe for concurrent use).
type IndVerifyCollector struct {
	traces[[2]string, mention.IndSample] // traces.go
}

// Trace records one sample under its record's industry and text.
func (c *IndVerifyCollector) Trace(s mention.IndSample) { c.add([2]string{s.Industry, s.Record}, s) }

// IndVerifySamples analyses items (each text once per industry) with an engine whose policy
// traces to col, and labels each traced entry by its item's gold.
func IndVerifySamples(ctx context.Context, e *engine.Engine, col *IndVerifyCollector, set string, items []HandItem) ([]IndLabelled, error) {
	col.reset()
	seen := map[[2]string]bool{}
	var inputs []engine.Input
	for _, it := range items {
		k := [2]string{it.Industry, it.Text}
		if !seen[k] {
			seen[k] = true
			inputs = append(inputs, engine.Input{ID: fmt.Sprint(len(inputs)), Text: it.Text, Industry: it.Industry})
		}
	}
	if _, err := AnalyzeAll(ctx, e, inputs, 256); err != nil {
		return nil, err
	}
	var out []IndLabelled
	done := map[[2]string]bool{}
	for _, it := range items {
		k := [2]string{it.Industry, it.Text}
		if done[k] {
			continue // a repeated text: its samples once
		}
		done[k] = true
		gold := map[string]bool{}
		for _, g := range GoldPairs(it) {
			gold[g] = true
		}
		for _, s := range col.by[k] {
			l := IndLabelled{Set: set, ID: it.ID, Industry: s.Industry, Indicator: s.Indicator, Point: s.Point,
				Polarity: s.Polarity, Candidate: s.Candidate, Features: s.Features}
			if gold[s.Indicator+"|"+s.Point] {
				l.Label = 1
			}
			out = append(out, l)
		}
	}
	return out, nil
}
