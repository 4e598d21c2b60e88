package kg

import "slices"

// ComplaintMatch is one occurrence of a pack's complaint phrase (AspectSpec.Complaints) in
// a text: rune offsets, and the aspect it reports on (a phrase under several aspects is
// decided by their context words in the text, as an implicit phrase is).
type ComplaintMatch struct {
	Phrase  string
	Start   int
	End     int
	Mapping Mapping
}

// FindComplaints returns every occurrence of the industry's complaint phrases in text
// (overlapping ones included, ordered by start, then longest first), each mapped onto its
// aspect; nil for an unknown industry or none found. The graph only finds them: whether an
// occurrence is a complaint (not negated, not asked about) is the mention policy's call.
func (g *Graph) FindComplaints(industry, text string) []ComplaintMatch {
	if g == nil {
		return nil
	}
	in := g.industry(industry)
	if in == nil || in.complM == nil || len(in.complM.patterns) == 0 {
		return nil
	}
	var out []ComplaintMatch
	in.complM.findAll(text, func(h hit) {
		m, ok := in.decideImplicit(in.complAsp[h.Pattern], text, confImplicitIn)
		if !ok {
			return
		}
		out = append(out, ComplaintMatch{Phrase: in.complM.patterns[h.Pattern], Start: h.Start, End: h.End, Mapping: m})
	})
	slices.SortFunc(out, func(a, b ComplaintMatch) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	return out
}
