package mention

import (
	"math"
	"sort"
	"unicode"

	"github.com/tingzhen/tingzhen/kg"
)

// Head placement (recall11, session 11). A model term the pack cannot place — no known term
// inside it, no implicit phrase in its opinion, not the product itself — is placed through
// the pack's own term inventory by its head. A Chinese noun phrase is about its last part
// (番茄炒蛋 is a 蛋 dish, 仓桥 a 桥), so the pack terms that end as the term ends say where
// it belongs: the longest proper suffix of the term (at least HeadPolicy.MinRunes
// characters) that ends at least MinTerms pack terms decides, and it places the term only
// when MinShare of those terms vote for one indicator (a term of several indicators
// splits its vote). The most specific suffix with enough terms decides alone: when its
// terms disagree, no shorter suffix is asked. No word list: only the pack's terms.

// HeadPolicy holds the thresholds of head placement.
type HeadPolicy struct {
	// On turns head placement on.
	On bool
	// MinRunes is the shortest suffix asked (1: the last character alone).
	MinRunes int
	// MinTerms is the least number of pack terms that must end in the suffix.
	MinTerms int
	// MinShare is the least share of those terms' votes on the winning indicator.
	MinShare float64
	// Confidence is the placement's confidence factor (times the winning share).
	Confidence float64
}

// DefaultHeadPolicy returns head placement's defaults (see Policy.Head).
func DefaultHeadPolicy() HeadPolicy {
	return HeadPolicy{On: false, MinRunes: 1, MinTerms: 2, MinShare: 0.8, Confidence: 0.5}
}

// headVote decides between the places of the terms that share one suffix: each term votes
// 1, split evenly between the distinct indicators its aspects name; the winning indicator
// needs at least minShare of all votes. The aspect is the winning indicator's aspect with
// the most votes (the first id on ties). ok is false with fewer than minTerms terms.
func headVote(terms []kg.SuffixTerm, minTerms int, minShare float64) (m kg.Mapping, share float64, ok bool) {
	if len(terms) == 0 || len(terms) < minTerms {
		return m, 0, false
	}
	indVotes := map[string]float64{}
	aspVotes := map[string]float64{}
	byAspect := map[string]kg.Mapping{}
	for _, t := range terms {
		inds := map[string][]kg.Mapping{}
		for _, mp := range t.Mappings {
			inds[mp.IndicatorID] = append(inds[mp.IndicatorID], mp)
		}
		for ind, mps := range inds {
			w := 1 / float64(len(inds))
			indVotes[ind] += w
			for _, mp := range mps {
				aspVotes[mp.AspectID] += w / float64(len(mps))
				byAspect[mp.AspectID] = mp
			}
		}
	}
	best, bestV := "", -1.0
	for ind, v := range indVotes {
		if v > bestV || (v == bestV && ind < best) {
			best, bestV = ind, v
		}
	}
	share = bestV / float64(len(terms))
	if share < minShare {
		return m, share, false
	}
	ids := make([]string, 0, len(aspVotes))
	for a := range aspVotes {
		if byAspect[a].IndicatorID == best {
			ids = append(ids, a)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if aspVotes[ids[i]] != aspVotes[ids[j]] {
			return aspVotes[ids[i]] > aspVotes[ids[j]]
		}
		return ids[i] < ids[j]
	})
	return byAspect[ids[0]], share, true
}

// headSuffixes lists the proper suffixes of term, longest first, down to minRunes
// characters; none when the term ends in no letter or in a particle (货都, 好的: no head).
func headSuffixes(term string, minRunes int) []string {
	rs := []rune(kg.NormalizeTerm(term))
	if len(rs) < 2 {
		return nil
	}
	last := rs[len(rs)-1]
	if !unicode.IsLetter(last) || containsRune(particles+"都也还就又很太最", last) {
		return nil
	}
	if minRunes < 1 {
		minRunes = 1
	}
	var out []string
	for k := len(rs) - 1; k >= minRunes; k-- {
		out = append(out, string(rs[len(rs)-k:]))
	}
	return out
}

// headMapping places the model term c (source model, unplaced) by its head (see above).
func (d *Draft) headMapping(c *cand) (m kg.Mapping, ok bool) {
	hp := d.p.Head
	if !hp.On || d.g == nil || d.industry == "" || c.source != SourceModel || c.end <= c.start {
		return m, false
	}
	term := string(d.rs[c.start:c.end])
	if notAspect(term) {
		return m, false
	}
	for _, suf := range headSuffixes(term, hp.MinRunes) {
		ts := d.g.TermsEndingIn(d.industry, suf)
		if len(ts) < hp.MinTerms {
			continue
		}
		m, share, ok := headVote(ts, hp.MinTerms, hp.MinShare)
		if ok {
			m.Confidence = math.Round(hp.Confidence*share*1000) / 1000
		}
		return m, ok // the most specific suffix with enough terms decides alone
	}
	return m, false
}
