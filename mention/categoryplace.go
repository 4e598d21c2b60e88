package mention

import "github.com/tingzhen/tingzhen/kg"

// Placing an unplaced term by an add-only category classifier (Policy.CategoryPlace*).
//
// A term mention of the aspect model (source model) that the pack maps to no indicator is
// kept by the policy but counted nowhere. Where the record's add-only classifier
// (categoryadd.go) is sure of an indicator that no mention covers, with the term's polarity,
// the term is placed on that indicator: it keeps its term, opinion, polarity and point (its
// source stays model: the graph still does not know the term), gains the indicator's graph
// place (the mapping of the indicator's first aspect), and the record-level indicator keeps
// the classifier's verdict with the term as its evidence. Only a term is placed: a mention
// with no term (an implicit aspect) never is, and no mention is added.
//
// A verdict counts when its dimension has 1 − P(absent) ≥ CategoryPlacePresence and its
// renormalised negative or positive probability is ≥ CategoryPlacePolarity and the largest
// (categoryAddVerdict's reading, with these thresholds). The term must be negative with
// point pain or positive with point pleasure (an itch or a neutral term is left alone).
// CategoryPlaceOnlyOne: the record must hold exactly one such uncovered verdict (of any
// polarity); otherwise the term needs exactly one of its own polarity.

// categoryPlace returns, by index into ms, the indicators the record's unplaced terms are
// placed on; covered reports the indicator ids the mentions or a deciding classifier speak
// of already.
func (p *Policy) categoryPlace(g *kg.Graph, r Record, ms []Mention, covered func(id string) bool) map[int]addedIndicator {
	if len(r.Added) == 0 || p.CategoryPlacePresence <= 0 || p.CategoryPlacePresence > 1 {
		return nil
	}
	var cands []int
	for i, m := range ms {
		if m.KG == nil && m.Term != "" && m.Source == SourceModel && (m.Role == "" || m.Role == "customer") &&
			((m.Polarity == Negative && m.Point == PointPain) || (m.Polarity == Positive && m.Point == PointPleasure)) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	var verdicts []addedIndicator
	for _, dim := range r.Added {
		pol, score, ok := dimVerdict(dim, p.CategoryPlacePresence, p.CategoryPlacePolarity)
		if !ok || covered(dim.Name) {
			continue
		}
		if mp, ok := indicatorMapping(g, r.Industry, dim.Name); ok {
			verdicts = append(verdicts, addedIndicator{mapping: mp, polarity: pol, score: score})
		}
	}
	if len(verdicts) == 0 || (p.CategoryPlaceOnlyOne && len(verdicts) != 1) {
		return nil
	}
	out := map[int]addedIndicator{}
	for _, i := range cands {
		n, pick := 0, addedIndicator{}
		for _, v := range verdicts {
			if v.polarity == ms[i].Polarity {
				n, pick = n+1, v
			}
		}
		if n == 1 {
			out[i] = pick
		}
	}
	return out
}
