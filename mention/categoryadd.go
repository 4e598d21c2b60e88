package mention

import (
	"github.com/tingzhen/tingzhen/kg"
)

// An add-only category classifier (a pack other than automotive; its card says
// category_role: add; models trained on about 1,000 labelled sentences per pack by
// training/train_category.py) may add a record-level indicator that no mention covers:
// where its dimension (an indicator id of the pack) is present with
// 1 − P(absent) ≥ Policy.CategoryAddPresence and its polarity, renormalised over
// negative/neutral/positive, is negative or positive with at least
// Policy.CategoryAddPolarity, the record gets that indicator (source category, point pain or
// pleasure, no mention: "mentions": []; an implicit category mention on it too only under
// Policy.CategoryAddMentions, by default in the written text of
// Policy.CategoryAddMentionIndustries (ecommerce), placed at the sentence the classifier
// fires on: categoryimplicit.go). It never overrides or drops what the mentions say
// (category-car does, record.go), and it adds no neutral indicator.

// addedIndicator is one indicator an add-only classifier adds to a record.
type addedIndicator struct {
	mapping  kg.Mapping
	polarity string
	score    float64
	dim      string // the classifier's dimension (an indicator id)
	mention  bool   // also an implicit mention (Policy.CategoryAddMentions, implicitVerdict)
}

// categoryAdds lists the indicators r.Added adds, skipping those in covered (indicator
// ids the record's mentions or a deciding classifier already speak of).
func (p *Policy) categoryAdds(g *kg.Graph, r Record, covered func(id string) bool) []addedIndicator {
	if len(r.Added) == 0 || p.CategoryAddPresence <= 0 || p.CategoryAddPresence > 1 {
		return nil
	}
	var out []addedIndicator
	for _, dim := range r.Added {
		pol, score, ok := p.categoryAddVerdict(dim)
		mpol, mscore, mok := p.implicitVerdict(r.Industry, r.Conversational, dim) // categoryimplicit.go
		if !ok && mok {                                                           // a mention's verdict makes its indicator too
			pol, score, ok = mpol, mscore, true
		}
		if !ok || covered(dim.Name) {
			continue
		}
		mp, ok := indicatorMapping(g, r.Industry, dim.Name)
		if !ok {
			continue
		}
		out = append(out, addedIndicator{mapping: mp, polarity: pol, score: score, dim: dim.Name, mention: mok})
	}
	return out
}

// categoryAddVerdict is an add-only classifier's verdict on one dimension: its polarity and
// that polarity's renormalised probability, ok only when present and polar enough.
func (p *Policy) categoryAddVerdict(dim CategoryDim) (string, float64, bool) {
	return dimVerdict(dim, p.CategoryAddPresence, p.CategoryAddPolarity)
}

// dimVerdict is categoryAddVerdict with the given presence and polarity thresholds.
func dimVerdict(dim CategoryDim, presence, polarity float64) (string, float64, bool) {
	if 1-float64(dim.Probs[0]) < presence {
		return "", 0, false
	}
	sum := float64(dim.Probs[1] + dim.Probs[2] + dim.Probs[3])
	if sum <= 0 {
		return "", 0, false
	}
	neg, pos := float64(dim.Probs[1])/sum, float64(dim.Probs[3])/sum
	switch {
	case neg >= pos && neg >= polarity && neg > float64(dim.Probs[2])/sum:
		return Negative, neg, true
	case pos > neg && pos >= polarity && pos > float64(dim.Probs[2])/sum:
		return Positive, pos, true
	}
	return "", 0, false
}

// indicatorMapping is the graph placement of an indicator id: the mapping of its first
// aspect (has_aspect edge).
func indicatorMapping(g *kg.Graph, industry, id string) (kg.Mapping, bool) {
	for _, a := range g.Out(industry, kg.NodeRef{Type: kg.NodeIndicator, ID: id}, kg.EdgeHasAspect) {
		if mp, ok := g.AspectMapping(industry, a.ID); ok {
			return mp, true
		}
	}
	return kg.Mapping{}, false
}
