package mention

import "slices"

// Graph terms inside an opinion (helper aste16, session 16): a term mention whose opinion span
// holds a graph term (牛肉扮粉 / 味道也不错, 菜色 / 很新鲜, 食物 / 很干净) was emitted twice, once
// as that mention and once as the graph term's own mention (味道 / 不错, 新鲜, 干净): one opinion,
// two mentions, for every reader. And OwnClauseOpinion took the graph term at the head of such
// an opinion for another aspect of the opinion's clause (牛肉扮粉量很多，味道也不错: 味道 "names
// its own term"), dropping the aspect model's triplet and keeping only the graph term's. Found
// on the ASTE validation carve (`bench accuracy --pipeline --tasks aste --aste-part val
// --aste-losses FILE`): 432 kg-source triplets, 12 right; numbers in
// bench/results/pipeline-accuracy.md ("aste16, session 16").

// OpinionTermPolicy holds those rules (Policy.OpinionTerm).
type OpinionTermPolicy struct {
	// InnerSubject: a graph term, or a bare model term (no opinion of its own), that is the
	// subject of a model opinion (opinionSubject: inside it, with words of the opinion after
	// it, no preposition or comparison before it) and names a part of the opinion's term
	// (innerSubject: the graph places both on one touchpoint, or not the term) is what the
	// opinion says of that term (牛肉扮粉 … 味道也不错: the 味道 of the 牛肉扮粉; 羊排 … 分量有点少),
	// not another term of the opinion's clause: OwnClauseOpinion does not count it (肉有点少，
	// 送达时间慢: 送达时间 is the rider's and still counts). A model term that holds an
	// opinion of its own (价格 / 实惠 in 不但价格实惠，质量也很好) still counts, and so does a
	// term that ends the opinion (远离京东: what the opinion does, not its subject).
	InnerSubject bool
	// Fold: a graph-term mention (source kg) whose term lies inside other term mentions'
	// opinion span is a word of that opinion, not a second evaluation: it is dropped, and
	// each mention holding it is placed where the graph term is, keeping its own polarity
	// (食物 / 很干净 → 卫生; 肘子卷 / 肥肉好多 → 食材品质; 羊排，馕包肉，大盘鸡都比较正宗 → 餐品口味
	// each), except after a preposition or a comparison (afterMarker: 饭 / 没有在店里好吃, 音质 /
	// 不比原装的差: 店里 and 原装 place nothing). Both mentions stay where the opinion evaluates
	// something before the graph term (a lexicon opinion word: 好吃干净, 很精细值得信赖: two
	// evaluations), and where the graph term is no opinion word, does not start the opinion
	// (大小 in 休闲裤 / 大小合适 is what it evaluates) and the graph places a holder on another
	// touchpoint (namesAnother: 活动 / 又不能保价 beside 保价; 送餐大哥 / 送到门口态度很好 beside
	// 态度: the graph's place of such a word in another's opinion is a guess).
	Fold bool
}

// DefaultOpinionTermPolicy returns the rules on. DefaultPolicy leaves them off (Policy.OpinionTerm
// says why).
func DefaultOpinionTermPolicy() OpinionTermPolicy {
	return OpinionTermPolicy{InnerSubject: true, Fold: true}
}

// innerSubject reports whether the term [s, e) is the subject of the opinion [os, oe) of
// the term [ts, te) and names a part of what that term names (InnerSubject): the graph places
// both on one touchpoint (牛肉扮粉 and its 味道: 餐品), or does not place the opinion's term (凤爪
// … 味道还不错). 肉有点少，送达时间慢: 送达时间 is the rider's, not the 肉's.
func (d *Draft) innerSubject(ts, te, s, e, os, oe int) bool {
	if !d.opinionSubject(s, e, os, oe) {
		return false
	}
	host, ok := d.g.MapAspectOwn(d.industry, d.s.Text, string(d.rs[ts:te]), "")
	if !ok {
		return true
	}
	part, ok := d.g.MapAspectOwn(d.industry, d.s.Text, string(d.rs[s:e]), "")
	return !ok || part.IndustryID == host.IndustryID && part.TouchpointID == host.TouchpointID
}

// opinionSubject reports whether the term [s, e) is the subject of the opinion [os, oe):
// inside it, with words of the opinion after it, and not after a marker (afterMarker).
func (d *Draft) opinionSubject(s, e, os, oe int) bool {
	return e > s && os <= s && e < oe && !d.afterMarker(os, s)
}

// afterMarker reports whether a jieba word in [os, s) is a preposition (p: 在, 对, 给 …) or a
// comparison word (comparedWith, notWorseThan: 比, 不如, 不比 …; not 比较), the opinion before a term inside it: the
// term is then what the opinion compares with or where it happens (饭 / 没有在店里好吃, 音质 /
// 不比原装的差), not what it evaluates.
func (d *Draft) afterMarker(os, s int) bool {
	if s <= os {
		return false
	}
	for _, w := range d.tagWords() {
		if w.Start >= os && w.End <= s && (w.POS == "p" || slices.Contains(comparedWith, w.Text) || slices.Contains(notWorseThan, w.Text)) {
			return true
		}
	}
	return false
}

// foldOpinionTerms drops each graph-term mention inside other term mentions' opinion span,
// and places the mentions holding it where the graph term is (not after a marker), unless
// the opinion evaluates something before the term or the term names another thing: then all
// stay (Fold). A holder is placed by its first folded term only.
func (d *Draft) foldOpinionTerms(ms []Mention) []Mention {
	drop := make([]bool, len(ms))
	placed := make([]bool, len(ms))
	var holders []int
	for i, m := range ms {
		if m.Source != SourceKG || m.Term == "" || m.End <= m.Start {
			continue
		}
		holders = holders[:0]
		two := false
		for j, o := range ms {
			if j == i || drop[j] || !plainTerm(o) || o.OpinionEnd <= o.OpinionStart ||
				!(o.OpinionStart <= m.Start && m.End <= o.OpinionEnd) {
				continue
			}
			if d.evaluatesBefore(o.OpinionStart, m.Start) {
				two = true // two evaluations in one opinion (好吃干净): all stay
				break
			}
			holders = append(holders, j)
		}
		if two || len(holders) == 0 {
			continue
		}
		lead, marked := false, true // the term starts a holder's opinion; it follows a marker in all
		for _, j := range holders {
			lead = lead || ms[j].OpinionStart == m.Start
			marked = marked && d.afterMarker(ms[j].OpinionStart, m.Start)
		}
		if !marked && !lead && m.KG != nil && d.namesAnother(m, ms, holders) {
			continue // 活动 / 又不能保价: 保价 is a thing of its own; both stay
		}
		drop[i] = true
		if m.KG == nil {
			continue
		}
		for _, j := range holders {
			if !placed[j] && !d.afterMarker(ms[j].OpinionStart, m.Start) {
				ms[j].KG, placed[j] = m.KG, true
			}
		}
	}
	return undropped(ms, drop)
}

// namesAnother reports whether the graph-term mention m names a thing of its own beside the
// mentions holding it (Fold): its term is no lexicon opinion word (保价, 态度, not 干净) and
// the graph places a holder on another touchpoint than m (活动 on 促销活动, 保价 elsewhere).
func (d *Draft) namesAnother(m Mention, ms []Mention, holders []int) bool {
	if pol, _ := LexiconPolarity(m.Term); pol != Neutral {
		return false
	}
	for _, j := range holders {
		if o := ms[j].KG; o != nil && (o.Industry != m.KG.Industry || o.Touchpoint != m.KG.Touchpoint) {
			return true
		}
	}
	return false
}

// evaluatesBefore reports whether a lexicon opinion expression lies wholly in [from, to).
func (d *Draft) evaluatesBefore(from, to int) bool {
	if to <= from {
		return false
	}
	for _, x := range d.exprs(from, to) {
		if x.end <= to {
			return true
		}
	}
	return false
}
