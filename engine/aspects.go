package engine

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/infer"
	"github.com/tingzhen/tingzhen/engine/split"
	kg "github.com/tingzhen/tingzhen/knowledge-graph"
)

// categoryModel is the optional aspect-category classifier (category-car: ten car
// dimensions × absent/negative/neutral/positive).
type categoryModel struct {
	m        *model
	labels   []string // dimension names, in output order
	industry string   // industry whose records it runs on
	minProb  float64
}

var categoryPolarity = []string{"", "negative", "neutral", "positive"}

func loadCategoryModel(dir string, opt infer.Options, workers int) (*categoryModel, error) {
	if _, err := os.Stat(filepath.Join(dir, "model.onnx")); os.IsNotExist(err) {
		return nil, nil // optional: the engine works without it
	}
	m, err := loadModel(dir, opt, workers)
	if err != nil {
		return nil, err
	}
	c := &categoryModel{m: m, industry: "automotive", minProb: 0.5}
	if v, ok := m.card.raw["dimensions"]; ok {
		c.labels = names(v)
	}
	if len(c.labels) == 0 {
		c.labels = m.card.Labels
	}
	if ind, ok := m.card.raw["industry"].(string); ok && ind != "" {
		c.industry = ind
	}
	if len(c.labels) == 0 {
		m.close()
		return nil, fmt.Errorf("load model %s: model.yaml lists no dimensions", m.name)
	}
	return c, nil
}

func (c *categoryModel) close() error {
	if c == nil {
		return nil
	}
	return c.m.close()
}

// fillAspects finds aspects per sentence: the aspect model's triplets when it is loaded,
// knowledge-graph terms the model did not cover, implicit aspects from opinion phrases, and
// the category model's dimensions; then maps each onto the graph and classifies its point.
func (e *Engine) fillAspects(ctx context.Context, recs []*record) error {
	g := e.store.Graph()
	var modelAspects [][]Aspect // per (record, sentence) flattened
	type ref struct{ r, s int }
	var refs []ref
	var sentTexts []string
	for ri, r := range recs {
		for si, s := range r.sents {
			refs = append(refs, ref{ri, si})
			sentTexts = append(sentTexts, s.Text)
		}
	}
	if e.aspect != nil && len(sentTexts) > 0 {
		var err error
		if modelAspects, err = e.aspect.extract(ctx, sentTexts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens); err != nil {
			return err
		}
	}
	var catRows []map[string][]float32
	var catIdx []int // index into refs of each category unit
	if e.category != nil {
		var texts []string
		for k, rf := range refs {
			if recs[rf.r].industry == e.category.industry {
				catIdx = append(catIdx, k)
				texts = append(texts, sentTexts[k])
			}
		}
		if len(texts) > 0 {
			var err error
			if _, catRows, err = e.category.m.run(ctx, texts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens); err != nil {
				return err
			}
		}
	}
	catOf := make(map[int]map[string][]float32, len(catIdx))
	for j, k := range catIdx {
		catOf[k] = catRows[j]
	}
	for k, rf := range refs {
		r := recs[rf.r]
		s := r.sents[rf.s]
		sent := r.res.Sentences[rf.s]
		// Graph terms first (the graph knows the business's words), with the polarity and
		// opinion of the model triplet on the same term when there is one; then the model's
		// other triplets (terms the graph does not know, implicit aspects).
		found := e.addKGTerms(g, r.industry, s, sent, nil)
		if modelAspects != nil {
			found = mergeModel(found, modelAspects[k])
		}
		if len(found) == 0 {
			found = e.addImplicit(g, r.industry, s, sent)
		}
		for i := range found {
			if a := &found[i]; a.KG == nil {
				if m, ok := g.MapAspect(r.industry, s.Text, a.Term, a.Opinion); ok {
					a.KG = kgRef(m)
				}
			}
		}
		if row, ok := catOf[k]; ok {
			found = e.addCategories(g, r.industry, s, row, found) // after mapping: it skips indicators already found
		}
		for i := range found {
			a := &found[i]
			if a.Polarity == "neutral" && complaintQuestion(s.Text) {
				a.Polarity = "negative"
			}
			a.Point = kg.ClassifyPoint(a.Polarity, s.Text)
			// Sentence-relative normalised offsets → original code points.
			a.Start, a.End = r.norm.OrigSpan(s.Start+a.Start, s.Start+a.End)
			if a.Term != "" {
				if r.origRunes == nil {
					r.origRunes = []rune(r.in.Text)
				}
				a.Term = string(r.origRunes[a.Start:a.End]) // as written (ＡＰＰ, not APP)
			}
			if a.OpinionEnd > a.OpinionStart {
				a.OpinionStart, a.OpinionEnd = r.norm.OrigSpan(s.Start+a.OpinionStart, s.Start+a.OpinionEnd)
			} else {
				a.OpinionStart, a.OpinionEnd = 0, 0
			}
		}
		r.res.Aspects = append(r.res.Aspects, found...)
	}
	for _, r := range recs {
		sortAspects(r.res.Aspects)
	}
	return nil
}

// mergeModel merges model triplets into graph-term aspects: a triplet whose aspect span
// overlaps a graph term lends that term its opinion and polarity; the others are added.
func mergeModel(found, model []Aspect) []Aspect {
	for _, t := range model {
		used := false
		if t.Term != "" {
			for i := range found {
				a := &found[i]
				if a.Source == "kg" && a.Start < t.End && t.Start < a.End {
					a.Opinion, a.OpinionStart, a.OpinionEnd = t.Opinion, t.OpinionStart, t.OpinionEnd
					a.Polarity, a.Confidence, a.Source = t.Polarity, t.Confidence, "model+kg"
					used = true
				}
			}
		}
		if !used && !overlaps(found, t.OpinionStart, t.OpinionEnd) {
			found = append(found, t)
		}
	}
	return found
}

func kgRef(m kg.Mapping) *KGRef {
	return &KGRef{
		Industry: m.Industry, Stage: m.Stage, Touchpoint: m.Touchpoint, Indicator: m.Indicator,
		Aspect: m.Aspect, Department: m.Department,
		IDs: map[string]string{"industry": m.IndustryID, "stage": m.StageID, "touchpoint": m.TouchpointID,
			"indicator": m.IndicatorID, "aspect": m.AspectID, "department": m.DepartmentID},
	}
}

func overlaps(as []Aspect, s, e int) bool {
	for _, a := range as {
		if a.Term != "" && a.Start < e && s < a.End {
			return true
		}
		if a.OpinionEnd > a.OpinionStart && a.OpinionStart < e && s < a.OpinionEnd {
			return true
		}
	}
	return false
}

// addKGTerms adds graph terms found in the sentence that no model aspect covers. Their
// polarity is the sentence's, or — in a sentence of several clauses, or a neutral one —
// that of the term's own clause scored with the opinion lexicon.
func (e *Engine) addKGTerms(g *kg.Graph, industry string, s split.Span, sent Sentence, found []Aspect) []Aspect {
	if sent.Sentiment == nil {
		return found
	}
	pol := sent.Sentiment.Label
	rs := []rune(s.Text)
	for _, m := range g.FindTerms(industry, s.Text) {
		if overlaps(found, m.Start, m.End) {
			continue
		}
		a := Aspect{Term: string(rs[m.Start:m.End]), Polarity: pol, Start: m.Start, End: m.End, Confidence: sent.Sentiment.Score, Source: "kg"}
		// In a sentence of several clauses (物流太慢了，包装倒是很结实) the sentence's polarity is
		// not the term's: score the term's own clause with the opinion lexicon.
		if cs, ce := clauseAround(rs, m.Start, m.End); cs > 0 || ce < len(rs) || pol == "neutral" {
			clause := string(rs[cs:ce])
			if p, score := kg.LexiconPolarity(clause); p != "neutral" {
				a.Polarity, a.Confidence = p, round4(math.Abs(score))
				a.Opinion, a.OpinionStart, a.OpinionEnd = clause, cs, ce
			}
		}
		found = append(found, a)
	}
	return found
}

// complaintQuestion reports a "why/how come" question about something that went wrong
// (为什么额度降低了, 怎么扣了两次款, 借呗利息为什么这么高): customers write complaints as
// questions, which a polarity model trained on inquiries reads as neutral.
func complaintQuestion(clause string) bool {
	q := false
	for _, w := range []string{"为什么", "为啥", "怎么", "咋", "凭什么", "什么原因", "怎么回事"} {
		if strings.Contains(clause, w) {
			q = true
			break
		}
	}
	if !q || strings.Contains(clause, "怎么办理") || strings.Contains(clause, "怎么开通") || strings.Contains(clause, "怎么使用") {
		return false
	}
	for _, w := range []string{"降低", "降了", "变低", "变少", "这么", "那么", "扣", "手续费", "收费", "不能", "用不了", "不了", "还没", "没有到", "没到", "又", "被", "冻结", "失败", "比较高", "太", "老是", "一直", "不见", "不到账", "没到账", "错"} {
		if strings.Contains(clause, w) {
			return true
		}
	}
	return false
}

// contrast markers start a new clause even without punctuation.
var contrastMarkers = []string{"但是", "可是", "不过", "就是", "但", "却", "然而", "只是"}

// clauseAround returns the clause of rs holding [start, end): bounded by clause punctuation
// and contrast markers (但是, 不过 …).
func clauseAround(rs []rune, start, end int) (int, int) {
	isB := func(r rune) bool {
		switch r {
		case '，', ',', '、', '；', ';', '。', '！', '？', '!', '?', ' ', '~', '～':
			return true
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
			ce = end + utf8.RuneCountInString(text[:i])
			text = text[:i]
		}
	}
	before := string(rs[cs:start])
	for _, m := range contrastMarkers {
		if i := strings.LastIndex(before, m); i >= 0 {
			cs += utf8.RuneCountInString(before[:i])
			before = before[i:]
		}
	}
	return cs, ce
}

// addImplicit maps a sentence with an opinion but no aspect term through implicit phrases
// (太贵了 → 价格). The span is the whole sentence.
func (e *Engine) addImplicit(g *kg.Graph, industry string, s split.Span, sent Sentence) []Aspect {
	if sent.Sentiment == nil || industry == "" {
		return nil
	}
	pol := sent.Sentiment.Label
	if pol == "neutral" && kg.ClassifyPoint(pol, s.Text) != kg.PointItch {
		return nil
	}
	m, ok := g.MapAspect(industry, s.Text, "", "")
	if !ok {
		return nil
	}
	n := s.End - s.Start
	return []Aspect{{Term: "", Opinion: s.Text, Polarity: pol, Start: 0, End: n, OpinionStart: 0, OpinionEnd: n, Confidence: m.Confidence, Source: "kg", KG: kgRef(m)}}
}

// addCategories adds the category model's dimensions not already covered by a mapped aspect
// (found must already be mapped onto the graph).
func (e *Engine) addCategories(g *kg.Graph, industry string, s split.Span, row map[string][]float32, found []Aspect) []Aspect {
	probs := row[e.category.m.card.Outputs[0]]
	if len(probs) != len(e.category.labels)*4 {
		return found
	}
	have := map[string]bool{}
	for _, a := range found { // already mapped by fillAspects
		if a.KG != nil {
			have[a.KG.Indicator] = true
		}
	}
	for d, name := range e.category.labels {
		p := probs[d*4 : d*4+4]
		best := 0
		for k := 1; k < 4; k++ {
			if p[k] > p[best] {
				best = k
			}
		}
		if best == 0 || float64(p[best]) < e.category.minProb || have[name] {
			continue
		}
		m, ok := g.MapAspect(industry, s.Text, name, "")
		if !ok {
			continue
		}
		n := s.End - s.Start
		found = append(found, Aspect{Term: "", Opinion: "", Polarity: categoryPolarity[best], Start: 0, End: n, Confidence: round4(float64(p[best])), Source: "category", KG: kgRef(m)})
	}
	return found
}
