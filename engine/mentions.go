package engine

import (
	"context"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/mention"
)

// fillAspects runs the models the mention policy needs and hands their outputs to package
// mention, which decides the mentions and the record-level indicators: per sentence the
// text, its sentiment, its jieba words, the aspect model's triplets and the aspect-polarity
// probabilities of the candidate spans; per record the category classifier's dimensions.
func (e *Engine) fillAspects(ctx context.Context, recs []*record) error {
	g := e.store.Graph()
	pol := &mention.DefaultPolicy
	type ref struct{ r, s int }
	var refs []ref
	var sentTexts []string
	for ri, r := range recs {
		for si, s := range r.sents {
			refs = append(refs, ref{ri, si})
			sentTexts = append(sentTexts, s.Text)
		}
	}
	var modelAspects [][]Aspect // per (record, sentence) flattened
	if e.aspect != nil && len(sentTexts) > 0 {
		var err error
		if modelAspects, err = e.aspect.extract(ctx, sentTexts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens); err != nil {
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
	for k, rf := range refs {
		r := recs[rf.r]
		s := r.sents[rf.s]
		in := mention.Sentence{Text: s.Text, Words: e.seg.Tag(s.Text)}
		if st := r.res.Sentences[rf.s].Sentiment; st != nil {
			in.Sentiment, in.SentimentScore = st.Label, st.Score
		}
		if modelAspects != nil {
			in.Triplets = modelAspects[k]
		}
		drafts[k] = pol.Plan(g, r.industry, in)
		for _, sp := range drafts[k].Spans() {
			items = append(items, spanItem{text: s.Text, start: sp.Start, end: sp.End})
		}
	}
	probs, err := e.aspectPolarity(ctx, items)
	if err != nil {
		return err
	}
	next := 0
	for k, rf := range refs {
		r := recs[rf.r]
		s := r.sents[rf.s]
		var pr [][3]float32
		if n := len(drafts[k].Spans()); probs != nil {
			pr = probs[next : next+n]
			next += n
		}
		found := drafts[k].Mentions(pr)
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
	for ri, r := range recs {
		sortAspects(r.res.Aspects)
		rec := mention.Record{Industry: r.industry, Runes: utf8.RuneCountInString(r.in.Text), Mentions: r.res.Aspects}
		if cats[ri] != nil {
			rec.Category, rec.Threshold = cats[ri], e.category.presence
		}
		r.res.Indicators, r.res.Aspects = pol.Indicators(g, rec)
	}
	return nil
}

// spanItem is one candidate aspect span of a sentence for the aspect-polarity model.
type spanItem struct {
	text       string
	start, end int
}

// aspectPolarity scores candidate aspect spans with the aspect-polarity model: (negative,
// neutral, positive) per item, or nil when the model is not loaded.
func (e *Engine) aspectPolarity(ctx context.Context, items []spanItem) ([][3]float32, error) {
	return nil, nil
}

// categorize runs the category classifier once per record of its industry: on the whole
// text when it fits the model window, else on each sentence, keeping per dimension the
// sentence where it is most present. nil for records it does not run on.
func (e *Engine) categorize(ctx context.Context, recs []*record) ([][]mention.CategoryDim, error) {
	out := make([][]mention.CategoryDim, len(recs))
	if e.category == nil {
		return out, nil
	}
	var texts []string
	var owner []int
	for ri, r := range recs {
		if r.industry != e.category.industry {
			continue
		}
		if max := e.category.m.card.MaxLen - 2; max <= 0 || r.norm.Runes() <= max || len(r.sents) <= 1 {
			texts, owner = append(texts, r.norm.Text), append(owner, ri)
			continue
		}
		for _, s := range r.sents {
			texts, owner = append(texts, s.Text), append(owner, ri)
		}
	}
	if len(texts) == 0 {
		return out, nil
	}
	_, rows, err := e.category.m.run(ctx, texts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
	if err != nil {
		return nil, err
	}
	labels := e.category.labels
	for j, row := range rows {
		probs := row[e.category.m.card.Outputs[0]]
		if len(probs) != len(labels)*4 {
			continue
		}
		ri := owner[j]
		if out[ri] == nil {
			out[ri] = make([]mention.CategoryDim, len(labels))
			for d, name := range labels {
				out[ri][d] = mention.CategoryDim{Name: name, Probs: [4]float32{1, 0, 0, 0}}
			}
		}
		for d := range labels {
			var p [4]float32
			copy(p[:], probs[d*4:d*4+4])
			if p[0] < out[ri][d].Probs[0] { // more present here
				out[ri][d].Probs = p
			}
		}
	}
	return out, nil
}
