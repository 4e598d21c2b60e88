package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
)

// AccuracyResult is one model's scores on one data set.
type AccuracyResult struct {
	Model  string  `json:"model"`
	Task   string  `json:"task"`
	Data   string  `json:"data"`
	Format string  `json:"format"`
	N      int     `json:"n"`
	Metric string  `json:"metric"` // name of Score: accuracy, triplet_f1, micro_f1
	Score  float64 `json:"score"`
	// Classification (csv, jsonl, absa).
	Accuracy  float64      `json:"accuracy,omitempty"`
	MacroF1   float64      `json:"macro_f1,omitempty"`
	Classes   []ClassScore `json:"classes,omitempty"`
	Confusion *Confusion   `json:"confusion,omitempty"`
	// Set matching (aste triplets, car (subject, polarity) pairs).
	Set *PRF `json:"set,omitempty"`
	// Throughput of the evaluation itself (end to end with tokenization, batches of Batch).
	Seconds     float64 `json:"seconds"`
	TextsPerSec float64 `json:"texts_per_sec"`
	Batch       int     `json:"batch"`
}

// TaskOf is the model task a format needs.
func TaskOf(format string) string {
	switch format {
	case FormatASTE, FormatABSA:
		return model.KindAspect
	case FormatCar:
		return model.KindCategory
	}
	return model.KindSentiment
}

// Evaluate runs model r on every item of ds (batches of at most maxBatch texts) and scores it.
func Evaluate(ctx context.Context, r *model.Model, ds *Dataset, maxBatch int) (*AccuracyResult, error) {
	if want := TaskOf(ds.Format); r.Kind() != want {
		return nil, fmt.Errorf("model %s is a %s model; %s data needs a %s model", r.Name(), r.Kind(), ds.Format, want)
	}
	if maxBatch <= 0 {
		maxBatch = 64
	}
	maxTokens := maxBatch * r.MaxLen()
	texts := make([]string, len(ds.Items))
	for i, it := range ds.Items {
		texts[i] = it.Text
	}
	res := &AccuracyResult{Model: r.Name(), Task: r.Kind(), Data: ds.Path, Format: ds.Format, N: len(ds.Items), Batch: maxBatch}
	const chunk = 1024
	start := time.Now()
	switch r.Kind() {
	case model.KindSentiment:
		labels := modelLabels(r)
		conf := NewConfusion(labels...)
		for lo := 0; lo < len(texts); lo += chunk {
			hi := min(lo+chunk, len(texts))
			probs, err := r.Probs(ctx, texts[lo:hi], maxBatch, maxTokens)
			if err != nil {
				return nil, err
			}
			for k, p := range probs {
				if len(p) != len(labels) {
					return nil, fmt.Errorf("model %s: %d outputs for %d labels", r.Name(), len(p), len(labels))
				}
				conf.Add(ds.Items[lo+k].Label, labels[argmax(p)])
			}
		}
		res.classify(conf)
	case model.KindCategory:
		dims, states := modelLabels(r), r.Card().States()
		var pred, gold [][]string
		for lo := 0; lo < len(texts); lo += chunk {
			hi := min(lo+chunk, len(texts))
			probs, err := r.Probs(ctx, texts[lo:hi], maxBatch, maxTokens)
			if err != nil {
				return nil, err
			}
			for k, p := range probs {
				if len(p) != len(dims)*len(states) {
					return nil, fmt.Errorf("model %s: %d outputs for %d dimensions × %d states", r.Name(), len(p), len(dims), len(states))
				}
				pred = append(pred, CategoryPairs(p, dims, states))
				gold = append(gold, ds.Items[lo+k].Gold)
			}
		}
		prf := MatchSets(pred, gold)
		res.Set, res.Metric, res.Score = &prf, "micro_f1", prf.F1
	case model.KindAspect:
		var pred, gold [][]string
		conf := NewConfusion("negative", "neutral", "positive")
		for lo := 0; lo < len(texts); lo += chunk {
			hi := min(lo+chunk, len(texts))
			trips, err := Triplets(ctx, r, texts[lo:hi], maxBatch, maxTokens)
			if err != nil {
				return nil, err
			}
			for k, ts := range trips {
				it := ds.Items[lo+k]
				if ds.Format == FormatABSA {
					conf.Add(it.Label, AspectPolarity(ts, it.Aspect))
					continue
				}
				pred = append(pred, TripletKeys(ts))
				gold = append(gold, it.Gold)
			}
		}
		if ds.Format == FormatABSA {
			res.classify(conf)
		} else {
			prf := MatchSets(pred, gold)
			res.Set, res.Metric, res.Score = &prf, "triplet_f1", prf.F1
		}
	}
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.TextsPerSec = float64(res.N) / res.Seconds
	}
	return res, nil
}

func (res *AccuracyResult) classify(c *Confusion) {
	res.Confusion = c
	res.Accuracy = c.Accuracy()
	res.MacroF1 = c.MacroF1()
	res.Classes = c.PerClass()
	res.Metric, res.Score = "accuracy", res.Accuracy
}

func argmax(p []float32) int {
	best := 0
	for k := range p {
		if p[k] > p[best] {
			best = k
		}
	}
	return best
}

// CategoryPairs turns a category model's row (dims × states, states[0] = absent) into
// "dimension|state" for every dimension whose most probable state is not absent.
func CategoryPairs(p []float32, dims, states []string) []string {
	out := []string{}
	n := len(states)
	for d, name := range dims {
		if k := argmax(p[d*n : d*n+n]); k != 0 {
			out = append(out, name+"|"+states[k])
		}
	}
	return out
}

// TripletKeys are the TripletKey of each predicted aspect (code points of the text).
func TripletKeys(as []mention.Mention) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		s, e := a.Start, a.End
		if a.Term == "" {
			s, e = -1, -1
		}
		out = append(out, TripletKey(s, e, a.OpinionStart, a.OpinionEnd, a.Polarity))
	}
	return out
}

// AspectPolarity is the polarity of the predicted triplet whose aspect term overlaps the
// gold aspect span most (ties: higher confidence), or "none" when no triplet touches it.
func AspectPolarity(as []mention.Mention, span [2]int) string {
	best, bestOv, bestConf := "none", 0, -1.0
	for _, a := range as {
		if a.Term == "" {
			continue
		}
		ov := min(a.End, span[1]) - max(a.Start, span[0])
		if ov <= 0 {
			continue
		}
		if ov > bestOv || (ov == bestOv && a.Confidence > bestConf) {
			best, bestOv, bestConf = a.Polarity, ov, a.Confidence
		}
	}
	return best
}
