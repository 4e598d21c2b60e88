package mention

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/tingzhen/tingzhen/kg"
)

// The indicator verifier: a logistic regression over what a record's indicator entries rest
// on (the add-only category classifier's probabilities for the indicator, the supporting
// mentions' number, sources and points, the record's sentence sentiments, its length and
// industry, the indicator's prior from training data) that gives the probability that an
// (indicator, point) entry is right. It runs after Indicators has voted, on records whose
// industry it names (never where a deciding classifier such as category-car covers the
// record, nor where the add-only classifier did not run, nor on a turn of a conversation): an entry
// with a point whose probability is below Keep is dropped (its mentions
// stay in the result), and an indicator the add-only classifier finds polar but below
// Policy.CategoryAddPresence (at least CandPresence and CandPolarity) is added when its
// probability is at least Add. It adds no model call: every feature is already computed.
//
// Trained by training/train_indverify.py on samples of `tingzhen bench indverify-samples`
// over silver files no model of the engine was trained on (bench/indverify.go), labelled 1
// when the entry's (indicator, point) is in the text's gold set, as the hand-checked scorer
// counts it.

//go:embed indverify/weights.json
var indVerifyJSON []byte

// indVerifyFeatures are the verifier's inputs, in order (a file whose names differ is refused).
var indVerifyFeatures = []string{
	"cand", "src_category",
	"has_dim", "dim_presence", "dim_logit", "dim_neg", "dim_neu", "dim_pos", "dim_rank", "dim_agree",
	"n_mentions", "n_model", "n_model_kg", "n_kg", "implicit", "opinion", "max_conf", "point_share", "n_points",
	"pain", "itch", "pleasure", "pol_neg", "pol_pos",
	"sent_neg", "sent_pos", "sent_score",
	"question", "request",
	"ind_ecommerce", "ind_food_delivery", "ind_banking", "ind_hotel_travel", "ind_telecom",
	"log_len", "n_entries", "n_rec_mentions", "prior",
}

// indVerifyIndustries are the industries with a one-hot feature each (ind_…), in order.
var indVerifyIndustries = []string{"ecommerce", "food_delivery", "banking", "hotel_travel", "telecom"}

// The candidate floor of IndVerifyTrace: sub-threshold add-only verdicts at least this
// present and polar are traced as candidates (a verifier's own CandPresence / CandPolarity
// decide which are considered when it runs).
const (
	indTracePresence = 0.2
	indTracePolarity = 0.5
)

// IndSample is one indicator entry or candidate as the verifier sees it (Policy.IndVerifyTrace).
type IndSample struct {
	Record    string    `json:"record"` // the record's text (Record.Text)
	Industry  string    `json:"industry"`
	Indicator string    `json:"indicator"`
	Point     string    `json:"point"`
	Polarity  string    `json:"polarity"`
	Candidate bool      `json:"candidate"` // a sub-threshold add-only verdict, not emitted without the verifier
	Features  []float64 `json:"features"`
}

// IndThresholds are the verifier's decision thresholds for one industry.
type IndThresholds struct {
	// Keep: an emitted entry with a point below this probability is dropped (0: none is).
	Keep float64 `json:"keep"`
	// Add: a candidate at least this probable is added (above 1: none is).
	Add float64 `json:"add"`
	// CandPresence, CandPolarity: the add-only verdicts considered as candidates.
	CandPresence float64 `json:"cand_presence"`
	CandPolarity float64 `json:"cand_polarity"`
}

// IndVerifier is a trained indicator verifier: P(right) = sigmoid(Bias + Weights·features).
// Immutable once parsed.
type IndVerifier struct {
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
	Bias     float64   `json:"bias"`
	// Industries names the industries the verifier runs on, each with its thresholds.
	Industries map[string]IndThresholds `json:"industries"`
	// Prior is the share of right entries per "industry/indicator" in the training samples
	// (smoothed); PriorDefault for an indicator not there.
	Prior        map[string]float64 `json:"prior"`
	PriorDefault float64            `json:"prior_default"`
	Note         string             `json:"note,omitempty"`
	Metrics      map[string]float64 `json:"metrics,omitempty"`
}

// ParseIndVerifier reads a verifier file (JSON). It refuses a file whose features are not
// this build's, whose numbers are not finite or whose thresholds are out of range.
func ParseIndVerifier(r io.Reader) (*IndVerifier, error) {
	var v IndVerifier
	if err := json.NewDecoder(r).Decode(&v); err != nil {
		return nil, fmt.Errorf("indicator verifier: %w", err)
	}
	if strings.Join(v.Features, ",") != strings.Join(indVerifyFeatures, ",") {
		return nil, fmt.Errorf("indicator verifier: features %v are not this build's %v", v.Features, indVerifyFeatures)
	}
	if len(v.Weights) != len(indVerifyFeatures) {
		return nil, fmt.Errorf("indicator verifier: %d weights, want %d", len(v.Weights), len(indVerifyFeatures))
	}
	for i, w := range append(v.Weights, v.Bias) {
		if !finite(w) {
			return nil, fmt.Errorf("indicator verifier: weight %d is not a finite number", i)
		}
	}
	if len(v.Industries) == 0 {
		return nil, fmt.Errorf("indicator verifier: no industries")
	}
	for ind, t := range v.Industries {
		switch {
		case strings.TrimSpace(ind) == "":
			return nil, fmt.Errorf("indicator verifier: an empty industry")
		case !finite(t.Keep) || t.Keep < 0 || t.Keep > 1:
			return nil, fmt.Errorf("indicator verifier: %s: keep %v, want [0, 1]", ind, t.Keep)
		case !finite(t.Add) || t.Add < 0:
			return nil, fmt.Errorf("indicator verifier: %s: add %v, want >= 0", ind, t.Add)
		case !finite(t.CandPresence) || t.CandPresence <= 0 || t.CandPresence > 1:
			return nil, fmt.Errorf("indicator verifier: %s: cand_presence %v, want (0, 1]", ind, t.CandPresence)
		case !finite(t.CandPolarity) || t.CandPolarity < 0 || t.CandPolarity > 1:
			return nil, fmt.Errorf("indicator verifier: %s: cand_polarity %v, want [0, 1]", ind, t.CandPolarity)
		}
	}
	for k, x := range v.Prior {
		if !finite(x) || x <= 0 || x >= 1 {
			return nil, fmt.Errorf("indicator verifier: prior %s = %v, want (0, 1)", k, x)
		}
	}
	if !finite(v.PriorDefault) || v.PriorDefault <= 0 || v.PriorDefault >= 1 {
		return nil, fmt.Errorf("indicator verifier: prior_default %v, want (0, 1)", v.PriorDefault)
	}
	return &v, nil
}

var defaultIndVerifier = sync.OnceValues(func() (*IndVerifier, error) {
	return ParseIndVerifier(bytes.NewReader(indVerifyJSON))
})

// DefaultIndVerifier is the embedded verifier (mention/indverify/weights.json).
func DefaultIndVerifier() (*IndVerifier, error) { return defaultIndVerifier() }

// thresholds returns the verifier's thresholds for industry; ok false where it does not run.
func (v *IndVerifier) thresholds(industry string) (IndThresholds, bool) {
	if v == nil {
		return IndThresholds{}, false
	}
	t, ok := v.Industries[industry]
	return t, ok
}

// Prob is the verifier's probability that the entry with features x is right; ok false for
// a vector of the wrong length (a caller's bug).
func (v *IndVerifier) Prob(x []float64) (float64, bool) {
	if v == nil || len(x) != len(v.Weights) {
		return 0, false
	}
	return logistic(v.Bias, v.Weights, x), true
}

func (v *IndVerifier) prior(industry, id string) float64 {
	if v != nil {
		if x, ok := v.Prior[industry+"/"+id]; ok {
			return x
		}
		return v.PriorDefault
	}
	return 0.5
}

// indRecord is what the verifier reads of the whole record, computed once.
type indRecord struct {
	r                           Record
	rank                        map[string]int // dimension name → rank by presence (0: most present)
	sentNeg, sentPos, sentScore float64
	question, request           float64
	logLen, nEntries, nMentions float64
}

// Request cues of the verifier's request feature.
var indRequestCues = []string{"请", "希望", "建议", "能不能", "可不可以", "麻烦", "怎么"}

func newIndRecord(r Record, out []Indicator, ms []Mention) *indRecord {
	x := &indRecord{r: r, rank: map[string]int{}}
	order := make([]int, len(r.Added))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return r.Added[order[a]].Probs[0] < r.Added[order[b]].Probs[0] })
	for k, i := range order {
		x.rank[r.Added[i].Name] = k
	}
	if n := float64(len(r.Sentiments)); n > 0 {
		for _, s := range r.Sentiments {
			switch s.Label {
			case Negative:
				x.sentNeg++
			case Positive:
				x.sentPos++
			}
			x.sentScore += s.Score
		}
		x.sentNeg, x.sentPos, x.sentScore = x.sentNeg/n, x.sentPos/n, x.sentScore/n
	}
	if strings.ContainsAny(r.Text, "?？") || strings.Contains(r.Text, "吗") {
		x.question = 1
	}
	for _, c := range indRequestCues {
		if strings.Contains(r.Text, c) {
			x.request = 1
			break
		}
	}
	x.logLen = math.Log1p(float64(r.Runes))
	x.nEntries = math.Log1p(float64(len(out)))
	x.nMentions = math.Log1p(float64(len(ms)))
	return x
}

// features is the feature vector of one entry (cand: a sub-threshold candidate).
func (x *indRecord) features(v *IndVerifier, ind Indicator, ms []Mention, cand bool) []float64 {
	f := make([]float64, 0, len(indVerifyFeatures))
	f = append(f, b2f(cand), b2f(ind.Source == SourceCategory))
	// The add-only classifier's dimension of this indicator.
	var dim *CategoryDim
	for i := range x.r.Added {
		if x.r.Added[i].Name == ind.ID {
			dim = &x.r.Added[i]
			break
		}
	}
	if dim != nil {
		pres := min(max(1-float64(dim.Probs[0]), 1e-4), 1-1e-4)
		sum := max(float64(dim.Probs[1]+dim.Probs[2]+dim.Probs[3]), 1e-9)
		neg, neu, pos := float64(dim.Probs[1])/sum, float64(dim.Probs[2])/sum, float64(dim.Probs[3])/sum
		verdict := Neutral
		if neg > neu && neg >= pos {
			verdict = Negative
		} else if pos > neu && pos > neg {
			verdict = Positive
		}
		f = append(f, 1, pres, math.Log(pres/(1-pres)), neg, neu, pos, 1/(1+float64(x.rank[dim.Name])), b2f(verdict == ind.Polarity))
	} else {
		f = append(f, 0, 0, 0, 0, 0, 0, 0, 0)
	}
	// Supporting mentions.
	var nModel, nModelKG, nKG, implicit, opinion, maxConf, total, same float64
	points := map[string]bool{}
	n := 0
	for _, i := range ind.Mentions {
		if i < 0 || i >= len(ms) || ms[i].Source == SourceCategory {
			continue
		}
		m := ms[i]
		n++
		switch m.Source {
		case SourceModel:
			nModel++
		case SourceModelKG:
			nModelKG++
		case SourceKG:
			nKG++
		}
		if m.Term == "" {
			implicit = 1
		}
		if m.Opinion != "" {
			opinion = 1
		}
		maxConf = max(maxConf, m.Confidence)
		w := max(m.Confidence, 0.1)
		total += w
		if m.Point == ind.Point {
			same += w
		}
		if m.Point != "" {
			points[m.Point] = true
		}
	}
	share := 0.0
	if total > 0 {
		share = same / total
	}
	f = append(f, math.Log1p(float64(n)), min(nModel, 3), min(nModelKG, 3), min(nKG, 3), implicit, opinion, maxConf, share, float64(len(points)))
	f = append(f, b2f(ind.Point == PointPain), b2f(ind.Point == PointItch), b2f(ind.Point == PointPleasure), b2f(ind.Polarity == Negative), b2f(ind.Polarity == Positive))
	f = append(f, x.sentNeg, x.sentPos, x.sentScore, x.question, x.request)
	for _, in := range indVerifyIndustries {
		f = append(f, b2f(x.r.Industry == in))
	}
	pr := min(max(v.prior(x.r.Industry, ind.ID), 1e-3), 1-1e-3)
	f = append(f, x.logLen, x.nEntries, x.nMentions, math.Log(pr/(1-pr)))
	return f
}

// verifyIndicators applies p.IndVerify to a record's indicator entries (out, before sorting)
// and traces them to p.IndVerifyTrace; see the comment at the top of this file.
func (p *Policy) verifyIndicators(g *kg.Graph, r Record, out []Indicator, ms []Mention) []Indicator {
	v := p.IndVerify
	th, apply := v.thresholds(r.Industry)
	if (!apply && p.IndVerifyTrace == nil) || len(r.Category) > 0 || len(r.Added) == 0 || r.Conversational {
		// its features presume an add-only classifier's output on a written review
		return out
	}
	x := newIndRecord(r, out, ms)
	trace := func(ind Indicator, f []float64, cand bool) {
		if p.IndVerifyTrace != nil {
			p.IndVerifyTrace(IndSample{Record: r.Text, Industry: r.Industry, Indicator: ind.ID, Point: ind.Point, Polarity: ind.Polarity, Candidate: cand, Features: f})
		}
	}
	kept := out[:0:0]
	have := map[string]bool{}
	for _, ind := range out {
		have[ind.ID] = true
		if ind.Point == "" {
			kept = append(kept, ind)
			continue
		}
		f := x.features(v, ind, ms, false)
		trace(ind, f, false)
		if apply {
			if pr, ok := v.Prob(f); ok && pr < th.Keep {
				continue
			}
		}
		kept = append(kept, ind)
	}
	pres, pol := indTracePresence, indTracePolarity
	if p.IndVerifyTrace == nil {
		pres, pol = th.CandPresence, th.CandPolarity
	}
	for _, dim := range r.Added {
		if have[dim.Name] {
			continue
		}
		polarity, score, ok := dimVerdict(dim, pres, pol)
		if !ok {
			continue
		}
		mp, ok := indicatorMapping(g, r.Industry, dim.Name)
		if !ok {
			continue
		}
		ind := Indicator{ID: mp.IndicatorID, Name: mp.Indicator, Department: mp.Department, Source: SourceCategory,
			Polarity: polarity, Score: round4(score), Point: ClassifyPoint(polarity, ""), Mentions: []int{}}
		f := x.features(v, ind, ms, true)
		trace(ind, f, true)
		if !apply {
			continue
		}
		if _, _, ok := dimVerdict(dim, th.CandPresence, th.CandPolarity); !ok {
			continue // traced below the verifier's own floor
		}
		if pr, ok := v.Prob(f); ok && pr >= th.Add {
			kept = append(kept, ind)
		}
	}
	return kept
}
