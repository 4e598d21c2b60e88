package mention

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/kg"
)

// Sentence is the policy's input for one sentence. Offsets are code points of Text.
type Sentence struct {
	Text string
	// Sentiment is the sentence's polarity label (negative | neutral | positive) and its
	// probability; empty when sentiment was not run.
	Sentiment      string
	SentimentScore float64
	// Words are the sentence's jieba words (the graph's terms registered as user words).
	// Terms match only where a word starts and another ends. When Words is nil, Cut (if
	// set) segments the sentence, only when it has a graph term or a triplet; with neither,
	// every position is a boundary.
	Words []segment.Word
	Cut   func(text string) []string
	// Tag segments the sentence with part-of-speech tags (segment.Segmenter.Tag); called
	// only for a bare model term that FaithfulPolicy.BareVerdict may send to the
	// aspect-polarity model (nil: no such term is sent).
	Tag func(text string) []segment.Word
	// Triplets are the aspect model's (term, opinion, polarity) triplets; nil when the
	// model is not loaded.
	Triplets []Mention
	// Record is the whole record's text the sentence comes from (promotion cues are counted
	// over it); "" means the sentence alone.
	Record string
	// Named are the aspect terms the caller names for this record (named.go: each
	// occurrence becomes one mention of source "named"); nil: none.
	Named []string
	// Conversational: the sentence is a turn of a conversation (a chat or call transcript;
	// engine.Conversational): a question there is the contact reason, not an aside
	// (SpuriousPolicy.AskNoMention leaves it).
	Conversational bool
}

// Span is one candidate aspect span the aspect-polarity model is asked about.
type Span struct{ Start, End int }

// Draft is one sentence on its way through the policy: Plan finds the candidate aspects,
// the caller scores Spans with the aspect-polarity model (when it has one), and Mentions
// decides polarity and point.
type Draft struct {
	p         *Policy
	g         *kg.Graph
	industry  string
	s         Sentence
	rs        []rune
	bound     []bool // bound[i]: a word starts or ends at i
	cands     []cand
	spans     []Span
	sentExprs []opinionExpr  // lexicon expressions of the whole sentence, made when first needed
	hits      []lexHit       // lexicon words of the whole sentence, made when first needed
	clauses   []clauseFacts  // cue verdicts per clause, made when first needed
	bare      int            // term candidates with no opinion in their clause; -1 until counted
	tags      []bool         // tags[i]: inside an emoticon, hashtag or @mention; made when first needed
	terms     []kg.TermMatch // the graph terms that stand alone in the sentence (graphTerms)
	posWords  []segment.Word // Sentence.Tag's words, made when first needed
	recEval   int            // recordEvaluates (spurious.go): 0 until known, 1 yes, -1 no
}

// cand is one candidate aspect.
type cand struct {
	start, end   int // term span; start == end for an implicit aspect
	opStart      int // opinion span (opEnd > opStart when known)
	opEnd        int
	source       string
	modelPol     string // the aspect model's polarity, "" for graph terms
	modelConf    float64
	mapping      kg.Mapping
	mapped       bool
	span         int // index into Spans, -1 when not scored
	implicitSent bool
	extra        bool   // a further opinion of a term another candidate holds (faithful.go)
	noAspect     bool   // a model term whose head word names no thing (wordclass.go), dropped in Mentions
	opinionWord  bool   // a model term that is one lexicon opinion word, not a noun (spurious.go): dropped in Mentions unless mapped
	scoreOnly    bool   // its span is scored for the arbiter's features only (Policy.ArbiterScoresAll)
	routePol     string // the polarity its dish route's opinion gives (refine.go), "" for none
}

// Plan finds the sentence's candidate aspects: the aspect model's terms (widened to word
// boundaries, kept whole and mapped through any graph term inside them), the graph's terms
// on word boundaries that no model term covers, and the model's implicit aspects. industry
// "" lets the graph infer it.
func (p *Policy) Plan(g *kg.Graph, industry string, s Sentence) *Draft {
	d := &Draft{p: p, g: g, industry: industry, s: s, rs: []rune(s.Text), bare: -1}
	all := g.FindAllTerms(industry, s.Text)
	if len(all) > 0 || len(s.Triplets) > 0 || len(s.Named) > 0 {
		d.segment()
	}
	n := len(d.rs)
	d.setBounds()
	terms := d.graphTerms(all)
	d.terms = terms
	// Model triplets with a term.
	far := d.farTriplets() // faithful.go
	for i, t := range s.Triplets {
		if t.Term == "" || t.End <= t.Start || t.End > n || (far != nil && far[i]) {
			continue
		}
		if bareTerm(t) && t.Confidence < p.BareMinScore {
			continue
		}
		c := cand{start: t.Start, end: t.End, source: SourceModel, modelPol: NormPolarity(t.Polarity), modelConf: t.Confidence, span: -1}
		tos, toe := 0, 0 // the triplet's own opinion span
		if t.OpinionEnd > t.OpinionStart && t.OpinionEnd <= n {
			tos, toe = t.OpinionStart, t.OpinionEnd
		}
		ns, ne := d.snapOut(c.start, c.end, p.SnapMaxGrow)
		c.start, c.end = d.keepModelSpan(c.start, c.end, ns, ne, tos, toe) // faithful.go
		c.start, c.end = d.refineTerm(c.start, c.end, terms)               // refine.go: 解冻花呗 → 花呗
		// wordcut.go: 功力深 → 功力, 香格 → 香格里拉酒店, 拖 of 拖到 dropped
		if p.WordCutTerms {
			var ok bool
			if c.start, c.end, ok = d.wordCut(c.start, c.end, all); !ok {
				continue
			}
		}
		// A graph term that contains the model term extends it (物流 → 物流速度); graph terms
		// inside it make it a graph mention, kept whole (酸汤鱼 stays 酸汤鱼).
		for _, m := range terms {
			if m.Start <= c.start && c.end <= m.End {
				c.start, c.end = m.Start, m.End
			}
		}
		c.start, c.end = d.conjunctionEdge(c.start, c.end, terms) // spurious.go: 安全性及 → 安全性
		for _, m := range terms {
			if c.start <= m.Start && m.End <= c.end {
				c.source = SourceModelKG
			}
		}
		if p.DropModelFragments && c.source == SourceModel && d.fragment(c.start, c.end) {
			continue
		}
		if p.Spurious.FunctionWordTerms && c.source == SourceModel && d.functionWord(c.start, c.end) {
			continue // spurious.go: 暂时, 真是, 为什么
		}
		// wordclass.go: a term that is one adverb, adjective, idiom, pronoun, number, time or
		// direction word (not a verb) is no aspect; dropped in Mentions, after it took its opinion.
		c.noAspect = p.Spurious.HeadWordClass && c.source == SourceModel && d.headWordClass(c.start, c.end)
		c.opinionWord = p.Spurious.OpinionWordTerm && c.source == SourceModel && d.opinionWordTerm(c.start, c.end) // spurious.go: 到位
		if t.OpinionEnd > t.OpinionStart && t.OpinionEnd <= n {
			c.opStart, c.opEnd = d.modelOpinion(t.OpinionStart, t.OpinionEnd, c.start, c.end)
		}
		if c.opEnd > c.opStart { // spurious.go: an opinion that is no opinion of this term
			if p.Spurious.NumberOpinion && numberOpinion(string(d.rs[c.opStart:c.opEnd])) {
				continue
			} else if p.Spurious.OwnClauseOpinion && d.otherClauseOpinion(c.start, c.end, c.opStart, c.opEnd) && d.ownClauseEvaluates(c.start, c.end) {
				if d.termHasOwnClauseOpinion(c.start, c.end) {
					continue
				}
				c.opStart, c.opEnd, c.modelPol, c.modelConf = 0, 0, "", 0
			} else if p.Spurious.FunctionOpinion && d.functionOpinion(c.opStart, c.opEnd) {
				c.opStart, c.opEnd, c.modelPol, c.modelConf = 0, 0, "", 0 // spurious.go: 音质 / 最
			} else if p.Spurious.RestSubject && d.restOpinion(c.start, c.end, c.opStart, c.opEnd) {
				c.opStart, c.opEnd, c.modelPol, c.modelConf = 0, 0, "", 0 // spurious.go: 其他都挺好的
			} else if p.Spurious.NoOpinionWords && d.aNotAOpinion(c.opStart, c.opEnd) {
				c.opStart, c.opEnd, c.modelPol, c.modelConf = 0, 0, "", 0
			} else if d.termOpinion(c.opStart, c.opEnd, all) || d.nounOpinion(c.opStart, c.opEnd) {
				c.opStart, c.opEnd, c.modelPol, c.modelConf = 0, 0, "", 0 // spurious.go: 轮胎 / 有胎压
			}
		}
		if ok, extra := d.extraOpinionOK(c, t); !ok { // faithful.go
			c.opStart, c.opEnd = 0, 0
		} else {
			c.extra = extra
		}
		d.addCand(c)
	}
	// Graph terms no model term covers (only the heads of compounds).
	heads := terms
	if p.CompoundHead {
		heads = d.compoundHeads(terms)
	}
	for _, m := range heads {
		if d.covered(m.Start, m.End) {
			continue
		}
		d.addCand(cand{start: m.Start, end: m.End, source: SourceKG, span: -1})
	}
	// The model's implicit aspects (an opinion without a term) not inside another candidate,
	// only where the pack's implicit phrases map the opinion itself (太贵了 → 价格): an
	// opinion span the pack cannot place is a fragment (不, 而且, 本人), not an aspect.
	for _, t := range s.Triplets {
		if t.Term != "" || t.OpinionEnd <= t.OpinionStart || t.OpinionEnd > n {
			continue
		}
		os, oe := d.modelOpinion(t.OpinionStart, t.OpinionEnd, 0, 0) // faithful.go: KeepParticles
		if oe <= os || d.opinionTaken(os, oe) {
			continue
		}
		if _, ok := g.MapAspect(industry, "", "", string(d.rs[os:oe])); !ok {
			continue
		}
		d.cands = append(d.cands, cand{start: 0, end: 0, opStart: os, opEnd: oe, source: SourceModel, modelPol: NormPolarity(t.Polarity), modelConf: t.Confidence, span: -1})
	}
	// Map every candidate onto the graph.
	for i := range d.cands {
		c := &d.cands[i]
		term, op := "", ""
		if c.end > c.start {
			term = string(d.rs[c.start:c.end])
		}
		if c.opEnd > c.opStart {
			op = string(d.rs[c.opStart:c.opEnd])
		}
		owner, owned := kg.Mapping{}, false
		if c.source != SourceModel { // a model term is placed by what it holds (below)
			owner, _, owned = d.compoundOwner(c.start, c.end, op)
		}
		if owned {
			c.mapping, c.mapped = owner, true // 电池时间: the battery's time (compound.go)
		} else if c.source == SourceModel || c.end <= c.start {
			// A model term the pack does not know, or an implicit aspect, is placed only by
			// what it holds itself (a known term inside it, an implicit phrase in its
			// opinion), never by an implicit phrase elsewhere in the sentence (东西 in
			// 东西质量也还行，就是果子太小了 is no 尺码版型). The sentence then decides
			// between the aspects that share the phrase.
			if op == "" && c.end > c.start {
				// A bare model term (decoding.bare_aspects) holds the opinion its own clause
				// gives it (外卖送得太慢了: 外卖 holds 太慢 → 配送时效).
				if _, _, os, oe, _, _ := d.opinionOf(c); oe > os {
					op = string(d.rs[os:oe])
				}
			}
			// The term with the graph terms that may not place it hidden (评价 is no 价格);
			// the term itself when there are none (and for an implicit aspect: "").
			mt := d.maskInner(c.start, c.end, all)
			if industry == "" { // the industry is inferred from what MapAspect reads
				if _, ok := g.MapAspect(industry, "", mt, op); ok {
					c.mapping, c.mapped = g.MapAspect(industry, s.Text, mt, op)
				}
			} else {
				c.mapping, c.mapped = g.MapAspectOwn(industry, s.Text, mt, op)
			}
			if !c.mapped && c.end > c.start {
				c.mapping, c.mapped = d.productName(c, op) // refine.go
			}
			if !c.mapped && c.end > c.start {
				c.mapping, c.mapped = d.dishName(c, op) // refine.go
			}
		} else {
			c.mapping, c.mapped = g.MapAspect(industry, s.Text, term, op)
		}
		if c.end > c.start {
			if mp, ok := d.actorOwner(c); ok { // refine.go: 送餐小哥帅气，态度好
				c.mapping, c.mapped = mp, true
			}
		}
		if d.needsVerdict(c) {
			c.span = len(d.spans)
			d.spans = append(d.spans, Span{c.start, c.end})
		} else if d.p.ArbiterScoresAll && c.end > c.start {
			// Scored for the arbiter's features only (arbiter.go): decide never reads it.
			c.span, c.scoreOnly = len(d.spans), true
			d.spans = append(d.spans, Span{c.start, c.end})
		}
	}
	if len(s.Named) > 0 {
		d.planNamed()
	}
	return d
}

// bareTerm reports whether an aspect-model mention is a term without an opinion or a
// polarity (decoding.bare_aspects).
func bareTerm(t Mention) bool {
	return t.Term != "" && t.Polarity == "" && t.OpinionEnd <= t.OpinionStart
}

// Spans are the candidate aspect spans to score with the aspect-polarity model, in order.
func (d *Draft) Spans() []Span { return d.spans }

// setBounds fills bound from the sentence's words (every position when it has none).
func (d *Draft) setBounds() {
	n := len(d.rs)
	d.bound = make([]bool, n+1)
	if d.s.Words == nil {
		for i := range d.bound {
			d.bound[i] = true
		}
		return
	}
	d.bound[0], d.bound[n] = true, true
	for _, w := range d.s.Words {
		if w.Start >= 0 && w.Start <= n {
			d.bound[w.Start] = true
		}
		if w.End >= 0 && w.End <= n {
			d.bound[w.End] = true
		}
	}
}

// graphTerms returns the graph's terms that stand alone in the sentence (standsAlone),
// leftmost-longest, non-overlapping.
func (d *Draft) graphTerms(all []kg.TermMatch) []kg.TermMatch {
	var out []kg.TermMatch
	next := 0
	for _, m := range all { // by start, longest first
		if m.Start < next || !d.standsAlone(m) {
			continue
		}
		if d.tagged(m.Start) && d.tagged(m.End-1) { // a hashtag topic or an @name, not a mention
			continue
		}
		out = append(out, m)
		next = m.End
	}
	return out
}

// standsAlone reports whether a graph term occurrence is a word of the sentence, not a
// piece of a longer one: a single-character term only where the pack marks it safe
// (single_char_ok) and a jieba word starts and another ends (价 in 评价 is none); a longer
// one only where its edges stand (edgeOK) and it cuts no word (crossesWord).
func (d *Draft) standsAlone(m kg.TermMatch) bool {
	return d.standsAsWord(m.Start, m.End) && (m.End-m.Start > 1 || d.g.SingleCharOK(d.industry, m.Term))
}

// standsAsWord is standsAlone's word test of [s, e), single_char_ok aside: one character
// where a jieba word starts and another ends, a longer span where its edges stand (edgeOK)
// and it cuts no word (crossesWord). The industry evidence uses it too (industry.go).
func (d *Draft) standsAsWord(s, e int) bool {
	if e-s == 1 {
		return d.bound[s] && d.bound[e]
	}
	return d.edgeOK(s, -1) && d.edgeOK(e, +1) && !d.crossesWord(s, e)
}

// compoundHeads keeps only the head (the last) of graph terms written together as one noun
// phrase (蓝牙耳机, 同价位蓝牙耳机: the phrase is about 耳机): a term directly followed by
// another is its modifier. Terms listed under a collective adverb (质量服务都很好) are a
// list, not a compound, and all stay. A head that is an attribute of its modifier
// (电池时间, compound.go) is widened to the phrase from that modifier on.
func (d *Draft) compoundHeads(ts []kg.TermMatch) []kg.TermMatch {
	out := ts[:0:0]
	run := -1 // where the run of adjacent terms holding m begins
	for i, m := range ts {
		if run < 0 || ts[i-1].End != m.Start {
			run = i
		}
		if i+1 < len(ts) && ts[i+1].Start == m.End {
			j := i + 1
			for j+1 < len(ts) && ts[j+1].Start == ts[j].End {
				j++
			}
			_, ce := clauseAround(d.rs, ts[j].Start, ts[j].End)
			if !strings.ContainsAny(string(d.rs[ts[j].End:ce]), "都均全俩") {
				continue
			}
		}
		if run < i {
			if _, start, ok := d.compoundOwner(ts[run].Start, m.End, ""); ok {
				m.Start, m.Term, m.Refs = start, string(d.rs[start:m.End]), nil
			}
		}
		out = append(out, m)
	}
	return out
}

// edgeOK reports whether a term edge at i (dir −1: its start, +1: its end) may stand: a
// word boundary, or inside a jieba word whose part beyond the edge is a lexicon opinion or
// negation (速度|快, 服务|周到, 高|品质, 无|故障: the dictionary joins a term and its
// opinion) or at most TermEdgeSlack
// characters. Any other word holding the term names something else: one that goes on after
// it something the term only modifies (服务|员, 火锅|店, 价值|观, 大|打折|扣), one that begins
// before it another sense (车|流量, 一段|时间, 待机|时间).
func (d *Draft) edgeOK(i, dir int) bool {
	if d.bound[i] {
		return true
	}
	j := i
	for j > 0 && j < len(d.rs) && !d.bound[j] {
		j += dir
	}
	a, b := j, i
	if dir > 0 {
		a, b = i, j
	}
	if b-a <= d.p.TermEdgeSlack {
		return true
	}
	e, ok := loadLexicon().words[string(d.rs[a:b])]
	return ok && (e.kind == lexOpinion || e.kind == lexNegation) // not 微 (a degree) of 微|信号
}

// maskInner returns the model term [s, e) with the graph terms inside it that may not place
// it (placesModelTerm) hidden (□): 评价 is not placed through 价; 酸汤鱼 is through 鱼, and
// stays whole.
func (d *Draft) maskInner(s, e int, all []kg.TermMatch) string {
	var rs []rune
	for _, m := range all {
		if m.Start < s || m.End > e || d.placesModelTerm(m) && !(d.p.OtherSense && d.otherSense(s, e, m)) {
			continue
		}
		if rs == nil {
			rs = append([]rune(nil), d.rs[s:e]...)
		}
		for i := m.Start; i < m.End; i++ {
			rs[i-s] = '□'
		}
	}
	if rs == nil {
		return string(d.rs[s:e])
	}
	return string(rs)
}

// otherSense reports whether the graph term m inside the model term [s, e) lies in one of
// otherSenseWords there: a word that holds the term but names something else (人流量 is a
// crowd, not a data allowance; 毛利率 a company's margin, not a loan's rate), so the term may
// not place the model term.
func (d *Draft) otherSense(s, e int, m kg.TermMatch) bool {
	term := string(d.rs[s:e])
	for _, w := range otherSenseWords {
		for off := 0; ; {
			i := strings.Index(term[off:], w)
			if i < 0 {
				break
			}
			ws := s + utf8.RuneCountInString(term[:off+i])
			we := ws + utf8.RuneCountInString(w)
			if ws <= m.Start && m.End <= we && m.End-m.Start < we-ws {
				return true
			}
			off += i + len(w)
		}
	}
	return false
}

// cutsTerm reports whether [s, e) cuts a graph term that stands in the sentence: it starts
// inside the term and ends beyond it, or starts before it and ends inside it (量大 across
// 质量|大打折扣 is no lexicon word of the sentence; 量大 holding the term 量 is).
func (d *Draft) cutsTerm(s, e int) bool {
	for _, t := range d.terms {
		if t.Start < s && s < t.End && e > t.End || s < t.Start && t.Start < e && e < t.End {
			return true
		}
	}
	return false
}

// placesModelTerm reports whether a graph term inside a model term places it: any term of
// two or more characters (the model delimited the phrase: 配送时间 through 时间, 屏幕显示
// through 屏幕, kept whole), a single-character one only where the pack marks it safe
// (single_char_ok: 酸汤鱼 stays whole, and is not placed through 价-like pieces: 评价 is no
// 价格). A single-character term ending a model term of three or more characters, the head
// of a noun phrase (湄公鱼, 艇仔粥), placing it whatever the pack says was tried: on DEV
// handchecked_dev F1 0.6122 → 0.6098 (南瓜粥 and a restaurant name placed on 餐品口味 with
// no opinion on them), ASTE train carve triplet 0.2801 → 0.2802; not kept.
// Placing a model term only through the terms that stand alone in the sentence
// (standsAlone, the model term's edges counting as word edges) was tried: on DEV it also
// kept 车流量 from 流量 (handchecked_dev nothing-expected quiet 111 → 112 of 128, car val
// mentions micro-F1 0.5065 → 0.5076), but it unplaced every model term that is one jieba
// word holding a term (鱼类, 配送时间, 屏幕显示), whose term
// is right far more often than not; not kept. So a model term 充电宝 or 车流量 is placed
// through 充电 or 流量 (a graph term there, with no model term, is none).
func (d *Draft) placesModelTerm(m kg.TermMatch) bool {
	return m.End-m.Start > 1 || d.g.SingleCharOK(d.industry, m.Term)
}

// segment fills s.Words from s.Cut (code-point offsets) when the caller gave no words.
func (d *Draft) segment() {
	if d.s.Words != nil || d.s.Cut == nil {
		return
	}
	pos := 0
	words := make([]segment.Word, 0, len(d.rs)/2+1)
	for _, w := range d.s.Cut(d.s.Text) {
		n := utf8.RuneCountInString(w)
		words = append(words, segment.Word{Text: w, Start: pos, End: pos + n})
		pos += n
	}
	if pos != len(d.rs) { // the segmenter rewrote the text: no boundaries rather than wrong ones
		return
	}
	d.s.Words = words
}

// exprs returns the lexicon's opinion expressions inside [from, to), from one scan of
// the sentence.
func (d *Draft) exprs(from, to int) []opinionExpr {
	lx := loadLexicon()
	if d.hits == nil {
		// Lexicon words that cut a graph term are skipped (cutsTerm): on DEV the ASTE train
		// carve triplet F1 0.2801 → 0.2805, the other DEV sets unchanged. Skipping those that
		// cut any jieba word was tried: car val mentions micro-F1 0.5068 → 0.5026,
		// handchecked_dev F1 0.6069 → 0.6045 (jieba's own errors cut opinions too); not kept.
		skip := d.cutsTerm
		if d.p.Spurious.PurposeNoOpinion {
			skip = func(s, e int) bool { return d.cutsTerm(s, e) || purposeHit(d.rs, s) } // spurious.go: 为了防止
		}
		d.hits = lx.scanSkip(d.rs, 0, len(d.rs), skip)
		if d.hits == nil {
			d.hits = []lexHit{}
		}
	}
	var splits func(s, e int) bool
	if d.p.Negation.TermSplitsChain {
		splits = func(s, e int) bool { return d.termIn(s, e, nil) }
	}
	return lx.exprs(d.hits, from, to, d.p.ModifierReach, splits)
}

// snapOut widens [s, e) to word boundaries when that adds at most grow characters.
func (d *Draft) snapOut(s, e, grow int) (int, int) {
	ns, ne := s, e
	for ns > 0 && !d.bound[ns] {
		ns--
	}
	for ne < len(d.rs) && !d.bound[ne] {
		ne++
	}
	if (s-ns)+(ne-e) > grow {
		return s, e
	}
	return ns, ne
}

// cleanOpinion snaps an opinion span to word boundaries, removes the term from it (物流太慢了
// → 太慢了, the part on the far side of the term), trims punctuation and particles.
func (d *Draft) cleanOpinion(os, oe, ts, te int) (int, int) {
	os, oe = d.snapOut(os, oe, d.p.SnapMaxGrow+1)
	if te > ts && os < te && ts < oe { // overlaps the term: keep the longer outer side
		if oe-te >= ts-os {
			os = te
		} else {
			oe = ts
		}
	}
	for os < oe && (isPunct(d.rs[os]) || d.rs[os] == ' ') {
		os++
	}
	for oe > os && (isPunct(d.rs[oe-1]) || strings.ContainsRune(particles, d.rs[oe-1])) {
		oe--
	}
	if oe <= os {
		return 0, 0
	}
	return os, oe
}

func (d *Draft) addCand(c cand) {
	for i := range d.cands { // duplicates merged: one candidate per term span
		o := &d.cands[i]
		if o.start == c.start && o.end == c.end {
			if d.p.Faithful.EvaluatingOpinionFirst && hollow(d.rs, o.opStart, o.opEnd) &&
				c.opEnd > c.opStart && len(d.exprs(c.opStart, c.opEnd)) > 0 {
				o.opStart, o.opEnd, o.modelPol, o.modelConf, o.extra = c.opStart, c.opEnd, c.modelPol, c.modelConf, false
				return // the earlier opinion evaluates nothing (faithful.go)
			}
			if d.p.ownOpinion(o.opStart, o.opEnd, c.opStart, c.opEnd) {
				continue // another opinion of the same term (faithful.go)
			}
			if o.opEnd <= o.opStart && c.opEnd > c.opStart {
				o.opStart, o.opEnd, o.modelPol, o.modelConf = c.opStart, c.opEnd, c.modelPol, c.modelConf
			}
			return
		}
	}
	d.cands = append(d.cands, c)
}

// fragment reports whether a model term [s, e) is no word of its own (Policy.DropModelFragments):
// one character inside a jieba word of three or more (物美价廉, 明码标价, 怎么回事; inside
// any longer word: ASTE train carve (aspect, polarity) 0.5520 → 0.5515 against 0.5519), or
// only punctuation and digits.
func (d *Draft) fragment(s, e int) bool {
	if e-s == 1 && d.s.Words != nil {
		for _, w := range d.s.Words {
			if w.Start <= s && e <= w.End && w.End-w.Start >= 3 {
				return true
			}
		}
	}
	for _, r := range d.rs[s:e] {
		if !isPunct(r) && !(r >= '0' && r <= '9') && r != ' ' {
			return false
		}
	}
	return true
}

// covered reports whether [s, e) overlaps a term candidate's span.
func (d *Draft) covered(s, e int) bool {
	for _, c := range d.cands {
		if c.end > c.start && c.start < e && s < c.end {
			return true
		}
	}
	return false
}

// opinionTaken reports whether an opinion span overlaps a term or an opinion of a candidate.
func (d *Draft) opinionTaken(s, e int) bool {
	for _, c := range d.cands {
		if c.end > c.start && c.start < e && s < c.end {
			return true
		}
		if c.opEnd > c.opStart && c.opStart < e && s < c.opEnd {
			return true
		}
	}
	return false
}

// Mentions decides each candidate's opinion, polarity and point. probs holds the
// aspect-polarity model's (negative, neutral, positive) probabilities for Spans, in order,
// or is nil when the model is not loaded. When the sentence has no candidate, the graph's
// implicit phrases (太贵了 → 价格) may still yield one implicit mention.
func (d *Draft) Mentions(probs [][3]float32) []Mention {
	var out []Mention
	var facts map[arbKey]*arbFacts // arbiter.go
	if d.p.Arbiter != nil || d.p.ArbiterTrace != nil {
		facts = map[arbKey]*arbFacts{}
	}
	noAspects := 0
	for i := range d.cands {
		c := &d.cands[i]
		var pr *[3]float32
		if probs != nil && c.span >= 0 && c.span < len(probs) {
			pr = &probs[c.span]
		}
		var af *arbFacts
		if facts != nil {
			af = &arbFacts{}
		}
		var seen *[3]float32
		if c.scoreOnly {
			seen, pr = pr, nil // the rules decide as if the span were not scored
		}
		m := d.decide(c, pr, af)
		if af != nil {
			if seen != nil {
				af.pr = seen
			}
			facts[keyOf(m)] = af
		}
		if c.extra && m.Polarity == Neutral && d.p.Faithful.FurtherDropsNeutral { // a further opinion that evaluates nothing (faithful.go)
			continue
		}
		if c.noAspect || (c.opinionWord && m.KG == nil) {
			noAspects++ // wordclass.go: after the implicit fallback below, as dropNotAspects
			continue
		}
		out = append(out, m)
	}
	if len(out) == 0 && noAspects == 0 {
		if m, ok := d.implicit(); ok {
			out = append(out, m)
		} else if m, ok := d.productDefault(); ok {
			out = append(out, m)
		}
	}
	d.itchBack(out)
	out = dropNotAspects(out) // refine.go
	if d.p.DropBare {
		out = d.dropBare(out)
	}
	out = d.cueMention(out)        // refine.go
	out = d.complaintMentions(out) // complaint.go
	if d.p.Spurious.AskNoMention {
		out = d.dropAsked(out) // spurious.go: a question or request is no evaluation
	}
	if d.p.Spurious.Hypothetical {
		out = d.dropHypothetical(out) // spurious.go: 好的话会推荐
	}
	if d.p.Spurious.PastProduct {
		out = d.dropPast(out) // spurious.go: 之前我用的手机 is another item
	}
	out = d.dropModelOnly(out) // modelonly.go
	ctx := d.s.Record
	if ctx == "" {
		ctx = d.s.Text
	}
	if d.p.PromoCues > 0 && promotional(ctx, d.p.PromoCues) ||
		d.industry != "" && slices.Contains(d.p.Spurious.HeadlineIndustries, d.industry) && headline(ctx) {
		out = keepNamedQuiet(out) // an advertisement or a notice, not a customer's voice (spurious.go: headline)
	} else if d.p.MarketReport && marketReport(ctx) {
		out = keepNamedQuiet(out) // financial news, not a customer's voice
	}
	if facts != nil {
		d.arbitrate(out, facts) // arbiter.go: polarity only, never presence
	}
	if d.p.Spurious.JoinAdjacent {
		out = joinAdjacent(d.s.Text, out) // spurious.go
	}
	out = d.p.Dup.mergeShared(d.rs, out) // dup.go
	if d.p.OpinionTerm.Fold {
		out = d.foldOpinionTerms(out) // opinionterm.go: 食物 / 很干净 beside 干净
	}
	return mergeDuplicates(d.p, out)
}

// dropBare removes term mentions with no opinion, no point and neutral polarity (a word
// nobody evaluates: 才来评价, 用了一段时间), except where their clause asks about them (a
// question names the contact reason: 信用卡怎么办理？).
func (d *Draft) dropBare(ms []Mention) []Mention {
	out := ms[:0]
	for _, m := range ms {
		if m.Term != "" && m.Opinion == "" && m.Point == "" && m.Polarity == Neutral && m.Source != SourceCategory && m.Source != SourceNamed {
			cs, ce := clauseAround(d.rs, m.Start, m.End)
			if !d.asks(cs, ce) || (d.p.Spurious.UnplacedAsk && m.KG == nil) {
				continue // spurious.go: an unplaced term names no contact reason (未了情？, 机子倒没什么)
			}
		}
		out = append(out, m)
	}
	return out
}

// asks reports whether the clause [cs, ce) is a question (ends in ？ or a question
// particle, or holds a question word: 请问, 怎么, 如何, 多少 …).
func (d *Draft) asks(cs, ce int) bool {
	if d.question(cs, ce) {
		return true
	}
	clause := notAsking(string(d.rs[cs:ce])) // negators.go: 不怎么 asks nothing
	if d.p.Spurious.AskNoMention && requestClause(clause) {
		return true // spurious.go: 给我个…
	}
	for _, q := range questionWords {
		if strings.Contains(clause, q) {
			return true
		}
	}
	return false
}

// bareTerms counts the term candidates with no opinion in their clause (model terms carry
// their own).
func (d *Draft) bareTerms() int {
	if d.bare >= 0 {
		return d.bare
	}
	d.bare = 0
	for i := range d.cands {
		c := &d.cands[i]
		if c.end <= c.start || c.opEnd > c.opStart {
			continue
		}
		if _, _, os, oe, _, _ := d.opinionOf(c); oe <= os {
			d.bare++
		}
	}
	return d.bare
}

// itchBack: a wish clause that names no aspect of its own (要是能快些就好了, 建议下次淡一点)
// is about the aspect of the clause just before it, which becomes an itch (送餐速度有些慢，
// 要是能快些就好了). A wish clause that names an aspect leaves the others alone.
func (d *Draft) itchBack(ms []Mention) {
	if len(ms) == 0 || !HasItchCue(d.s.Text) {
		return
	}
	var clauses [][2]int
	for s := 0; s < len(d.rs); {
		e := s
		for e < len(d.rs) && !isPunct(d.rs[e]) {
			e++
		}
		if e > s {
			clauses = append(clauses, [2]int{s, e})
		}
		s = e + 1
	}
	in := func(m Mention, c [2]int) bool { return m.Start >= c[0] && m.Start < c[1] }
	for k := 1; k < len(clauses); k++ {
		c := clauses[k]
		if !HasItchCue(string(d.rs[c[0]:c[1]])) {
			continue
		}
		named := false
		for _, m := range ms {
			if in(m, c) {
				named = true
				break
			}
		}
		if named {
			continue
		}
		for i := range ms {
			if ms[i].Term != "" && in(ms[i], clauses[k-1]) && !(d.p.ItchBackNotPositive && ms[i].Polarity == Positive) {
				ms[i].Point = PointItch
			}
		}
	}
}

// opinionOf finds a candidate's clause and opinion: the aspect model's opinion span, or
// the nearest lexicon expression in the term's clause, or an orphan opinion in the next
// clause; lexPol/lexScore are the opinion's lexicon polarity ("" when there is none).
func (d *Draft) opinionOf(c *cand) (cs, ce, os, oe int, lexPol string, lexScore float64) {
	p := d.p
	anchorS, anchorE := c.start, c.end
	if c.end <= c.start {
		anchorS, anchorE = c.opStart, c.opEnd
	}
	cs, ce = clauseAround(d.rs, anchorS, anchorE)
	os, oe = c.opStart, c.opEnd
	if oe <= os && c.end > c.start {
		if d.aNotA(cs, ce) {
			// 喝不喝好, 好不好用: the clause asks; its words are no opinion.
		} else if x, ok := nearestExpr(d.freeExprs(d.exprs(cs, ce), c), c.start, c.end, p.OpinionBeforeReach); ok && !d.crossed(c, x) {
			os, oe = d.cleanOpinion(x.start, x.end, c.start, c.end)
			lexPol, lexScore = lexiconLabel(x.score, p.LexiconThreshold)
		} else if x, ok := d.orphanOpinion(ce); ok {
			os, oe = d.cleanOpinion(x.start, x.end, c.start, c.end)
			lexPol, lexScore = lexiconLabel(x.score, p.LexiconThreshold)
		}
	} else if oe > os {
		sum := 0.0
		for _, x := range d.exprs(os, oe) {
			sum += x.score
		}
		lexPol, lexScore = lexiconLabel(sum, p.LexiconThreshold)
	}
	return
}

// needsVerdict reports whether the policy asks the aspect-polarity model about a
// candidate: a term span whose polarity is not settled without it (clear), with an opinion
// in its clause unless Policy.VerdictWithoutOpinion, and not one the aspect model already
// gave a polarity unless Policy.VerdictForModelTerms.
func (d *Draft) needsVerdict(c *cand) bool {
	if c.end <= c.start {
		return false
	}
	if c.modelPol != "" && !d.p.VerdictForModelTerms && d.p.ModelTermVerdictMinProb <= 0 {
		return false
	}
	if !d.p.VerdictWithoutOpinion && !d.bareVerdict(c) {
		if _, _, os, oe, _, _ := d.opinionOf(c); oe <= os {
			return false
		}
	}
	return !d.clear(c)
}

// clear reports whether a candidate's polarity is settled without the aspect-polarity
// model: the pack's direction applies to a magnitude word after it, or its opinion's
// lexicon polarity is strong (ClearLexicon) and agrees with a confident sentence
// (ClearSentence). Such spans are not sent to the model (it costs about as much per span
// as the sentence model per sentence).
func (d *Draft) clear(c *cand) bool {
	p := d.p
	if p.ClearLexicon <= 0 || c.end <= c.start {
		return false
	}
	cs, ce, os, oe, lexPol, lexScore := d.opinionOf(c)
	if c.mapped && !d.question(cs, ce) && !(p.Spurious.AskNoMention && d.inquiry(cs, ce)) {
		if dir := d.g.Direction(c.mapping.IndustryID, c.mapping.IndicatorID, c.mapping.AspectID, string(d.rs[c.start:c.end])); dir != "" {
			if _, ms, me, ok := d.magnitude(c.end, ce, os, oe); ok && d.magnitudeFits(dir, ms, me) {
				return true
			}
		}
	}
	sent := NormPolarity(d.s.Sentiment)
	return oe > os && lexPol != "" && lexPol != Neutral && math.Abs(lexScore) >= p.ClearLexicon &&
		lexPol == sent && d.s.SentimentScore >= p.ClearSentence
}

// directionYields reports whether the aspect model's own confident polarity of a model
// term (Policy.DirectionYieldProb) disagrees with the direction's reading read.
func (d *Draft) directionYields(c *cand, read string) bool {
	y := d.p.DirectionYieldProb
	return y > 0 && c.modelPol != "" && c.modelPol != Neutral &&
		c.modelPol != read && c.modelConf >= y
}

// decide gives one candidate its opinion, polarity and point.
//
// af, when not nil, receives what the rules saw (arbiter.go).
func (d *Draft) decide(c *cand, pr *[3]float32, af *arbFacts) Mention {
	p := d.p
	m := Mention{Start: c.start, End: c.end, Source: c.source}
	if c.end > c.start {
		m.Term = string(d.rs[c.start:c.end])
	}
	if c.end <= c.start {
		m.Start, m.End = c.opStart, c.opEnd
	}
	cs, ce, os, oe, lexPol, lexScore := d.opinionOf(c)
	clause := string(d.rs[cs:ce])
	hasOpinion := oe > os
	d.reroute(c, os, oe)

	pol, conf := Neutral, 0.0
	decided, decidedByDirection := false, false
	ownWords := false                    // the polarity is the term's own words' (termPolarity)
	dirS, dirE, modelProb := -1, -1, 0.0 // the direction's magnitude word; the model's verdict (negation.go)
	// 1. Pack direction with a magnitude word (油耗有点高, 空间大, 价格不贵).
	if c.mapped && c.end > c.start && !(c.source == SourceNamed && pr != nil && !p.Named.DirectionFirst) {
		if dir := d.g.Direction(c.mapping.IndustryID, c.mapping.IndicatorID, c.mapping.AspectID, m.Term); dir != "" && !d.question(cs, ce) &&
			!(p.Spurious.AskNoMention && d.inquiry(cs, ce)) { // spurious.go: 看看时间长了怎么样 asks
			if up, ms, me, ok := d.magnitude(c.end, ce, os, oe); ok && d.magnitudeFits(dir, ms, me) {
				read := Positive
				if up == (dir == kg.HigherIsBad) {
					read = Negative
				}
				if tp := d.termPolarity(c); p.TermSenseOverDirection && tp != "" && !d.polarSpan(ms, me) {
					// The magnitude grades a polar term itself (便宜很多, 噪音很小).
					read = tp
					if !up {
						read = oppositePolarity(tp)
					}
				}
				if !d.directionYields(c, read) {
					pol, conf, decided, decidedByDirection = read, p.DirectionConfidence, true, true
					dirS, dirE = ms, me
					if !hasOpinion || !(os <= ms && me <= oe) {
						os, oe = ms, me
					}
					hasOpinion = true
				}
			}
		}
	}
	// 2. The aspect-polarity model.
	minProb, noOpinionMin := p.PolarityMinProb, p.NoOpinionMinProb
	if c.source == SourceNamed {
		minProb, noOpinionMin = p.Named.MinProb, p.Named.NoOpinionMinProb
	}
	if c.modelPol != "" && c.source != SourceNamed && !p.VerdictForModelTerms && p.ModelTermVerdictMinProb > 0 {
		minProb = max(minProb, p.ModelTermVerdictMinProb)
	}
	if !decided && pr != nil {
		k := argmax3(*pr)
		if float64(pr[k]) >= minProb {
			pol, conf = []string{Negative, Neutral, Positive}[k], float64(pr[k])
			if !hasOpinion && pol != Neutral && (conf < noOpinionMin || d.bareAnyRefused(c, pol, conf)) {
				pol = Neutral
			}
			decided = true
			modelProb = conf
		}
	}
	// 3. The aspect model's own polarity, then the opinion's lexicon polarity.
	if !decided {
		switch {
		case c.modelPol != "" && lexPol != "" && lexPol != Neutral && lexPol != c.modelPol &&
			(c.modelPol != Neutral || p.Faithful.LexiconOverNeutralModel): // faithful.go
			// The model's opinion span reads the other way in the lexicon (很不方便).
			pol, conf = lexPol, math.Abs(lexScore)
		case c.modelPol != "" && (lexPol == "" || lexPol == Neutral) && c.modelPol != NormPolarity(d.s.Sentiment) &&
			d.s.SentimentScore >= p.SentenceOverModel && d.sentenceSpeaksFor(cs, ce):
			// An opinion the lexicon cannot read, against a confident sentence whose only
			// opinion is this clause (吃了拉肚子: 拉肚子 is no pleasure).
			pol, conf = NormPolarity(d.s.Sentiment), d.s.SentimentScore
		case c.modelPol != "":
			pol, conf = c.modelPol, c.modelConf
		case hasOpinion && lexPol != "":
			pol, conf = lexPol, math.Abs(lexScore)
		case !hasOpinion && c.end > c.start && d.termPolarity(c) != "":
			// The term carries its own opinion (不新鲜, 假货, 异味).
			pol, conf = d.termPolarity(c), p.TermOpinionConfidence
			ownWords = true
		case !hasOpinion && d.sentenceSpeaksFor(cs, ce) && (c.end <= c.start || d.bareTerms() <= p.SentenceMaxBare) &&
			len(d.freeExprs(d.exprs(cs, ce), c)) == 0:
			// No opinion word in the clause: the sentence's polarity, when no clause carries
			// an opinion it could come from (等了两个小时才送到; in 耳机里音质最好 the
			// sentence's praise is 音质's) and few bare terms share it.
			pol, conf = NormPolarity(d.s.Sentiment), d.s.SentimentScore
		}
	}
	// A bare 一般 at its clause end is a mild complaint (散热一般).
	if pol == Neutral && hasOpinion && c.mapped && slices.Contains(p.MediocreNegativeIndustries, c.mapping.IndustryID) && d.mediocreOpinion(os, oe) &&
		!containsAny(d.recordText(), p.MediocreNegativeExcept[c.mapping.IndustryID]) {
		pol = Negative
		if conf == 0 {
			conf = p.CueConfidence
		}
	}
	// 3b. A term with no opinion of its own stays neutral where the industry says so
	// (Policy.NoOpinionNeutralIndustries): 9AT高速超车 in a post about acceleration. Not an
	// aspect the caller named: it was asked about, and the polarity model answers for it
	// (APC DEV named mode lost 10 of 1,293 items to this rule, session 15).
	if !hasOpinion && c.end > c.start && !decidedByDirection && !ownWords && pol != Neutral && c.source != SourceNamed && d.noOpinionNeutral(c) &&
		!(c.mapped && p.NoOpinionNeutralKeepProb > 0 && modelProb >= p.NoOpinionNeutralKeepProb) && !d.adjectiveTail(c) {
		pol, conf = Neutral, 0
	}
	// 4. Negation and comparison scope of the clause's opinion (negation.go).
	v, vok := d.scoped(c, cs, ce, os, oe)
	if af != nil {
		af.preNeg, af.byDirection = pol, decidedByDirection
		if vok {
			af.scope = v.pol
		}
	}
	if vok && v.pol != pol && p.Negation.wins(v, decidedByDirection, dirS, dirE, modelProb) {
		pol, conf = v.pol, p.Negation.Confidence
		vs, ve := v.opinion(os, oe, hasOpinion)
		if ns, ne := d.cleanOpinion(vs, ve, c.start, c.end); ne > ns {
			os, oe, hasOpinion = ns, ne, true
		}
	}
	// The standard side of a worse-than comparison: 还不如台电的音质好 praises the other
	// product's 音质 to blame this one's.
	if p.StandardSideNegative && pol == Positive && c.end > c.start && os >= c.end && d.afterWorseCue(cs, c.start) {
		pol, conf = Negative, p.Negation.Confidence
	}
	// Cue rules: an expectation a turn belies, 不是正品, a fault word, 降价太快, 所谓的 (polcues.go).
	if cp := d.cuePolarity(c, pol, cs, ce, os, oe); cp != pol {
		pol = cp
		if conf == 0 {
			conf = p.CueConfidence
		}
	}
	// A cost word in a sentence that says the price was worth it is praise (这么贵的耳机，
	// 真的物有所值).
	if pol == Negative && containsAny(m.Term+"|"+string(d.rs[os:max(os, oe)]), costWords) {
		if vs, ve, ok := d.valueCue(); ok {
			pol, os, oe, hasOpinion = Positive, vs, ve, true
		}
	}
	if c.routePol != "" && pol != c.routePol {
		pol, conf = c.routePol, p.TermOpinionConfidence // 披萨 凉透, 豆腐脑 是洒的 (refine.go)
	}
	cf := d.facts(cs, ce, clause)
	if p.QuestionNeutral && pol != Neutral && !cf.complaint && !cf.disappointed && !decidedByDirection &&
		(d.inquiry(cs, ce) || p.Spurious.AskNoMention && requestClause(clause)) {
		// A plain question asks; its words are a hypothesis, not an evaluation (花呗付款能退款吗,
		// 优惠了多少钱). A complaint question keeps its polarity (为什么额度降低了).
		pol, conf = Neutral, 0
	}
	if (pol == Neutral && cf.complaint) || (pol != Negative && cf.disappointed) {
		pol = Negative
		if conf == 0 {
			conf = p.CueConfidence
		}
	}
	if cf.itch && pol != Negative && d.wishComplains(clause) {
		pol = Negative
		if conf == 0 {
			conf = p.CueConfidence
		}
	}
	m.Polarity = pol
	m.Confidence = round4(conf)
	if af != nil {
		d.fillFacts(af, c, pr, cs, ce, hasOpinion, lexPol, lexScore, cf)
	}
	if hasOpinion {
		m.Opinion = string(d.rs[os:oe])
		m.OpinionStart, m.OpinionEnd = os, oe
	}
	m.Point = cf.point(pol)
	if p.ItchNeverPositive && m.Point == PointItch && m.Polarity == Positive {
		m.Polarity = Neutral // a wish is no praise (希望信号好)
	}
	if c.mapped {
		m.KG = ref(c.mapping)
	}
	if c.end <= c.start && m.Opinion == "" {
		m.Opinion = string(d.rs[m.Start:m.End])
	}
	return m
}

// wishComplains reports whether a wish (an itch clause) carries a complaint
// (Policy.ItchComplaintSentence): it asks for a little more of something, or its sentence is
// confidently negative, or the sentence's lexicon opinions sum negative.
func (d *Draft) wishComplains(clause string) bool {
	floor := d.p.ItchComplaintSentence
	if floor <= 0 {
		return false
	}
	if wishComparative.MatchString(clause) {
		return true
	}
	if NormPolarity(d.s.Sentiment) == Negative && d.s.SentimentScore >= floor {
		return true
	}
	sum := 0.0
	for _, x := range d.sentenceExprs() {
		sum += x.score
	}
	pol, _ := lexiconLabel(sum, d.p.LexiconThreshold)
	return pol == Negative
}

// clauseFacts are the cue-list verdicts on one clause, computed once per clause.
type clauseFacts struct {
	cs, ce                        int
	itch, disappointed, complaint bool
}

// point is ClassifyPoint on the clause the facts describe.
func (f clauseFacts) point(polarity string) string {
	switch {
	case f.disappointed:
		return PointPain
	case f.itch:
		return PointItch
	}
	return ClassifyPoint(polarity, "")
}

func (d *Draft) facts(cs, ce int, clause string) clauseFacts {
	for _, f := range d.clauses {
		if f.cs == cs && f.ce == ce {
			return f
		}
	}
	f := clauseFacts{cs: cs, ce: ce, disappointed: Disappointed(clause), complaint: complaintQuestion(clause) || (inability(clause) && !d.question(cs, ce))}
	f.itch = !f.disappointed && HasItchCue(clause)
	d.clauses = append(d.clauses, f)
	return f
}

// orphanOpinion returns the opinion of the clause right after clauseEnd when that clause
// names no aspect of its own: Chinese chains a comment onto the previous clause's topic
// (月租一百二十八，跟别家比贵了一半; 2个半小时才送餐，送来都凉了).
func (d *Draft) orphanOpinion(clauseEnd int) (opinionExpr, bool) {
	s := clauseEnd
	for s < len(d.rs) && isPunct(d.rs[s]) {
		s++
	}
	if s >= len(d.rs) {
		return opinionExpr{}, false
	}
	cs, ce := clauseAround(d.rs, s, s)
	if cs < clauseEnd || (d.p.Spurious.NoOpinionWords && d.aNotA(cs, ce)) { // 喝不喝好呢 asks (spurious.go)
		return opinionExpr{}, false
	}
	for _, c := range d.cands {
		if c.end > c.start && c.start < ce && cs < c.end {
			return opinionExpr{}, false
		}
	}
	xs := d.exprs(cs, ce)
	if len(xs) == 0 {
		return opinionExpr{}, false
	}
	if d.p.Spurious.RestSubject && xs[0].start >= cs && containsAny(string(d.rs[cs:xs[0].start]), restWords) {
		return opinionExpr{}, false // spurious.go: 其他都挺好的 speaks of the rest
	}
	if d.p.Spurious.AttributiveOrphan && d.attributive(xs[0].end, ce) {
		return opinionExpr{}, false // spurious.go: 很差的膜 names its own topic
	}
	return xs[0], true
}

// termPolarity is the lexicon polarity of the term's own words (不新鲜 → negative), "" when
// they carry none.
//
// A praise word that is only part of the term is no praise of it: the term names a feature
// (安全气囊, 被动安全, 舒适性), while a fault word inside a term names the fault (做工粗糙,
// 个头小, 假货): hand DEV F1 0.630 → 0.633, car val mentions 0.5094 → 0.5131, ASTE carve
// triplet 0.2815 → 0.2824, APC DEV open unchanged. A term the caller named is read whole: it may be an opinion phrase of its own
// (APC DEV named accuracy 1144 → 1141 of 1,293 without this exception).
func (d *Draft) termPolarity(c *cand) string {
	sum := 0.0
	for _, x := range d.exprs(c.start, c.end) {
		if x.score > 0 && (x.start > c.start || x.end < c.end) && c.source != SourceNamed {
			continue
		}
		if x.score > 0 && c.source != SourceNamed && d.bareNounPraise(c) {
			continue
		}
		sum += x.score
	}
	if pol, _ := lexiconLabel(sum, d.p.LexiconThreshold); pol != Neutral {
		return pol
	}
	return ""
}

// bareNounPraise reports a term that is a nounPraise word (优惠) with no degree word right
// before it: 又有优惠就出手啦 and 最低也就优惠15000 state a discount, 太优惠了 praises one.
func (d *Draft) bareNounPraise(c *cand) bool {
	term := string(d.rs[c.start:c.end])
	for _, w := range nounPraise {
		if term != w {
			continue
		}
		for _, g := range praiseDegrees {
			if n := len([]rune(g)); c.start >= n && string(d.rs[c.start-n:c.start]) == g {
				return false
			}
		}
		return true
	}
	return false
}

// sentenceSpeaksFor reports whether the sentence's own polarity can stand for the clause
// [cs, ce): it is confident (SentenceMinProb) and non-neutral, and no other clause of the
// sentence holds a lexicon opinion.
func (d *Draft) sentenceSpeaksFor(cs, ce int) bool {
	pol := NormPolarity(d.s.Sentiment)
	if pol == "" || pol == Neutral || d.s.SentimentScore < d.p.SentenceMinProb {
		return false
	}
	for _, x := range d.sentenceExprs() {
		if x.end <= cs || x.start >= ce {
			return false
		}
	}
	return true
}

// sentenceExprs is the lexicon expressions of the whole sentence, made once per draft.
func (d *Draft) sentenceExprs() []opinionExpr {
	if d.sentExprs == nil {
		d.sentExprs = d.exprs(0, len(d.rs))
		if d.sentExprs == nil {
			d.sentExprs = []opinionExpr{}
		}
	}
	return d.sentExprs
}

// magnitude finds a magnitude word (高/大/贵 … with its degree words, 有点高, 不贵) right
// after the term (within MaxTermGap characters, same clause) or inside the opinion span. up
// is true for "more" (高, 大), after negation.
func (d *Draft) magnitude(termEnd, clauseEnd, os, oe int) (up bool, s, e int, ok bool) {
	try := func(from, to int) bool {
		for _, w := range d.s.Words {
			if w.Start < from || w.End > to {
				continue
			}
			if u, ws, we, found := magnitudeIn(d.rs, w.Start, w.End, d.s.Words); found {
				up, s, e, ok = u, ws, we, true
				return true
			}
		}
		return false
	}
	if d.s.Words == nil {
		return
	}
	if try(termEnd, min(clauseEnd, termEnd+d.p.MaxTermGap+2)) {
		return
	}
	if oe > os {
		try(os, oe)
	}
	return
}

// magnitudeIn reads the jieba word rs[ws:we] as [negation][degree…]adjective[suffix]
// (高, 太高, 有点高, 不贵, 高了点); a negation or degree word just before it (不 高, 有点 高)
// joins it. It reports whether the adjective is "more", and where the expression starts
// and ends (suffixes such as 了 / 是 left out).
func magnitudeIn(rs []rune, ws, we int, words []segment.Word) (up bool, start, end int, ok bool) {
	w := string(rs[ws:we])
	end = we
	for changed := true; changed; {
		changed = false
		for _, sfx := range magnitudeSuffixes {
			if len(w) > len(sfx) && strings.HasSuffix(w, sfx) {
				w, changed = strings.TrimSuffix(w, sfx), true
				end -= len([]rune(sfx))
			}
		}
	}
	neg := false
	for changed := true; changed; {
		changed = false
		for _, n := range magnitudeNegations {
			if len(w) > len(n) && strings.HasPrefix(w, n) {
				w, neg, changed = strings.TrimPrefix(w, n), !neg, true
			}
		}
		for _, g := range magnitudeDegrees {
			if len(w) > len(g) && strings.HasPrefix(w, g) {
				w, changed = strings.TrimPrefix(w, g), true
			}
		}
	}
	isUp, isDown := slices.Contains(magnitudeUp, w), slices.Contains(magnitudeDown, w)
	if !isUp && !isDown {
		return false, 0, 0, false
	}
	start = ws
	// Words just before (不 / 有点 / 没那么) that modify it.
	for i := len(words) - 1; i >= 0; i-- {
		pw := words[i]
		if pw.End != start {
			continue
		}
		t := string(rs[pw.Start:pw.End])
		switch {
		case slices.Contains(magnitudeNegations, t):
			neg, start = !neg, pw.Start
			continue
		case slices.Contains(magnitudeDegrees, t):
			start = pw.Start
			continue
		}
		break
	}
	return isUp != neg, start, end, true
}

// question reports whether the clause [cs, ce) asks rather than says (油耗高吗？,
// 空间大不大): a magnitude word there is no opinion.
func (d *Draft) question(cs, ce int) bool { return questionAt(d.rs, cs, ce) }

// questionAt reports whether the clause rs[cs:ce] is a question: a ？ right after it, a
// question particle at its end (questionEnds), or an A-not-A pair (好不好, 有没有). Draft.question
// and asksText (a record's clauses) both read it.
func questionAt(rs []rune, cs, ce int) bool {
	if ce < len(rs) && (rs[ce] == '？' || rs[ce] == '?') {
		return true
	}
	return hasSuffixAny(string(rs[cs:ce]), questionEnds) || aNotAAt(rs, cs, ce)
}

// implicit maps a sentence with an opinion but no aspect term through the graph's implicit
// phrases (太贵了 → 价格); the span is the whole sentence without the punctuation at its ends.
func (d *Draft) implicit() (Mention, bool) {
	if d.industry == "" || d.s.Sentiment == "" {
		return Mention{}, false
	}
	pol := NormPolarity(d.s.Sentiment)
	text := d.s.Text
	if pol == Neutral && complaintQuestion(text) {
		pol = Negative
	}
	point := ClassifyPoint(pol, text)
	if pol == Neutral && point != PointItch {
		return Mention{}, false
	}
	mp, ok := d.g.MapAspect(d.industry, text, "", "")
	if !ok {
		return Mention{}, false
	}
	s, e := d.sentenceSpan()
	return Mention{Opinion: string(d.rs[s:e]), Polarity: pol, Start: s, End: e, OpinionStart: s, OpinionEnd: e,
		Point: point, Confidence: mp.Confidence, Source: SourceKG, KG: ref(mp)}, true
}

// sentenceSpan is the span of a mention that stands for the whole sentence (implicit,
// productDefault): the sentence without the punctuation and spaces at its ends (很满意。 →
// 很满意), or all of it when nothing else is left.
func (d *Draft) sentenceSpan() (int, int) {
	const trim = "。！？!?，,、；~～…. \n\t" // not the ASCII ';' of an HTML entity (&#12290;)
	s, e := 0, len(d.rs)
	for s < e && strings.ContainsRune(trim, d.rs[s]) {
		s++
	}
	for e > s && strings.ContainsRune(trim, d.rs[e-1]) {
		e--
	}
	if e <= s {
		return 0, len(d.rs)
	}
	return s, e
}

// freeExprs drops the expressions whose opinion word lies inside another candidate's term
// (安全 in 安全风险 is not an opinion about 借呗).
func (d *Draft) freeExprs(xs []opinionExpr, self *cand) []opinionExpr {
	out := xs[:0:0]
	for _, x := range xs {
		inside := false
		for i := range d.cands {
			o := &d.cands[i]
			if o != self && o.end > o.start && x.core.start < o.end && o.start < x.core.end {
				inside = true
				break
			}
		}
		if !inside && !d.tagged(x.core.start) && !d.tagged(x.start) {
			out = append(out, x)
		}
	}
	return out
}

// tagged reports whether position i lies inside a social-media tag: an emoticon [嘻嘻],
// a hashtag #民生信用卡分享有好礼# or an @mention. Their words are the writer's mood or a
// topic, not an opinion on a term beside them (话费[嘻嘻]), and a term inside one is a
// topic or a name, not a mention.
func (d *Draft) tagged(i int) bool {
	if d.tags == nil {
		d.tags = make([]bool, len(d.rs))
		for _, pr := range [][2]rune{{'[', ']'}, {'#', '#'}} {
			for a := 0; a < len(d.rs); a++ {
				if d.rs[a] != pr[0] {
					continue
				}
				b := a + 1
				for b < len(d.rs) && d.rs[b] != pr[1] && b-a <= 20 {
					b++
				}
				if b < len(d.rs) && d.rs[b] == pr[1] {
					for k := a; k <= b; k++ {
						d.tags[k] = true
					}
					a = b
				}
			}
		}
		for a := 0; a < len(d.rs); a++ {
			if d.rs[a] == '@' {
				for k := a; k < len(d.rs) && !isPunct(d.rs[k]) && d.rs[k] != ' '; k++ {
					d.tags[k] = true
				}
			}
		}
	}
	return i >= 0 && i < len(d.tags) && d.tags[i]
}

// nearestExpr picks the opinion expression of a term: the first one after it, else the
// last one ending at most beforeReach characters before it (很好的服务); expressions
// overlapping the term are skipped unless their opinion word runs past it.
func nearestExpr(xs []opinionExpr, ts, te, beforeReach int) (opinionExpr, bool) {
	var before *opinionExpr
	for i := range xs {
		x := &xs[i]
		if x.start < te && ts < x.end {
			if x.core.end > te { // the opinion word runs past the term (速度快 is a lexicon word)
				return opinionExpr{start: te, end: x.end, score: x.score, core: x.core}, true
			}
			continue
		}
		if x.start >= te {
			return *x, true
		}
		if ts-x.end <= beforeReach {
			before = x
		}
	}
	if before != nil {
		return *before, true
	}
	return opinionExpr{}, false
}

// mergeDuplicates merges mentions with the same term span, or the same indicator, term and
// opinion: the more confident one stays.
func mergeDuplicates(pol *Policy, ms []Mention) []Mention {
	out := ms[:0]
	for _, m := range ms {
		dup := -1
		for i, o := range out {
			if o.Term != "" && o.Start == m.Start && o.End == m.End {
				if pol.ownOpinion(o.OpinionStart, o.OpinionEnd, m.OpinionStart, m.OpinionEnd) {
					continue // another opinion of the same term (faithful.go)
				}
				dup = i
			} else if o.KG != nil && m.KG != nil && o.KG.Indicator == m.KG.Indicator && o.Term == m.Term && o.Opinion == m.Opinion && o.Polarity == m.Polarity {
				dup = i
			}
			if dup >= 0 {
				break
			}
		}
		if dup < 0 {
			out = append(out, m)
		} else if m.Confidence > out[dup].Confidence {
			out[dup] = m
		}
	}
	out = dropInOpinions(out)
	if pol.Spurious.InnerTermOpinion {
		out = innerTermOpinions(out) // spurious.go: one opinion span, one mention
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// dropInOpinions removes a graph-term mention whose term is an opinion word and lies inside
// another mention's opinion on the same indicator: it is that mention's opinion, not a
// second aspect (便宜 in 价格很便宜, where the pack lists 便宜 as a price term of its own).
// Dropping every graph term inside an opinion on its indicator (味道 in 八珍豆腐's 味道好)
// was tried: ASTE train carve triplet F1 0.2775 → 0.2850, but the APC validation buckets
// lost 9 of 1,293 (their labelled aspect is such a term); not kept.
func dropInOpinions(ms []Mention) []Mention {
	out := ms[:0]
	for i, m := range ms {
		in := false
		if m.Source != SourceKG || m.Term == "" || m.KG == nil {
			out = append(out, m)
			continue
		}
		if pol, _ := LexiconPolarity(m.Term); pol == Neutral {
			out = append(out, m)
			continue
		}
		for j, o := range ms {
			if j != i && o.KG != nil && o.KG.Indicator == m.KG.Indicator &&
				o.OpinionEnd > o.OpinionStart && o.OpinionStart <= m.Start && m.End <= o.OpinionEnd {
				in = true
				break
			}
		}
		if !in {
			out = append(out, m)
		}
	}
	return out
}

func ref(m kg.Mapping) *KGRef {
	return &KGRef{
		Industry: m.Industry, Stage: m.Stage, Touchpoint: m.Touchpoint, Indicator: m.Indicator,
		Aspect: m.Aspect, Department: m.Department,
		IDs: map[string]string{"industry": m.IndustryID, "stage": m.StageID, "touchpoint": m.TouchpointID,
			"indicator": m.IndicatorID, "aspect": m.AspectID, "department": m.DepartmentID},
	}
}

func argmax3(p [3]float32) int {
	k := 0
	for i := 1; i < 3; i++ {
		if p[i] > p[k] {
			k = i
		}
	}
	return k
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func isPunct(r rune) bool {
	for _, p := range clausePunct {
		if r == p {
			return true
		}
	}
	switch r {
	}
	return strings.ContainsRune(otherPunct, r)
}

// clauseAround returns the clause of rs holding [start, end): bounded by clause punctuation
// and contrast markers (但是, 不过 …).
func clauseAround(rs []rune, start, end int) (int, int) {
	isB := func(r rune) bool {
		for _, p := range clausePunct {
			if r == p {
				return true
			}
		}
		return false
	}
	cs := start
	for cs > 0 && !isB(rs[cs-1]) {
		cs--
	}
	ce := end
	for ce < len(rs) && !isB(rs[ce]) {
		ce++
	}
	// A contrast marker after the term ends the clause; one before it starts the clause.
	text := string(rs[end:ce])
	for _, m := range contrastMarkers {
		if i := strings.Index(text, m); i >= 0 {
			ce = end + len([]rune(text[:i]))
			text = text[:i]
		}
	}
	before := string(rs[cs:start])
	for _, m := range contrastMarkers {
		if i := strings.LastIndex(before, m); i >= 0 {
			cs += len([]rune(before[:i]))
			before = before[i:]
		}
	}
	return cs, ce
}

// ClauseOf returns the clause of text around the code-point span [start, end).
func ClauseOf(text string, start, end int) string {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start > end {
		return text
	}
	cs, ce := clauseAround(rs, start, end)
	return string(rs[cs:ce])
}

// blank replaces every occurrence of words in s, in their order, with 。 (a clause break),
// so that the cue words inside them do not count (不怎么, 能不能, 不建议).
func blank(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			s = strings.ReplaceAll(s, w, "。")
		}
	}
	return s
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// valueCue finds a value-for-money phrase (物有所值, 对得起这个价格) in the sentence: its
// span, the first of the longest.
func (d *Draft) valueCue() (int, int, bool) {
	best, bs := "", -1
	for _, v := range valueCues {
		if i := strings.Index(d.s.Text, v); i >= 0 && (bs < 0 || len(v) > len(best)) {
			best, bs = v, i
		}
	}
	if bs < 0 {
		return 0, 0, false
	}
	st := utf8.RuneCountInString(d.s.Text[:bs])
	return st, st + utf8.RuneCountInString(best), true
}

// crossed reports whether an opinion after term c belongs to another term candidate lying
// between them (耳机里音质最好: 最好 is about 音质), unless the terms are listed together
// (质量和服务都很好, 质量服务都不错: 和 / 、 / 都 join them). 都 / 均 / 也 join only right
// after the list's last term: in 发动机哗哗声我都受不了 the 都 is 我's, and 受不了 is not 首保's.
func (d *Draft) crossed(c *cand, x opinionExpr) bool {
	if x.start < c.end {
		return false
	}
	last := -1 // the end of the last term candidate between c and the opinion
	for i := range d.cands {
		o := &d.cands[i]
		if o == c || o.end <= o.start || o.start < c.end || o.end > x.start {
			continue
		}
		last = max(last, o.end)
	}
	if last < 0 {
		return false
	}
	gap := string(d.rs[c.end:x.start])
	if strings.ContainsAny(gap, listJoinersBetween) {
		return false
	}
	return last == x.start || !strings.ContainsRune(listJoinersAfter, d.rs[last]) // 都 right after the last term joins
}

// magnitudeFits: a cost magnitude (贵, 便宜, 实惠) speaks of a price, so it gives a direction
// only to an aspect where more is worse (价格贵); on one where more is better it is the
// thing's price, not more of the aspect (这么贵的耳机 is no praise of 耳机).
func (d *Draft) magnitudeFits(dir string, ms, me int) bool {
	return dir == kg.HigherIsBad || !containsAny(string(d.rs[ms:me]), costMagnitudes)
}

// crossesWord reports whether the term [s, e) cuts one jieba word and ends in another: its
// start inside a word that ends within the term (微信|号: 信号 starts inside 微信), or its
// end inside a word that starts within it. A term inside a single longer word (月话费,
// 速度快) is edgeOK's matter.
func (d *Draft) crossesWord(s, e int) bool {
	for _, w := range d.s.Words {
		if w.Start < s && s < w.End && w.End < e {
			return true
		}
		if w.Start < e && e < w.End && w.Start > s {
			return true
		}
	}
	return false
}

// promotional reports whether a sentence holds at least n distinct promotion cues (an
// advertisement, a venue's introduction or a notice: 欢迎…入住, 即日起…仅需, 扫…二维码); a
// link, in whatever form and however many, is one cue (promoLinks).
func promotional(text string, n int) bool {
	k := 0
	for _, c := range promoLinks {
		if strings.Contains(text, c) {
			k++ // every link form together is one cue
			break
		}
	}
	if k >= n {
		return true
	}
	for _, c := range promoCues {
		if strings.Contains(text, c) {
			if k++; k >= n {
				return true
			}
		}
	}
	return false
}

// productDefault: in an industry where the product itself is the topic (Policy.ProductTerm:
// ecommerce → 质量), a sentence that evaluates something but names no aspect and holds no
// implicit phrase is about the product (这是一本好书, 很好用, 不是很喜欢): an implicit mention on
// the product term's indicator, when the sentence's lexicon opinion and its sentiment agree
// and it is no question.
func (d *Draft) productDefault() (Mention, bool) {
	term := d.p.ProductTerm[d.industry]
	if term == "" {
		return Mention{}, false
	}
	n := len(d.rs)
	if d.asks(0, n) || d.s.SentimentScore < d.p.ProductMinProb {
		return Mention{}, false
	}
	// A reply of a word or two (好, 好的, 可以) acknowledges; it evaluates nothing.
	chars := 0
	for _, r := range d.rs {
		if !isPunct(r) && !strings.ContainsRune(particles, r) {
			chars++
		}
	}
	if chars < d.p.ProductMinRunes {
		return Mention{}, false
	}
	// Words about the review itself (好评, 差评, 五星, 评价) rate the purchase, not the product.
	meta := make([]bool, n)
	for _, w := range reviewWords {
		ws := []rune(w)
		for i := 0; i+len(ws) <= n; i++ {
			if string(d.rs[i:i+len(ws)]) == w {
				for k := i; k < i+len(ws); k++ {
					meta[k] = true
				}
			}
		}
	}
	sum := 0.0
	for _, x := range d.exprs(0, n) {
		if !d.tagged(x.core.start) && !meta[x.core.start] && !meta[x.core.end-1] {
			sum += x.score
		}
	}
	pol, score := lexiconLabel(sum, d.p.LexiconThreshold)
	if pol == Neutral || pol == "" || pol != NormPolarity(d.s.Sentiment) {
		return Mention{}, false
	}
	mp, ok := d.g.MapAspect(d.industry, "", productTopic(d.industry, d.s.Text, term), "")
	if !ok {
		return Mention{}, false
	}
	f := d.facts(0, n, d.s.Text)
	ss, se := d.sentenceSpan()
	return Mention{Opinion: string(d.rs[ss:se]), Polarity: pol, Start: ss, End: se, OpinionStart: ss, OpinionEnd: se,
		Point: f.point(pol), Confidence: round4(min(math.Abs(score), d.s.SentimentScore)), Source: SourceKG, KG: ref(mp)}, true
}

// aNotA reports an A-not-A question in [cs, ce) (好不好, 喝不喝, 有没有): X不X or X没X.
func (d *Draft) aNotA(cs, ce int) bool { return aNotAAt(d.rs, cs, ce) }

// aNotAAt is Draft.aNotA on any runes: 不 or 没 between two equal runes in rs[cs:ce].
func aNotAAt(rs []rune, cs, ce int) bool {
	for i := cs + 1; i+1 < ce; i++ {
		if (rs[i] == '不' || rs[i] == '没') && rs[i-1] == rs[i+1] && !isPunct(rs[i-1]) {
			return true
		}
	}
	return false
}

// inquiry reports whether the clause [cs, ce) is a plain question: question() (吗, ？, A-not-A)
// or an interrogative word (多少, 哪个, 如何, 是否 …).
func (d *Draft) inquiry(cs, ce int) bool {
	if d.question(cs, ce) {
		return true
	}
	return containsAny(notAsking(string(d.rs[cs:ce])), interrogatives) // negators.go: 不怎么样 asks nothing
}

// mediocreOpinion reports whether the opinion rs[os:oe] is a bare 一般 (mediocreRE) that ends
// its clause: what follows it up to the next clause mark is only particles (not 一般的游戏,
// 一般来说, 一般不出问题).
func (d *Draft) mediocreOpinion(os, oe int) bool {
	if os < 0 || oe > len(d.rs) || !mediocreRE.MatchString(string(d.rs[os:oe])) {
		return false
	}
	for _, r := range d.rs[oe:] {
		if strings.ContainsRune("。，！？!?,.~～…、；; \n", r) {
			return true
		}
		if !strings.ContainsRune("吧了啊哦呀啦", r) {
			return false
		}
	}
	return true
}

// oppositePolarity is positive for negative and negative for positive.
func oppositePolarity(pol string) string {
	switch pol {
	case Positive:
		return Negative
	case Negative:
		return Positive
	}
	return pol
}

// polarSpan reports whether the lexicon reads rs[s:e] positive or negative on its own (便宜,
// 实惠: a cost word, not a bare quantity such as 多 or 大).
func (d *Draft) polarSpan(s, e int) bool {
	sum := 0.0
	for _, x := range d.exprs(s, e) {
		sum += x.score
	}
	pol, _ := lexiconLabel(sum, d.p.LexiconThreshold)
	return pol != Neutral
}

// standardCues open a worse-than comparison whose standard follows them (还不如台电的音质好).
var standardCues = []string{"不如", "比不上", "比不过", "赶不上"}

// afterWorseCue reports whether rs[cs:ts], the clause before a term, holds a standardCues
// phrase (not 不如说, 不如意: notWorse), so that the term is the comparison's standard side.
func (d *Draft) afterWorseCue(cs, ts int) bool {
	if ts <= cs {
		return false
	}
	return containsAny(blank(string(d.rs[cs:ts]), notWorse), standardCues)
}

// adjectiveTail reports whether the model term c runs on past the graph term it holds into
// adjectives only (jieba a, ad, an): the term swallowed its own opinion (发动机成熟).
func (d *Draft) adjectiveTail(c *cand) bool {
	if c.source != SourceModelKG {
		return false
	}
	end := -1
	for _, m := range d.terms {
		if c.start <= m.Start && m.End <= c.end && m.End > end {
			end = m.End
		}
	}
	if end < 0 || end >= c.end {
		return false
	}
	n := 0
	for _, w := range d.tagWords() {
		if w.End <= end || w.Start >= c.end || blankWord(w.Text) {
			continue
		}
		if w.Start < end || !strings.HasPrefix(w.POS, "a") {
			return false
		}
		n++
	}
	return n > 0
}

// noOpinionNeutral reports whether c's industry (its mapped one, else the draft's) keeps a
// term without an opinion neutral (Policy.NoOpinionNeutralIndustries).
func (d *Draft) noOpinionNeutral(c *cand) bool {
	ind := d.industry
	if c.mapped {
		ind = c.mapping.IndustryID
	}
	return ind != "" && slices.Contains(d.p.NoOpinionNeutralIndustries, ind)
}
