package mention

// Neighbouring-clause opinion (recall11, session 11). A term with no opinion in its own
// clause today takes the opinion of the clause right after it when that clause names no
// aspect (orphanOpinion: 月租一百二十八，跟别家比贵了一半). NeighbourPolicy widens that reach,
// by the clause structure alone (no word list):
//
//   - Before: the clause right before the term's clause, when it names no aspect, is no
//     A-not-A question and holds a lexicon opinion (悲剧，…就剩100M流量了: the comment comes
//     first), and no other term could claim it forward (it is the sentence's first clause,
//     or the clause before it holds no term). Its nearest opinion is taken.
//   - Skip: the forward reach goes over at most this many clauses that hold neither an
//     aspect nor a lexicon opinion (古镇，同样到处都是人工的痕迹，不喜欢).

// NeighbourPolicy holds the neighbouring-clause opinion's settings.
type NeighbourPolicy struct {
	Before bool
	Skip   int
}

// DefaultNeighbourPolicy returns the defaults (see Policy.Neighbour): both off.
func DefaultNeighbourPolicy() NeighbourPolicy { return NeighbourPolicy{} }

// clauseAfter returns the clause that starts after the clause ending at clauseEnd (its
// punctuation skipped); ok is false at the end of the sentence.
func (d *Draft) clauseAfter(clauseEnd int) (cs, ce int, ok bool) {
	s := clauseEnd
	for s < len(d.rs) && isPunct(d.rs[s]) {
		s++
	}
	if s >= len(d.rs) {
		return 0, 0, false
	}
	cs, ce = clauseAround(d.rs, s, s)
	if cs < clauseEnd {
		return 0, 0, false
	}
	return cs, ce, true
}

// clauseBefore returns the clause that ends before the clause starting at clauseStart
// (its punctuation skipped); ok is false at the start of the sentence.
func (d *Draft) clauseBefore(clauseStart int) (cs, ce int, ok bool) {
	e := clauseStart
	for e > 0 && isPunct(d.rs[e-1]) {
		e--
	}
	if e <= 0 {
		return 0, 0, false
	}
	cs, ce = clauseAround(d.rs, e-1, e-1)
	if ce > clauseStart || cs >= ce {
		return 0, 0, false
	}
	return cs, ce, true
}

// namesAspect reports whether a candidate's term, or an implicit candidate's opinion, lies
// in [cs, ce).
func (d *Draft) namesAspect(cs, ce int) bool {
	for _, c := range d.cands {
		if c.end > c.start && c.start < ce && cs < c.end {
			return true
		}
		if c.end <= c.start && c.opEnd > c.opStart && c.opStart < ce && cs < c.opEnd {
			return true
		}
	}
	return false
}

// holdsTerm reports whether a term candidate lies in [cs, ce).
func (d *Draft) holdsTerm(cs, ce int) bool {
	for _, c := range d.cands {
		if c.end > c.start && c.start < ce && cs < c.end {
			return true
		}
	}
	return false
}

// neighbourOpinion is the opinion a term whose clause [cs, ce) holds none, and whose next
// clause gives no orphan opinion, takes from a neighbouring clause (NeighbourPolicy).
func (d *Draft) neighbourOpinion(cs, ce int) (opinionExpr, bool) {
	np := d.p.Neighbour
	if np.Skip > 0 {
		end := ce
		for k := 0; k < np.Skip; k++ {
			s, e, ok := d.clauseAfter(end)
			if !ok || d.namesAspect(s, e) || len(d.exprs(s, e)) > 0 || d.aNotA(s, e) {
				break // the next clause is no empty one to skip (orphanOpinion read it)
			}
			if x, ok := d.orphanOpinion(e); ok {
				return x, true
			}
			end = e
		}
	}
	if np.Before {
		s, e, ok := d.clauseBefore(cs)
		if !ok || d.namesAspect(s, e) || d.aNotA(s, e) {
			return opinionExpr{}, false
		}
		if ps, pe, ok := d.clauseBefore(s); ok && d.holdsTerm(ps, pe) {
			return opinionExpr{}, false // a term before could claim it forward
		}
		xs := d.exprs(s, e)
		if len(xs) == 0 {
			return opinionExpr{}, false
		}
		return xs[len(xs)-1], true
	}
	return opinionExpr{}, false
}
