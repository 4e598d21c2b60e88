package bench

import (
	"context"
	"math"

	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
)

// Bench runs models alone through package model: the same Model, session and batching the
// engine runs them with.

// runModel runs m on texts end to end (tokenization, padding, inference, and triplet
// decoding for an aspect model) and discards the outputs: the unit of work of speed runs.
func runModel(ctx context.Context, m *model.Model, texts []string, maxBatch, maxTokens int) error {
	if m.Kind() == model.KindAspect {
		_, err := m.Triplets(ctx, texts, maxBatch, maxTokens)
		return err
	}
	_, _, err := m.Run(ctx, texts, maxBatch, maxTokens)
	return err
}

// modelLabels are what Evaluate scores a model's outputs against: a sentiment model's class
// labels (negative, neutral, positive when its card lists none), a category model's
// dimension names.
func modelLabels(m *model.Model) []string {
	c := m.Card()
	if m.Kind() == model.KindCategory {
		return c.Dimensions
	}
	if len(c.Labels) == 0 {
		return []string{"negative", "neutral", "positive"}
	}
	return c.Labels
}

// Triplets runs an aspect model on texts and returns, per text, its triplets as mentions
// (code-point offsets into the text; Start/End the aspect term, the opinion's when
// implicit), as the engine reads them. Only triplets: bare aspect terms (no opinion, no
// polarity) are left out.
func Triplets(ctx context.Context, m *model.Model, texts []string, maxBatch, maxTokens int) ([][]mention.Mention, error) {
	all, err := m.Triplets(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	out := make([][]mention.Mention, len(all))
	for i, ts := range all {
		for _, t := range ts {
			if t.Bare() {
				continue
			}
			out[i] = append(out[i], mention.Mention{Term: t.Term, Start: t.Start, End: t.End, Opinion: t.Opinion, OpinionStart: t.OpinionStart, OpinionEnd: t.OpinionEnd,
				Polarity: t.Polarity, Confidence: math.Round(t.Score*10000) / 10000, Source: "model"})
		}
	}
	return out, nil
}
