package bench

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// APC in two modes. Open: the item's sentence alone, as analyze reads any text (ScoreAPC).
// Named: the item's gold term passed as the record's named aspect (engine.Input.Aspects),
// as a CEM user who tracks that attribute would; the mention policy then gives every
// occurrence of the term one mention of source "named" (mention/named.go).

// apcAnswer is analyze's answer on one APC item: the polarity of the mention on the gold
// term and that mention's source ("none" when no mention overlaps it).
type apcAnswer struct{ pol, src string }

// apcAnswers analyses every APC item as a record of industry, in named mode with the
// item's gold term as its named aspect.
func apcAnswers(ctx context.Context, e *engine.Engine, ds *Dataset, industry string, named bool) ([]apcAnswer, error) {
	inputs := make([]engine.Input, len(ds.Items))
	for i, it := range ds.Items {
		inputs[i] = engine.Input{ID: fmt.Sprint(i), Text: it.Text, Industry: industry}
		if named {
			rs := []rune(it.Text)
			if it.Aspect[0] < 0 || it.Aspect[1] > len(rs) || it.Aspect[1] <= it.Aspect[0] {
				return nil, fmt.Errorf("apc item %d (%q): aspect span %v outside the text", i, clipRunes(it.Text, 40), it.Aspect)
			}
			inputs[i].Aspects = []string{string(rs[it.Aspect[0]:it.Aspect[1]])}
		}
	}
	res, err := AnalyzeAll(ctx, e, inputs, 256)
	if err != nil {
		return nil, err
	}
	out := make([]apcAnswer, len(res))
	for i, r := range res {
		out[i].pol, out[i].src = aspectPolaritySource(r.Aspects, ds.Items[i].Aspect)
		if named && out[i].src == "none" && utf8.RuneCountInString(inputs[i].Aspects[0]) > 1 {
			// The gold occurrence repeats an earlier one word for word (same term, opinion,
			// polarity, point, indicator): the policy merged it into the first (MergeRecord).
			// (A one-character term is left out: it may be unmatched inside a word.)
			for _, m := range r.Aspects {
				if m.Source == mention.SourceNamed && m.Term == inputs[i].Aspects[0] {
					out[i].pol, out[i].src = m.Polarity, m.Source
					break
				}
			}
		}
	}
	return out, nil
}

// apcRows are the APC report rows: all items, then the items answered by each source, and
// those with no mention on the term.
func apcRows(ds *Dataset, ans []apcAnswer) []PipelineRow {
	type tally struct{ right, n int }
	by := map[string]*tally{}
	total := &tally{}
	for i, a := range ans {
		total.n++
		t := by[a.src]
		if t == nil {
			t = &tally{}
			by[a.src] = t
		}
		t.n++
		if a.pol == ds.Items[i].Label {
			total.right++
			t.right++
		}
	}
	rows := []PipelineRow{{Source: "all mentions", Metric: "accuracy", Score: ratio(total.right, total.n), Right: total.right, N: total.n, Note: "no mention on the aspect = wrong"}}
	for _, src := range append(append([]string{}, mentionSources...), mention.SourceNamed, "none") {
		t := by[src]
		if t == nil {
			continue
		}
		note := "items answered by this source"
		if src == "none" {
			note = "items with no mention on the aspect term"
		}
		rows = append(rows, PipelineRow{Source: src, Metric: "accuracy", Score: ratio(t.right, t.n), Right: t.right, N: t.n, Note: note})
	}
	return rows
}

// ScoreAPCModes scores APC open (as ScoreAPC) and named, on the same items. The named
// report has, besides its own rows, the named accuracy on the items grouped by the source
// that answered them in open mode ("named, open: kg" …), so the gain on the terms the open
// policy missed ("named, open: none") is seen apart from the others.
func ScoreAPCModes(ctx context.Context, e *engine.Engine, ds *Dataset, industry, split string) (open, named *PipelineReport, err error) {
	start := time.Now()
	oa, err := apcAnswers(ctx, e, ds, industry, false)
	if err != nil {
		return nil, nil, err
	}
	open = &PipelineReport{Task: "apc", Data: ds.Path, Split: split + "; open: the sentence alone", N: len(ds.Items), Rows: apcRows(ds, oa), Seconds: time.Since(start).Seconds()}
	start = time.Now()
	na, err := apcAnswers(ctx, e, ds, industry, true)
	if err != nil {
		return nil, nil, err
	}
	named = &PipelineReport{Task: "apc-named", Data: ds.Path, Split: split + "; named: the gold term passed as the named aspect", N: len(ds.Items), Rows: apcRows(ds, na)}
	type tally struct{ right, n int }
	by := map[string]*tally{}
	for i := range na {
		t := by[oa[i].src]
		if t == nil {
			t = &tally{}
			by[oa[i].src] = t
		}
		t.n++
		if na[i].pol == ds.Items[i].Label {
			t.right++
		}
	}
	for _, src := range append(append([]string{}, mentionSources...), "none") {
		if t := by[src]; t != nil {
			named.Rows = append(named.Rows, PipelineRow{Source: "named, open: " + src, Metric: "accuracy", Score: ratio(t.right, t.n), Right: t.right, N: t.n,
				Note: "named-mode accuracy on the items open mode answered with this source"})
		}
	}
	named.Seconds = time.Since(start).Seconds()
	return open, named, nil
}
