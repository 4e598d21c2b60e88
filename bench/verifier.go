package bench

import (
	"context"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// Training samples of the mention verifier (mention/verifier.go): every counted mention
// analyze emits on a labelled file (hand format: training/data/silver_*.jsonl, or the hand
// DEV part for choosing), with the verifier's features and whether its (indicator, point) is
// one of the text's gold pairs: what ScoreHand's all-mentions row counts right.

// VerifierLabelled is one sample of the verifier.
type VerifierLabelled struct {
	Set      string `json:"set"` // the file's base name
	ID       string `json:"id"`
	Industry string `json:"industry"`
	mention.VerifierSample
	Label int `json:"label"` // 1: (indicator, point) is a gold pair of the text
	// Gold are the text's gold (indicator|point) pairs with a point; set on the text's first
	// sample only (a trainer scores the text's F1 with them).
	Gold []string `json:"gold,omitempty"`
}

// VerifierCollector gathers the verifier's trace per record text (mention.Policy.VerifierTrace;
// safe for concurrent use).
type VerifierCollector struct {
	traces[string, mention.VerifierSample] // traces.go
}

// Trace records one sample under its record's text.
func (c *VerifierCollector) Trace(s mention.VerifierSample) { c.add(s.Text, s) }

// VerifierSamples analyses the items (each with its industry, as ScoreHand does) and labels
// every traced counted mention. Every item yields one row per sample; an item with none
// yields one row with no features (Index -1) so that its gold pairs are counted.
func VerifierSamples(ctx context.Context, e *engine.Engine, col *VerifierCollector, set string, items []HandItem) ([]VerifierLabelled, error) {
	col.reset()
	if _, err := AnalyzeAll(ctx, e, handInputs(items), 256); err != nil { // pipelineacc.go
		return nil, err
	}
	var out []VerifierLabelled
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.Text] { // a repeated text: its record's trace is the first item's
			continue
		}
		seen[it.Text] = true
		gold := GoldPairs(it)
		in := map[string]bool{}
		for _, g := range gold {
			in[g] = true
		}
		first := true
		for _, s := range col.by[it.Text] {
			if s.Industry != it.Industry {
				continue
			}
			l := VerifierLabelled{Set: set, ID: it.ID, Industry: it.Industry, VerifierSample: s}
			if in[s.Indicator+"|"+s.Point] {
				l.Label = 1
			}
			if first {
				l.Gold, first = gold, false
			}
			out = append(out, l)
		}
		if first {
			out = append(out, VerifierLabelled{Set: set, ID: it.ID, Industry: it.Industry,
				VerifierSample: mention.VerifierSample{Index: -1}, Gold: gold})
		}
	}
	return out, nil
}
