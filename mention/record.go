package mention

import (
	"sort"

	"github.com/tingzhen/tingzhen/kg"
)

// CategoryDim is the category classifier's output for one dimension of a record (a
// dimension name such as 油耗, mapped onto the graph like a term): probabilities of absent,
// negative, neutral, positive.
type CategoryDim struct {
	Name  string
	Probs [4]float32
}

// Record is the policy's input for one record's indicators.
type Record struct {
	Industry string
	// Runes is the length of the record's text in code points (the span of a category
	// mention).
	Runes int
	// Mentions are the record's mentions, in order; indexes in Indicator.Mentions point here.
	Mentions []Mention
	// Category is the classifier's output for the whole record; nil when the industry has
	// no classifier. Presence is 1 − P(absent) ≥ Threshold (0: Policy.CategoryPresence).
	Category  []CategoryDim
	Threshold float64
	// CategoryPolarity holds the aspect-polarity model's (negative, neutral, positive) for
	// a present dimension, by dimension name (the model reads "价格：" + text with the name
	// marked); nil without that model.
	CategoryPolarity map[string][3]float32
	// Added is an add-only category classifier's output (categoryadd.go; dimension names
	// are indicator ids): it may add indicators no mention covers (presence:
	// Policy.CategoryAddPresence, not the card's threshold). nil without one.
	Added []CategoryDim
	// PlaceDims are the add-only classifier's outputs on the clause of each term that
	// Policy.PlaceCandidate accepts, by the term's span (Start, End) (Policy.CategoryPlaceClause);
	// nil otherwise.
	PlaceDims map[[2]int][]CategoryDim
	// Sentiments are the sentiment model's verdicts on the record's sentences, in order (a
	// sentence without one is left out); the classifier's neutral may yield to them
	// (Policy.CategoryNeutralMargin).
	Sentiments []SentenceSentiment
	// SentenceStarts are the record's sentences' start offsets, in order, in the mentions'
	// coordinates (SpuriousPolicy.RepeatedTerm merges a term repeated in another sentence
	// only); nil: the record is read as one sentence. SentenceEnds are their ends (nil:
	// unknown; an implicit category mention then spans the record, categoryimplicit.go).
	SentenceStarts, SentenceEnds []int
	// SentenceAdded is the add-only classifier's output on each sentence of SentenceStarts
	// (nil: not run); an implicit category mention sits at the sentence where its dimension
	// is most present (categoryimplicit.go).
	SentenceAdded [][]CategoryDim
	// Text is the record's text (the mentions' offsets are its code points) and
	// SentenceLabels the sentence sentiment of each sentence of SentenceStarts (Label "" where
	// a sentence has none): what the mention verifier reads (verifier.go). Empty: its
	// clause and sentence features read as 0. Text is also the indicator verifier's
	// question and request features and its trace key (indverify.go).
	Text           string
	SentenceLabels []SentenceSentiment
	// Conversational: the record is a turn of a conversation (engine.Conversational); the
	// verifiers (verifier.go, indverify.go), which learned written reviews, leave it alone.
	Conversational bool
}

// SentenceSentiment is the sentence sentiment model's verdict on one sentence.
type SentenceSentiment struct {
	Label string
	Score float64
}

// CategoryPresent reports whether the classifier finds a dimension in the record
// (1 − P(absent) ≥ threshold; threshold 0: Policy.CategoryPresence).
func (p *Policy) CategoryPresent(d CategoryDim, threshold float64) bool {
	if threshold <= 0 {
		threshold = p.CategoryPresence
	}
	return 1-float64(d.Probs[0]) >= threshold
}

// Indicators returns one entry per indicator per record and the record's mentions (merged
// by MergeRecord, with a category mention appended for a dimension the classifier finds but
// no mention names).
//
// Without a classifier, an indicator's verdict is a vote of its mentions: each mention
// with a point votes for it with its confidence (at least MinVoteWeight); the point with the most
// weight wins, and the polarity, score and opinion are those of its most confident
// mention. An indicator whose mentions all have no point is neutral, with no point.
//
// Where the record's industry has a category classifier (automotive: category-car), the
// classifier decides the presence and polarity of the indicators its dimensions map to:
// a dimension below the presence threshold drops that indicator's entry (its mentions stay
// in the result), a present one sets the polarity (its probability is the score) and the
// point (an itch mention of it keeps the point itch when the classifier says neutral),
// with the indicator's mentions attached as evidence. Where the classifier's polarity is
// neutral, the record's sentiment or its model+kg mentions (with the aspect-polarity model
// agreeing) may set negative or positive within Policy.CategoryNeutralMargin (overNeutral).
// Indicators the classifier does not cover are voted by their mentions.
func (p *Policy) Indicators(g *kg.Graph, r Record) ([]Indicator, []Mention) {
	ms := MergeRecord(r.Mentions)
	if p.Spurious.RepeatedOpinion {
		ms = mergeRepeated(ms, p.Spurious.RepeatedTerm, r.SentenceStarts) // spurious.go
	}
	ms = p.Dup.mergeDups(ms, r.SentenceStarts) // dup.go
	ms = p.place(g, r, ms)                     // placer.go
	graphPlace := p.Dup.graphPlaces(ms)        // dup.go (CategoryBeside)
	ms = p.verify(r, ms)                       // verifier.go
	media := p.mediaTargetOf(g, r)             // media.go: read once, used here and by the category adds
	ms = media.place(r, ms)
	type group struct {
		ind      Indicator
		idx      []int
		weights  map[string]float64
		best     map[string]int // point → index of its most confident mention
		category bool
	}
	groups := map[string]*group{}
	var order []string
	get := func(id, name, dept string) *group {
		gr, ok := groups[id]
		if !ok {
			gr = &group{ind: Indicator{ID: id, Name: name, Department: dept, Source: SourceMentions}, weights: map[string]float64{}, best: map[string]int{}}
			groups[id] = gr
			order = append(order, id)
		}
		return gr
	}
	// categoryVerdict makes a classifier's verdict gr's record-level indicator.
	categoryVerdict := func(gr *group, pol string, score float64) {
		gr.category = true
		gr.ind.Source = SourceCategory
		gr.ind.Polarity = pol
		gr.ind.Score = round4(score)
		gr.ind.Point = ClassifyPoint(pol, "")
	}
	// categoryMention appends the category mention of gr's verdict (no term; the span
	// [start, end)) and cites it.
	categoryMention := func(gr *group, mp kg.Mapping, start, end int) {
		ms = append(ms, Mention{Polarity: gr.ind.Polarity, Start: start, End: end, Point: gr.ind.Point,
			Confidence: gr.ind.Score, Source: SourceCategory, KG: ref(mp)})
		gr.idx = append(gr.idx, len(ms)-1)
	}
	// covered: the indicators the category classifier decides (present or absent).
	covered := map[string]bool{}
	for _, dim := range r.Category {
		if mp, ok := g.MapAspect(r.Industry, "", dim.Name, ""); ok {
			covered[mp.IndicatorID] = true
		}
	}
	// An add-only classifier places unplaced terms on the indicators it is sure of
	// (categoryplace.go); their groups keep the classifier's verdict below.
	placed := p.categoryPlace(g, r, ms, func(id string) bool {
		if covered[id] {
			return true
		}
		for _, m := range ms {
			if m.KG != nil && m.KG.IDs["indicator"] == id {
				return true
			}
		}
		return false
	})
	for i, a := range placed {
		ms[i].KG = ref(a.mapping)
	}
	for i, m := range ms {
		if m.KG == nil || m.KG.IDs["indicator"] == "" {
			continue
		}
		gr := get(m.KG.IDs["indicator"], m.KG.Indicator, m.KG.Department)
		gr.idx = append(gr.idx, i)
		w := max(m.Confidence, p.MinVoteWeight)
		gr.weights[m.Point] += w
		if b, ok := gr.best[m.Point]; !ok || m.Confidence > ms[b].Confidence {
			gr.best[m.Point] = i
		}
	}
	for _, a := range placed {
		categoryVerdict(groups[a.mapping.IndicatorID], a.polarity, a.score)
	}
	// Category classifier: record-level presence and polarity.
	if len(r.Category) > 0 {
		th := r.Threshold
		for _, dim := range r.Category {
			mp, ok := g.MapAspect(r.Industry, "", dim.Name, "")
			if !ok {
				continue
			}
			if !p.CategoryPresent(dim, th) {
				continue
			}
			// The classifier's polarity, renormalised over negative/neutral/positive, blended
			// with the aspect-polarity model's verdict on the dimension when there is one.
			var mix [3]float64
			sum := float64(dim.Probs[1] + dim.Probs[2] + dim.Probs[3])
			for j := 0; j < 3; j++ {
				mix[j] = float64(dim.Probs[j+1]) / max(sum, 1e-9)
			}
			if pm, ok := r.CategoryPolarity[dim.Name]; ok {
				w := p.CategoryWeight
				for j := 0; j < 3; j++ {
					mix[j] = w*mix[j] + (1-w)*float64(pm[j])
				}
			}
			k := 0
			for j := 1; j < 3; j++ {
				if mix[j] > mix[k] {
					k = j
				}
			}
			pol := []string{Negative, Neutral, Positive}[k]
			gr := get(mp.IndicatorID, mp.Indicator, mp.Department)
			if pol == Neutral {
				if o := p.overNeutral(mix, ms, gr.idx, r, dim.Name); o != Neutral {
					pol, k = o, polIndex(o)
				}
			}
			categoryVerdict(gr, pol, mix[k])
			if _, itch := gr.best[PointItch]; itch && pol == Neutral {
				gr.ind.Point = PointItch
			} else if pol == Neutral && p.CategoryNeutralPoint {
				gr.ind.Point = votedPoint(gr.weights) // the polarity stays the classifier's
			}
			if len(gr.idx) == 0 { // no mention names it: a record-level category mention
				categoryMention(gr, mp, 0, r.Runes)
			}
		}
	}
	// An add-only classifier: indicators no mention covers (categoryadd.go).
	// pointless: an indicator only mentions with no point name (Policy.CategoryAddPointless
	// lets the classifier's verdict give it one).
	pointless := func(id string) bool {
		gr, ok := groups[id]
		return p.CategoryAddPointless && ok && !gr.category && votedPoint(gr.weights) == ""
	}
	for _, a := range p.categoryAdds(g, r, func(id string) bool { _, ok := groups[id]; return ok && !pointless(id) || covered[id] }) {
		mp := media.category(a.mapping)
		if mp.IndicatorID != a.mapping.IndicatorID {
			if _, ok := groups[mp.IndicatorID]; ok || covered[mp.IndicatorID] {
				continue // the media review's quality has its evidence already
			}
		}
		named := pointless(mp.IndicatorID) // its mentions stay its evidence; no implicit mention
		gr := get(mp.IndicatorID, mp.Indicator, mp.Department)
		categoryVerdict(gr, a.polarity, a.score)
		if !a.mention || named {
			continue
		}
		// categoryimplicit.go: at its sentence, within the industry's scope
		if start, end := implicitSpan(r, a.dim); p.implicitScoped(r, ms, start, end) {
			categoryMention(gr, mp, start, end)
			ms[len(ms)-1].Opinion, ms[len(ms)-1].OpinionStart, ms[len(ms)-1].OpinionEnd = spanText(r.Text, start, end), start, end
		}
	}
	out := make([]Indicator, 0, len(order))
	for _, id := range order {
		gr := groups[id]
		if covered[id] && !gr.category {
			continue // the classifier covers this indicator and finds it absent
		}
		if !gr.category {
			win := votedPoint(gr.weights)
			b := gr.best[win]
			gr.ind.Point = win
			gr.ind.Polarity = ms[b].Polarity
			gr.ind.Score = round4(ms[b].Confidence)
		}
		gr.ind.Mentions = gr.idx
		if gr.ind.Mentions == nil {
			gr.ind.Mentions = []int{} // an add-only verdict with no mention: "mentions": [], never null
		}
		out = append(out, gr.ind)
	}
	out = p.verifyIndicators(g, r, out, ms)         // indverify.go
	out, ms = p.Dup.mergeFinal(out, ms, graphPlace) // dup.go
	p.Mixed.mixedPoints(out, ms, r.Added)           // mixed.go
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, ms
}

// votedPoint is the point with the most vote weight among an indicator's mentions (ties: pain,
// itch, pleasure in that order); "" when none has a point.
func votedPoint(weights map[string]float64) string {
	win, ww := "", -1.0
	for _, pt := range []string{PointPain, PointItch, PointPleasure} {
		if w, ok := weights[pt]; ok && w > ww {
			win, ww = pt, w
		}
	}
	return win
}

// overNeutral is the polarity a dimension the classifier calls neutral takes from the
// record's other evidence (Policy.CategoryNeutralMargin): the record's sentiment, when every
// sentence has the same polar label at CategoryRecordSentiment or more; or the vote of the
// indicator's model+kg mentions (confidence-weighted, at least MinVoteWeight), when the
// aspect-polarity model's verdict on the dimension agrees. Either counts only when the
// blended probability of its polarity is within the margin of neutral's; when the two
// disagree the classifier's neutral stands.
func (p *Policy) overNeutral(mix [3]float64, ms []Mention, idx []int, r Record, dim string) string {
	if p.CategoryNeutralMargin <= 0 {
		return Neutral
	}
	near := func(pol string) bool {
		j := polIndex(pol)
		return j != 1 && mix[1]-mix[j] <= p.CategoryNeutralMargin
	}
	bySent := Neutral
	if l, sc := recordSentiment(r.Sentiments); l != "" && p.CategoryRecordSentiment > 0 && sc >= p.CategoryRecordSentiment && near(l) {
		bySent = l
	}
	byMentions := Neutral
	if pm, ok := r.CategoryPolarity[dim]; ok {
		var w [3]float64
		for _, i := range idx {
			m := ms[i]
			if m.Source == SourceModelKG && m.Polarity != Neutral && polIndex(m.Polarity) >= 0 {
				w[polIndex(m.Polarity)] += max(m.Confidence, p.MinVoteWeight)
			}
		}
		vote := Neutral
		if w[0] > w[2] {
			vote = Negative
		} else if w[2] > w[0] {
			vote = Positive
		}
		if vote != Neutral && polIndex(vote) == argmax3(pm) && near(vote) {
			byMentions = vote
		}
	}
	switch {
	case bySent != Neutral && byMentions != Neutral && bySent != byMentions:
		return Neutral
	case bySent != Neutral:
		return bySent
	default:
		return byMentions
	}
}

// recordSentiment is the label every sentence of a record shares and the least score among
// them; "" when the sentences disagree or there are none.
func recordSentiment(ss []SentenceSentiment) (string, float64) {
	if len(ss) == 0 {
		return "", 0
	}
	l, sc := ss[0].Label, ss[0].Score
	for _, s := range ss[1:] {
		if s.Label != l {
			return "", 0
		}
		sc = min(sc, s.Score)
	}
	return l, sc
}

// polIndex is a polarity's index in (negative, neutral, positive); -1 for another string.
func polIndex(pol string) int {
	switch pol {
	case Negative:
		return 0
	case Neutral:
		return 1
	case Positive:
		return 2
	}
	return -1
}

// MergeRecord merges a record's repeated mentions: the same term (or the same implicit
// aspect) with the same opinion, polarity, point and indicator in several sentences
// (赞！赞！赞！) is one mention, the first, with the highest confidence of them.
func MergeRecord(ms []Mention) []Mention {
	type key struct{ term, opinion, pol, point, ind string }
	seen := make(map[key]int, len(ms))
	out := ms[:0:0]
	for _, m := range ms {
		k := key{m.Term, m.Opinion, m.Polarity, m.Point, ""}
		if m.KG != nil {
			k.ind = m.KG.Industry + "/" + m.KG.Indicator
		}
		if i, ok := seen[k]; ok {
			out[i].Confidence = max(out[i].Confidence, m.Confidence)
			continue
		}
		seen[k] = len(out)
		out = append(out, m)
	}
	return out
}
