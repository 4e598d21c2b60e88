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
// CategoryPlaceClause: the verdicts are the classifier's on the term's own clause
// (Record.PlaceDims, by term span; the engine runs the classifier on TermClause of each
// PlaceCandidate), not on the record: a record-level verdict names an indicator the record
// holds, not the one the term speaks of.

// PlaceCandidate reports whether m may be placed by the category classifier: a term of the
// aspect model that the pack maps to no indicator, said by the customer, negative with
// point pain or positive with point pleasure; false when the placement is off.
func (p *Policy) PlaceCandidate(m Mention) bool {
	return p.CategoryPlacePresence > 0 && p.CategoryPlacePresence <= 1 &&
		m.KG == nil && m.Term != "" && m.Source == SourceModel && (m.Role == "" || m.Role == "customer") &&
		((m.Polarity == Negative && m.Point == PointPain) || (m.Polarity == Positive && m.Point == PointPleasure))
}

// TermClause is the clause of text (code points [start, end) being a term) that the
// classifier reads for CategoryPlaceClause: bounded by clause punctuation and contrast
// markers, as a term's opinion is looked for.
func TermClause(text string, start, end int) string {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start >= end {
		return ""
	}
	cs, ce := clauseAround(rs, start, end)
	return string(rs[cs:ce])
}

// categoryPlace returns, by index into ms, the indicators the record's unplaced terms are
// placed on; covered reports the indicator ids the mentions or a deciding classifier speak
// of already.
func (p *Policy) categoryPlace(g *kg.Graph, r Record, ms []Mention, covered func(id string) bool) map[int]addedIndicator {
	if len(r.Added) == 0 && len(r.PlaceDims) == 0 {
		return nil
	}
	var cands []int
	for i, m := range ms {
		if p.PlaceCandidate(m) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	verdictsOf := func(dims []CategoryDim) []addedIndicator {
		var out []addedIndicator
		for _, dim := range dims {
			pol, score, ok := dimVerdict(dim, p.CategoryPlacePresence, p.CategoryPlacePolarity)
			if !ok || covered(dim.Name) {
				continue
			}
			if mp, ok := indicatorMapping(g, r.Industry, dim.Name); ok {
				out = append(out, addedIndicator{mapping: mp, polarity: pol, score: score})
			}
		}
		return out
	}
	var verdicts []addedIndicator
	if !p.CategoryPlaceClause {
		verdicts = verdictsOf(r.Added)
		if len(verdicts) == 0 || (p.CategoryPlaceOnlyOne && len(verdicts) != 1) {
			return nil
		}
	}
	out := map[int]addedIndicator{}
	for _, i := range cands {
		if p.CategoryPlaceClause {
			verdicts = verdictsOf(r.PlaceDims[[2]int{ms[i].Start, ms[i].End}])
			if p.CategoryPlaceOnlyOne && len(verdicts) != 1 {
				continue
			}
		}
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
