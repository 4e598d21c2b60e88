package bench

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestConfusionMetrics(t *testing.T) {
	type pair struct{ gold, pred string }
	cases := []struct {
		name       string
		labels     []string
		pairs      []pair
		acc, macro float64
		// per class: precision, recall, f1, support, predicted
		class map[string][5]float64
	}{
		{
			name:   "three classes (hand-computed)",
			labels: []string{"negative", "neutral", "positive"},
			pairs: []pair{{"positive", "positive"}, {"positive", "positive"}, {"positive", "negative"},
				{"negative", "negative"}, {"negative", "positive"}, {"neutral", "neutral"}, {"neutral", "negative"}},
			acc:   4.0 / 7,
			macro: (2.0/3 + 0.4 + 2.0/3) / 3,
			class: map[string][5]float64{
				"positive": {2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3},
				"negative": {1.0 / 3, 0.5, 0.4, 2, 3},
				"neutral":  {1, 0.5, 2.0 / 3, 2, 1},
			},
		},
		{
			name:   "binary gold, neutral only predicted: not a class of the data",
			labels: []string{"negative", "neutral", "positive"},
			pairs:  []pair{{"positive", "positive"}, {"positive", "neutral"}, {"negative", "negative"}, {"negative", "negative"}},
			acc:    0.75,
			macro:  (2.0/3 + 1) / 2,
			class: map[string][5]float64{
				"positive": {1, 0.5, 2.0 / 3, 2, 1},
				"negative": {1, 1, 1, 2, 2},
				"neutral":  {0, 0, 0, 0, 1},
			},
		},
		{
			name:   "aspect polarity with none (no triplet on the aspect)",
			labels: []string{"negative", "neutral", "positive"},
			pairs:  []pair{{"negative", "none"}, {"positive", "positive"}, {"positive", "none"}, {"negative", "negative"}},
			acc:    0.5,
			macro:  (2.0/3 + 2.0/3) / 2,
			class: map[string][5]float64{
				"none":     {0, 0, 0, 0, 2},
				"negative": {1, 0.5, 2.0 / 3, 2, 1},
			},
		},
		{name: "empty", labels: []string{"a", "b"}, acc: 0, macro: 0, class: map[string][5]float64{"a": {0, 0, 0, 0, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewConfusion(tc.labels...)
			for _, p := range tc.pairs {
				c.Add(p.gold, p.pred)
			}
			if c.Total() != len(tc.pairs) {
				t.Errorf("total %d, want %d", c.Total(), len(tc.pairs))
			}
			if !near(c.Accuracy(), tc.acc) {
				t.Errorf("accuracy %v, want %v", c.Accuracy(), tc.acc)
			}
			if !near(c.MacroF1(), tc.macro) {
				t.Errorf("macro-F1 %v, want %v", c.MacroF1(), tc.macro)
			}
			got := map[string]ClassScore{}
			for _, s := range c.PerClass() {
				got[s.Label] = s
			}
			for l, w := range tc.class {
				s, ok := got[l]
				if !ok {
					t.Fatalf("no class %s in %v", l, c.Labels)
				}
				if !near(s.Precision, w[0]) || !near(s.Recall, w[1]) || !near(s.F1, w[2]) || s.Support != int(w[3]) || s.Predicted != int(w[4]) {
					t.Errorf("%s: P %v R %v F1 %v support %d predicted %d, want %v", l, s.Precision, s.Recall, s.F1, s.Support, s.Predicted, w)
				}
			}
		})
	}
}

func TestConfusionCells(t *testing.T) {
	c := NewConfusion("negative", "positive")
	c.Add("positive", "negative")
	c.Add("positive", "negative")
	c.Add("negative", "neutral") // new label appended to every row
	if c.Get("positive", "negative") != 2 || c.Get("negative", "neutral") != 1 || c.Get("positive", "neutral") != 0 || c.Get("x", "y") != 0 {
		t.Errorf("cells wrong: %v", c.Counts)
	}
	if len(c.Labels) != 3 || len(c.Counts["positive"]) != 3 {
		t.Errorf("labels %v rows %v", c.Labels, c.Counts)
	}
}

func TestMatchSets(t *testing.T) {
	cases := []struct {
		name       string
		pred, gold [][]string
		tp, np, ng int
		p, r, f    float64
	}{
		{
			name: "micro over documents, duplicates once",
			pred: [][]string{{"价格|positive", "油耗|negative"}, {"动力|neutral"}, {"空间|positive", "空间|positive"}},
			gold: [][]string{{"价格|positive", "内饰|positive", "油耗|positive"}, {}, {"空间|positive"}},
			tp:   2, np: 4, ng: 4, p: 0.5, r: 0.5, f: 0.5,
		},
		{
			name: "nothing predicted",
			pred: [][]string{{}},
			gold: [][]string{{"0-2|2-4|neutral"}},
			tp:   0, np: 0, ng: 1, p: 0, r: 0, f: 0,
		},
		{
			name: "triplets: 3 of 4 predicted right, 3 of 5 gold found",
			pred: [][]string{{"0-2|2-4|neutral", "0-2|5-8|positive"}, {"-|3-5|negative", "1-2|3-4|positive"}},
			gold: [][]string{{"0-2|2-4|neutral", "0-2|5-8|positive", "13-15|10-15|positive"}, {"-|3-5|negative", "1-2|3-4|negative"}},
			tp:   3, np: 4, ng: 5, p: 0.75, r: 0.6, f: 2 * 0.75 * 0.6 / 1.35,
		},
		{
			name: "more predicted documents than gold count as predictions",
			pred: [][]string{{"a"}, {"b"}},
			gold: [][]string{{"a"}},
			tp:   1, np: 2, ng: 1, p: 0.5, r: 1, f: 2.0 / 3,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := MatchSets(tc.pred, tc.gold)
			if g.TP != tc.tp || g.Predicted != tc.np || g.Gold != tc.ng || !near(g.Precision, tc.p) || !near(g.Recall, tc.r) || !near(g.F1, tc.f) {
				t.Errorf("got %+v, want tp %d pred %d gold %d P %v R %v F1 %v", g, tc.tp, tc.np, tc.ng, tc.p, tc.r, tc.f)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	ten := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	hundred := make([]float64, 100)
	for i := range hundred {
		hundred[i] = float64(i + 1)
	}
	cases := []struct {
		v    []float64
		q, w float64
	}{
		{ten, 50, 5}, {ten, 95, 10}, {ten, 99, 10}, {ten, 0, 1}, {hundred, 95, 95}, {hundred, 99, 99}, {hundred, 50, 50}, {nil, 50, 0}, {[]float64{7}, 99, 7},
	}
	for _, c := range cases {
		if got := Percentile(c.v, c.q); got != c.w {
			t.Errorf("p%v of %d values = %v, want %v", c.q, len(c.v), got, c.w)
		}
	}
}
