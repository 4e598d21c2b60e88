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
	// (还算新鲜的, 太甜了, 我的最爱啊); only punctuation is trimmed from it. Since session 10 also
	// the opinion of an implicit aspect (值得一去啊, 不会再来了; ASTE train carve triplet F1
	// +0.0021).
	KeepParticles bool
	// OpinionsPerTerm: each opinion the model ties to one term is a mention of its own
	// (八珍豆腐: 我的最爱啊 / 量大 / 实惠 / 味道好), where the opinions do not overlap; before,
	// the term's first opinion stood for all of them. A further opinion counts only where no
	// nearer model term holds it (送餐太慢，量也小: 也小 is 量's, not 送餐's; NearestHolder)
	// and, under FurtherNeedsLexicon and FurtherDropsNeutral (session 9's rule, off since
	// session 10), where it holds a lexicon opinion (量大, 实惠; not 传感器, 4 32G) and its
	// polarity is not neutral.
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
	// BareVerdictAnyMinProb: a bare model term with no evaluating word beside it (so not a
	// BareVerdict term) is asked of the aspect-polarity model too when BareVerdictAnyMinProb
	// > 0, the aspect model's own score for the term is at least BareVerdictAnyMinScore and
	// every jieba word of the term is a common noun (n, vn, nz: not a name, a place, an
	// emoticon word; BareVerdictAnyNouns); a non-neutral verdict of at least
	// BareVerdictAnyMinProb makes it a mention with that polarity (大马力, 苗条身材, 全新的底盘).
	// Below it the term stays neutral and DropBare drops it. 0: off, the default: no setting
	// met the session-10 ship rule (APC DEV open +1.5 points with hand DEV, car val, ASTE
	// carve guards; bench/results/notes/apcopen-s10-shiprule.md). DEV (APC DEV open of
	// 1,293 / ASTE carve triplet F1 / hand DEV F1 / hand DEV polarity), main 775 / 0.3192 /
	// 0.6862 / 0.8732: nouns 0.9 → 790 / 0.3093 / 0.6769 / 0.8746; nouns 0.95 → 785 / 0.3125
	// / 0.6822 / 0.8732; any POS 0.9 → 806 / 0.3041 / 0.6781 / 0.8750; nouns, Alone 0.8 →
	// 787 / 0.3179 / 0.6808 / 0.8706; nouns, Alone 0.8, sentence 0.5, with
	// Policy.ModelTermVerdictMinProb 0.9 → 787 / 0.3195 / 0.6835 / 0.8732 (guards hold, +12
	// items, short of +20). The polarity model, trained on APC where every term is
	// evaluated, calls most nouns positive in a positive sentence.
	BareVerdictAnyMinProb  float64
	BareVerdictAnyMinScore float64
	BareVerdictAnyNouns    bool
	// BareVerdictAnyAlone: only where every candidate of the sentence is such a bare model
	// term (the sentence evaluates nothing else: 大马力, 骏捷还采用了全新的底盘).
	BareVerdictAnyAlone bool
	// BareVerdictAnySentence > 0: the verdict stands only when the sentence's sentiment has
	// the same polarity with at least this probability.
	BareVerdictAnySentence float64
	// NearestHolder: the aspect model ties one opinion span to several terms (it pairs every
	// term with every opinion it finds: 茄夹个头都蛮大，馅也足，…，虾饺皇虾仁很大 gives 虾饺皇 /
	// 馅也足 as well as 茄夹 / 馅也足). Such an opinion belongs to the term nearest to it (the
	// nearest before it; one after it only when none is before: holderDist): a triplet whose
	// opinion another term holds nearer is left out when its term has a triplet of its own that
	// is not so (虾饺皇 keeps 虾仁很大), and a further opinion of a term (OpinionsPerTerm) is
	// refused only when a nearer term holds it, not any other. A term whose every opinion is
	// held nearer by another keeps them (香酥羊排，馕包肉，大盘鸡就都不用说的比较正宗: a list
	// shares one opinion). On the ASTE train carve (953 sentences) the model's triplets this
	// leaves out were right 5 of 143 times; those whose term has no other opinion, kept, 46 of
	// 156; the rest 592 of 1,345. A triplet whose opinion lies inside its own term (洗 / 洗)
	// holds nothing (holds). DEV, session 9's rules otherwise: carve triplet F1 0.2970 →
	// 0.3072, APC DEV open 780 → 778 of 1,293, hand DEV polarity 0.8566 → 0.8560 (221/258 →
	// 220/257), hand DEV F1 and car val unchanged.
	NearestHolder bool
	// FurtherNeedsLexicon and FurtherDropsNeutral: a further opinion of a term
	// (OpinionsPerTerm) counts only where it holds a lexicon opinion, and its mention is kept
	// only when its polarity is not neutral. Both default false since session 10: the model's
	// further opinions the lexicon cannot read (味道还成, 馅也足, 里面好多东西) and those it reads
	// neutral (味道比较中庸) are right about as often as its first ones once NearestHolder has
	// taken out the opinions another term holds nearer. Both off, with FurtherNeedsWord (DEV,
	// after NearestHolder): ASTE train carve triplet F1 0.3072 → 0.3257, hand DEV (indicator,
	// point) F1 0.6135 both, per-mention polarity 0.8560 → 0.8533 (220/257 → 221/259), APC DEV
	// open 778 both, car val mentions 0.5166 → 0.5163, indicators 0.6426 both.
	FurtherNeedsLexicon bool
	FurtherDropsNeutral bool
	// FurtherNeedsWord: a further opinion counts only where it holds a lexicon opinion or a
	// word that is no noun, number, quantifier or foreign word to jieba (evaluates: 馅也足,
	// 味道还成, 里面好多东西; not 传感器, 4 32G, nor 有点油: jieba tags 有点 a noun). Carve
	// triplet F1 0.3312 without it, 0.3307 with it (13 fewer predictions, 3 of them right).
	FurtherNeedsWord bool
	// LexiconOverNeutralModel: where the aspect model reads its own opinion neutral and the
	// lexicon reads it positive or negative (一般, 很一般, 一般般), the lexicon's polarity wins.
	// Default true (as before). Off was measured in session 10 (DEV, after the rules above):
	// ASTE train carve triplet F1 0.3257 → 0.3307 (the ASTE labels call 很一般 neutral), car
	// val mentions 0.5163 → 0.5160, hand DEV, APC DEV open and car val indicators unchanged;
	// not kept: on the 2,000 golden reviews it turns 15 pains of 一般 / 很一般 / 一般般 (味道很一般,
	// 包装很一般, 菜品很一般哦) into neutral mentions with no point, and the DEV read-through
	// judges 太一般了 a right pain. Letting the model's polarity stand against the lexicon's
	// always was tried too (before FurtherNeedsWord and the implicit span fixes): carve 0.3271
	// → 0.3312 but APC DEV open 779 → 772 of 1,293; not kept.
	LexiconOverNeutralModel bool
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

// evaluates reports whether the opinion [s, e) can evaluate something (FurtherNeedsWord):
// it holds a lexicon opinion, or a word jieba tags as something other than a noun, a number,
// a quantifier or a foreign word (传感器, 4 32G evaluate nothing; 馅也足, 味道还成, 里面好多东西
// may). Without a tagger: the lexicon alone.
func (d *Draft) evaluates(s, e int) bool {
	if len(d.exprs(s, e)) > 0 {
		return true
	}
	for _, w := range d.tagWords() {
		if w.Start >= s && w.End <= e && strings.TrimSpace(w.Text) != "" &&
			!strings.HasPrefix(w.POS, "n") && w.POS != "m" && w.POS != "q" && w.POS != "eng" {
			return true
		}
	}
	return false
}

// bareVerdict reports whether a candidate is a bare model term sent to the aspect-polarity
// model without an opinion (BareVerdict).
func (d *Draft) bareVerdict(c *cand) bool {
	if !d.p.Faithful.BareVerdict || !c.bareModel() {
		return false
	}
	return d.nextToAdjective(c) || d.bareAny(c)
}

// bareModel reports whether a candidate is a model term (model or model+kg) with neither an
// opinion nor a polarity of its own (BareVerdict, BareVerdictAny*).
func (c *cand) bareModel() bool {
	return c.end > c.start && c.modelPol == "" && c.opEnd <= c.opStart &&
		(c.source == SourceModel || c.source == SourceModelKG)
}

// bareAny reports whether a bare model term with no evaluating word beside it is asked of
// the aspect-polarity model all the same (BareVerdictAnyMinProb).
func (d *Draft) bareAny(c *cand) bool {
	f := d.p.Faithful
	if f.BareVerdictAnyMinProb <= 0 || c.modelConf < f.BareVerdictAnyMinScore || d.tagged(c.start) || d.tagged(c.end-1) {
		return false
	}
	if f.BareVerdictAnyAlone {
		for i := range d.cands {
			o := &d.cands[i]
			if o != c && !o.bareModel() {
				return false
			}
		}
	}
	if !f.BareVerdictAnyNouns {
		return true
	}
	ws := d.tagWords()
	if len(ws) == 0 {
		return false
	}
	n := 0
	for _, w := range ws {
		if w.End <= c.start || w.Start >= c.end {
			continue
		}
		if w.Start < c.start || w.End > c.end || !slices.Contains(nounPOS, w.POS) {
			return false // a word across the term's edge, or not a common noun
		}
		n++
	}
	return n > 0
}

// nounPOS are jieba's tags of common nouns (BareVerdictAnyNouns).
var nounPOS = []string{"n", "vn", "nz", "ng"}

// bareAnyRefused reports whether the verdict pol (probability conf) on a bare model term
// that only bareAny sent to the aspect-polarity model is refused: below
// BareVerdictAnyMinProb, or (BareVerdictAnySentence > 0) not the sentence's own polarity at
// that probability or more.
func (d *Draft) bareAnyRefused(c *cand, pol string, conf float64) bool {
	f := d.p.Faithful
	if f.BareVerdictAnyMinProb <= 0 || !c.bareModel() || d.nextToAdjective(c) {
		return false
	}
	if conf < f.BareVerdictAnyMinProb {
		return true
	}
	return f.BareVerdictAnySentence > 0 && (NormPolarity(d.s.Sentiment) != pol || d.s.SentimentScore < f.BareVerdictAnySentence)
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
		NoWidenIntoOpinion:      true,
		KeepParticles:           true,
		OpinionsPerTerm:         true,
		EvaluatingOpinionFirst:  true,
		BareVerdict:             true,
		BareVerdictGap:          4,
		NearestHolder:           true,
		FurtherNeedsLexicon:     false,
		FurtherDropsNeutral:     false,
		FurtherNeedsWord:        true,
		LexiconOverNeutralModel: true,
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
// term span holding another opinion (OpinionsPerTerm). A further opinion must be held by no
// nearer model term (NearestHolder; by no other model term without it) and, with
// FurtherNeedsLexicon, hold a lexicon opinion; with FurtherDropsNeutral its mention is kept
// only when its polarity is not neutral (Draft.Mentions).
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
	if d.p.Faithful.FurtherNeedsLexicon && len(d.exprs(c.opStart, c.opEnd)) == 0 {
		return false, true
	}
	if d.p.Faithful.FurtherNeedsWord && !d.evaluates(c.opStart, c.opEnd) {
		return false, true
	}
	for _, u := range d.s.Triplets {
		if u.Term == "" || (u.Start == t.Start && u.End == t.End) {
			continue
		}
		if u.OpinionEnd > u.OpinionStart && overlaps(u.OpinionStart, u.OpinionEnd, c.opStart, c.opEnd) {
			if d.p.Faithful.NearestHolder && holderDist(u.Start, u.End, u.OpinionStart, u.OpinionEnd) >= holderDist(t.Start, t.End, t.OpinionStart, t.OpinionEnd) {
				continue // this term is the nearer holder (NearestHolder)
			}
			return false, true
		}
	}
	return true, true
}

// holderDist is how far a term [ts, te) stands from an opinion [os, oe) it holds
// (NearestHolder): the characters between them when the term comes first (0 when they touch
// or overlap), farFollow more when the opinion comes first.
func holderDist(ts, te, os, oe int) int {
	const farFollow = 1000
	switch {
	case te <= os:
		return os - te
	case oe <= ts:
		return farFollow + ts - oe
	}
	return 0
}

// holds reports whether a model triplet ties its term to an opinion outside it
// (NearestHolder): one whose opinion lies inside its own term (洗 / 洗, 处理 / 处理: the model
// pairs a term with itself) holds nothing.
func holds(t Mention) bool {
	return t.Term != "" && t.OpinionEnd > t.OpinionStart && !(t.Start <= t.OpinionStart && t.OpinionEnd <= t.End)
}

// farTriplets marks the model triplets left out by NearestHolder: a triplet whose opinion
// span another term's triplet holds nearer, when its own term has a triplet that is not so.
func (d *Draft) farTriplets() []bool {
	ts := d.s.Triplets
	if !d.p.Faithful.NearestHolder || len(ts) < 2 {
		return nil
	}
	far := make([]bool, len(ts))
	for i, t := range ts {
		if !holds(t) {
			continue
		}
		dt := holderDist(t.Start, t.End, t.OpinionStart, t.OpinionEnd)
		for _, u := range ts {
			if holds(u) && (u.Start != t.Start || u.End != t.End) && u.OpinionStart == t.OpinionStart && u.OpinionEnd == t.OpinionEnd &&
				holderDist(u.Start, u.End, u.OpinionStart, u.OpinionEnd) < dt {
				far[i] = true
				break
			}
		}
	}
	if !slices.Contains(far, true) {
		return nil
	}
	marked := slices.Clone(far)
	for i, t := range ts { // a term whose every opinion is held nearer keeps them
		if !marked[i] {
			continue
		}
		own := false
		for j, u := range ts {
			if j != i && !marked[j] && u.Start == t.Start && u.End == t.End && holds(u) {
				own = true
				break
			}
		}
		if !own {
			far[i] = false
		}
	}
	return far
}
