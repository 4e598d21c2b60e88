package mention

import (
	"slices"
	"strings"
)

// Spurious mentions: rules that keep the policy from emitting a mention where the text holds
// none of its own: an opinion the aspect model tied across a clause to the wrong term
// (速度快，包装好: 包装 快), a word the model took for an aspect that jieba tags as an adverb,
// pronoun or number (暂时, 真是, 为什么), a number taken for an opinion (十二星座), and the
// same evaluation repeated in one record (a title repeated in the body). Found on DEV only:
// the DEV read-through bench/results/raw/spur-s10-dev-mentions.md (readdev-sample.jsonl) and
// the hand-checked DEV set; numbers in bench/results/pipeline-accuracy.md ("spur, session 10").

// SpuriousPolicy holds those rules (Policy.Spurious). Each is on by default.
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
}

// DefaultSpuriousPolicy returns the rules on.
func DefaultSpuriousPolicy() SpuriousPolicy {
	return SpuriousPolicy{OwnClauseOpinion: true, FunctionWordTerms: true, NumberOpinion: true, RepeatedOpinion: true, JoinAdjacent: true, NoOpinionWords: true, UnplacedAsk: true, HeadWordClass: true}
}

// nonAspectPOS are jieba's tags of words that name no aspect (FunctionWordTerms): adverbs,
// pronouns, conjunctions, particles, interjections, onomatopoeia, numerals, measure words.
var nonAspectPOS = []string{"d", "r", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "e", "o", "m", "mq", "q"}

// otherClauseOpinion reports whether the opinion [os, oe) of the term [ts, te) lies wholly
// in another clause than the term, a clause that holds another term (a graph term of the
// sentence or another model triplet's term) (OwnClauseOpinion).
func (d *Draft) otherClauseOpinion(ts, te, os, oe int) bool {
	if oe <= os || te <= ts {
		return false
	}
	cs, ce := clauseAround(d.rs, os, oe)
	if ts < ce && cs < te {
		return false // the term is in the opinion's clause
	}
	other := func(s, e int) bool {
		return e > s && !(s < te && ts < e) && cs <= s && e <= ce
	}
	for _, m := range d.terms {
		if other(m.Start, m.End) {
			return true
		}
	}
	for _, t := range d.s.Triplets {
		if t.Term != "" && other(t.Start, t.End) {
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
// holds the earlier one's or is held by it. The earlier stays, with the higher confidence.
func mergeRepeated(ms []Mention) []Mention {
	out := ms[:0:0]
	for _, m := range ms {
		dup := -1
		if m.Source != SourceCategory && m.Source != SourceNamed {
			for i, o := range out {
				if o.Source == SourceCategory || o.Source == SourceNamed || o.Term != m.Term || o.Polarity != m.Polarity || o.Point != m.Point {
					continue
				}
				if (o.KG == nil) != (m.KG == nil) || (o.KG != nil && (o.KG.Industry != m.KG.Industry || o.KG.Indicator != m.KG.Indicator)) {
					continue
				}
				if repeatsOpinion(o.Opinion, m.Opinion) {
					dup = i
					break
				}
			}
		}
		if dup >= 0 {
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
