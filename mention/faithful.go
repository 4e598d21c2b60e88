package mention

import "strings"

// Faithfulness to the aspect model: rules that keep what the model found (its term, its
// opinions, its opinion's words) where the other rules of the policy would change it
// without evidence. Measured on the ASTE validation carve of the train file
// (`bench accuracy --pipeline --tasks aste --aste-part val --aste-losses FILE`: the carve's
// triplets the model alone had right and analyze lost), and kept only where no DEV number
// of the other sets fell (hand-checked DEV, car val, APC buckets 15-24, the mapping test).

// FaithfulPolicy holds the faithfulness rules (Policy.Faithful). The DEV effect of each is
// in its comment.
type FaithfulPolicy struct {
	// NoWidenIntoOpinion: a model term is not widened to jieba word boundaries into its own
	// triplet's opinion span: jieba's 湄公鱼肉|质 does not make 湄公鱼 「湄公鱼肉」 with the
	// opinion 「质比较紧」. A graph term still widens it
	// (日期 → 还款日期: the pack's term is the better span).
	NoWidenIntoOpinion bool
	// KeepParticles: a model opinion keeps the sentence-final particles it ends with
	// (还算新鲜的, 太甜了, 我的最爱啊); only punctuation is trimmed from it.
	KeepParticles bool
	// OpinionsPerTerm: each opinion the model ties to one term is a mention of its own
	// (八珍豆腐: 我的最爱啊 / 量大 / 实惠 / 味道好), where the opinions do not overlap; before,
	// the term's first opinion stood for all of them. A further opinion counts only where it
	// holds a lexicon opinion (量大, 实惠; not 传感器, 4 32G) and no other model term holds
	// it (送餐太慢，量也小: 也小 is 量's, not 送餐's), and whose polarity is not neutral.
	OpinionsPerTerm bool
	// EvaluatingOpinionFirst: where the model ties two opinions to one term and the first
	// is hollow, only adverbs or a copula (HollowOpinion: 配送速度: 也 / 非常好非常快; 果心:
	// 是 / 坏的), the second, holding a lexicon opinion, replaces it, rather than both
	// standing as two mentions of the term (DEV read-through,
	// bench/results/raw/readdev-*.tsv). Any opinion without a lexicon word was too wide:
	// 八珍豆腐's 我的最爱啊 went.
	EvaluatingOpinionFirst bool
}

// HollowOpinion is the characters an opinion made only of evaluates nothing
// (EvaluatingOpinionFirst).
const HollowOpinion = "也是都还就又很太挺更真"

// hollow reports whether rs[s:e] is made only of HollowOpinion characters.
func hollow(rs []rune, s, e int) bool {
	for _, r := range rs[s:e] {
		if !strings.ContainsRune(HollowOpinion, r) {
			return false
		}
	}
	return e > s
}

// DefaultFaithfulPolicy is the faithfulness part of DefaultPolicy().
func DefaultFaithfulPolicy() FaithfulPolicy {
	return FaithfulPolicy{
		NoWidenIntoOpinion:     true,
		KeepParticles:          true,
		OpinionsPerTerm:        true,
		EvaluatingOpinionFirst: true,
	}
}

// keepModelSpan returns the model term's span [s, e) after widening to [ns, ne), or the
// span before widening when the widening ate into the triplet's own opinion [os, oe)
// (NoWidenIntoOpinion).
func (d *Draft) keepModelSpan(s, e, ns, ne, os, oe int) (int, int) {
	if !d.p.Faithful.NoWidenIntoOpinion || oe <= os {
		return ns, ne
	}
	if overlaps(ns, ne, os, oe) && !overlaps(s, e, os, oe) {
		return s, e
	}
	return ns, ne
}

func overlaps(a, b, c, e int) bool { return a < e && c < b }

// modelOpinion cleans a model triplet's opinion span (cleanOpinion), then gives back the
// particles the model's span ended with (KeepParticles).
func (d *Draft) modelOpinion(os, oe, ts, te int) (int, int) {
	cs, ce := d.cleanOpinion(os, oe, ts, te)
	if !d.p.Faithful.KeepParticles || ce <= cs {
		return cs, ce
	}
	for ce < oe && ce < len(d.rs) && containsRune(particles, d.rs[ce]) {
		ce++
	}
	return cs, ce
}

func containsRune(s string, r rune) bool {
	for _, x := range s {
		if x == r {
			return true
		}
	}
	return false
}

// ownOpinion reports whether two candidates of one term span hold different opinions, each
// its own mention (OpinionsPerTerm).
func (p *Policy) ownOpinion(aStart, aEnd, bStart, bEnd int) bool {
	return p.Faithful.OpinionsPerTerm && aEnd > aStart && bEnd > bStart && !overlaps(aStart, aEnd, bStart, bEnd)
}

// extraOpinionOK reports whether candidate c, made from the model triplet t, may keep its
// opinion, and whether that opinion is a further one beside an earlier candidate of the same
// term span holding another opinion (OpinionsPerTerm). A further opinion must hold a
// lexicon opinion and be held by no other model term; its mention is kept only when its
// polarity is not neutral (Draft.Mentions).
func (d *Draft) extraOpinionOK(c cand, t Mention) (ok, extra bool) {
	if c.opEnd <= c.opStart {
		return true, false
	}
	for _, o := range d.cands {
		if o.start == c.start && o.end == c.end && d.p.ownOpinion(o.opStart, o.opEnd, c.opStart, c.opEnd) {
			extra = true
			break
		}
	}
	if !extra {
		return true, false
	}
	if len(d.exprs(c.opStart, c.opEnd)) == 0 {
		return false, true
	}
	for _, u := range d.s.Triplets {
		if u.Term == "" || (u.Start == t.Start && u.End == t.End) {
			continue
		}
		if u.OpinionEnd > u.OpinionStart && overlaps(u.OpinionStart, u.OpinionEnd, c.opStart, c.opEnd) {
			return false, true
		}
	}
	return true, true
}
