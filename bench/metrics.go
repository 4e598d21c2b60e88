package bench

import "sort"

// Confusion counts gold×predicted label pairs.
type Confusion struct {
	Labels []string         `json:"labels"` // row and column order
	Counts map[string][]int `json:"counts"` // gold label → counts per predicted label (Labels order)
	index  map[string]int
}

// NewConfusion starts a matrix over labels; labels seen later are appended.
func NewConfusion(labels ...string) *Confusion {
	c := &Confusion{Counts: map[string][]int{}, index: map[string]int{}}
	for _, l := range labels {
		c.label(l)
	}
	return c
}

func (c *Confusion) label(l string) int {
	if i, ok := c.index[l]; ok {
		return i
	}
	c.index[l] = len(c.Labels)
	c.Labels = append(c.Labels, l)
	for k, row := range c.Counts {
		c.Counts[k] = append(row, 0)
	}
	c.Counts[l] = make([]int, len(c.Labels))
	return c.index[l]
}

// Add counts one item.
func (c *Confusion) Add(gold, pred string) {
	c.label(gold)
	j := c.label(pred)
	c.Counts[gold][j]++
}

// Get is the count of items with gold label g predicted p.
func (c *Confusion) Get(g, p string) int {
	j, ok := c.index[p]
	if !ok {
		return 0
	}
	row := c.Counts[g]
	if row == nil {
		return 0
	}
	return row[j]
}

// Total is the number of items.
func (c *Confusion) Total() int {
	n := 0
	for _, row := range c.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Accuracy is the share of items on the diagonal (0 when empty).
func (c *Confusion) Accuracy() float64 {
	n := c.Total()
	if n == 0 {
		return 0
	}
	ok := 0
	for _, l := range c.Labels {
		ok += c.Get(l, l)
	}
	return float64(ok) / float64(n)
}

// ClassScore is one class's precision, recall and F1 with its support (gold count).
type ClassScore struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
	Predicted int     `json:"predicted"`
}

// PerClass scores every label. Precision of a never-predicted class and recall of a class
// without gold items are 0.
func (c *Confusion) PerClass() []ClassScore {
	out := make([]ClassScore, 0, len(c.Labels))
	for _, l := range c.Labels {
		tp := c.Get(l, l)
		s := ClassScore{Label: l}
		for _, g := range c.Labels {
			s.Predicted += c.Get(g, l)
			s.Support += c.Get(l, g)
		}
		s.Precision = ratio(tp, s.Predicted)
		s.Recall = ratio(tp, s.Support)
		s.F1 = f1(s.Precision, s.Recall)
		out = append(out, s)
	}
	return out
}

// MacroF1 is the mean F1 over the classes with gold items (a label only ever predicted,
// e.g. neutral on a binary data set, does not count as a class of the data).
func (c *Confusion) MacroF1() float64 {
	sum, n := 0.0, 0
	for _, s := range c.PerClass() {
		if s.Support == 0 {
			continue
		}
		sum += s.F1
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// PRF is a set-matching score: true positives, predicted and gold counts.
type PRF struct {
	TP        int     `json:"tp"`
	Predicted int     `json:"predicted"`
	Gold      int     `json:"gold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// MatchSets micro-averages exact matches of predicted against gold items over documents
// (pred[i] and gold[i] belong to document i; duplicates within a document count once).
func MatchSets(pred, gold [][]string) PRF {
	var r PRF
	for i := range gold {
		g := uniq(gold[i])
		var p []string
		if i < len(pred) {
			p = uniq(pred[i])
		}
		r.Gold += len(g)
		r.Predicted += len(p)
		in := make(map[string]bool, len(g))
		for _, x := range g {
			in[x] = true
		}
		for _, x := range p {
			if in[x] {
				r.TP++
			}
		}
	}
	for i := len(gold); i < len(pred); i++ {
		r.Predicted += len(uniq(pred[i]))
	}
	r.Precision = ratio(r.TP, r.Predicted)
	r.Recall = ratio(r.TP, r.Gold)
	r.F1 = f1(r.Precision, r.Recall)
	return r
}

func uniq(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Percentile is the nearest-rank percentile q (0-100) of sorted values (0 when empty).
func Percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	k := int(q/100*float64(len(sorted))+0.999999999) - 1
	if k < 0 {
		k = 0
	}
	if k >= len(sorted) {
		k = len(sorted) - 1
	}
	return sorted[k]
}
