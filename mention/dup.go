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

	// The record's last merges (mergeFinal, at the end of Policy.Indicators, after
	// placement, the verifiers and the implicit category mentions): two mentions of one
	// record with the same polarity and role whose footprints (term span with opinion span;
	// a term-less or category mention: its span) share a code point carry one opinion, and a
	// reader gets one mention of it (dup15, session 15; counts in
	// bench/results/pipeline-accuracy.md, "dup15, session 15").
	//
	// CategoryBeside: an unplaced term mention beside an implicit category mention (same
	// polarity and point) that the graph had placed on the category mention's indicator
	// before the mention verifier unplaced it gets that place back, and the category mention
	// goes: the classifier confirms the graph (屏幕 / 很好看, unplaced, beside the category
	// mention 产品性能 on its sentence: one mention, 屏幕 / 很好看 on 产品性能). An unplaced
	// term-less mention beside it is dropped. One term mention per category mention: the
	// first in the record. A term the graph placed elsewhere or nowhere is left alone (京东 /
	// 值得信赖 beside 商品质量: the category mention is right, the term would not be).
	CategoryBeside bool
	// TermInOpinion: an unplaced term mention whose term lies inside another term mention's
	// opinion is a word of that opinion, not an aspect: it is dropped (专业 / 不值得 inside
	// 内容 / 有一些不太专业; 信赖 / 值得 inside 做工 / 很精细值得信赖).
	TermInOpinion bool
	// TermlessBeside: a term-less mention (not a category one) beside a term mention is
	// dropped when it is unplaced or placed on the term mention's indicator and point: the
	// term mention says the same with its aspect (很好用一点也不卡 beside 手机 / 很好用).
	TermlessBeside bool
	// UnplacedBeside (opt-in): an unplaced term mention beside a placed term mention is
	// dropped. Off: the ASTE carve and APC DEV count the unplaced term (dup15's numbers).
	UnplacedBeside bool
	// UnplacedPair (opt-in): of two unplaced mentions, one stays: a term mention before a
	// term-less one, the aspect model's before a graph term, else the first (京东 / 值得信赖
	// beside 信赖 / 值得). Off: the ASTE carve counts both.
	UnplacedPair bool
	// SharedIndicator (opt-in): two placed mentions on one indicator with one point are one
	// evaluation for the counters: a term mention stays before a term-less one, a model+kg
	// one before the others, else the first; the indicator cites the one that stays (裤子 /
	// 不错 beside 质量 / 不错, both 商品质量 pleasure). Off: coordinated aspects (X和Y都好)
	// are two ASTE triplets.
	SharedIndicator bool
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

// mergeFinal applies the record's last merges (CategoryBeside, TermInOpinion, TermlessBeside,
// UnplacedBeside, UnplacedPair, SharedIndicator) to a record's mentions ms and the indicators that cite them, returning
// both with the indexes of out remapped to the mentions that stay.
func (dp DupPolicy) mergeFinal(out []Indicator, ms []Mention, graphPlace map[[4]int]string) ([]Indicator, []Mention) {
	if !dp.CategoryBeside && !dp.TermInOpinion && !dp.TermlessBeside && !dp.UnplacedBeside && !dp.UnplacedPair && !dp.SharedIndicator || len(ms) < 2 {
		return out, ms
	}
	into := make([]int, len(ms)) // the mention each one stays as (itself when kept)
	for i := range into {
		into[i] = i
	}
	dropped := func(i int) bool { return into[i] != i }
	if dp.CategoryBeside {
		for i, x := range ms {
			if x.Source != SourceCategory || x.Term != "" || placedOn(x) == "" {
				continue
			}
			for j, y := range ms {
				if j == i || dropped(j) || y.Source == SourceCategory || placedOn(y) != "" || y.Point != x.Point || !sameOpinion(x, y) {
					continue
				}
				if y.Term == "" {
					into[j] = i
					continue
				}
				switch gp := graphPlace[spanKey(y)]; {
				case gp == "":
					continue // a term the graph never placed: left alone
				case gp != placedOn(x):
					into[j] = i // the graph placed it elsewhere, the verifier took it off: dropped
					continue
				}
				ms[j].KG, ms[j].Confidence = x.KG, max(x.Confidence, y.Confidence)
				into[i] = j
				break
			}
		}
	}
	for i := range ms {
		for j := range ms {
			if i == j || dropped(i) || dropped(j) || !sameOpinion(ms[i], ms[j]) {
				continue
			}
			if x, y := ms[i], ms[j]; dp.dropFor(x, y, i < j) {
				into[j] = i
			}
		}
	}
	keep := make([]int, len(ms)) // new index of each kept mention
	var kept []Mention
	for i, m := range ms {
		if !dropped(i) {
			keep[i] = len(kept)
			kept = append(kept, m)
		}
	}
	for k := range out {
		if out[k].Mentions == nil {
			continue
		}
		idx := make([]int, 0, len(out[k].Mentions))
		for _, i := range out[k].Mentions {
			if i < 0 || i >= len(ms) {
				continue
			}
			for into[i] != i {
				i = into[i]
			}
			if n := keep[i]; !slices.Contains(idx, n) {
				idx = append(idx, n)
			}
		}
		out[k].Mentions = idx
	}
	return out, kept
}

// spanKey identifies a mention by its term and opinion spans.
func spanKey(m Mention) [4]int { return [4]int{m.Start, m.End, m.OpinionStart, m.OpinionEnd} }

// graphPlaces records the indicator each placed term mention of ms has (before the mention
// verifier, which may unplace it: CategoryBeside); nil when CategoryBeside is off.
func (dp DupPolicy) graphPlaces(ms []Mention) map[[4]int]string {
	if !dp.CategoryBeside {
		return nil
	}
	out := map[[4]int]string{}
	for _, m := range ms {
		if id := placedOn(m); id != "" && m.Term != "" {
			out[spanKey(m)] = id
		}
	}
	return out
}

// dropFor reports whether mergeFinal drops y for x (two mentions of one opinion; first: x
// comes before y in the record's mentions).
func (dp DupPolicy) dropFor(x, y Mention, first bool) bool {
	xp, yp := placedOn(x), placedOn(y)
	termless := y.Term == "" && y.Source != SourceCategory && x.Term != ""
	switch {
	case dp.TermInOpinion && yp == "" && y.Term != "" && x.Term != "" && x.OpinionStart <= y.Start && y.End <= x.OpinionEnd:
		return true
	case dp.TermlessBeside && termless && (yp == "" || yp == xp && x.Point == y.Point):
		return true
	case xp != "" && yp == "":
		return dp.UnplacedBeside
	case xp == "" && yp == "":
		return dp.UnplacedPair && staysBefore(x, y, first)
	case xp != "" && xp == yp && x.Point == y.Point:
		return dp.SharedIndicator && staysBefore(x, y, first)
	}
	return false
}

// staysBefore orders two mentions of one opinion for mergeFinal: a term mention before a
// term-less one, a model+kg one before the others, the aspect model's before a graph term,
// else the first.
func staysBefore(x, y Mention, first bool) bool {
	rank := func(m Mention) int {
		switch {
		case m.Term == "":
			return 0
		case m.Source == SourceModelKG:
			return 3
		case m.Source == SourceModel:
			return 2
		}
		return 1
	}
	if rx, ry := rank(x), rank(y); rx != ry {
		return rx > ry
	}
	return first
}

// placedOn is the indicator id a mention is placed on ("" when unplaced).
func placedOn(m Mention) string {
	if m.KG == nil {
		return ""
	}
	return m.KG.IDs["indicator"]
}

// sameOpinion reports whether two mentions carry one opinion for mergeFinal: the same
// polarity and role, neither a named mention, and footprints (term span with opinion span)
// that share a code point.
func sameOpinion(x, y Mention) bool {
	if x.Polarity != y.Polarity || x.Role != y.Role || x.Source == SourceNamed || y.Source == SourceNamed {
		return false
	}
	meets := func(a0, a1, b0, b1 int) bool { return a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1 }
	return meets(x.Start, x.End, y.Start, y.End) || meets(x.Start, x.End, y.OpinionStart, y.OpinionEnd) ||
		meets(x.OpinionStart, x.OpinionEnd, y.Start, y.End) || meets(x.OpinionStart, x.OpinionEnd, y.OpinionStart, y.OpinionEnd)
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
