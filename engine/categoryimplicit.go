package engine

import (
	"context"

	"github.com/tingzhen/tingzhen/mention"
)

// implicitCandidate reports whether record r's add-only category verdicts may become an
// implicit mention (mention.Policy.ImplicitCandidate) that its sentences' scores would
// place: it has two sentences or more, which the classifier read as one text, and none
// was scored yet.
func (e *Engine) implicitCandidate(r *record, cat categoryOut) bool {
	c := cat.model
	if c == nil || c.role != categoryAdd || cat.sents != nil || len(r.sents) < 2 {
		return false
	}
	for _, d := range cat.dims {
		if e.cfg.Mention.ImplicitCandidate(r.industry, Conversational(r.in), d) {
			return true
		}
	}
	return false
}

// sentenceAdded runs the add-only category classifier on each sentence of every record
// that need marks (an implicit mention to place, mentions.go); it fills cats[ri].sents,
// which place the mention at the sentence where its dimension is most present
// (mention/categoryimplicit.go).
func (e *Engine) sentenceAdded(ctx context.Context, recs []*record, cats []categoryOut, need []bool) error {
	type ask struct{ rec, sent int }
	byModel := map[*categoryModel][]ask{}
	texts := map[*categoryModel][]string{}
	for ri, r := range recs {
		if !need[ri] {
			continue
		}
		c := cats[ri].model
		for si, s := range r.sents {
			byModel[c] = append(byModel[c], ask{ri, si})
			texts[c] = append(texts[c], s.Text)
		}
	}
	for c, asks := range byModel {
		_, rows, err := c.m.Run(ctx, texts[c], e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
		if err != nil {
			return err
		}
		for j, row := range rows {
			probs := row[c.m.Output()]
			if len(probs) != len(c.labels)*4 {
				continue
			}
			a := asks[j]
			if cats[a.rec].sents == nil {
				cats[a.rec].sents = make([][]mention.CategoryDim, len(recs[a.rec].sents))
			}
			cats[a.rec].sents[a.sent] = dimsOf(c.labels, probs)
		}
	}
	return nil
}

// dimsOf turns a category model's output row (4 probabilities per label) into dimensions.
func dimsOf(labels []string, probs []float32) []mention.CategoryDim {
	dims := make([]mention.CategoryDim, len(labels))
	for d, name := range labels {
		dims[d].Name = name
		copy(dims[d].Probs[:], probs[d*4:d*4+4])
	}
	return dims
}
