package engine

import (
	"context"

	"github.com/tingzhen/tingzhen/mention"
)

// placeDims runs each record's add-only category classifier on the clause of every term the
// mention policy may place by it (mention.Policy.CategoryPlaceClause; PlaceCandidate,
// TermClause): per record, the classifier's dimensions by the term's span; nil when the
// policy does not ask for them or no record has such a term.
func (e *Engine) placeDims(ctx context.Context, recs []*record, cats []categoryOut) ([]map[[2]int][]mention.CategoryDim, error) {
	pol := e.cfg.Mention
	if !pol.CategoryPlaceClause || pol.CategoryPlacePresence <= 0 {
		return nil, nil
	}
	type ask struct {
		rec  int
		span [2]int
	}
	byModel := map[*categoryModel][]ask{}
	texts := map[*categoryModel][]string{}
	for ri, r := range recs {
		c := cats[ri].model
		if c == nil || c.role != categoryAdd {
			continue
		}
		for _, a := range r.res.Aspects {
			if !pol.PlaceCandidate(a) {
				continue
			}
			cl := mention.TermClause(r.in.Text, a.Start, a.End)
			if cl == "" {
				continue
			}
			byModel[c] = append(byModel[c], ask{ri, [2]int{a.Start, a.End}})
			texts[c] = append(texts[c], cl)
		}
	}
	if len(byModel) == 0 {
		return nil, nil
	}
	out := make([]map[[2]int][]mention.CategoryDim, len(recs))
	for c, asks := range byModel {
		_, rows, err := c.m.Run(ctx, texts[c], e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
		if err != nil {
			return nil, err
		}
		for j, row := range rows {
			probs := row[c.m.Output()]
			if len(probs) != len(c.labels)*4 {
				continue
			}
			dims := dimsOf(c.labels, probs) // categoryimplicit.go
			a := asks[j]
			if out[a.rec] == nil {
				out[a.rec] = map[[2]int][]mention.CategoryDim{}
			}
			out[a.rec][a.span] = dims
		}
	}
	return out, nil
}
