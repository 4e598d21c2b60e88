package mention

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"github.com/tingzhen/tingzhen/kg"
)

// The mention placer: a softmax over the pack's indicators that reads a counted term mention
// (its term, the indicator the graph placed it on, its point and polarity, and the characters
// of its clause with the term blanked out) and may move it to another indicator of the same
// pack. Each (industry, indicator, feature) triple has one weight in a hashed table (FNV-1a of
// the feature XOR FNV-1a of "industry\x00indicator", modulo Buckets); an indicator's score is the
// sum of its features' weights. A mention moves to the best indicator a other than its own e when
// P(a) ≥ MinProb and P(a) − P(e) ≥ Margin; it then takes a's first aspect's placement (stage,
// touchpoint, department), as a category verdict does. Term, opinion, polarity and point stay.
// It runs before the verifier (Policy.Indicators), which then judges the new placement.
//
// Trained by training/train_placer.py on silver training files (training/data/silver_*.jsonl;
// `tingzhen bench verifier-samples` traces each counted mention's placer features): a mention's
// target is its own indicator when that is a gold indicator of the text, else the text's gold
// indicators with the mention's point that no other term's mention names (issue 13, remap14,
// session 14; bench/results/notes/remap14-s14-shiprule.md).

// Placer is a trained mention placer. Immutable once parsed.
type Placer struct {
	Buckets int       `json:"buckets"`
	Weights []float64 `json:"weights"`
	// Indicators are the candidate indicators per industry (the industries it reads).
	Indicators map[string][]string `json:"indicators"`
	// Category weighs the add-only category classifier's presence (1 − P(absent)) of each
	// candidate indicator in the record (Record.Added; 0 where it did not run).
	Category float64            `json:"category"`
	MinProb  float64            `json:"min_prob"`
	Margin   float64            `json:"margin"`
	Note     string             `json:"note,omitempty"`
	Metrics  map[string]float64 `json:"metrics,omitempty"`
}

// placerMaxWeight bounds a placer's weights, so that no sum of them overflows.
const placerMaxWeight = 1e6

// ParsePlacer reads a placer file (JSON). It refuses a file whose weights are not Buckets
// finite numbers within ±placerMaxWeight, whose thresholds are outside [0, 1], or with an
// industry of fewer than 2 indicators.
func ParsePlacer(r io.Reader) (*Placer, error) {
	var p Placer
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("placer: %w", err)
	}
	if p.Buckets <= 0 || len(p.Weights) != p.Buckets {
		return nil, fmt.Errorf("placer: %d weights for %d buckets", len(p.Weights), p.Buckets)
	}
	for i, w := range append(append([]float64(nil), p.Weights...), p.Category) {
		if !finite(w) || math.Abs(w) > placerMaxWeight {
			return nil, fmt.Errorf("placer: weight %d: not a finite number within ±%g", i, placerMaxWeight)
		}
	}
	if !(p.MinProb >= 0 && p.MinProb <= 1) || !(p.Margin >= 0 && p.Margin <= 1) {
		return nil, fmt.Errorf("placer: min_prob %v or margin %v outside [0, 1]", p.MinProb, p.Margin)
	}
	if len(p.Indicators) == 0 {
		return nil, fmt.Errorf("placer: no industry")
	}
	for ind, ids := range p.Indicators {
		if len(ids) < 2 {
			return nil, fmt.Errorf("placer: industry %q: %d indicators, want at least 2", ind, len(ids))
		}
	}
	return &p, nil
}

//go:embed placer/weights.json
var placerJSON []byte

var defaultPlacer = sync.OnceValues(func() (*Placer, error) {
	return ParsePlacer(bytes.NewReader(placerJSON))
})

// DefaultPlacer is the embedded placer (mention/placer/weights.json).
func DefaultPlacer() (*Placer, error) { return defaultPlacer() }

// placerFeatures are the placer's features of mention m of a record whose text is rs: bias,
// term, emitted indicator, point, polarity, and the clause's characters (u:) and character
// pairs (b:) with the term as one placeholder character T. A mention without valid offsets
// has no clause features.
func placerFeatures(rs []rune, m Mention) []string {
	fs := []string{"bias", "t:" + m.Term, "e:" + m.KG.IDs["indicator"], "p:" + m.Point, "o:" + m.Polarity}
	if m.Start < 0 || m.End > len(rs) || m.Start >= m.End {
		return fs
	}
	cs, ce := clauseAround(rs, m.Start, m.End)
	clause := make([]rune, 0, ce-cs+1)
	clause = append(clause, rs[cs:m.Start]...)
	clause = append(clause, 'T')
	clause = append(clause, rs[m.End:ce]...)
	for i, c := range clause {
		if i != m.Start-cs {
			fs = append(fs, "u:"+string(c))
		}
		if i+1 < len(clause) {
			fs = append(fs, "b:"+string(clause[i:i+2]))
		}
	}
	return fs
}

// placerBucket is the weight index of a feature whose hash is hf for an indicator whose hash
// is ha (fnv32a of "industry\x00indicator"): (hf XOR ha) modulo the buckets.
func placerBucket(hf, ha uint32, buckets int) int { return int((hf ^ ha) % uint32(buckets)) }

// Probs returns the softmax over the industry's indicators for features fs and the category
// classifier's presence per indicator id (nil: none) (nil when it does not read the industry),
// in the order of p.Indicators[industry].
func (p *Placer) Probs(industry string, fs []string, present map[string]float64) []float64 {
	if p == nil || len(p.Indicators[industry]) == 0 {
		return nil
	}
	ids := p.Indicators[industry]
	hf := make([]uint32, len(fs))
	for i, f := range fs {
		hf[i] = fnv32a(f)
	}
	z := make([]float64, len(ids))
	top := math.Inf(-1)
	for k, ind := range ids {
		ha := fnv32a(industry + "\x00" + ind)
		for _, h := range hf {
			z[k] += p.Weights[placerBucket(h, ha, p.Buckets)]
		}
		z[k] += p.Category * present[ind]
		top = math.Max(top, z[k])
	}
	sum := 0.0
	for k := range z {
		z[k] = math.Exp(z[k] - top)
		sum += z[k]
	}
	for k := range z {
		z[k] /= sum
	}
	return z
}

// choose returns the indicator a mention on e moves to under features fs and category
// presences present, or "" to stay.
func (p *Placer) choose(industry, e string, fs []string, present map[string]float64) string {
	pr := p.Probs(industry, fs, present)
	if pr == nil {
		return ""
	}
	ids := p.Indicators[industry]
	best := 0
	for k := range pr {
		if pr[k] > pr[best] {
			best = k
		}
	}
	pe := 0.0
	if k := slices.Index(ids, e); k >= 0 {
		pe = pr[k]
	}
	if ids[best] == e || pr[best] < p.MinProb || pr[best]-pe < p.Margin {
		return ""
	}
	return ids[best]
}

// place moves the counted term mentions of r that the placer places elsewhere (Policy.Placer)
// onto the indicator it chooses. ms are r's merged mentions; the slice is copied when any moves.
func (p *Policy) place(g *kg.Graph, r Record, ms []Mention) []Mention {
	pl := p.Placer
	if pl == nil || r.Conversational || len(pl.Indicators[r.Industry]) == 0 {
		return ms
	}
	var rs []rune
	var out []Mention
	present := categoryPresence(r)
	for i, m := range ms {
		if !counted(m, r.Industry) || m.Term == "" || !verifiable(m) {
			continue
		}
		if rs == nil {
			rs = []rune(r.Text)
		}
		e := m.KG.IDs["indicator"]
		a := pl.choose(r.Industry, e, placerFeatures(rs, m), present)
		if a == "" {
			continue
		}
		mp, ok := indicatorMapping(g, r.Industry, a) // categoryadd.go
		if !ok {
			continue
		}
		if out == nil {
			out = slices.Clone(ms)
		}
		out[i].KG = ref(mp)
	}
	if out == nil {
		return ms
	}
	return out
}

// categoryPresence is the add-only category classifier's presence (1 − P(absent)) per
// indicator id of record r (nil when it did not run).
func categoryPresence(r Record) map[string]float64 {
	if len(r.Added) == 0 {
		return nil
	}
	out := make(map[string]float64, len(r.Added))
	for _, d := range r.Added {
		out[d.Name] = clamp01(1 - float64(d.Probs[0]))
	}
	return out
}
