package mention

import (
	"strings"
)

// Negation and comparison scope: the polarity of the opinion in a mention's own clause,
// read with the negation that governs it and the comparison it sits in. The lexicon
// (lexicon.go) already flips an opinion word within ModifierReach characters of a negation
// (不是很好, 不太好); this rule adds, per mention:
//
//   - Long scope: an existential or emphatic negator (没有, 没, 并没有, 并不, 毫无, 从未 …,
//     scopeNegators) governs the clause's next opinion word up to NegationPolicy.ScopeReach
//     characters away, when nothing in between ends its scope (scopeBreakers: 就, 才, 这么,
//     比 …; another lexicon word; a term: 没有番茄酱和餐巾纸烦死了) and it is no fixed phrase
//     (notNegating: 没想到, 没得说 …): 并没有给我带来任何惊喜 → negative. A clause that
//     challenges a negation (rhetorical: 你敢说京东没假货) is left alone.
//   - Read whole: the mention's opinion span (the aspect model's, or the one the policy
//     found) is read as the whole lexicon expression it lies in, negation included: an
//     opinion span 毫无 in 屏幕毫无特色 reads 毫无特色 (negative); 没有 in 质量没有问题
//     reads 没有问题 (positive). A term that is itself a negative opinion word under a
//     negation within ModifierReach reads negated: 没有色差, 也没有异响 → positive (a term that
//     is a positive word, 动力, 风格, 优惠, is left alone: 不失动力, 完全不是一个风格).
//   - Comparison: the term before a worse-than cue (不如, 还不如, 比不上, 逊色, 差很多,
//     worseCues) is negative (这家的味道还不如楼下, 续航比上一代差很多); 不比…差 is positive.
//     A term after the cue is what it is compared with, and gets no verdict from it.
//   - A negation the lexicon found that negates nothing — its negator inside another jieba
//     word (无 in 无线, 无数), a breaker between (没几天就坏了), a fixed phrase (没见过这么差),
//     a question (有没有划痕, 要不要) — is undone: the opinion word reads as it is.
//
// "不X不Y" double negatives beyond the lexicon's own parity (不是不好: two negations within
// reach cancel) are not read: the DEV sets hold no case (0 of 348 hand DEV sentences, 0
// of 1,293 APC validation items hold 不得不 / 不是不 / 不能不 / 不会不 / 没有不), and 不甜不新鲜
// (a negated word whose own word is a negation) is two negations side by side, read as
// 不新鲜 alone.
//
// What wins: the pack's direction on a magnitude word (油耗不高) wins, except over a
// comparison cue that holds the magnitude word (差很多: 多 is no "more" of 续航); the
// aspect-polarity model (polarity-zh) wins when it decided with at least
// NegationPolicy.ModelWins probability (it reads the marked aspect in its sentence and was
// trained with negated and comparative opinions); every other source — the aspect model's
// triplet polarity, the lexicon's nearest expression, the term's own words — yields to
// the rule, which reads the opinion's negation and comparison explicitly. The question,
// complaint, disappointment and value-for-money rules apply after it as before.

// NegationPolicy holds the thresholds of the negation-and-comparison scope rule
// (Policy.Negation).
type NegationPolicy struct {
	// Off turns the rule off (the lexicon's own negation within ModifierReach stays).
	Off bool
	// ScopeReach is how many characters may separate a scope negator (scopeNegators) from
	// the opinion word it governs (并没有|给我带来任何|惊喜: 6). Default 8.
	ScopeReach int
	// ModelWins: a verdict of the aspect-polarity model of at least this probability
	// stands against the rule. Default 0.5: the model stands whenever the policy used its
	// verdict (PolarityMinProb 0.7 for other terms, Named.MinProb 0.5 for named ones).
	// Chosen on DEV only (see DefaultNegationPolicy).
	ModelWins float64
	// Confidence is the confidence of a polarity the rule decides. Default 0.7.
	Confidence float64
	// OwnPraiseNegated: a term that is itself a praise word (推荐, 满意) with a plain
	// negation right before it — only negation and degree words between, no 是 — reads
	// negated (真心不推荐, 不太满意 → negative), as a term that is a fault word does (没有色差).
	// 不失动力 (a fixed phrase) and 完全不是一个风格 (不是 names, it does not negate) stay as
	// they are (plainlyNegated). polneg12, session 12. Default true.
	OwnPraiseNegated bool
	// TermSplitsChain: in the lexicon's chain of modifiers before an opinion word, a second
	// negation with a term between it and the chain's start starts a new chain: the first
	// negation is the term's (没有赠品), the second the opinion's (这一点不太好), not a double
	// negative (没有赠品这一点不太好 → 赠品 negative, not positive). polneg12, session 12.
	// Default true.
	TermSplitsChain bool
}

// plainlyNegated reports whether the lexicon expression x is its opinion word negated
// right before it: x is negated, the words between x's start and its opinion word are
// negation and degree words only, 是 is not among them, and the negation starts no fixed
// phrase (notNegating: 不失) and holds (negationHolds).
func (d *Draft) plainlyNegated(x opinionExpr) bool {
	if !x.negated || x.core.w <= 0 || x.start >= x.core.start {
		return false
	}
	gap := string(d.rs[x.start:x.core.start])
	if strings.Contains(gap, "是") || hasPrefixAny(string(d.rs[x.start:min(len(d.rs), x.start+8)]), notNegating) {
		return false
	}
	covered := x.start
	for _, h := range d.hits {
		if h.start >= x.start && h.end <= x.core.start && (h.kind == lexNegation || h.kind == lexDegree) && h.start <= covered {
			covered = max(covered, h.end)
		}
	}
	return covered >= x.core.start && d.negationHolds(x.start, x.core.start)
}

// DefaultNegationPolicy is Policy.Negation of DefaultPolicy(). Measured on DEV sets only
// (30 Nov 2026, 11:41-11:51 UTC, load 4-11 on 2 cores; polarity-zh on), main at c33169e
// without the rule → with it:
//
//	hand DEV (bench/testdata/handchecked_dev.jsonl) (indicator, point) F1 0.6069 → 0.6098,
//	  record-level indicators 0.6151 → 0.6180, per-mention polarity 0.8750 → 0.8792
//	  (210 → 211 of 240), nothing-expected quiet 111 → 110 of 128 (电话没信号 in an airline
//	  complaint is now a 信号 pain)
//	APC validation buckets 15-24 (1,293): open 0.5391 → 0.5414, named 0.8840 → 0.8848
//	ASTE validation carve of train (953): triplet F1 0.2789 → 0.2799, (aspect, polarity) F1
//	  0.5248 → 0.5270
//	car val part (692): mentions micro-F1 0.5068 → 0.5082, one polarity per subject 0.4965
//	  → 0.4965, indicators 0.6224 → 0.6224
//
// ModelWins (an earlier version of the rule): 0.7 / 0.9 / 1.01 (the rule always wins) gave
// APC open 0.5483 / 0.5483 / 0.5491 and named 0.8848 / 0.8840 / 0.8832, the other sets
// equal at all three; with the final rule 0.5 against 0.7 APC named 0.8855 against 0.8832
// (the named spans the model decided at 0.5-0.7 are whole opinion phrases, 不太方便, that
// APC labels neutral), open mode equal by construction (the model decides only at ≥ 0.7).
func DefaultNegationPolicy() NegationPolicy {
	return NegationPolicy{
		ScopeReach:       8,
		ModelWins:        0.5,
		Confidence:       0.7,
		OwnPraiseNegated: true,
		TermSplitsChain:  true,
	}
}

// scopeNegators reach past ModifierReach to the clause's next opinion word, longest first.
// Plain 不 and 无 are not among them: their long reach is mostly no negation of the
// opinion (不知道为什么这么好用, 无论如何都很好).
var scopeNegators = []string{
	"从来没有", "根本没有", "并没有", "从没有", "一点也不", "一点都不", "并没", "根本没", "从没", "从未", "并未", "并无",
	"毫无", "毫不", "并不", "并非", "没有", "不像", "没",
}

// scopeBreakers end a negator's long scope: what follows them is no longer negated (没多久就
// 坏了, 没见过这么好的, 没有比这更好的).
var scopeBreakers = []string{
	"就", "才", "又", "却", "但", "而且", "还", "都", "也", "的话", "以后", "之后", "时候", "这么", "如此", "这样", "比",
	"。", "，", "！", "？",
}

// notNegating are fixed phrases starting with a negator that negate no opinion after them.
var notNegating = []string{
	"没想到", "没想过", "想不到", "没料到", "没见过", "没有之一", "没得说", "没的说", "没话说", "没毛病", "没的挑", "没得挑",
	"没什么说的", "没什么可说", "毫无疑问", "不像话", "没办法", "没法", "不会是", "该不会", "不会吧", "不失",
}

// worseCues make the term before them the worse side of a comparison.
var worseCues = []string{
	"还不如", "不如", "比不上", "比不过", "赶不上", "不及", "逊色", "差很多", "差了很多", "差太多", "差了太多", "差不少", "差了不少",
	"差一截", "差了一截", "差得多", "差得远", "差远了", "差一些", "差了一些", "差了点", "差了好多", "差好多",
}

// notWorse are phrases holding a worse cue that compare nothing (不如说: rather; 迫不及待:
// eager; 来不及: too late).
var notWorse = []string{"不如说", "倒不如说", "迫不及待", "来不及", "措手不及", "不及时", "不如意"}

// notWorseThan (不比 … 差) makes the term before it at least as good.
var notWorseThan = []string{"不比", "并不比", "一点不比", "一点也不比", "丝毫不比"}

// notWorseEnds end a 不比 comparison (不比原装的差).
var notWorseEnds = []string{"差", "逊色", "弱", "低"}

// rhetorical make a clause's negation a challenge (你敢说京东没假货, 谁说不好): the rule
// leaves such a clause alone.
var rhetorical = []string{"敢说", "谁说", "难道", "岂不", "何尝不"}

// comparedWith end right before the term a comparison holds up as the standard.
var comparedWith = []string{"比", "不如", "比不上", "不及", "比起", "相比"}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// negVerdict is the rule's reading of one mention's opinion.
type negVerdict struct {
	pol        string
	start, end int  // the words it read: the negated expression or the comparison cue
	compare    bool // a comparison cue, not a negation
}

// scoped reads the opinion of candidate c in its clause [cs, ce) (opinion span [os, oe),
// empty when none) with its negation scope and comparison. ok is false when neither
// applies: the rule then leaves the mention alone.
func (d *Draft) scoped(c *cand, cs, ce, os, oe int) (negVerdict, bool) {
	if d.p.Negation.Off {
		return negVerdict{}, false
	}
	if v, ok := d.comparison(c, cs, ce); ok {
		return v, true
	}
	if containsAny(string(d.rs[cs:ce]), rhetorical) {
		return negVerdict{}, false // 你敢说京东没假货: the negation is challenged, not asserted
	}
	if c.end > c.start && hasSuffixAny(string(d.rs[max(cs, c.start-3):c.start]), comparedWith) {
		return negVerdict{}, false // the compared-with side (外观手感不比苹果差: 苹果)
	}
	all := d.exprs(cs, ce)
	xs := d.freeExprs(all, c)
	ts, te := c.start, c.end
	var x *opinionExpr
	for i := range all { // the expression the opinion span lies in, whatever its word (没有延误)
		if oe > os && all[i].start < oe && os < all[i].end && (all[i].core.start >= te || all[i].core.end <= ts) {
			x = &all[i]
			break
		}
	}
	own := false
	if x == nil && te > ts {
		for i := range xs { // the term is itself a negative opinion word (没有色差, 没有异响)
			if xs[i].core.start < te && ts < xs[i].core.end && (xs[i].core.w < 0 || d.p.Negation.OwnPraiseNegated && d.plainlyNegated(xs[i])) {
				x, own = &xs[i], true
				break
			}
		}
	}
	if x == nil {
		return negVerdict{}, false
	}
	score := x.score
	start := x.start
	switch {
	case x.negated:
		if !d.negationHolds(x.start, x.core.start) || startsWithNegator(string(d.rs[x.core.start:x.core.end])) {
			// (不甜不新鲜: two negations side by side, no double negative.)
			// 无线很好: 无 is no negation; 没几天就坏了: 就 ends its scope; 没见过这么差的: a
			// fixed phrase. The opinion word reads as it is.
			score, start = x.core.w, x.core.start
		}
	case startsWithNegator(string(d.rs[x.core.start:x.core.end])):
		// A negated opinion word of its own (没问题, 没有问题): read whole.
	case own:
		return negVerdict{}, false // a term's own word: only a negation within reach (没人说…动力)
	default:
		ns, ok := d.scopeNegator(cs, x.start)
		if !ok {
			return negVerdict{}, false
		}
		score, start = -score*0.8, ns
	}
	pol, _ := lexiconLabel(score, d.p.LexiconThreshold)
	if pol == Neutral {
		return negVerdict{}, false
	}
	return negVerdict{pol: pol, start: start, end: x.end}, true
}

// negationHolds reports whether the lexicon's negation nearest the opinion word at
// coreStart (in [s, coreStart)) negates it: the jieba word it starts ends with it or runs
// into the opinion word (不 | 好, 不差, 没有 | 问题; not 无 in 无线), it starts no fixed
// phrase (notNegating: 没想到, 没见过), it is no A-not-A or 有无 question, and nothing between it and the opinion word ends its scope (scopeBreakers: 没几天就坏了;
// an opinion-capable word before a term: 不怎么好物流太慢了). A term between does not end it
// (完全没包装好, 没有在店里好吃).
func (d *Draft) negationHolds(s, coreStart int) bool {
	var last *lexHit
	for i := range d.hits {
		h := &d.hits[i]
		if h.kind == lexNegation && h.start >= s && h.end <= coreStart {
			last = h
		}
	}
	if last == nil {
		return false
	}
	we := last.start + 1 // the end of the jieba word the negator starts
	for we < len(d.rs) && !d.bound[we] {
		we++
	}
	if we > last.end && we < coreStart {
		return false // the negator is part of another word (无线)
	}
	if hasPrefixAny(string(d.rs[last.start:min(len(d.rs), last.start+8)]), notNegating) {
		return false
	}
	if last.start > 0 && (d.rs[last.start-1] == '有' || (last.end < len(d.rs) && d.rs[last.start-1] == d.rs[last.end])) {
		return false // a question: 有没有划痕, 有无漏油, 要不要优惠
	}
	for _, h := range d.hits {
		if h.start >= last.end && h.end <= coreStart && h.opinion != 0 && d.termIn(h.end, coreStart, d.holding(coreStart)) {
			return false // 不怎么好|物流太慢了: the negation took 好, before the term; 慢 is not negated
		}
	}
	return !containsAny(string(d.rs[last.end:coreStart]), scopeBreakers)
}

// holding returns the term candidate that holds position i (色差 holds its 差), nil if none.
func (d *Draft) holding(i int) *cand {
	for k := range d.cands {
		if o := &d.cands[k]; o.start <= i && i < o.end {
			return o
		}
	}
	return nil
}

// termIn reports whether a term candidate other than self overlaps [s, e).
func (d *Draft) termIn(s, e int, self *cand) bool {
	for i := range d.cands {
		o := &d.cands[i]
		if o != self && o.end > o.start && o.start < e && s < o.end {
			return true
		}
	}
	return false
}

// scopeNegator finds a scope negator governing an opinion expression starting at xs: the
// nearest one before it in the clause, at most ScopeReach characters away, with no
// breaker, no other lexicon word and no term between. It returns the negator's start.
func (d *Draft) scopeNegator(cs, xs int) (int, bool) {
	from := max(cs, xs-d.p.Negation.ScopeReach-4) // 4: the longest negator
	text := string(d.rs[from:xs])
	rs := []rune(text)
	for i := len(rs) - 1; i >= 0; i-- {
		for _, n := range scopeNegators {
			nr := []rune(n)
			if i+len(nr) > len(rs) || string(rs[i:i+len(nr)]) != n {
				continue
			}
			ns, ne := from+i, from+i+len(nr)
			for _, m := range scopeNegators { // the longest negator ending there (并没有, not 没有)
				if mr := []rune(m); len(mr) > ne-ns && ne-len(mr) >= from && string(d.rs[ne-len(mr):ne]) == m {
					ns = ne - len(mr)
				}
			}
			if xs-ne > d.p.Negation.ScopeReach || (ns < len(d.bound) && !d.bound[ns]) {
				return 0, false
			}
			if hasPrefixAny(string(d.rs[ns:min(len(d.rs), ns+8)]), notNegating) {
				return 0, false
			}
			gap := string(d.rs[ne:xs])
			if containsAny(gap, scopeBreakers) || d.termIn(ne, xs, nil) {
				return 0, false // 没有番茄酱和餐巾纸烦死了: 没有 is 番茄酱's, not 烦死's
			}
			for _, h := range d.hits {
				if h.start >= ne && h.end <= xs && h.kind != lexDegree {
					return 0, false // another opinion, negation or blocker between
				}
			}
			return ns, true
		}
		// Only the nearest negator counts; a breaker before reaching one ends the search.
		if containsAny(string(rs[i:]), scopeBreakers) {
			return 0, false
		}
	}
	return 0, false
}

// comparison reads a worse-than cue after the term in its clause (这家的味道还不如楼下的,
// 续航比上一代差很多 → negative; 音质不比原装的差 → positive). The term must come before the
// cue, with no other term candidate between them.
func (d *Draft) comparison(c *cand, cs, ce int) (negVerdict, bool) {
	te := c.end
	if c.end <= c.start {
		te = c.opStart
	}
	if te < cs || te > ce {
		return negVerdict{}, false
	}
	tail := string(d.rs[te:ce])
	if strings.TrimSpace(tail) == "" {
		return negVerdict{}, false
	}
	other := func(s int) bool { // another term between the term and the cue, not the compared one (比上一代)
		for i := range d.cands {
			o := &d.cands[i]
			if o != c && o.end > o.start && o.start >= te && o.start < s && !strings.Contains(string(d.rs[te:o.start]), "比") {
				return true
			}
		}
		return false
	}
	tr := []rune(tail)
	skip := 0
	for i := range tr {
		rest := string(tr[i:])
		if n, ok := prefixOf(rest, notWorseThan); ok {
			for j := i + len([]rune(n)); j < len(tr) && j-i <= 12; j++ {
				if _, end := prefixOf(string(tr[j:]), notWorseEnds); end {
					if other(te + i) {
						return negVerdict{}, false
					}
					return negVerdict{pol: Positive, start: te + i, end: te + j + 1, compare: true}, true
				}
			}
			return negVerdict{}, false
		}
		if n, ok := prefixOf(rest, append(notWorse, "差一点", "差点", "差不多")); ok {
			skip = i + len([]rune(n))
		}
		if i < skip {
			continue
		}
		if n, ok := prefixOf(rest, worseCues); ok {
			if other(te+i) || (i > 0 && strings.ContainsRune("不没", tr[i-1]) && !strings.HasPrefix(n, "不")) {
				return negVerdict{}, false
			}
			return negVerdict{pol: Negative, start: te + i, end: te + i + len([]rune(n)), compare: true}, true
		}
	}
	return negVerdict{}, false
}

// opinion is the opinion span a verdict gives a mention whose opinion was [os, oe) (has:
// it had one): the union when they overlap, else the verdict's words.
func (v negVerdict) opinion(os, oe int, has bool) (int, int) {
	if has && os < v.end && v.start < oe {
		return min(os, v.start), max(oe, v.end)
	}
	return v.start, v.end
}

// wins decides between the rule's verdict and the polarity decided before it: the pack's
// direction (byDirection, its magnitude word at [ms, me)) and a confident aspect-polarity
// verdict (modelProb, 0 when the model did not decide) stand; everything else yields.
func (np *NegationPolicy) wins(v negVerdict, byDirection bool, ms, me int, modelProb float64) bool {
	if byDirection {
		return v.compare && v.start <= ms && me <= v.end
	}
	return modelProb == 0 || modelProb < np.ModelWins
}

func hasPrefixAny(s string, words []string) bool {
	_, ok := prefixOf(s, words)
	return ok
}

// prefixOf returns the longest of words s starts with.
func prefixOf(s string, words []string) (string, bool) {
	best, ok := "", false
	for _, w := range words {
		if strings.HasPrefix(s, w) && len(w) > len(best) {
			best, ok = w, true
		}
	}
	return best, ok
}
