package mention

import (
	"regexp"
	"slices"
	"strings"
)

// Polarity cues (neg16, session 16): complaints the other rules read as praise, found in the
// tuning sets (r10 train part, r9, r7, r8, food_delivery r4/r5, hand DEV). Each cue is a
// PolarityCues field; the rules run in decide after the negation scope and before the question
// and complaint rules. Off by default (Policy.Cues zero; Policy.Neg16Rules turns them on).
//
//   - Expectation: an opinion in a clause that says what the writer expected (本来挺高兴的,
//     原以为物流会很快, 看着图片很好) followed by a turn (可, 但, 没想到, 谁知 …) in the rest of
//     the sentence or the next one is the expectation the product belied: its polarity flips
//     (本来挺高兴的，可安装后却无法运行 → negative; 原以为…软件很难用的，谁知一上手还是很好用 →
//     positive).
//   - Copula negation: a term that is itself praise (正品, 正版, 原装) right after 不是 / 不像是 /
//     并非 is negated (不是正品 → negative). The negation rule leaves 是 out (完全不是一个风格
//     names a style, it does not negate it); here nothing may stand between the copula and
//     the term.
//   - Fault words: an opinion that holds a fault the lexicon lacks — a symptom (痒, 干燥), a
//     defect (马赛克), a dated or clumsy look (久远, 过时, 笨重, 丑) — is no praise (头发好痒,
//     光盘中有很多马赛克, 画面比较久远 → negative), unless a negation comes right before it
//     (不痒) or the word is part of another (止痒).
//   - Price drop: a price that fell fast is a complaint of a buyer who paid more (降价太快,
//     价格降的速度太快 → negative), though 快 is praise elsewhere.
//   - So-called: a term right after 所谓(的) is named with scorn (所谓的创意, 所谓钢琴漆): a
//     positive reading becomes negative. Not 无所谓, 正所谓.
//   - Bulk and fault nouns: more bulk (体积较大) or more of a fault (头屑也多, 好多肥肉) is
//     negative, less bulk or no fault (重量不重, 没有头皮屑) positive.
//   - 不是一般的 X is very X (速度不是一般的慢 → negative), not a negation.
//   - Anger: praise in a record with a weibo anger emoticon ([怒], [怒骂], [鄙视]; no praise mark beside it) is sarcasm (神一样的
//     网速。。。你赢了。。。[怒] → negative).

// PolarityCues holds the cue rules above (Policy.Cues). The zero value turns them all off;
// the defaults below are what DefaultPolarityCues (and Policy.Neg16Rules) set.
type PolarityCues struct {
	// Expectation flips an opinion stated as an expectation that a turn belies. Default true.
	Expectation bool
	// ExpectationReach is how many characters after the opinion a turn may start (in the
	// sentence and the record after it). Default 30.
	ExpectationReach int
	// CopulaNegation: 不是正品 → negative. Default true.
	CopulaNegation bool
	// FaultWords: an opinion holding one of these (not negated, not inside a longer word of
	// notFault) is negative. Default faultWords.
	FaultWords []string
	// PriceDropFast: 降价太快 → negative. Default true.
	PriceDropFast bool
	// SoCalled: a term after 所谓(的) is never praise. Default true.
	SoCalled bool
	// Extraordinary: 不是一般的 X is X to a high degree, no negation of it (速度不是一般的慢 →
	// negative, 不是一般的好 → positive). Default true.
	Extraordinary bool
	// AngerMarks: in a record that carries one of these (a weibo anger emoticon), praise is
	// sarcasm (神一样的网速。。。你赢了。。。[怒] → negative). Default angerMarks.
	AngerMarks []string
	// BulkTerms: these terms name bulk, and more of it is worse (体积较大 → negative, 重量不重 →
	// positive) where a magnitude word follows them. Default bulkTerms.
	BulkTerms []string
	// FaultNouns: more of one of these is a fault (头屑也多, 指纹多, 好多肥肉 → negative), none
	// of it praise (没有头皮屑 → positive). Default faultNouns.
	FaultNouns []string
}

// DefaultPolarityCues is Policy.Cues of DefaultPolicy().
func DefaultPolarityCues() PolarityCues {
	return PolarityCues{
		Expectation:      true,
		ExpectationReach: 30,
		CopulaNegation:   true,
		FaultWords:       append([]string(nil), faultWords...),
		PriceDropFast:    true,
		SoCalled:         true,
		Extraordinary:    true,
		AngerMarks:       append([]string(nil), angerMarks...),
		BulkTerms:        append([]string(nil), bulkTerms...),
		FaultNouns:       append([]string(nil), faultNouns...),
	}
}

// expectationCues open a clause that states what the writer expected or first saw.
// 本来就 (of course) states no expectation.
var expectationCues = []string{
	"本来", "原本", "原以为", "本以为", "还以为", "原来以为", "以为", "刚开始", "一开始", "开始还", "起初", "起先",
	"刚才还", "看着", "看图片", "图片上",
}

// clauseStops end the search for an expectation cue before an opinion (spaces and contrast
// markers do not).
const clauseStops = "，,。！？!?；;\n"

// notExpectation hold an expectation cue but state none.
var notExpectation = []string{"本来就", "原本就", "看着办", "看着就", "看着也", "看着还", "看着很舒服", "自以为", "以为然"}

// expectationTurns start the clause that belies the expectation; turnsAnywhere may stand
// inside a clause (可安装后却无法运行).
var (
	expectationTurns = []string{"可是", "可", "但是", "但", "不过", "结果", "没想到", "谁知", "哪知", "不料", "然而", "实际上", "其实", "到手", "收到", "拿到", "一看", "现在"}
	turnsAnywhere    = []string{"却", "没想到", "谁知", "哪知", "不料", "居然", "竟然"}
	notTurn          = []string{"可以", "可能", "可爱", "可靠", "可口", "可观", "可取", "可信", "可用", "可谓", "可见", "但愿"}
)

// copulaNegations before a praise term negate it (不是正品).
var copulaNegations = []string{"不是", "不像是", "不像", "并不是", "根本不是", "绝对不是", "肯定不是", "也不是", "都不是", "并非", "绝非"}

// faultWords are faults the opinion lexicon lacks (see FaultWords). 好小: 好 is a degree
// word here, no praise (苹果好小, 听筒声音好小); bulk terms and fault nouns (体积好小, 噪音好小)
// are read before (bulkOrFault).
var faultWords = []string{
	"痒", "干燥", "干干的", "发干", "好油", "很油", "太油", "油油的", "丑", "马赛克", "久远", "过时", "老旧", "落后", "老套",
	"松散", "笨重", "随便", "湿软", "好假", "太假", "很假", "好小",
}

// notFault are longer words holding a fault word that name no fault (止痒 is a shampoo's
// promise; 不丑 a negation).
var notFault = []string{"止痒", "去痒", "防痒", "不痒", "没痒", "丑小鸭", "小丑", "好小巧", "好小的问题", "随便用", "随便买", "随便说", "随便吃", "随便看", "随便选"}

// extraordinaryCues say that what follows is out of the ordinary (不是一般的慢).
var extraordinaryCues = []string{"不是一般的", "不是一般地", "不是一般", "非一般的", "不一般的"}

// angerMarks are weibo emoticons of anger (see AngerMarks). In every tuning set (hand DEV,
// the silver rounds) a record with one labels no indicator positive but one ([抓狂] as a
// laugh at oneself, so [抓狂] is not one: 酒店有wifi 过瘾啊…热死人了[抓狂] praises the wifi).
// [衰], [晕] and [失望] (no positive label either) were tried: they turn mostly unlabelled
// praise in posts that sigh about something else. A record that also carries a praise mark
// (praiseMarks: 网速很快[哈哈]，就是客服太慢[怒]) means its praise. Session 16: spur16's
// record-level AngerIrony and neg16's cue were one rule twice; this is its one home, with
// spur16's two refinements.
var angerMarks = []string{"[怒]", "[怒骂]", "[鄙视]"}

// praiseMarks are weibo emoticons of praise or joy: beside an anger mark, the praise is meant.
// [微笑] and [呵呵] are in neither list: on Weibo both are as often a sneer as a smile.
var praiseMarks = []string{"[哈哈]", "[哈哈哈]", "[嘻嘻]", "[赞]", "[鼓掌]", "[爱你]", "[太开心]", "[笑哈哈]", "[偷笑]", "[good]", "[耶]",
	"[威武]", "[给力]", "[心]", "[亲亲]", "[可爱]", "[酷]", "[ok]", "[挤眼]", "[得意地笑]", "[馋嘴]", "[花心]", "[憧憬]", "[好爱哦]", "[笑cry]"}

// bulkTerms name a product's bulk (see BulkTerms).
var bulkTerms = []string{"体积", "重量", "机身重量", "厚度", "机身厚度"}

// faultNouns are things a product should have little of (see FaultNouns).
var faultNouns = []string{"头屑", "头皮屑", "指纹", "手印", "划痕", "响声", "杂音", "噪音", "异响", "肥肉", "马赛克", "毛刺", "线头", "瑕疵", "坏点", "错别字", "错字"}

// faultMore before a fault noun say there is much of it (好多肥肉); faultNone that there is
// none (没有头皮屑).
var (
	faultMore = []string{"好多", "很多", "太多", "不少", "一堆", "全是", "都是"}
	faultNone = []string{"没有", "没", "无", "不见", "看不到", "听不见", "听不到", "不会有"}
)

// pastState before a fault noun's absence say it was absent before the product (本来就没头屑,
// 之前从来没有头皮屑).
var pastState = []string{"本来", "原来", "原本", "之前", "以前", "从来", "从没", "从前", "过去"}

// priceDrop: a price that fell fast (降价太快, 价格降的速度太快, 降价也太快了吧).
var priceDrop = regexp.MustCompile(`(降价|掉价|跌价|价格降|价格下降|价格降低|降得|降的)[^，。！？,.!?]{0,6}快`)

// cuePolarity applies the cue rules to a candidate whose rules read polarity pol, with its
// term [c.start, c.end), clause [cs, ce) and opinion [os, oe) (oe <= os: none).
func (d *Draft) cuePolarity(c *cand, pol string, cs, ce, os, oe int) string {
	q := &d.p.Cues
	if q.CopulaNegation && pol != Negative && c.end > c.start && d.termPolarity(c) == Positive &&
		hasSuffixAny(string(d.rs[max(cs, c.start-4):c.start]), copulaNegations) {
		return Negative // 不是正品
	}
	if q.SoCalled && pol == Positive && c.end > c.start && d.soCalled(cs, c.start, os, oe) {
		return Negative // 所谓的创意, 所谓的新鲜苹果
	}
	if q.Extraordinary && oe > os {
		if v, ok := d.extraordinary(os, oe); ok {
			pol = v // 速度不是一般的慢
		}
	}
	if pol == Positive && len(q.AngerMarks) > 0 && containsAny(d.recordText(), q.AngerMarks) && !containsAny(d.recordText(), praiseMarks) {
		return Negative // 联通的手机信号是世界上最棒的。…[怒]
	}
	if q.PriceDropFast && pol != Negative && priceDrop.MatchString(string(d.rs[cs:ce])) && d.aboutPrice(c) {
		return Negative // 降价太快
	}
	if v, ok := d.bulkOrFault(c, cs, ce, os, oe); ok {
		return v // 体积较大, 头屑也多, 没有头皮屑
	}
	if len(q.FaultWords) > 0 && pol != Negative && oe > os && d.holdsFault(os, oe) {
		return Negative // 头发好痒
	}
	if q.Expectation && pol != Neutral && oe > os && d.expectationBelied(cs, os, oe) {
		return oppositePolarity(pol) // 本来挺高兴的，可安装后却无法运行
	}
	return pol
}

// aboutPrice reports whether the candidate is about a price: a price indicator, or a term
// naming the drop or the price.
func (d *Draft) aboutPrice(c *cand) bool {
	if c.mapped {
		switch c.mapping.IndicatorID {
		case "price", "price_protection", "promotion_value":
			return true
		}
	}
	t := string(d.rs[c.start:c.end])
	return strings.Contains(t, "降价") || strings.Contains(t, "价格") || strings.Contains(t, "价钱")
}

// holdsFault reports whether rs[os:oe] holds a fault word (PolarityCues.FaultWords) that no
// negation right before it turns away and that is no part of a notFault word.
func (d *Draft) holdsFault(os, oe int) bool {
	for _, w := range d.p.Cues.FaultWords {
		wr := []rune(w)
		for i := os; i+len(wr) <= oe; i++ {
			if string(d.rs[i:i+len(wr)]) != w {
				continue
			}
			around := string(d.rs[max(0, i-2):min(len(d.rs), i+len(wr)+2)])
			if containsAny(around, notFault) {
				continue
			}
			if before := d.rs[max(0, i-2):i]; strings.ContainsAny(string(before), "不没无非别") {
				continue // 不痒, 没有马赛克: the negation rules read it
			}
			return true
		}
	}
	return false
}

// expectationBelied reports whether the opinion [os, oe) in clause [cs, …) is stated as an
// expectation (an expectationCues word before it in its clause, or in the clause before when
// the opinion's clause has none of its own words: 今天收到游戏，本来挺高兴的) that a turn
// after it belies, within ExpectationReach characters of the sentence or the record after it.
func (d *Draft) expectationBelied(cs, os, oe int) bool {
	ocs, _ := clauseAround(d.rs, os, oe)
	from := min(cs, ocs)
	for from > 0 && !strings.ContainsRune(clauseStops, d.rs[from-1]) {
		from-- // past a space or a contrast marker: 原以为Windows Vista 家庭普通版的软件很难用的
	}
	head := string(d.rs[from:os])
	at := -1
	for _, w := range expectationCues {
		if i := strings.LastIndex(head, w); i >= 0 && !hasPrefixAny(head[i:]+string(d.rs[os:oe]), notExpectation) {
			at = max(at, i)
		}
	}
	if at < 0 || containsAny(blank(head[at:], notTurn), expectationTurns) || containsAny(head[at:], turnsAnywhere) {
		return false // 原以为很慢没想到很快: the turn came before this opinion
	}
	tail := []rune(string(d.rs[oe:]) + d.recordAfter())
	tail = tail[:min(len(tail), d.p.Cues.ExpectationReach)]
	for i := range tail {
		rest := string(tail[i:])
		if hasPrefixAny(rest, notTurn) {
			continue
		}
		if hasPrefixAny(rest, turnsAnywhere) {
			return true
		}
		if (i == 0 || isPunct(tail[i-1])) && hasPrefixAny(rest, expectationTurns) {
			return true
		}
	}
	return false
}

// recordAfter is the record's text after this sentence ("" when the sentence is the record
// or is not found in it).
func (d *Draft) recordAfter() string {
	if d.s.Record == "" || d.s.Record == d.s.Text {
		return ""
	}
	i := strings.Index(d.s.Record, d.s.Text)
	if i < 0 {
		return ""
	}
	return d.s.Record[i+len(d.s.Text):]
}

// bulkOrFault reads a bulk term (BulkTerms) or a term or opinion holding a fault noun
// (FaultNouns) by how much of it there is: a magnitude word after the term (体积较大, 头屑也多,
// 重量不重), or a word before the fault noun (好多肥肉, 没有头皮屑). ok is false when it
// applies to neither.
func (d *Draft) bulkOrFault(c *cand, cs, ce, os, oe int) (pol string, ok bool) {
	q := &d.p.Cues
	if c.end <= c.start {
		return "", false
	}
	term := string(d.rs[c.start:c.end])
	bulk := slices.Contains(q.BulkTerms, term)
	fs, fe := -1, -1 // the fault noun's span: a whole word of the term or the opinion (not 响声 in 音响声音)
	find := func(s, e int) bool {
		text := string(d.rs[s:e])
		for _, w := range q.FaultNouns {
			for i := strings.Index(text, w); i >= 0; {
				ws := s + len([]rune(text[:i]))
				we := ws + len([]rune(w))
				if d.boundAt(ws) && d.boundAt(we) {
					fs, fe = ws, we
					return true
				}
				j := strings.Index(text[i+len(w):], w)
				if j < 0 {
					break
				}
				i += len(w) + j
			}
		}
		return false
	}
	if !find(c.start, c.end) && oe > os {
		find(os, oe)
	} else if fe >= 0 && fe != c.end {
		fs, fe = -1, -1 // the noun inside a longer term (噪音大A面): what follows grades something else
	}
	if !bulk && fs < 0 {
		return "", false
	}
	if fs >= 0 {
		lo := min(cs, fs) // the opinion may lie before the term's clause
		before := string(d.rs[max(lo, fs-3):fs])
		switch {
		case hasSuffixAny(before, faultMore):
			return Negative, true
		case hasSuffixAny(before, faultNone) && !containsAny(string(d.rs[lo:fs]), pastState):
			return Positive, true // not 本来就没头屑的 (the fault came with the product)
		}
	}
	end := c.end
	if fe > end {
		end = fe
	}
	up, _, _, found := d.magnitude(end, ce, os, oe)
	if !found && end <= ce {
		up, found = magnitudeLead(string(d.rs[end:ce])) // 体积小 is one jieba word
	}
	if !found {
		return "", false
	}
	if up {
		return Negative, true
	}
	return Positive, true
}

// notMagnitude are words that start with a magnitude word and grade nothing (大气, 小巧).
var notMagnitude = []string{"大气", "大方", "大小", "大概", "大家", "小巧", "小心", "重要", "重新", "多少", "多久", "长得", "长时间",
	"高兴", "高端", "高档", "少量", "轻松", "轻便", "轻巧", "低调", "短时间", "足够"}

// magnitudeLead reads the start of s as [negation][degree…]magnitude word (较大, 不重, 有点小),
// the word not the start of a notMagnitude word; up says whether it is "more".
func magnitudeLead(s string) (up, ok bool) {
	neg := false
	for changed := true; changed; {
		changed = false
		if n, found := prefixOf(s, magnitudeNegations); found {
			s, neg, changed = s[len(n):], !neg, true
		}
		if g, found := prefixOf(s, magnitudeDegrees); found {
			s, changed = s[len(g):], true
		}
	}
	if hasPrefixAny(s, notMagnitude) {
		return false, false
	}
	if w, found := prefixOf(s, magnitudeUp); found && len(w) > 0 {
		return !neg, true
	}
	if w, found := prefixOf(s, magnitudeDown); found && len(w) > 0 {
		return neg, true
	}
	return false, false
}

// boundAt reports whether a jieba word starts or ends at i (every position when the sentence
// was not segmented).
func (d *Draft) boundAt(i int) bool {
	return i <= 0 || i >= len(d.rs) || i >= len(d.bound) || d.bound[i]
}

// recordText is the record's text, or the sentence's when the record is not known.
func (d *Draft) recordText() string {
	if d.s.Record != "" {
		return d.s.Record
	}
	return d.s.Text
}

// extraordinary reads an opinion [os, oe) that holds an extraordinaryCues phrase by the
// lexicon words after the phrase, in the rest of the opinion's clause: 不是一般的慢 →
// negative. ok is false when there is no such phrase or nothing polar follows it.
func (d *Draft) extraordinary(os, oe int) (string, bool) {
	text := string(d.rs[os:oe])
	for _, w := range extraordinaryCues {
		i := strings.Index(text, w)
		if i < 0 {
			continue
		}
		from := os + len([]rune(text[:i+len(w)]))
		_, to := clauseAround(d.rs, from, from)
		sum := 0.0
		for _, x := range d.exprs(from, max(from, to)) {
			sum += x.score
		}
		if pol, _ := lexiconLabel(sum, d.p.LexiconThreshold); pol != Neutral {
			return pol, true
		}
		return "", false
	}
	return "", false
}

// soCalled reports whether 所谓(的) (not 无所谓, 正所谓) stands in the clause before the term at
// ts, or before its opinion [os, oe), with at most soCalledGap characters between: 所谓的创意,
// 所谓的新鲜苹果.
func (d *Draft) soCalled(cs, ts, os, oe int) bool {
	at := ts
	if oe > os && cs <= os && os < ts {
		at = os // the opinion before the term in its clause (所谓的新鲜苹果)
	}
	from := max(cs, at-soCalledGap-3)
	if from >= at {
		return false
	}
	head := string(d.rs[from:at])
	i := strings.LastIndex(head, "所谓")
	if i < 0 {
		return false
	}
	if i >= len("无") && (strings.HasSuffix(head[:i], "无") || strings.HasSuffix(head[:i], "正")) {
		return false
	}
	gap := []rune(strings.TrimPrefix(head[i+len("所谓"):], "的"))
	return len(gap) <= soCalledGap
}

// soCalledGap is how many characters may stand between 所谓(的) and the term (所谓的新鲜苹果: 2).
const soCalledGap = 4
