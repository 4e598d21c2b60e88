package mention

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// arbiterJSONOf renders an arbiter file with this build's features and classes, the given
// bias and weights (nil: zeros).
func arbiterJSONOf(bias [3]float64, weights map[string][3]float64) string {
	w := make([][]float64, 3)
	for k := range w {
		w[k] = make([]float64, len(arbiterFeatures))
		for i, n := range arbiterFeatures {
			w[k][i] = weights[n][k]
		}
	}
	b, _ := json.Marshal(map[string]any{"features": arbiterFeatures, "classes": arbiterClasses, "weights": w, "bias": bias[:]})
	return string(b)
}

func mustArbiter(t *testing.T, s string) *Arbiter {
	t.Helper()
	a, err := ParseArbiter(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseArbiter(t *testing.T) {
	f := func(in, wantErr string) {
		t.Helper()
		_, err := ParseArbiter(strings.NewReader(in))
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%.60s: %v", in, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%.60s: error %v, want %q", in, err, wantErr)
		}
	}
	ok := arbiterJSONOf([3]float64{0, 1, 0}, nil)
	f(ok, "")
	f("", "arbiter: EOF")
	f("{", "arbiter:")
	f(`{"features":["a"],"classes":["negative","neutral","positive"],"weights":[[1],[1],[1]],"bias":[0,0,0]}`, "not this build's")
	f(strings.Replace(ok, `"classes":["negative","neutral","positive"]`, `"classes":["negative","positive","neutral"]`, 1), "classes")
	f(strings.Replace(ok, `"bias":[0,1,0]`, `"bias":[0,1]`, 1), "weight rows and biases")
	f(strings.Replace(ok, `"weights":[[0,`, `"weights":[[`, 1), "weight row 0 has")
	f(strings.Replace(ok, `"bias":[0,1,0]`, `"bias":[0,1e999,0]`, 1), "arbiter:")
	f(`{"features":null}`, "not this build's")
	f(strings.Replace(ok, `"bias":`, `"scope":"sign","bias":`, 1), "")
	f(strings.Replace(ok, `"bias":`, `"scope":"some","bias":`, 1), `scope "some"`)
}

func TestArbiterScope(t *testing.T) {
	f := func(scope, modelPol, rule, pol string, want bool) {
		t.Helper()
		a := &Arbiter{Scope: scope}
		if got := a.applies(&arbFacts{modelPol: modelPol}, rule, pol); got != want {
			t.Errorf("scope %q, aspect model %q: %s → %s applies = %v", scope, modelPol, rule, pol, got)
		}
	}
	f("", Positive, Negative, Neutral, true)
	f(ArbiterScopeAll, Positive, Negative, Neutral, true)
	f(ArbiterScopeNoModelPolarity, "", Negative, Neutral, true)
	f(ArbiterScopeNoModelPolarity, Negative, Negative, Neutral, false)
	f(ArbiterScopeSign, "", Negative, Positive, true)
	f(ArbiterScopeSign, "", Positive, Negative, true)
	f(ArbiterScopeSign, "", Negative, Neutral, false)
	f(ArbiterScopeSign, "", Neutral, Positive, false)
}

// Industries limits the arbiter; the per-aspect principles (a pack direction edge, the neutral
// of a mention with no opinion, a question's reading) are never overridden, whatever the scope.
func TestArbiterApplies(t *testing.T) {
	f := func(industries []string, af arbFacts, rule, pol string, want bool) {
		t.Helper()
		a := &Arbiter{Industries: industries}
		if got := a.applies(&af, rule, pol); got != want {
			t.Errorf("industries %v, facts %+v: %s → %s applies = %v", industries, af, rule, pol, got)
		}
	}
	ef := []string{"ecommerce", "food_delivery"}
	f(ef, arbFacts{industry: "ecommerce", hasOpinion: true}, Positive, Negative, true)
	f(ef, arbFacts{industry: "food_delivery", hasOpinion: true}, Negative, Neutral, true)
	f(ef, arbFacts{industry: "automotive", hasOpinion: true}, Positive, Negative, false) // not an industry of its labels
	f(ef, arbFacts{industry: "", hasOpinion: true}, Positive, Negative, false)           // unmapped
	f(nil, arbFacts{industry: "automotive", hasOpinion: true}, Positive, Negative, true) // no limit
	f(nil, arbFacts{byDirection: true, hasOpinion: true}, Positive, Negative, false)     // 噪音挺小: the edge decides
	f(nil, arbFacts{}, Neutral, Negative, false)                                         // 请问有赠品: no opinion, neutral
	f(nil, arbFacts{}, Negative, Neutral, true)                                          // no opinion but polar by the rules: open
	f(nil, arbFacts{hasOpinion: true, question: true}, Neutral, Positive, false)         // 物流很快吗
	f(nil, arbFacts{hasOpinion: true, inquiry: true}, Negative, Neutral, false)
}

func TestDefaultArbiterParses(t *testing.T) {
	a, err := DefaultArbiter()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Features, ArbiterFeatureNames()) {
		t.Errorf("embedded features %v", a.Features)
	}
	if !reflect.DeepEqual(a.Industries, []string{"ecommerce", "food_delivery"}) {
		t.Errorf("embedded industries %v, want ecommerce and food_delivery (the silver labels' industries)", a.Industries)
	}
	if p := DefaultPolicy(); p.Arbiter != nil {
		t.Errorf("DefaultPolicy has an arbiter; it is off by default (pol14-s14-shiprule.md)")
	}
}

func TestArbiterDecide(t *testing.T) {
	n := len(arbiterFeatures)
	x := make([]float64, n)
	one := func(name string) []float64 {
		v := make([]float64, n)
		for i, f := range arbiterFeatures {
			if f == name {
				v[i] = 1
			}
		}
		return v
	}
	a := mustArbiter(t, arbiterJSONOf([3]float64{0, 1, 0}, map[string][3]float64{"tm_neg": {3, 0, 0}, "sent_pos": {0, 0, 3}}))
	f := func(a *Arbiter, x []float64, wantPol string, wantOK bool) {
		t.Helper()
		pol, prob, ok := a.Decide(x)
		if pol != wantPol || ok != wantOK || (ok && (prob <= 1.0/3 || prob > 1)) {
			t.Errorf("Decide = %q %.3f %v, want %q %v", pol, prob, ok, wantPol, wantOK)
		}
	}
	f(a, x, Neutral, true)              // the bias alone
	f(a, one("tm_neg"), Negative, true) // the aspect model's negative
	f(a, one("sent_pos"), Positive, true)
	f(a, x[:n-1], "", false) // wrong length: no verdict
	f(nil, x, "", false)     // no arbiter: no verdict
}

// Every missing input reads as 0: the vector has the right length and only finite values.
func TestArbiterVectorMissing(t *testing.T) {
	nan := math.NaN()
	f := func(af arbFacts, rule string, conf float64) {
		t.Helper()
		x := af.vector(rule, conf)
		if len(x) != len(arbiterFeatures) {
			t.Fatalf("%d features, want %d", len(x), len(arbiterFeatures))
		}
		for i, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < -1 || v > 5 {
				t.Errorf("%+v: %s = %v", af, arbiterFeatures[i], v)
			}
		}
	}
	f(arbFacts{}, "", 0)
	f(arbFacts{}, Neutral, nan)
	f(arbFacts{lexPol: Negative, lexScore: nan, sentScore: nan, modelPol: Positive, modelConf: nan}, Positive, 2)
	f(arbFacts{pr: &[3]float32{float32(nan), 2, -1}, cands: -3}, Negative, -1)
	f(arbFacts{lexPol: Positive, lexScore: 7, sentPol: Positive, sentScore: 1, modelPol: Negative, modelConf: 1, cands: 40}, Negative, 1)
}

// The arbiter changes polarity and point only: the same mentions are emitted, named ones
// keep theirs, an itch stays an itch; the trace gets one sample per model / kg mention.
func TestArbiterPolarityOnly(t *testing.T) {
	allPos := mustArbiter(t, arbiterJSONOf([3]float64{0, 0, 5}, nil))
	type tr struct{ term, opinion, polarity string }
	f := func(industry, text, sentiment string, trs []tr, want ...string) {
		t.Helper()
		var ms []Mention
		for _, x := range trs {
			ms = append(ms, triplet(text, x.term, x.opinion, x.polarity))
		}
		s := sentence(text, sentiment, 0.9, ms...)
		off := defaultPolicy()
		on := defaultPolicy()
		var samples []ArbiterSample
		on.Arbiter, on.ArbiterTrace = allPos, func(a ArbiterSample) { samples = append(samples, a) }
		a := off.Plan(testGraph, industry, s).Mentions(nil)
		b := on.Plan(testGraph, industry, s).Mentions(nil)
		if len(a) != len(b) {
			t.Fatalf("%s: %d mentions without the arbiter, %d with", text, len(a), len(b))
		}
		traced := 0
		for i := range a {
			if a[i].Start != b[i].Start || a[i].End != b[i].End || a[i].Term != b[i].Term || a[i].Opinion != b[i].Opinion || a[i].Source != b[i].Source {
				t.Errorf("%s: mention %d changed beyond polarity: %+v → %+v", text, i, a[i], b[i])
			}
			if a[i].Source == SourceModel || a[i].Source == SourceModelKG || a[i].Source == SourceKG {
				traced++
			}
		}
		if len(samples) != traced {
			t.Errorf("%s: %d trace samples, want %d", text, len(samples), traced)
		}
		for _, s := range samples {
			if len(s.Features) != len(arbiterFeatures) || s.Sentence != text {
				t.Errorf("%s: sample %+v", text, s)
			}
		}
		if got := show(b); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", []tr{{"物流", "太慢了", "negative"}, {"包装", "很结", "positive"}},
		"物流|太慢了|positive|pleasure|配送时效", "包装|很结实|positive|pleasure|包装")
	f("automotive", "油耗有点高", "negative", nil, "油耗|有点高|negative|pain|油耗") // a direction edge: never overridden
	f("food_delivery", "送餐速度有些慢，要是能快些就好了", "negative", nil, "送餐速度|有些慢|positive|itch|配送时效")
	f("ecommerce", "镜头是昨天到的", "neutral", []tr{{"镜头", "", ""}}) // dropped by DropBare with or without the arbiter
	f("ecommerce", "质量不如预期", "negative", nil, "质量|不如|positive|pain|商品质量")
}

func FuzzParseArbiter(f *testing.F) {
	f.Add(arbiterJSONOf([3]float64{0, 1, 0}, nil))
	f.Add(`{"features":[],"classes":[],"weights":[],"bias":[]}`)
	f.Add("{}")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseArbiter(strings.NewReader(s))
		if err != nil {
			return
		}
		x := make([]float64, len(arbiterFeatures))
		if pol, p, ok := a.Decide(x); !ok || NormPolarity(pol) != pol || math.IsNaN(p) {
			t.Errorf("parsed arbiter decides %q %v %v", pol, p, ok)
		}
	})
}

// BenchmarkPolicyArbiter is BenchmarkPolicy with the embedded arbiter on (its features and
// one 3×40 product per emitted model / graph mention; no model call).
func BenchmarkPolicyArbiter(b *testing.B) {
	a, err := DefaultArbiter()
	if err != nil {
		b.Fatal(err)
	}
	p := defaultPolicy()
	p.Arbiter = a
	benchPolicy(b, p)
}

// ArbiterScoresAll scores more spans but, without an arbiter, changes no mention: the rules
// decide as if only their own spans were scored.
func TestArbiterScoresAllChangesNothing(t *testing.T) {
	type tr struct{ term, opinion, polarity string }
	f := func(industry, text, sentiment string, trs []tr, wantMore bool) {
		t.Helper()
		var ms []Mention
		for _, x := range trs {
			ms = append(ms, triplet(text, x.term, x.opinion, x.polarity))
		}
		s := sentence(text, sentiment, 0.9, ms...)
		probs := func(n int) [][3]float32 {
			out := make([][3]float32, n)
			for i := range out {
				out[i] = [3]float32{0.05, 0.05, 0.9} // positive, confidently
			}
			return out
		}
		off := defaultPolicy()
		all := defaultPolicy()
		var samples []ArbiterSample
		all.ArbiterScoresAll, all.ArbiterTrace = true, func(a ArbiterSample) { samples = append(samples, a) }
		da, db := off.Plan(testGraph, industry, s), all.Plan(testGraph, industry, s)
		if more := len(db.Spans()) > len(da.Spans()); more != wantMore {
			t.Errorf("%s: %d spans, %d with ArbiterScoresAll", text, len(da.Spans()), len(db.Spans()))
		}
		a, b := show(da.Mentions(probs(len(da.Spans())))), show(db.Mentions(probs(len(db.Spans()))))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s\n got %q\nwant %q", text, b, a)
		}
		for _, x := range samples {
			if x.Term != "" && x.Features[13] != 1 { // pz_has
				t.Errorf("%s: %s has no polarity-model features", text, x.Term)
			}
		}
	}
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", []tr{{"物流", "太慢了", "negative"}, {"包装", "很结", "positive"}}, true)
	f("food_delivery", "送餐速度有些慢，要是能快些就好了", "negative", nil, true)
	f("ecommerce", "质量太差了", "negative", []tr{{"质量", "", ""}}, true)
	f("ecommerce", "太贵了", "negative", []tr{{"", "太贵了", "negative"}}, false) // an implicit aspect has no span
}
