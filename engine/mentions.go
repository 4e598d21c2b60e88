package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/mention"
)

// fillAspects runs the models the mention policy needs and hands their outputs to package
// mention, which decides the mentions and the record-level indicators: per sentence the
// text, its sentiment, its jieba words, the aspect model's triplets and the aspect-polarity
// probabilities of the candidate spans; per record the category classifier's dimensions.
func (e *Engine) fillAspects(ctx context.Context, recs []*record) error {
	g := e.store.Graph()
	pol := e.cfg.Mention
	type ref struct{ r, s int }
	var refs []ref
	var sentTexts, sentIndustries []string
	for ri, r := range recs {
		for si, s := range r.sents {
			refs = append(refs, ref{ri, si})
			sentTexts = append(sentTexts, s.Text)
			sentIndustries = append(sentIndustries, r.industry)
		}
	}
	var modelAspects [][]Aspect // per (record, sentence) flattened
	if len(sentTexts) > 0 {
		var err error
		if modelAspects, err = e.extractRouted(ctx, g, sentTexts, sentIndustries); err != nil { // aspectroute.go
			return err
		}
	}
	cats, err := e.categorize(ctx, recs)
	if err != nil {
		return err
	}
	// Plan every sentence, score all candidate spans in one batch, then decide.
	drafts := make([]*mention.Draft, len(refs))
	var items []spanItem
	e.parallel(len(refs), func(k int) {
		rf := refs[k]
		r := recs[rf.r]
		in := mention.Sentence{Text: r.sents[rf.s].Text, Cut: e.seg.Cut, Tag: e.seg.Tag, Record: r.norm.Text, Named: r.named, Conversational: Conversational(r.in)}
		if st := r.res.Sentences[rf.s].Sentiment; st != nil {
			in.Sentiment, in.SentimentScore = st.Label, st.Score
		}
		if modelAspects != nil {
			in.Triplets = modelAspects[k]
		}
		drafts[k] = pol.Plan(g, r.industry, in)
	})
	for k, rf := range refs {
		text := recs[rf.r].sents[rf.s].Text
		for _, sp := range drafts[k].Spans() {
			items = append(items, spanItem{text: text, start: sp.Start, end: sp.End})
		}
	}
	// The classifier's present dimensions are scored too: the polarity model reads a
	// category that is not a span of the text as "价格：" + text with the name marked.
	type dimRef struct {
		rec  int
		name string
	}
	nSpans := len(items)
	var dimRefs []dimRef
	for ri, r := range recs {
		if c := cats[ri].model; c == nil || c.role != categoryDecide {
			continue
		}
		for _, d := range cats[ri].dims {
			if pol.CategoryPresent(d, cats[ri].model.presence) {
				n := utf8.RuneCountInString(d.Name)
				items = append(items, spanItem{text: d.Name + "：" + r.norm.Text, start: 0, end: n})
				dimRefs = append(dimRefs, dimRef{ri, d.Name})
			}
		}
	}
	probs, err := e.aspectPolarity(ctx, items)
	if err != nil {
		return err
	}
	catPol := make([]map[string][3]float32, len(recs))
	if probs != nil {
		for j, dr := range dimRefs {
			if catPol[dr.rec] == nil {
				catPol[dr.rec] = map[string][3]float32{}
			}
			catPol[dr.rec][dr.name] = probs[nSpans+j]
		}
		probs = probs[:nSpans]
	}
	founds := make([][]Aspect, len(refs))
	offs := make([]int, len(refs)+1) // each draft's first span in probs
	for k := range refs {
		offs[k+1] = offs[k] + len(drafts[k].Spans())
	}
	e.parallel(len(refs), func(k int) {
		var pr [][3]float32
		if probs != nil {
			pr = probs[offs[k]:offs[k+1]]
		}
		founds[k] = drafts[k].Mentions(pr)
	})
	for k, rf := range refs {
		r := recs[rf.r]
		s := r.sents[rf.s]
		found := founds[k]
		for i := range found {
			a := &found[i]
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
	places, err := e.placeDims(ctx, recs, cats) // categoryplace.go
	if err != nil {
		return err
	}
	build := func(ri int) mention.Record {
		r := recs[ri]
		rec := mention.Record{Industry: r.industry, Text: r.in.Text, Conversational: Conversational(r.in), Runes: utf8.RuneCountInString(r.in.Text), Mentions: r.res.Aspects}
		for _, s := range r.res.Sentences {
			rec.SentenceStarts, rec.SentenceEnds = append(rec.SentenceStarts, s.Start), append(rec.SentenceEnds, s.End)
			if s.Sentiment != nil { // read by category-car's neutral (record.go) and the indicator verifier
				rec.Sentiments = append(rec.Sentiments, mention.SentenceSentiment{Label: s.Sentiment.Label, Score: s.Sentiment.Score})
			}
		}
		if pol.Verifier != nil || pol.VerifierTrace != nil { // mention/verifier.go
			rec.SentenceLabels = make([]mention.SentenceSentiment, len(r.res.Sentences))
			for i, s := range r.res.Sentences {
				if s.Sentiment != nil {
					rec.SentenceLabels[i] = mention.SentenceSentiment{Label: s.Sentiment.Label, Score: s.Sentiment.Score}
				}
			}
		}
		if c := cats[ri].model; c != nil && c.role == categoryAdd {
			rec.Added, rec.SentenceAdded = cats[ri].dims, cats[ri].sents
			if places != nil {
				rec.PlaceDims = places[ri]
			}
		} else if c != nil {
			rec.Category, rec.Threshold, rec.CategoryPolarity = cats[ri].dims, c.presence, catPol[ri]
		}
		return rec
	}
	// Implicit category mentions sit at the sentence where their dimension is most present,
	// which takes the add-only classifier's run on every sentence (categoryimplicit.go). The
	// policy decides whether it emits one without those scores (only the span needs them), so
	// a trial run without them (traces off; Indicators leaves its record unchanged) picks the
	// records whose sentences are worth scoring.
	need := make([]bool, len(recs))
	if pol.CategoryAddMentions {
		trial := *pol
		trial.VerifierTrace, trial.IndVerifyTrace, trial.ArbiterTrace = nil, nil, nil
		for ri := range recs {
			if !e.implicitCandidate(recs[ri], cats[ri]) {
				continue
			}
			_, ms := trial.Indicators(g, build(ri))
			for _, m := range ms {
				need[ri] = need[ri] || (m.Term == "" && m.Source == mention.SourceCategory)
			}
		}
	}
	if err := e.sentenceAdded(ctx, recs, cats, need); err != nil { // categoryimplicit.go
		return err
	}
	for ri, r := range recs {
		r.res.Indicators, r.res.Aspects = pol.Indicators(g, build(ri))
	}
	return nil
}

// parallel runs fn(0..n-1) on up to InferWorkers goroutines (the policy is CPU work on
// immutable data: the graph snapshot, the lexicon, jieba).
func (e *Engine) parallel(n int, fn func(k int)) {
	workers := min(e.cfg.InferWorkers, n)
	if workers <= 1 || n < 8 {
		for k := 0; k < n; k++ {
			fn(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				fn(k)
			}
		}()
	}
	wg.Wait()
}

// spanItem is one candidate aspect span of a sentence for the aspect-polarity model.
type spanItem struct {
	text       string
	start, end int
}

// aspectPolarity scores candidate aspect spans with the aspect-polarity model: (negative,
// neutral, positive) per item, or nil when the model is not loaded.
func (e *Engine) aspectPolarity(ctx context.Context, items []spanItem) ([][3]float32, error) {
	if e.polarity == nil || len(items) == 0 {
		return nil, nil
	}
	in := make([]PolarityItem, len(items))
	for i, it := range items {
		in[i] = PolarityItem{Text: it.text, Start: it.start, End: it.end}
	}
	probs, err := e.polarity.score(ctx, in, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
	if err != nil {
		return nil, fmt.Errorf("aspect polarity: %w", err)
	}
	if len(probs) != len(items) {
		return nil, fmt.Errorf("aspect polarity: %d results for %d spans", len(probs), len(items))
	}
	return probs, nil
}
