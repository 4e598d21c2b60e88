package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/tingzhen/tingzhen/engine"
)

// Stage is one pipeline stage's time and share of the end-to-end Analyze time.
type Stage struct {
	Stage   string  `json:"stage"`
	Note    string  `json:"note"`
	Millis  float64 `json:"ms"`
	Share   float64 `json:"share"` // of Total
	PerText float64 `json:"us_per_text"`
}

// PipelineResult is a profile of Analyze over a corpus: each stage's and Analyze's fastest of
// Rounds rounds.
type PipelineResult struct {
	Texts       int     `json:"texts"`
	Bytes       int     `json:"bytes"`
	Rounds      int     `json:"rounds"`
	TotalMs     float64 `json:"total_ms"`
	TextsPerSec float64 `json:"texts_per_sec"`
	Stages      []Stage `json:"stages"`
}

// Pipeline profiles e on texts rounds times (after a warm-up on 64 texts) and keeps each
// stage's fastest time.
func Pipeline(ctx context.Context, e *engine.Engine, texts []string, rounds int) (*PipelineResult, error) {
	if rounds <= 0 {
		rounds = 1
	}
	if _, _, err := e.ProfileStages(ctx, texts[:min(len(texts), 64)]); err != nil {
		return nil, fmt.Errorf("pipeline warm-up: %w", err)
	}
	// Each stage's fastest round and Analyze's fastest round: on a shared machine the minimum
	// is the least disturbed measurement of each.
	var best []engine.StageTime
	var bestTotal time.Duration
	for i := 0; i < rounds; i++ {
		st, total, err := e.ProfileStages(ctx, texts)
		if err != nil {
			return nil, err
		}
		if best == nil {
			best, bestTotal = st, total
			continue
		}
		for k := range st {
			if k < len(best) && st[k].Time < best[k].Time {
				best[k].Time = st[k].Time
			}
		}
		bestTotal = min(bestTotal, total)
	}
	// "map" is Analyze's remainder: recompute it from the minima.
	var sum time.Duration
	for _, s := range best {
		if s.Stage != "map" {
			sum += s.Time
		}
	}
	for k := range best {
		if best[k].Stage == "map" {
			best[k].Time = max(0, bestTotal-sum)
		}
	}
	res := &PipelineResult{Texts: len(texts), Rounds: rounds, TotalMs: ms(bestTotal)}
	for _, t := range texts {
		res.Bytes += len(t)
	}
	res.TextsPerSec = float64(len(texts)) / bestTotal.Seconds()
	for _, s := range best {
		res.Stages = append(res.Stages, Stage{Stage: s.Stage, Note: s.Note, Millis: ms(s.Time), Share: s.Time.Seconds() / bestTotal.Seconds(), PerText: float64(s.Time.Microseconds()) / float64(len(texts))})
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
