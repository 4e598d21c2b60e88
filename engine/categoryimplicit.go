package engine

import (
	"context"

	"github.com/tingzhen/tingzhen/mention"
)

// sentenceAdded runs each record's add-only category classifier on each of its sentences
// where the record-level verdict may become an implicit mention
// (mention.Policy.ImplicitCandidate) and the record has two sentences or more that the
// classifier read as one text; it fills cats[ri].sents, which place the mention at the
// sentence where its dimension is most present (mention/categoryimplicit.go).
func (e *Engine) sentenceAdded(ctx context.Context, recs []*record, cats []categoryOut) error {
	pol := e.cfg.Mention
	if !pol.CategoryAddMentions {
		return nil
	}
	type ask struct{ rec, sent int }
	byModel := map[*categoryModel][]ask{}
	texts := map[*categoryModel][]string{}
	for ri, r := range recs {
		c := cats[ri].model
		if c == nil || c.role != categoryAdd || cats[ri].sents != nil || len(r.sents) < 2 {
			continue
		}
		want := false
		for _, d := range cats[ri].dims {
			if pol.ImplicitCandidate(d) {
				want = true
				break
			}
		}
		if !want {
			continue
		}
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
