package mention

import (
	"slices"
	"strings"

	"github.com/tingzhen/tingzhen/engine/segment"
)

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
	// BareVerdict: a term the model tagged without an opinion (decoding.bare_aspects) and
	// with no lexicon opinion in its clause, but with an evaluating word the lexicon does not
	// know beside it, is asked of the aspect-polarity model. The word is jieba's adjective or
	// idiom (a, ad, an, i): after the term with at most BareVerdictGap characters of adverbs,
	// 的, 是, 还是 or a conjunction between (系统稳定, 界面还是比较友善, 声音一塌糊涂), or
	// before it, alone or with 的 (绚丽液晶屏, 流畅的速度); no other candidate holds it, unless
	// that candidate is itself a bare model term (系统|稳定: the model tagged both). A
	// non-neutral verdict of at least Policy.NoOpinionMinProb makes the term a mention with
	// that polarity; below it the term stays neutral and DropBare drops it, as before. Without
	// the adjective (every bare term asked) APC DEV rose 760 → 813 of 1,293 but hand DEV F1
	// fell 0.612 → 0.590 and car val mentions 0.518 → 0.494: the model reads a positive
	// sentence into names, emoticon words and places ([鼓掌], 香格里拉酒店). Shipped with 17
	// lexicon words (extra_*.txt), DEV before → after: APC DEV open 760 → 777 of 1,293, ASTE
	// carve triplet 0.2925 → 0.2909, hand DEV F1 0.6117 → 0.6135, car val mentions 0.5180 →
	// 0.5166, indicators 0.6426 both (bench/results/pipeline-accuracy.md, helper "recall").
	BareVerdict    bool
	BareVerdictGap int
}

// adjectivePOS are jieba's tags of words that evaluate (BareVerdict); bridgePOS
// may stand between a term and such a word after it.
var (
	adjectivePOS = []string{"a", "ad", "an", "i"}
	bridgePOS    = []string{"d", "zg", "uj", "ul", "c"}
)

// nextToAdjective reports whether the term [s, e) has an evaluating word beside it in its
// clause (BareVerdict), that no other candidate holds.
func (d *Draft) nextToAdjective(c *cand) bool {
	ws := d.tagWords()
	if len(ws) == 0 {
		return false
	}
	free := func(w segment.Word) bool {
		for i := range d.cands {
			o := &d.cands[i]
			if o != c && o.end > o.start && o.start < w.End && w.Start < o.end &&
				!(o.modelPol == "" && o.opEnd <= o.opStart && o.source == SourceModel) {
				return false // another aspect's word (a bare model term's may be an opinion: 系统|稳定)
			}
		}
		return !strings.ContainsAny(w.Text, "，,。！!？?；;")
	}
	for i, w := range ws {
		if w.Start < c.end || w.Start-c.end > d.p.Faithful.BareVerdictGap {
			continue
		}
		// Words from the term's end up to w must all be bridges.
		ok := true
		for _, b := range ws[:i] {
			if b.Start >= c.end && b.End <= w.Start && !slices.Contains(bridgePOS, b.POS) && b.Text != "是" && b.Text != "还是" {
				ok = false
				break
			}
		}
		if ok && slices.Contains(adjectivePOS, w.POS) && free(w) {
			return true
		}
	}
	for i, w := range ws {
		if w.End == c.start && slices.Contains(adjectivePOS, w.POS) && free(w) {
			return true // 绚丽液晶屏
		}
		if w.End == c.start && w.Text == "的" && i > 0 && slices.Contains(adjectivePOS, ws[i-1].POS) && free(ws[i-1]) {
			return true // 流畅的速度
		}
	}
	return false
}

// tagWords returns the sentence's part-of-speech tagged words (the caller's Words when
// tagged, else Sentence.Tag once), or none when neither is available.
func (d *Draft) tagWords() []segment.Word {
	if d.posWords == nil && len(d.s.Words) > 0 && d.s.Words[0].POS != "" {
		d.posWords = d.s.Words // the caller's words are tagged already
	}
	if d.posWords == nil {
		if d.s.Tag == nil {
			return nil
		}
		d.posWords = d.s.Tag(d.s.Text)
		if d.posWords == nil {
			d.posWords = []segment.Word{}
		}
	}
	return d.posWords
}

// bareVerdict reports whether a candidate is a bare model term sent to the aspect-polarity
// model without an opinion (BareVerdict).
func (d *Draft) bareVerdict(c *cand) bool {
	f := d.p.Faithful
	if !f.BareVerdict || c.end <= c.start || c.modelPol != "" || c.opEnd > c.opStart ||
		(c.source != SourceModel && c.source != SourceModelKG) {
		return false
	}
	return d.nextToAdjective(c)
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
		BareVerdict:            true,
		BareVerdictGap:         4,
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
