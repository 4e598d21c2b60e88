package mention

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The mention verifier: a logistic regression that reads, for each emitted mention the hand
// sets count (a term, graph or implicit mention with an indicator of the record's industry
// and a point), what the record already holds (the mention's source, term, opinion, polarity,
// point and confidence, its clause, the sentence's sentiment, the record's other mentions,
// the add-only category model's verdict on the mention's indicator) and gives the
// probability that its (indicator, point) is right. A mention below Verifier.Threshold loses
// its place on the graph (Policy.Indicators, before the record-level indicators are voted):
// a term mention stays, with its term, opinion and polarity, as a mention the pack does not
// place (no kg; no indicator counts it); an implicit mention, which is nothing but its
// indicator, is dropped. The aspect-level outputs (which terms, which polarity) are left as
// they were. It adds no model call.
//
// Trained by training/train_verifier.py on silver training files (training/data/silver_*.jsonl,
// labelled by reading with the hand sets' rules): a mention is right when its (indicator,
// point) is one of its text's gold pairs, as the hand sets' all-mentions score counts it
// (`tingzhen bench verifier-samples`). Its category features are learned only from files the
// add-only category models did not train on (since session 14: silver_ecommerce_r8 and
// silver_food_delivery_r5); on the others they are masked (train_verifier.py --leaky).
//
// A verifier file may hold further weights for other industries (Verifier.Groups: each with
// its own industries, threshold, scope and drop; train_verifier.py --group-of writes one, and
// --fold-out the cross-fitting's fold models to score held-out folds through the binary). The
// embedded file has none: a group for telecom, banking and hotel_travel trained on their silver
// files (mostly Weibo posts, 12-28 % of the counted mentions right) did not pass its rule in
// session 15 (bench/results/pipeline-accuracy.md, "verifier15, session 15").

//go:embed verifier/weights.json
var verifierJSON []byte

// verifierHashBuckets is the number of hashed indicator-id features (ind_h0 …).
const verifierHashBuckets = 32

// verifierIndustries are the industries with a one-hot feature each.
var verifierIndustries = []string{"ecommerce", "food_delivery", "banking", "telecom", "hotel_travel", "automotive"}

// verifierFeatures are the verifier's inputs, in order (a Verifier file names them; a file
// whose names differ is refused).
var verifierFeatures = func() []string {
	fs := []string{
		"src_model", "src_kg", "src_model_kg", "implicit",
		"term_len", "term_1char",
		"opinion", "op_clause", "op_gap", "op_before", "op_len",
		"pol_neg", "pol_pos", "conf",
		"pt_pain", "pt_itch", "pt_pleasure",
		"question", "request", "ask_word",
		"n_mentions", "n_same_ind", "dup_pair", "other_point",
		"sent_neg", "sent_pos", "sent_agree", "sent_known",
		"cat_has", "cat_present", "cat_pol", "cat_max", "cat_n",
		"text_len", "n_sent", "clause_len", "position",
	}
	for _, ind := range verifierIndustries {
		fs = append(fs, "ind_"+ind)
	}
	for i := 0; i < verifierHashBuckets; i++ {
		fs = append(fs, fmt.Sprintf("ind_h%d", i))
	}
	return fs
}()

// VerifierFeatureNames returns the verifier's feature names in order (a new slice).
func VerifierFeatureNames() []string { return append([]string(nil), verifierFeatures...) }

// Verifier is a trained mention verifier: P(right) = σ(Bias + Weights·features); a mention in
// scope with P(right) < Threshold is dropped. Immutable once parsed.
type Verifier struct {
	Features  []string  `json:"features"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"`
	// Industries limits the records it reads (their industry); empty: every industry.
	Industries []string `json:"industries,omitempty"`
	// SkipImplicit leaves implicit mentions (no term: a pack phrase or the product default)
	// alone: only term mentions are verified.
	SkipImplicit bool `json:"skip_implicit,omitempty"`
	// Drop removes a term mention found wrong instead of unplacing it (keeping its term,
	// opinion and polarity without kg).
	Drop    bool               `json:"drop,omitempty"`
	Note    string             `json:"note,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"` // the trainer's record
	// Groups are further verifiers, each with its own weights, threshold and Industries (not
	// empty), for records whose industry this one does not read (the first group that reads
	// it); a group's Features may be left out (they are this file's). A group has no groups.
	Groups []*Verifier `json:"groups,omitempty"`
}

// ParseVerifier reads a verifier file (JSON: features, weights, bias, threshold). It refuses
// a file whose features are not this build's, whose numbers are not finite or whose
// threshold is outside [0, 1].
func ParseVerifier(r io.Reader) (*Verifier, error) {
	var v Verifier
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("verifier: %w", err)
	}
	if err := v.check(); err != nil {
		return nil, fmt.Errorf("verifier: %w", err)
	}
	for i, g := range v.Groups {
		if g == nil {
			return nil, fmt.Errorf("verifier: group %d: empty", i)
		}
		if g.Features == nil {
			g.Features = v.Features
		}
		if err := g.check(); err != nil {
			return nil, fmt.Errorf("verifier: group %d: %w", i, err)
		}
		if len(g.Industries) == 0 || len(g.Groups) > 0 {
			return nil, fmt.Errorf("verifier: group %d: a group names its industries and has no groups", i)
		}
	}
	return &v, nil
}

// check validates one verifier's own fields (not its groups).
func (v *Verifier) check() error {
	if strings.Join(v.Features, ",") != strings.Join(verifierFeatures, ",") {
		return fmt.Errorf("features %v are not this build's %v", v.Features, verifierFeatures)
	}
	if len(v.Weights) != len(verifierFeatures) {
		return fmt.Errorf("%d weights, want %d", len(v.Weights), len(verifierFeatures))
	}
	for i, w := range append(append([]float64(nil), v.Weights...), v.Bias) {
		if !finite(w) {
			return fmt.Errorf("weight %d: not a finite number", i)
		}
	}
	if !(v.Threshold >= 0 && v.Threshold <= 1) {
		return fmt.Errorf("threshold %v outside [0, 1]", v.Threshold)
	}
	for _, ind := range v.Industries {
		if ind == "" {
			return fmt.Errorf("an empty industry in industries")
		}
	}
	return nil
}

var defaultVerifier = sync.OnceValues(func() (*Verifier, error) {
	return ParseVerifier(bytes.NewReader(verifierJSON))
})

// DefaultVerifier is the embedded verifier (mention/verifier/weights.json).
func DefaultVerifier() (*Verifier, error) { return defaultVerifier() }

// embeddedVerifier is DefaultPolicy's verifier: the embedded one, nil if it cannot be read (a
// broken build; TestDefaultVerifier fails then) so that the policy still works without it.
func embeddedVerifier() *Verifier {
	v, err := defaultVerifier()
	if err != nil {
		return nil
	}
	return v
}

// Prob is P(right) of a feature vector; a vector of the wrong length (a caller's bug)
// returns ok false.
func (v *Verifier) Prob(x []float64) (float64, bool) {
	if v == nil || len(x) != len(v.Weights) {
		return 0, false
	}
	return logistic(v.Bias, v.Weights, x), true
}

// reads reports whether the verifier reads records of industry ind.
func (v *Verifier) reads(ind string) bool {
	return len(v.Industries) == 0 || slices.Contains(v.Industries, ind)
}

// For is the verifier that reads records of industry ind: v itself, else the first of its
// Groups that does; nil when none does (or v is nil).
func (v *Verifier) For(ind string) *Verifier {
	if v == nil {
		return nil
	}
	if v.reads(ind) {
		return v
	}
	for _, g := range v.Groups {
		if g.reads(ind) {
			return g
		}
	}
	return nil
}

// VerifierSample is one mention as the verifier sees it (Policy.VerifierTrace): the record's
// text (Record.Text), the mention's index in the record's mentions, what it says and the
// features. InScope is false for a counted mention the verifier never drops (a category or
// named mention): it is traced so that a trainer sees every counted pair.
type VerifierSample struct {
	Text      string    `json:"text"`
	Industry  string    `json:"industry"`
	Index     int       `json:"index"`
	Term      string    `json:"term"`
	Source    string    `json:"source"`
	Indicator string    `json:"indicator"`
	Point     string    `json:"point"`
	Polarity  string    `json:"polarity"`
	InScope   bool      `json:"in_scope"`
	Prob      float64   `json:"prob,omitempty"` // the policy's verifier's P(right), 0 without one
	Features  []float64 `json:"features"`
	// PlacerFeatures are the mention placer's features of a term mention (placer.go), for
	// training it; empty for an implicit or category mention.
	PlacerFeatures []string `json:"placer_features,omitempty"`
	// PlacerCategory is the add-only category classifier's presence per indicator id of the
	// record (placer.go's Category input), on a term mention's sample.
	PlacerCategory map[string]float64 `json:"placer_category,omitempty"`
}

// counted reports whether the hand sets' all-mentions score counts m in a record of industry
// ind: an indicator of that industry and a point.
func counted(m Mention, ind string) bool {
	return m.KG != nil && m.Point != "" && m.KG.IDs["indicator"] != "" && m.KG.IDs["industry"] == ind
}

// verifiable reports whether the verifier may drop m (a term, graph or implicit mention).
func verifiable(m Mention) bool {
	return m.Source == SourceModel || m.Source == SourceKG || m.Source == SourceModelKG
}

// verify drops the counted mentions of r that the verifier finds wrong (Policy.Verifier), and
// traces every counted one (Policy.VerifierTrace). ms are r's merged mentions.
func (p *Policy) verify(r Record, ms []Mention) []Mention {
	v := p.Verifier.For(r.Industry) // nil: none reads this industry
	if r.Conversational || (p.VerifierTrace == nil && v == nil) {
		return ms // a chat or call turn: the verifier learned written reviews
	}
	var vc *verifyCtx // built at the first counted mention: a record with none allocates nothing
	var drop []bool
	dropped := 0
	for i, m := range ms {
		if !counted(m, r.Industry) {
			continue
		}
		if vc == nil {
			vc = newVerifyCtx(r, ms)
		}
		x := vc.vector(i)
		sv := v
		if sv == nil {
			sv = p.Verifier // the trace's scope: the policy's own verifier
		}
		in := verifiable(m) && (sv == nil || !sv.SkipImplicit || m.Term != "") &&
			!(m.Source == SourceModel && slices.Contains(p.VerifierKeep, strings.TrimSpace(m.Term)))
		prob := 0.0
		if v != nil && in {
			if pr, ok := v.Prob(x); ok {
				prob = pr
				if pr < v.Threshold {
					if drop == nil {
						drop = make([]bool, len(ms))
					}
					drop[i] = true
					dropped++
				}
			}
		}
		if p.VerifierTrace != nil {
			s := VerifierSample{Text: r.Text, Industry: r.Industry, Index: i, Term: m.Term, Source: m.Source,
				Indicator: m.KG.IDs["indicator"], Point: m.Point, Polarity: m.Polarity, InScope: in, Prob: prob, Features: x}
			if m.Term != "" && verifiable(m) {
				s.PlacerFeatures = placerFeatures(vc.rs, m) // placer.go
				s.PlacerCategory = categoryPresence(r)
			}
			p.VerifierTrace(s)
		}
	}
	if dropped == 0 {
		return ms
	}
	out := make([]Mention, 0, len(ms))
	for i, m := range ms {
		switch {
		case !drop[i]:
		case m.Term == "" || v.Drop:
			continue // an implicit mention is its indicator: without it there is nothing
		default:
			m.KG = nil // the term, opinion and polarity stay; no indicator counts it
		}
		out = append(out, m)
	}
	return out
}

// verifyCtx is what the features of one record's mentions share.
type verifyCtx struct {
	r        Record
	rs       []rune
	ms       []Mention
	perInd   map[string]int
	textLen  float64
	added    map[string][4]float32
	sentence []int // per mention, its sentence's index in r.SentenceStarts (-1: unknown)
	// catMax is the add-only category model's largest presence (1 − P(absent)) over its
	// dimensions, catN how many dimensions it finds present at 0.5 or more.
	catMax float64
	catN   int
}

func newVerifyCtx(r Record, ms []Mention) *verifyCtx {
	vc := &verifyCtx{r: r, rs: []rune(r.Text), ms: ms, perInd: map[string]int{}}
	for _, m := range ms {
		if counted(m, r.Industry) {
			vc.perInd[m.KG.IDs["indicator"]]++
		}
	}
	n := r.Runes
	if n == 0 {
		n = utf8.RuneCountInString(r.Text)
	}
	vc.textLen = float64(n)
	if len(r.Added) > 0 {
		vc.added = make(map[string][4]float32, len(r.Added))
		for _, d := range r.Added {
			vc.added[d.Name] = d.Probs
			pr := clamp01(1 - float64(d.Probs[0]))
			vc.catMax = math.Max(vc.catMax, pr)
			if pr >= 0.5 {
				vc.catN++
			}
		}
	}
	vc.sentence = make([]int, len(ms))
	for i, m := range ms {
		vc.sentence[i] = -1
		for k, s := range r.SentenceStarts {
			if m.Start >= s {
				vc.sentence[i] = k
			}
		}
	}
	return vc
}

// vector is mention i's feature vector (verifierFeatures). Every missing input reads as 0.
func (vc *verifyCtx) vector(i int) []float64 {
	m := vc.ms[i]
	is := func(a, b string) float64 { return b2f(a == b) }
	x := make([]float64, 0, len(verifierFeatures))
	implicit := m.Term == ""
	x = append(x, is(m.Source, SourceModel), is(m.Source, SourceKG), is(m.Source, SourceModelKG), b2f(implicit))
	tl := float64(utf8.RuneCountInString(m.Term))
	x = append(x, math.Min(tl, 8)/8, b2f(tl == 1))
	// The term's clause (in the record's text, whose code points the offsets are).
	cs, ce := -1, -1
	if !implicit && m.Start >= 0 && m.End <= len(vc.rs) && m.Start < m.End {
		cs, ce = clauseAround(vc.rs, m.Start, m.End)
	} else if m.OpinionEnd > m.OpinionStart && m.OpinionEnd <= len(vc.rs) {
		cs, ce = clauseAround(vc.rs, m.OpinionStart, m.OpinionEnd)
	}
	hasOp := m.Opinion != "" && m.OpinionEnd > m.OpinionStart
	opClause, gap, before := 0.0, 0.0, 0.0
	if hasOp {
		if cs >= 0 && m.OpinionStart >= cs && m.OpinionEnd <= ce {
			opClause = 1
		}
		if !implicit {
			switch {
			case m.OpinionStart >= m.End:
				gap = float64(m.OpinionStart - m.End)
			case m.OpinionEnd <= m.Start:
				gap, before = float64(m.Start-m.OpinionEnd), 1
			}
		}
	}
	x = append(x, b2f(hasOp), opClause, math.Log1p(gap)/3, before, math.Min(float64(utf8.RuneCountInString(m.Opinion)), 8)/8)
	x = append(x, is(m.Polarity, Negative), is(m.Polarity, Positive), clamp01(m.Confidence))
	x = append(x, is(m.Point, PointPain), is(m.Point, PointItch), is(m.Point, PointPleasure))
	question, request, askWord, clauseLen := 0.0, 0.0, 0.0, 0.0
	if cs >= 0 {
		clause := string(vc.rs[cs:ce])
		question = b2f(questionAt(vc.rs, cs, ce))
		request = b2f(requestClause(clause))
		for _, q := range questionWords {
			if strings.Contains(clause, q) {
				askWord = 1
				break
			}
		}
		clauseLen = math.Log1p(float64(ce-cs)) / 4
	}
	x = append(x, question, request, askWord)
	ind := m.KG.IDs["indicator"]
	dup, other := 0.0, 0.0
	for j, o := range vc.ms {
		if j == i || !counted(o, vc.r.Industry) || o.KG.IDs["indicator"] != ind {
			continue
		}
		if o.Point == m.Point {
			if j < i {
				dup = 1
			}
		} else {
			other = 1
		}
	}
	x = append(x, math.Log1p(float64(len(vc.ms)))/3, math.Log1p(float64(max(vc.perInd[ind]-1, 0))), dup, other)
	sentNeg, sentPos, agree, known := 0.0, 0.0, 0.0, 0.0
	if k := vc.sentence[i]; k >= 0 && k < len(vc.r.SentenceLabels) {
		s := vc.r.SentenceLabels[k]
		if l := NormPolarity(s.Label); l != "" {
			known = 1
			sc := clamp01(s.Score)
			sentNeg, sentPos = is(l, Negative)*sc, is(l, Positive)*sc
			switch {
			case l == Neutral || m.Polarity == Neutral:
			case l == m.Polarity:
				agree = 1
			default:
				agree = -1
			}
		}
	}
	x = append(x, sentNeg, sentPos, agree, known)
	catHas, catPresent, catPol := 0.0, 0.0, 0.0
	if vc.added != nil {
		catHas = 1
		if pr, ok := vc.added[ind]; ok {
			catPresent = clamp01(1 - float64(pr[0]))
			sum := float64(pr[1] + pr[2] + pr[3])
			if k := polIndex(m.Polarity); k >= 0 && sum > 0 {
				catPol = clamp01(float64(pr[k+1]) / sum)
			}
		}
	}
	x = append(x, catHas, catPresent, catPol, vc.catMax, math.Log1p(float64(vc.catN)))
	pos := 0.0
	if vc.textLen > 0 {
		pos = clamp01(float64(m.Start) / vc.textLen)
	}
	x = append(x, math.Log1p(vc.textLen)/6, math.Log1p(float64(len(vc.r.SentenceStarts)))/3, clauseLen, pos)
	for _, in := range verifierIndustries {
		x = append(x, is(vc.r.Industry, in))
	}
	b := int(fnv32a(vc.r.Industry+"/"+ind) % verifierHashBuckets) // linear.go
	for k := 0; k < verifierHashBuckets; k++ {
		x = append(x, b2f(k == b))
	}
	return x
}
