package mention

import (
	"slices"
	"strings"
)

// Duplicate mentions inside one sentence (issue 13, "Duplicates are merged"): one evaluation
// the policy emitted twice. Found on DEV only (the DEV read-throughs readdev, readdev2,
// readdev3 and their judged rows in bench/results/raw/); numbers in
// bench/results/pipeline-accuracy.md ("dup12, session 12").

// DupPolicy holds the duplicate merges (Policy.Dup), applied to a record's mentions after
// MergeRecord and RepeatedOpinion (mergeDups, in Policy.Indicators).
type DupPolicy struct {
	// PossessiveTerm: a model term that ends in the possessive 的 (书的: the model cut the
	// phrase X的Y after 的) written right before another term mention whose opinion lies
	// inside its own (书的 / 印刷还不是很好 beside 印刷 / 还不是很好) is the same evaluation with a
	// malformed term: it is dropped, the head's mention stays. (A possessor without the 的,
	// 菜 / 价格适中 beside 价格 / 适中, is what the ASTE sets label: it is never touched.)
	PossessiveTerm bool
	// SameSpanPlaced: two mentions of one term span in one sentence with the same polarity
	// and point, one placed on the graph and the other not (钢化 / 挺好的 → 商品质量 beside
	// 钢化 / 贴起来, unplaced), are one evaluation: one mention stays, with the opinion nearest
	// the term and the placed one's graph place.
	SameSpanPlaced bool
	// SameSpanIndicator: two mentions of one term span in one sentence with the same
	// polarity, point and indicator (both placed) are one evaluation for the counters: one
	// mention stays, with the opinion nearest the term.
	SameSpanIndicator bool
	// PossessorShared: a term written as the possessor of the next term mention (X的Y,
	// X部分Y, X部分的Y: 扬声器的音质) with the very same opinion span and polarity is not what
	// the opinion evaluates: the head Y is. The possessor is dropped. (The ASTE sets label
	// the possessor with the head inside its opinion, 菜 / 价格适中; that pair has two spans
	// and is never touched.)
	PossessorShared bool
	// OpinionBetween: two term mentions that share one opinion span, the one written before
	// the opinion and the other after it (物流太烂了预装系统…: 物流 and 预装系统 both 太烂), are
	// one evaluation, of the term before it (a clause's subject comes first): the term after
	// it is dropped.
	OpinionBetween bool
}

// DefaultDupPolicy returns the merges that are on by default.
func DefaultDupPolicy() DupPolicy {
	return DupPolicy{PossessiveTerm: true, SameSpanPlaced: true, PossessorShared: true}
}

// mergeDups applies the DupPolicy merges to a record's mentions; starts are the record's
// sentences' start offsets (Record.SentenceStarts; empty: one sentence).
func (dp DupPolicy) mergeDups(ms []Mention, starts []int) []Mention {
	if !dp.PossessiveTerm && !dp.SameSpanPlaced && !dp.SameSpanIndicator {
		return ms
	}
	sentence := func(at int) int {
		i, _ := slices.BinarySearch(starts, at+1)
		return i
	}
	drop := make([]bool, len(ms))
	if dp.PossessiveTerm {
		for i, x := range ms {
			if !plainTerm(x) || !strings.HasSuffix(x.Term, "的") || len([]rune(x.Term)) < 2 || x.OpinionEnd <= x.OpinionStart {
				continue
			}
			for j, y := range ms {
				if j != i && plainTerm(y) && y.Start == x.End && y.OpinionEnd > y.OpinionStart &&
					x.OpinionStart <= y.OpinionStart && y.OpinionEnd <= x.OpinionEnd {
					drop[i] = true
					break
				}
			}
		}
	}
	if dp.SameSpanPlaced || dp.SameSpanIndicator {
		for i := range ms {
			if drop[i] || !plainTerm(ms[i]) {
				continue
			}
			for j := i + 1; j < len(ms); j++ {
				x, y := ms[i], ms[j]
				if drop[j] || !plainTerm(y) || x.Start != y.Start || x.End != y.End || x.Polarity != y.Polarity ||
					x.Point != y.Point || sentence(x.Start) != sentence(y.Start) {
					continue
				}
				placed := (x.KG == nil) != (y.KG == nil)
				same := x.KG != nil && y.KG != nil && x.KG.Industry == y.KG.Industry && x.KG.Indicator == y.KG.Indicator
				if !(dp.SameSpanPlaced && placed || dp.SameSpanIndicator && same) {
					continue
				}
				keep := x
				if opinionDistance(y) < opinionDistance(x) {
					keep = y
				}
				if keep.KG == nil {
					if x.KG != nil {
						keep.KG = x.KG
					} else {
						keep.KG = y.KG
					}
					keep.Source = SourceModelKG
				}
				keep.Confidence = max(x.Confidence, y.Confidence)
				ms[i] = keep
				drop[j] = true
			}
		}
	}
	return undropped(ms, drop)
}

// mergeShared applies the sentence-level merges (PossessorShared, OpinionBetween) to a
// sentence's mentions (offsets into rs, the sentence's code points).
func (dp DupPolicy) mergeShared(rs []rune, ms []Mention) []Mention {
	if !dp.PossessorShared && !dp.OpinionBetween {
		return ms
	}
	span := func(s, e int) string {
		if s < 0 || e > len(rs) || s > e {
			return ""
		}
		return string(rs[s:e])
	}
	drop := make([]bool, len(ms))
	shared := func(x, y Mention) bool {
		return x.OpinionEnd > x.OpinionStart && x.OpinionStart == y.OpinionStart && x.OpinionEnd == y.OpinionEnd && x.Polarity == y.Polarity
	}
	if dp.PossessorShared {
		for i, x := range ms {
			if !plainTerm(x) {
				continue
			}
			for j, y := range ms {
				if j == i || drop[j] || !plainTerm(y) || !shared(x, y) || y.Start < x.End || y.Start-x.End > 3 {
					continue
				}
				if between := span(x.End, y.Start); between == "的" || between == "部分" || between == "部分的" {
					drop[i] = true
					break
				}
			}
		}
	}
	if dp.OpinionBetween {
		for i, x := range ms {
			if !plainTerm(x) || x.End > x.OpinionStart {
				continue
			}
			for j, y := range ms {
				if j != i && !drop[i] && plainTerm(y) && shared(x, y) && y.Start >= x.OpinionEnd {
					drop[j] = true
				}
			}
		}
	}
	return undropped(ms, drop)
}

// plainTerm reports whether m is a term mention with a span that the merges may touch: not a
// category or named mention.
func plainTerm(m Mention) bool {
	return m.Term != "" && m.End > m.Start && m.Source != SourceCategory && m.Source != SourceNamed
}

// undropped returns, in a new slice, the mentions of ms whose drop flag is false.
func undropped(ms []Mention, drop []bool) []Mention {
	out := ms[:0:0]
	for i, m := range ms {
		if !drop[i] {
			out = append(out, m)
		}
	}
	return out
}

// opinionDistance is how far a mention's opinion lies from its term, in code points (an
// opinion without a span is farthest).
func opinionDistance(m Mention) int {
	if m.OpinionEnd <= m.OpinionStart {
		return 1 << 30
	}
	if m.OpinionStart >= m.End {
		return m.OpinionStart - m.End
	}
	if m.OpinionEnd <= m.Start {
		return m.Start - m.OpinionEnd
	}
	return 0
}
