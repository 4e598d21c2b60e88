package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// Training samples of the mention verifier (mention/verifier.go): every counted mention
// analyze emits on a labelled file (hand format: training/data/silver_*.jsonl, or the hand
// DEV part for choosing), with the verifier's features and whether its (indicator, point) is
// one of the text's gold pairs: what ScoreHand's all-mentions row counts right.

// VerifierLabelled is one sample of the verifier.
type VerifierLabelled struct {
	Set      string `json:"set"` // the file's base name
	ID       string `json:"id"`
	Industry string `json:"industry"`
	mention.VerifierSample
	Label int `json:"label"` // 1: (indicator, point) is a gold pair of the text
	// Gold are the text's gold (indicator|point) pairs with a point; set on the text's first
	// sample only (a trainer scores the text's F1 with them).
	Gold []string `json:"gold,omitempty"`
	// HasSpan: the row is of a span-labelled file; SpanLabel 1 when the mention's term overlaps
	// a gold aspect span; SpanGold the text's gold aspect spans (on its first row).
	HasSpan   bool `json:"has_span,omitempty"`
	SpanLabel int  `json:"span_label"`
	SpanGold  int  `json:"span_gold,omitempty"`
}

// VerifierCollector gathers the verifier's trace per record text (mention.Policy.VerifierTrace;
// safe for concurrent use).
type VerifierCollector struct {
	mu sync.Mutex
	by map[string][]mention.VerifierSample
}

// Trace records one sample under its record's text.
func (c *VerifierCollector) Trace(s mention.VerifierSample) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string][]mention.VerifierSample{}
	}
	c.by[s.Text] = append(c.by[s.Text], s)
}

// GoldPairs are a hand item's gold (indicator|point) pairs with a point, as ScoreHand counts them.
func GoldPairs(it HandItem) []string {
	out := []string{}
	for _, g := range it.Gold {
		if g.Point != "" {
			out = append(out, g.Indicator+"|"+g.Point)
		}
	}
	return uniq(out)
}

// VerifierSamples analyses the items (each with its industry, as ScoreHand does) and labels
// every traced counted mention. Every item yields one row per sample; an item with none
// yields one row with no features (Index -1) so that its gold pairs are counted.
func VerifierSamples(ctx context.Context, e *engine.Engine, col *VerifierCollector, set string, items []HandItem) ([]VerifierLabelled, error) {
	col.mu.Lock()
	col.by = map[string][]mention.VerifierSample{}
	col.mu.Unlock()
	inputs := make([]engine.Input, len(items))
	for i, it := range items {
		inputs[i] = engine.Input{ID: it.ID, Text: it.Text, Industry: it.Industry}
	}
	if _, err := AnalyzeAll(ctx, e, inputs, 256); err != nil {
		return nil, err
	}
	var out []VerifierLabelled
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.Text] { // a repeated text: its record's trace is the first item's
			continue
		}
		seen[it.Text] = true
		gold := GoldPairs(it)
		in := map[string]bool{}
		for _, g := range gold {
			in[g] = true
		}
		first := true
		for _, s := range col.by[it.Text] {
			if s.Industry != it.Industry {
				continue
			}
			l := VerifierLabelled{Set: set, ID: it.ID, Industry: it.Industry, VerifierSample: s}
			if in[s.Indicator+"|"+s.Point] {
				l.Label = 1
			}
			if first {
				l.Gold, first = gold, false
			}
			out = append(out, l)
		}
		if first {
			out = append(out, VerifierLabelled{Set: set, ID: it.ID, Industry: it.Industry,
				VerifierSample: mention.VerifierSample{Index: -1}, Gold: gold})
		}
	}
	return out, nil
}

// SpanItem is one text of a span-labelled file (training/data/silverspan_*.jsonl): its
// (aspect, opinion, polarity) triplets as read; AspectAt is the aspect's code-point offset
// where the aspect occurs more than once and its first occurrence is not the one meant.
type SpanItem struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Triplets []struct {
		Aspect    string `json:"aspect"`
		AspectAt  *int   `json:"aspect_at"`
		Opinion   string `json:"opinion"`
		OpinionAt *int   `json:"opinion_at"`
	} `json:"triplets"`
}

// LoadSpanItems reads a span-labelled JSONL file.
func LoadSpanItems(path string) ([]SpanItem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read span file: %w", err)
	}
	var out []SpanItem
	for n, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var it SpanItem
		if err := json.Unmarshal(line, &it); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n+1, err)
		}
		if it.Text == "" {
			return nil, fmt.Errorf("%s line %d: no text", path, n+1)
		}
		out = append(out, it)
	}
	return out, nil
}

// aspectSpans are an item's gold aspect spans in code points and, for a triplet with an
// implicit aspect, its opinion's span (a term inside such an opinion names what it evaluates:
// 及时送到).
func (it SpanItem) aspectSpans() [][2]int {
	var out [][2]int
	rs := []rune(it.Text)
	find := func(sub string, at *int) {
		n := utf8.RuneCountInString(sub)
		p := -1
		if at != nil {
			p = *at
		} else if b := strings.Index(it.Text, sub); b >= 0 {
			p = utf8.RuneCountInString(it.Text[:b])
		}
		if p >= 0 && p+n <= len(rs) && string(rs[p:p+n]) == sub {
			out = append(out, [2]int{p, p + n})
		}
	}
	for _, t := range it.Triplets {
		switch {
		case t.Aspect != "":
			find(t.Aspect, t.AspectAt)
		case t.Opinion != "":
			find(t.Opinion, t.OpinionAt)
		}
	}
	return out
}

// VerifierSpanSamples analyses span-labelled items (all of one industry) and labels each
// traced term mention 1 when its term overlaps a gold aspect span, or the opinion of a
// triplet with an implicit aspect (SpanLabel), with the text's count of those spans on its
// first row (SpanGold).
func VerifierSpanSamples(ctx context.Context, e *engine.Engine, col *VerifierCollector, set, industry string, items []SpanItem) ([]VerifierLabelled, error) {
	hand := make([]HandItem, len(items))
	for i, it := range items {
		hand[i] = HandItem{ID: it.ID, Text: it.Text, Industry: industry}
	}
	rows, err := VerifierSamples(ctx, e, col, set, hand)
	if err != nil {
		return nil, err
	}
	byID := map[string]SpanItem{}
	for _, it := range items {
		byID[it.ID] = it
	}
	first := map[string]bool{}
	var out []VerifierLabelled
	for _, r := range rows {
		it := byID[r.ID]
		spans := it.aspectSpans()
		r.Gold, r.HasSpan = nil, true
		if !first[r.ID] {
			first[r.ID] = true
			r.SpanGold = len(spans)
		}
		if r.Index >= 0 && r.Term != "" {
			s, e, ok := termSpan(it.Text, r.Term, r.Start)
			if ok {
				for _, g := range spans {
					if min(e, g[1]) > max(s, g[0]) {
						r.SpanLabel = 1
					}
				}
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// termSpan is the code-point span of a traced term: at start when the text holds it there,
// else its first occurrence.
func termSpan(text, term string, start int) (int, int, bool) {
	rs := []rune(text)
	n := utf8.RuneCountInString(term)
	if start >= 0 && start+n <= len(rs) && string(rs[start:start+n]) == term {
		return start, start + n, true
	}
	if b := strings.Index(text, term); b >= 0 {
		s := utf8.RuneCountInString(text[:b])
		return s, s + n, true
	}
	return 0, 0, false
}
