package adapt

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tingzhen/tingzhen/engine"
)

// Score is one model's accuracy on the held-out rows, as the engine answers them.
type Score struct {
	Model   string  `json:"model"` // the card's name and version, as engine.Versions says
	Folder  string  `json:"folder"`
	N       int     `json:"n"`
	Correct int     `json:"correct"`
	Acc     float64 `json:"acc_3way"` // the engine's label equals the gold label
	// Balanced is the mean over the gold labels present of each label's recall: on data
	// that is 90 % positive, always answering positive scores Acc 0.9 but Balanced 0.5.
	Balanced float64 `json:"balanced_acc"`
	// Recall is each gold label's recall (the engine's label equals it).
	Recall map[string]float64 `json:"recall"`
	// AccBinary is set when the gold labels are only negative/positive: predicted positive
	// iff the engine's p(positive) > p(negative).
	AccBinary *float64 `json:"acc_binary,omitempty"`
	Failed    int      `json:"failed"` // records the engine refused (counted wrong)
	Errors    []string `json:"errors,omitempty"`
}

// ScoreFolder loads the sentiment model in folder with the real engine (cfg gives Home, the
// ORT library and the device; the other models are off) and scores rows through
// Engine.Sentiment, the sentiment path of analyze and POST /v1/sentiment.
func ScoreFolder(ctx context.Context, cfg engine.Config, folder string, rows []Row) (Score, error) {
	abs, err := filepath.Abs(folder)
	if err != nil {
		return Score{}, err
	}
	cfg.SentimentModel = abs
	cfg.AspectModel, cfg.CategoryModel, cfg.PolarityModel = "-", "-", "-"
	cfg.DataDir = ""
	e, err := engine.New(ctx, cfg)
	if err != nil {
		return Score{}, fmt.Errorf("load %s with the engine: %w", folder, err)
	}
	defer e.Close()
	texts := make([]string, len(rows))
	binary := true
	for i, r := range rows {
		texts[i] = r.Text
		binary = binary && r.Label != Neutral
	}
	res, err := e.Sentiment(ctx, texts)
	if err != nil {
		return Score{}, fmt.Errorf("score with %s: %w", folder, err)
	}
	s := Score{Model: strings.TrimSpace(e.Versions()["sentiment_model"]), Folder: folder, N: len(rows)}
	bin := 0
	gold, hit := map[string]int{}, map[string]int{}
	for _, r := range rows {
		gold[r.Label]++
	}
	for i, r := range res {
		if r.Error != nil || r.Sentiment == nil {
			s.Failed++
			if len(s.Errors) < 5 {
				s.Errors = append(s.Errors, fmt.Sprintf("line %d: %v", rows[i].Line, r.Error))
			}
			continue
		}
		if r.Sentiment.Label == rows[i].Label {
			s.Correct++
			hit[rows[i].Label]++
		}
		pos := r.Sentiment.Probs[Positive] > r.Sentiment.Probs[Negative]
		if pos == (rows[i].Label == Positive) {
			bin++
		}
	}
	s.Recall = map[string]float64{}
	for l, n := range gold {
		s.Recall[l] = float64(hit[l]) / float64(n)
		s.Balanced += s.Recall[l] / float64(len(gold))
	}
	if s.N > 0 {
		s.Acc = float64(s.Correct) / float64(s.N)
		if binary {
			b := float64(bin) / float64(s.N)
			s.AccBinary = &b
		}
	}
	return s, nil
}
