package mention

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/kg"
)

// Spurious mentions: rules that keep the policy from emitting a mention where the text holds
// none of its own: an opinion the aspect model tied across a clause to the wrong term
// (速度快，包装好: 包装 快), a word the model took for an aspect that jieba tags as an adverb,
// pronoun or number (暂时, 真是, 为什么), a number taken for an opinion (十二星座), and the
// same evaluation repeated in one record (a title repeated in the body). Found on DEV only:
// the DEV read-through bench/results/raw/spur-s10-dev-mentions.md (readdev-sample.jsonl) and
// the hand-checked DEV set; numbers in bench/results/pipeline-accuracy.md ("spur, session 10").

// SpuriousPolicy holds those rules (Policy.Spurious). Each is on by default except the four
// opt-in rules of session 12 (InnerTermOpinion, RepeatedTerm, OpinionWordTerm,
// FunctionOpinion), whose DEV costs are given with them, and session 16's
// HeadlineIndustries (Policy.Spur16Rules).
//
// Session 12 (helper spur12; bench/results/pipeline-accuracy.md, "spur12, session 12"):
// against the same build with all of them off, the six default-on rules together give the
// DEV read-through readdev3 (bench/results/raw/readdev3-sample.jsonl) 68 fully right of 118
// mentions (57.6 %) instead of 68 of 130 (52.3 %), hand DEV (indicator, point) F1 0.7082
// unchanged, car val mentions 0.5235 -> 0.5231, ASTE carve triplet 0.3188 -> 0.3209, APC DEV
// open 777 -> 774 of 1,293 (all three from AskNoMention; turned off alone it gives back
// APC 777 and car 0.5246).
type SpuriousPolicy struct {
	// OwnClauseOpinion: a model opinion that lies wholly in another clause than its term,
	// in a clause that names a term of its own, is that term's opinion, not this one's,
	// when the term's own clause evaluates something itself (不但价格实惠，质量也很好: 价格实惠
	// is no opinion of 质量; 散热也做得不错，VISTA界面很漂亮: 做得不错 is no opinion of
	// VISTA界面). Where the model gives the term another opinion the candidate is dropped;
	// otherwise it reads its own clause as a graph term does. A term alone in its clause
	// keeps it (港式丝袜奶茶，味道浓郁: the ASTE sets pair them; dropping those too cost the
	// ASTE train carve 1.6 points of triplet F1).
	OwnClauseOpinion bool
	// FunctionWordTerms: a model term no graph term covers that is one jieba word tagged as
	// an adverb, pronoun, conjunction, particle, interjection, numeral or measure word
	// (nonAspectPOS: 暂时/d, 真是/d, 定时/d, 为什么/r) is no aspect. (jieba's nr, a person's
	// name, was tried: it tags 盖子 and 荣誉 nr too.) Needs
	// Sentence.Tag (or tagged Words); without them the rule does nothing.
	FunctionWordTerms bool
	// NumberOpinion: a model triplet whose opinion is only a number or a quantity (digits,
	// Chinese numerals, unit letters, 约 / 多 / 元 …: 十二星座现在状况: 星座 / 十二; 65292; DVD总容量约2G:
	// 总容量 / 约2G) is no mention: the model read a number as an evaluation (a graph term
	// inside the term is still found on its own).
	NumberOpinion bool
	// RepeatedOpinion: in one record a mention with the same term (or the same implicit
	// aspect), polarity, point and indicator as an earlier one, whose opinion holds the
	// earlier opinion or is held by it (质量 好使用放心 … 质量 好; 不错很满意 … 不错很满意不错很满意),
	// is that mention repeated (MergeRecord).
	RepeatedOpinion bool
	// JoinAdjacent: two term mentions written together that share one opinion span are one
	// mention of the whole phrase, placed by its head, the second (joinAdjacent).
	JoinAdjacent bool
	// UnplacedAsk: DropBare keeps a bare term in an asking clause as the contact reason only
	// when the graph places it; a model term with no place, no opinion and no point names no
	// reason anyone counts (未了情？; 机子倒没什么, where 什么 made the clause "ask"; 吗 in chats).
	UnplacedAsk bool
	// NoOpinionWords: a model opinion that asks (an A-not-A question: 喝不喝好) is no
	// opinion: the candidate reads its own clause as a graph term does (and without one is
	// dropped as bare); an A-not-A clause is no orphan opinion of the clause before it either.
	// (An opinion of jieba nouns only with no lexicon word, 配置资料, was tried: jieba tags
	// 太小 and 大方 n, and the APC DEV buckets lost 7 of 1,293.)
	NoOpinionWords bool
	// HeadWordClass: a model term no graph term covers that jieba's tagger reads as one word
	// of a class that names no thing (headClassPOS: an adverb, adjective only, idiom,
	// pronoun, numeral, time or direction word; 稳定/a, 今天/t, 附近/f; and nonAspectPOS) is no
	// aspect (wordclass.go). It is dropped after every candidate has its opinion, as
	// notAspects are, so its opinion goes to no other term. A structural test from the word's
	// class, not a list of words; terms the pack knows, or that hold a pack term, are never
	// dropped by it. DEV (bench/results/pipeline-accuracy.md, "nounterm, session 11"): hand
	// DEV (indicator, point) F1 0.7068 → 0.7082, precision 0.6842 → 0.6868; car val
	// indicators 0.6622 unchanged; ASTE carve triplet F1 0.3196 → 0.3186; APC DEV open 0.6032
	// → 0.6009. Default true.
	HeadWordClass bool
	// AskNoMention: a question or a request is no evaluation. (With it, a plain question,
	// inquiry(): 是否, 多少, 怎么样 …, gives a magnitude word no direction either: 看看时间长了
	// 怎么样 says nothing of 时间.) A mention that is neutral with
	// no point in a clause that asks (asks: 吗/么 or ？ ending, an A-not-A, 什么, 怎么, 是否,
	// 能否, 请问, 请, 麻烦 …) is dropped, placed by the graph or not: the writer asks whether
	// the item has a feature or is genuine, or asks for something, and says nothing of it
	// (a graph-placed one was kept as the "contact reason" before session 12). A turn of a
	// conversation (Sentence.Conversational: a chat, a call) keeps them all: there the
	// question is why the customer came. A clause that asks but evaluates keeps its
	// mention: a complaint question (为什么声音那么小) or a disappointment is negative, a
	// rhetorical question (难道…吗, 不是…吗) says what it asks (rhetorical), and any mention
	// with a point (a wish's itch, an opinion the question rules did not neutralise) stays.
	// A rhetorical question is kept but its polarity is not guessed: the words it asks are
	// turned by the question (难道这也叫正品吗), and giving it the sentence's polarity made
	// pleasures of jokes on hand DEV (难道我是充话费送的？！ → 充值缴费 pleasure); it stays what
	// QuestionNeutral reads.
	AskNoMention bool
	// AttributiveOrphan: a clause whose opinion modifies a noun after it (很差的膜, 很好的一家店:
	// the opinion, 的, then a word) names its own topic, though no graph term: its opinion is
	// no orphan opinion of the clause before (…看不到整个屏幕 很差的膜: 很差 is the 膜's, not
	// the 屏幕's).
	AttributiveOrphan bool
	// PastProduct: a clause that speaks of the writer's previous item (pastProduct: 之前我用的,
	// 以前买的, 上一部 …) and compares nothing (no 比 / 不如 / 没有 / 相比) evaluates that
	// item, not this one: its mentions are dropped (因为之前我用的手机功能和外形较好).
	PastProduct bool
	// Hypothetical: a term mention with no opinion of its own in a clause that states a
	// condition (的话: 好的话会推荐朋友来买) and wishes nothing (no itch) evaluates nothing yet:
	// it is dropped.
	Hypothetical bool
	// InnerTermOpinion: one opinion span yields one mention. A term mention whose opinion
	// holds another mention's term, with the two opinions overlapping (蓝牙耳机 / 质量很好
	// beside 质量 / 很好; 书的 / 印刷不好 beside 印刷 / 不好), is not that outer term's: the
	// opinion is about the term written right before it, inside it (the nearest term
	// before an opinion is its subject). The outer mention is dropped. Off by default: the
	// ASTE sets label the outer term (羊肉串 / 味道不错): turned on, ASTE carve triplet F1
	// 0.3209 -> 0.2993, APC DEV open 774 -> 767, hand DEV F1 0.7082 -> 0.7070 (DEV, session 12).
	InnerTermOpinion bool
	// RepeatedTerm: in one record, a term mention with the same term text, polarity, point
	// and indicator as an earlier one in another sentence is one evaluation emitted twice
	// (音质太差了！音质太差了！), whatever its opinion words: the earlier stays (mergeRepeated;
	// Record.SentenceStarts says where sentences start). Under RepeatedOpinion only one
	// opinion holding the other made them one. So is one whose indicator differs only in
	// that one of the two has none: the placed one stays. Needs RepeatedOpinion (it runs
	// there). Inside one sentence two opinions of one term stay two: the ASTE sets label
	// each (风干秋葵 非常脆 … 推荐); merging them there cost the ASTE train carve triplet F1
	// 0.3188 → 0.2991 on DEV (spur12, session 12), and the first kept was often the model's
	// stray opinion (成像质量 / 相机 before 成像质量 / 好). Off by default: across sentences
	// only, turned on, APC DEV open 774 -> 767 (the APC sets label each occurrence), the rest
	// unchanged (DEV, session 12).
	RepeatedTerm bool
	// FunctionOpinion: a model opinion whose words are all function words (nonAspectPOS:
	// adverbs, pronouns, particles …: 最, 有点, 我啊) evaluates nothing by itself: the
	// candidate reads its own clause as a graph term does (最要命的是音质太差了: 音质 / 最 →
	// 音质 / 太差了), and without an opinion there it is dropped as bare. Needs tagged words.
	// Off by default: turned on, APC DEV open 774 -> 771 and car val mentions 0.5231 -> 0.5208
	// (ASTE carve 0.3209 -> 0.3218) (DEV, session 12).
	FunctionOpinion bool
	// TermOpinionIndustries: in these industries (the draft's industry id) a model opinion
	// that holds a graph term of the pack and no lexicon opinion word outside that term names
	// another part, not an evaluation (轮胎 / 有胎压, 后备箱 / 备点机油, 配置 / 动力): the
	// candidate reads its own clause as a graph term does, and without an opinion there it
	// is dropped as bare (Policy.NoOpinionNeutralIndustries keeps it neutral). Default
	// [automotive] (auto15, session 15): car forum posts run parts together in one phrase.
	TermOpinionIndustries []string
	// ConjunctionEdgeIndustries: in these industries (the draft's industry id) a model term
	// that ends or starts with a conjunction (conjunctionEdges: 及, 和, 与 …) around a graph
	// term loses the conjunction (安全性及 → 安全性, 发动机和 → 发动机): the model cut a list
	// of parts in the wrong place, and the term then merges with the graph term's own
	// mention. Default [automotive] (auto15, session 15).
	ConjunctionEdgeIndustries []string
	// PurposeNoOpinion: a lexicon opinion word right after a purpose word (purposeWords: 为了,
	// 用来, 用于 …: 为了防止指纹印) names what a thing is for, not how good it is: it is no
	// opinion of the clause.
	PurposeNoOpinion bool
	// RestSubject: an opinion in another clause than its term, in a clause whose subject is
	// "the rest" (其他 / 其它 / 其余 / 别的 before the opinion: 手机边缘有点曲屏，其他都挺好的), is
	// the rest's opinion, by the clause's own words, never the term's: the term reads its
	// own clause as a graph term does.
	RestSubject bool
	// OpinionWordTerm: a model term no graph term covers, that the graph does not place, and
	// that is, whole, one opinion word of the lexicon that jieba does not tag a noun (售后到位:
	// 到位) names no aspect; it is dropped as HeadWordClass drops a word of a class that names
	// no thing (after every candidate has its opinion). A placed one stays (小巧 → 外观设计),
	// and so does a noun the lexicon also lists (效果). Off by default: the APC sets label
	// such words as aspects (通俗易懂, 出色): turned on, APC DEV open 774 -> 771, the rest
	// unchanged (DEV, session 12).
	OpinionWordTerm bool
	// HeadlineIndustries: in these industries (the draft's industry id) a post that opens
	// with a bracketed headline 【…】, after any #hashtags# (【温馨提示】受南方大雾影响…;
	// #景点介绍#【刘公岛灯塔】…), is a news item, a notice or an advertisement, not a
	// customer's voice, and yields no mention, as PromoCues (headline). Not ecommerce:
	// 【荐书】 opens real book reviews there. spur16, session 16; default none (Spur16Rules:
	// [telecom, banking, hotel_travel]).
	HeadlineIndustries []string
}

// DefaultSpuriousPolicy returns the rules on.
func DefaultSpuriousPolicy() SpuriousPolicy {
	return SpuriousPolicy{OwnClauseOpinion: true, FunctionWordTerms: true, NumberOpinion: true, RepeatedOpinion: true, JoinAdjacent: true, NoOpinionWords: true, UnplacedAsk: true, HeadWordClass: true,
		AskNoMention: true, RestSubject: true, PurposeNoOpinion: true, AttributiveOrphan: true, PastProduct: true, Hypothetical: true,
		TermOpinionIndustries: []string{"automotive"}, ConjunctionEdgeIndustries: []string{"automotive"}}
}

// Spur16Rules turns on spur16's rule of session 16 (off by default: the candidate met its
// tuning-set condition but missed the VAL gate, bench/results/notes/spur16-s16-shiprule.md;
// numbers in bench/results/pipeline-accuracy.md, "spur16, session 16"): HeadlineIndustries
// [telecom, banking, hotel_travel]. spur16's second rule, AngerIrony, was neg16's anger cue
// twice; it lives in polcues.go (PolarityCues.AngerMarks) with spur16's refinements.
func (p *Policy) Spur16Rules() {
	p.Spurious.HeadlineIndustries = []string{"telecom", "banking", "hotel_travel"}
}

// nonAspectPOS are jieba's tags of words that name no aspect (FunctionWordTerms): adverbs,
// pronouns, conjunctions, particles, interjections, onomatopoeia, numerals, measure words.
var nonAspectPOS = []string{"d", "r", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "e", "o", "m", "mq", "q"}

// otherClauseOpinion reports whether the opinion [os, oe) of the term [ts, te) lies wholly
// in another clause than the term, a clause that holds another term (a graph term of the
// sentence or another model triplet's term) (OwnClauseOpinion).
func (d *Draft) otherClauseOpinion(ts, te, os, oe int) bool {
	cs, ce, apart := d.opinionClauseApart(ts, te, os, oe)
	if !apart {
		return false
	}
	other := func(s, e int) bool {
		return e > s && !(s < te && ts < e) && cs <= s && e <= ce
	}
	inner := d.p.OpinionTerm.InnerSubject // opinionterm.go: 牛肉扮粉 … 味道也不错
	for _, m := range d.terms {
		if other(m.Start, m.End) && !(inner && d.innerSubject(ts, te, m.Start, m.End, os, oe)) {
			return true
		}
	}
	for _, t := range d.s.Triplets {
		if t.Term != "" && other(t.Start, t.End) && !(inner && !holds(t) && d.innerSubject(ts, te, t.Start, t.End, os, oe)) {
			return true
		}
	}
	return false
}

// ownClauseEvaluates reports whether the term [ts, te)'s own clause evaluates something of
// its own: a lexicon opinion outside the term, or a model opinion of the term inside the
// clause (OwnClauseOpinion). A term alone in its clause (港式丝袜奶茶，味道浓郁; a list of
// dishes before 推荐) is the topic the next clause speaks of, and keeps that opinion.
func (d *Draft) ownClauseEvaluates(ts, te int) bool {
	if d.termHasOwnClauseOpinion(ts, te) {
		return true
	}
	cs, ce := clauseAround(d.rs, ts, te)
	for _, x := range d.exprs(cs, ce) {
		if !(x.start < te && ts < x.end) {
			return true
		}
	}
	return false
}

// termHasOwnClauseOpinion reports whether the model tied the term [ts, te) to another
// opinion inside the term's own clause (OwnClauseOpinion).
func (d *Draft) termHasOwnClauseOpinion(ts, te int) bool {
	cs, ce := clauseAround(d.rs, ts, te)
	for _, t := range d.s.Triplets {
		if t.Term == "" || t.OpinionEnd <= t.OpinionStart || !(t.Start < te && ts < t.End) {
			continue
		}
		if cs <= t.OpinionStart && t.OpinionEnd <= ce {
			return true
		}
	}
	return false
}

// functionWord reports whether [s, e) is one jieba word whose tag is in nonAspectPOS
// (FunctionWordTerms).
func (d *Draft) functionWord(s, e int) bool {
	for _, w := range d.tagWords() {
		if w.Start == s && w.End == e {
			return slices.Contains(nonAspectPOS, w.POS)
		}
	}
	return false
}

// numberOpinion reports whether an opinion text is only digits, Chinese numerals and
// punctuation (NumberOpinion).
func numberOpinion(op string) bool {
	num := false
	for _, r := range op {
		switch {
		case r >= '0' && r <= '9' || strings.ContainsRune("零〇一二两三四五六七八九十百千万亿", r):
			num = true
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune(quantityWords, r) || isPunct(r) || r == ' ' || r == '.' || r == '+' || r == '%':
		default:
			return false
		}
	}
	return num
}

// quantityWords may stand with a number in a quantity that evaluates nothing (约2G, 几十元,
// 5000+米) (NumberOpinion).
const quantityWords = "约几多余左右个块元米斤寸克"

// repeatsOpinion reports whether two opinions of one term are one evaluation repeated: the
// one holds the other, punctuation aside (RepeatedOpinion).
func repeatsOpinion(a, b string) bool {
	a, b = strings.TrimFunc(a, isPunct), strings.TrimFunc(b, isPunct)
	if a == "" || b == "" {
		return a == b
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// mergeRepeated drops a mention that repeats an earlier one of the record (RepeatedOpinion):
// the same term (or implicit aspect), polarity, point and indicator, with an opinion that
// holds the earlier one's or is held by it; with sameTerm (RepeatedTerm) any opinion of the
// same term. The earlier stays, with the higher confidence.
func mergeRepeated(ms []Mention, sameTerm bool, starts []int) []Mention {
	sentence := func(at int) int { // index of the sentence holding offset at
		i, _ := slices.BinarySearch(starts, at+1)
		return i
	}
	out := ms[:0:0]
	for _, m := range ms {
		dup := -1
		if m.Source != SourceCategory && m.Source != SourceNamed {
			for i, o := range out {
				if o.Source == SourceCategory || o.Source == SourceNamed || o.Term != m.Term || o.Polarity != m.Polarity || o.Point != m.Point {
					continue
				}
				other := sameTerm && m.Term != "" && sentence(o.Start) != sentence(m.Start) // RepeatedTerm: another sentence
				if other && (o.KG == nil) != (m.KG == nil) {
					dup = i // RepeatedTerm: one of the two unplaced (钢化 挺好的 … 钢化 贴起来)
					break
				}
				if (o.KG == nil) != (m.KG == nil) || (o.KG != nil && (o.KG.Industry != m.KG.Industry || o.KG.Indicator != m.KG.Indicator)) {
					continue
				}
				if repeatsOpinion(o.Opinion, m.Opinion) || other {
					dup = i
					break
				}
			}
		}
		if dup >= 0 {
			if out[dup].KG == nil && m.KG != nil { // the placed one stays (RepeatedTerm)
				m.Confidence = max(out[dup].Confidence, m.Confidence)
				out[dup] = m
				continue
			}
			out[dup].Confidence = max(out[dup].Confidence, m.Confidence)
			continue
		}
		out = append(out, m)
	}
	return out
}

// joinAdjacent makes one mention of two term mentions written together that share one
// opinion span (带了手电筒功能，很实用: 手电筒 and 功能 both 很实用; 机器外观很不错): the first
// modifies the second, so the mention is the whole phrase, placed where the second, its
// head, is (its indicator, else the first's; the first's when only it is a graph term:
// 显示屏清晰度 is the screen's). A list word (都 / 均 / 也) right after the second term, or
// starting the shared opinion, keeps both: they are a list (质量服务都很好; as
// listJoinersAfter, a 都 farther on joins no list: 首保白桶机油发动机哗哗声我都受不了)
// (JoinAdjacent).
func joinAdjacent(text string, ms []Mention) []Mention {
	for {
		a, b := -1, -1
		for i, x := range ms {
			if x.Term == "" || x.OpinionEnd <= x.OpinionStart || x.Source == SourceNamed || x.Source == SourceCategory {
				continue
			}
			for j, y := range ms {
				if j == i || y.Term == "" || y.Start != x.End || y.Source == SourceNamed || y.Source == SourceCategory ||
					y.OpinionStart != x.OpinionStart || y.OpinionEnd != x.OpinionEnd {
					continue
				}
				if rs := []rune(text); y.End < len(rs) && strings.ContainsRune(listJoinersAfter, rs[y.End]) ||
					len(y.Opinion) > 0 && strings.ContainsRune(listJoinersAfter, []rune(y.Opinion)[0]) {
					continue // 质量服务都很好: a list
				}
				a, b = i, j
				break
			}
			if a >= 0 {
				break
			}
		}
		if a < 0 {
			return ms
		}
		x, y := ms[a], ms[b]
		y.Start, y.Term = x.Start, x.Term+y.Term
		if y.KG == nil || (y.Source == SourceModel && x.KG != nil && x.Source != SourceModel) {
			y.KG = x.KG // a graph term places the phrase before a model term does (显示屏清晰度)
		}
		if y.Source != x.Source {
			y.Source = SourceModelKG
		}
		if y.KG == nil {
			y.Source = SourceModel
		}
		y.Confidence = max(y.Confidence, x.Confidence)
		ms[b] = y
		ms = append(ms[:a], ms[a+1:]...)
	}
}

// aNotAOpinion reports whether the opinion [os, oe) overlaps an A-not-A question (喝不喝好,
// 好不好用): the writer asks, the words evaluate nothing (NoOpinionWords). An A-not-A of
// three characters overlaps it when it lies within two characters of either end (aNotA).
func (d *Draft) aNotAOpinion(os, oe int) bool {
	return d.aNotA(max(os-2, 0), min(oe+2, len(d.rs)))
}

// dropAsked removes the mentions a question or a request holds without evaluating
// (AskNoMention): neutral, no point, in a clause that asks (asks), not a rhetorical one,
// in a record that evaluates elsewhere (recordEvaluates).
//
// A record that only asks (我想问下有这个功能吗？) keeps what it asks about: a plain question
// naming an indicator is a neutral mention by the hand-checked labels' convention
// (bench/testdata/HANDCHECKED.md), the contact reason the counters count as neutral volume.
func (d *Draft) dropAsked(ms []Mention) []Mention {
	if d.s.Conversational {
		return ms // a turn of a chat: what it asks is the contact reason
	}
	out := ms[:0]
	for _, m := range ms {
		if m.Source != SourceCategory && m.Source != SourceNamed && m.Polarity == Neutral && m.Point == "" {
			s, e := m.Start, m.End
			if e <= s {
				s, e = m.OpinionStart, m.OpinionEnd
			}
			if e > s && e <= len(d.rs) {
				cs, ce := clauseAround(d.rs, s, e)
				ps, pe := cs, ce // the clause between punctuation: 难道这就是正品吗 (clauseAround starts at 就是)
				for ps > 0 && !slices.Contains(clausePunct, d.rs[ps-1]) {
					ps--
				}
				for pe < len(d.rs) && !slices.Contains(clausePunct, d.rs[pe]) {
					pe++
				}
				if d.asks(cs, ce) && !containsAny(string(d.rs[ps:pe]), rhetorical) && d.recordEvaluates() {
					continue
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// innerTermOpinions drops a term mention whose opinion holds another term mention's term,
// the two opinions overlapping (InnerTermOpinion): 蓝牙耳机 / 质量很好 beside 质量 / 很好 is one
// evaluation, of 质量.
func innerTermOpinions(ms []Mention) []Mention {
	out := ms[:0:0]
	for i, m := range ms {
		outer := false
		if m.Term != "" && m.OpinionEnd > m.OpinionStart && m.Source != SourceNamed && m.Source != SourceCategory {
			for j, o := range ms {
				if j == i || o.Term == "" || o.OpinionEnd <= o.OpinionStart || o.Source == SourceNamed || o.Source == SourceCategory {
					continue
				}
				if m.OpinionStart <= o.Start && o.End <= m.OpinionEnd && o.OpinionStart < m.OpinionEnd && m.OpinionStart < o.OpinionEnd &&
					!(o.Start <= m.Start && m.End <= o.End) {
					outer = true
					break
				}
			}
		}
		if !outer {
			out = append(out, m)
		}
	}
	return out
}

// restWords name "the rest" as a clause's subject (RestSubject): 其他都挺好的.
var restWords = []string{"其他", "其它", "其余", "别的", "剩下的"}

// restOpinion reports whether the opinion [os, oe) lies wholly in another clause than the
// term [ts, te), a clause with a rest word before the opinion (RestSubject).
func (d *Draft) restOpinion(ts, te, os, oe int) bool {
	cs, _, apart := d.opinionClauseApart(ts, te, os, oe)
	return apart && os >= cs && containsAny(string(d.rs[cs:os]), restWords)
}

// opinionClauseApart returns the clause [cs, ce) around the opinion [os, oe) and whether the
// term [ts, te) lies outside it (both spans non-empty): the shared start of
// otherClauseOpinion and restOpinion.
func (d *Draft) opinionClauseApart(ts, te, os, oe int) (cs, ce int, apart bool) {
	if oe <= os || te <= ts {
		return 0, 0, false
	}
	cs, ce = clauseAround(d.rs, os, oe)
	return cs, ce, !(ts < ce && cs < te) // false: the term is in the opinion's clause
}

// opinionWordTerm reports whether the term [s, e) is, whole, one opinion word of the lexicon
// (OpinionWordTerm): 到位, 值; a term that only holds one (安全性) is not.
func (d *Draft) opinionWordTerm(s, e int) bool {
	if e <= s {
		return false
	}
	x, ok := loadLexicon().words[string(d.rs[s:e])]
	return ok && x.kind == lexOpinion && !strings.HasPrefix(d.dictPOS(s, e), "n")
}

// recordEvaluates reports whether the sentence's record (its own text when Record is "")
// holds a clause that asks nothing (asksText) and holds a lexicon opinion (AskNoMention):
// the record is an evaluation, and a question in it is an aside.
func (d *Draft) recordEvaluates() bool {
	if d.recEval != 0 {
		return d.recEval > 0
	}
	text := d.s.Record
	if text == "" {
		text = d.s.Text
	}
	d.recEval = -1
	rs := []rune(text)
	for s := 0; s < len(rs); {
		e := s
		for e < len(rs) && !slices.Contains(clausePunct, rs[e]) {
			e++
		}
		if e > s && !asksText(rs, s, e) {
			if pol, _ := LexiconPolarity(string(rs[s:e])); pol != Neutral {
				d.recEval = 1
				break
			}
		}
		s = e + 1
	}
	return d.recEval > 0
}

// asksText is Draft.asks on the clause rs[cs:ce] of a text that is not the Draft's (a
// record's clauses, recordEvaluates): a question (questionAt), a question word once negated
// indefinites are blanked (notAsking), or a request.
func asksText(rs []rune, cs, ce int) bool {
	clause := string(rs[cs:ce])
	return questionAt(rs, cs, ce) || containsAny(notAsking(clause), questionWords) || requestClause(clause)
}

// requestStarts open a request to the seller (AskNoMention, QuestionNeutral): 请…, 麻烦…,
// 给我个…, 帮我…. What the writer asks for is no evaluation of it (给我个满意的答复).
var requestStarts = []string{"请", "麻烦", "给我个", "给我一个", "帮我", "帮忙", "求"}

// requestClause reports whether a clause opens with a request (requestStarts), after any
// subject 你 / 你们 / 您 / 亲.
func requestClause(clause string) bool {
	c := strings.TrimLeftFunc(clause, func(r rune) bool { return r == ' ' || isPunct(r) })
	for _, p := range []string{"你们", "您", "你", "亲", "卖家", "商家", "客服"} {
		c = strings.TrimPrefix(c, p)
	}
	for _, w := range requestStarts {
		if strings.HasPrefix(c, w) {
			return true
		}
	}
	return false
}

// purposeWords introduce what a thing is for (PurposeNoOpinion): an opinion word right after
// one names the purpose, not how good anything is (为了防止指纹印, 用来保护屏幕).
var purposeWords = []string{"为了", "用来", "用于", "以便", "以防", "为的是"}

// purposeHit reports whether the lexicon word at [s, e) of rs follows a purpose word,
// at most one character between (为了防止, 为了更好地保护) (PurposeNoOpinion).
func purposeHit(rs []rune, s int) bool {
	for _, w := range purposeWords {
		n := len([]rune(w))
		for gap := 0; gap <= 1; gap++ {
			if b := s - gap - n; b >= 0 && string(rs[b:b+n]) == w {
				return true
			}
		}
	}
	return false
}

// functionOpinion reports whether every tagged word overlapping the opinion [os, oe) is a
// function word (nonAspectPOS) (FunctionOpinion); false without tagged words.
func (d *Draft) functionOpinion(os, oe int) bool {
	var ws []string
	for _, w := range d.tagWords() {
		if w.End <= os || w.Start >= oe || blankWord(w.Text) {
			continue
		}
		ws = append(ws, w.POS+"/"+w.Text)
	}
	if len(ws) == 0 {
		return false
	}
	if len(ws) == 1 { // one adverb of one character (最, 很, 太): a degree with nothing to grade
		pos, text, _ := strings.Cut(ws[0], "/")
		if (pos == "d" || pos == "zg") && len([]rune(text)) == 1 {
			return true
		}
	}
	for _, w := range ws { // pronouns and particles only (我啊)
		pos, _, _ := strings.Cut(w, "/")
		if !slices.Contains(functionOpinionPOS, pos) {
			return false
		}
	}
	return true
}

// functionOpinionPOS are the jieba tags of the words a FunctionOpinion span may be made of
// (pronouns, particles, interjections, onomatopoeia): an adverb is allowed only alone, of
// one character (a broader rule, every nonAspectPOS word, cost the APC DEV buckets 12 of
// 1,293 and hand DEV F1 0.0039: 有点, 非常 open many real opinions the model cut short).
var functionOpinionPOS = []string{"r", "rr", "rz", "rg", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "e", "o"}

// attributive reports whether the opinion ending at end is followed, inside the clause
// ending at ce, by 的 and then a word that is not a particle or punctuation (很差的膜)
// (AttributiveOrphan).
func (d *Draft) attributive(end, ce int) bool {
	if end+1 >= ce || d.rs[end] != '的' {
		return false
	}
	r := d.rs[end+1]
	return !isPunct(r) && !strings.ContainsRune(particles, r)
}

// pastProduct name the writer's previous item (PastProduct); pastCompare make the clause a
// comparison with this one, which it keeps.
var (
	pastProduct = []string{"之前我用的", "以前我用的", "原来我用的", "之前用的", "以前用的", "原来用的", "之前我买的", "以前我买的", "之前买的", "以前买的", "原来买的", "上一部", "上一台", "上一个手机", "旧手机", "老手机"}
	pastCompare = []string{"比", "不如", "没有", "相比", "不及", "赶不上", "一样"}
)

// dropHypothetical removes the bare term mentions of a conditional clause (Hypothetical).
func (d *Draft) dropHypothetical(ms []Mention) []Mention {
	out := ms[:0]
	for _, m := range ms {
		if m.Term != "" && m.Opinion == "" && m.Point != PointItch && m.Source != SourceNamed && m.Source != SourceCategory {
			cs, ce := clauseAround(d.rs, m.Start, m.End)
			if strings.Contains(string(d.rs[cs:ce]), "的话") {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// dropPast removes the mentions of a clause about the writer's previous item (PastProduct).
func (d *Draft) dropPast(ms []Mention) []Mention {
	out := ms[:0]
	for _, m := range ms {
		if m.Term != "" && m.Source != SourceNamed && m.Source != SourceCategory {
			cs, ce := clauseAround(d.rs, m.Start, m.End)
			if c := string(d.rs[cs:ce]); containsAny(c, pastProduct) && !containsAny(c, pastCompare) {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// termOpinion reports whether the model opinion [os, oe) holds a graph term (all: the
// sentence's graph term matches) and no lexicon opinion word outside the graph terms it
// holds (TermOpinionIndustries): 有胎压 of 轮胎 names 胎压, 没有丝毫质感 of 外观 evaluates.
func (d *Draft) termOpinion(os, oe int, all []kg.TermMatch) bool {
	if oe <= os || d.industry == "" || !slices.Contains(d.p.Spurious.TermOpinionIndustries, d.industry) {
		return false
	}
	var in []kg.TermMatch
	for _, m := range all {
		if os <= m.Start && m.End <= oe && m.End > m.Start {
			if containsAny(string(d.rs[max(os, m.Start-termOpinionNegReach):m.Start]), termOpinionNegators) {
				return false // 没有丝毫质感, 无异响: the lack of a part's quality judges the term
			}
			in = append(in, m)
		}
	}
	if len(in) == 0 {
		return false
	}
	for _, x := range d.exprs(os, oe) {
		inside := false
		for _, m := range in {
			if m.Start <= x.start && x.end <= m.End {
				inside = true
				break
			}
		}
		if !inside {
			return false
		}
	}
	return true
}

// termOpinionNegators, at most termOpinionNegReach characters before the graph term an
// opinion holds, keep it an opinion (termOpinion).
var termOpinionNegators = []string{"没", "不", "无", "缺", "少"}

const termOpinionNegReach = 4

// conjunctionEdges are the conjunctions a ConjunctionEdgeIndustries term loses at its edges.
const conjunctionEdges = "及和与跟或并"

// conjunctionEdge trims a conjunction from the edges of the model term [s, e) when what is
// left is one of the sentence's graph terms (ConjunctionEdgeIndustries).
func (d *Draft) conjunctionEdge(s, e int, terms []kg.TermMatch) (int, int) {
	if e-s < 2 || d.industry == "" || !slices.Contains(d.p.Spurious.ConjunctionEdgeIndustries, d.industry) {
		return s, e
	}
	ns, ne := s, e
	if strings.ContainsRune(conjunctionEdges, d.rs[ne-1]) {
		ne--
	}
	if ne > ns && strings.ContainsRune(conjunctionEdges, d.rs[ns]) {
		ns++
	}
	if ns == s && ne == e {
		return s, e
	}
	for _, m := range terms {
		if m.Start == ns && m.End == ne {
			return ns, ne
		}
	}
	return s, e
}

// nounOpinion reports whether the model opinion [os, oe) is whole nouns of two or more
// characters only (jieba n*, not vn)
// with no lexicon opinion word and no magnitude (TermOpinionIndustries): 配置 / 资料 names a
// thing.
func (d *Draft) nounOpinion(os, oe int) bool {
	if oe <= os || d.industry == "" || !slices.Contains(d.p.Spurious.TermOpinionIndustries, d.industry) {
		return false
	}
	n := 0
	for _, w := range d.tagWords() {
		if w.End <= os || w.Start >= oe || blankWord(w.Text) {
			continue
		}
		if !strings.HasPrefix(w.POS, "n") || utf8.RuneCountInString(w.Text) < 2 || w.Start < os || w.End > oe {
			return false // a one-character "noun" is often jieba's guess (低); a word across the edge is no span of its own
		}
		n++
	}
	if n == 0 || len(d.exprs(os, oe)) > 0 {
		return false
	}
	_, _, _, mag := magnitudeIn(d.rs, os, oe, d.s.Words)
	return !mag // 太小 is a jieba noun, and a magnitude
}

// headline reports whether a text opens, after spaces and any #hashtags#, with a bracketed
// headline: 【, two to thirty characters, 】 (HeadlineIndustries).
func headline(text string) bool {
	rs := []rune(strings.TrimSpace(text))
	i := 0
	for i < len(rs) && rs[i] == '#' { // #景点介绍#【…】
		j := i + 1
		for j < len(rs) && rs[j] != '#' {
			j++
		}
		if j >= len(rs) {
			return false
		}
		i = j + 1
		for i < len(rs) && rs[i] == ' ' {
			i++
		}
	}
	if i >= len(rs) || rs[i] != '【' {
		return false
	}
	for j := i + 1; j < len(rs) && j <= i+31; j++ {
		if rs[j] == '】' {
			return j-i-1 >= 2
		}
	}
	return false
}
