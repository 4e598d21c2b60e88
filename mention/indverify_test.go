package mention

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// indVerifierJSON is a verifier file whose probability is sigmoid(10·dim_presence − 5): above
// 0.5 exactly where the add-only classifier finds the indicator present at 0.5 or more.
func indVerifierJSON(mod func(m map[string]any)) string {
	w := make([]float64, len(indVerifyFeatures))
	for i, n := range indVerifyFeatures {
		if n == "dim_presence" {
			w[i] = 10
		}
	}
	m := map[string]any{
		"features": indVerifyFeatures, "weights": w, "bias": -5.0,
		"industries":    map[string]any{"ecommerce": map[string]any{"keep": 0.5, "add": 0.6, "cand_presence": 0.5, "cand_polarity": 0.6}},
		"prior":         map[string]float64{"ecommerce/price": 0.7},
		"prior_default": 0.5,
	}
	if mod != nil {
		mod(m)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestParseIndVerifier(t *testing.T) {
	f := func(mod func(m map[string]any), wantErr string) {
		t.Helper()
		_, err := ParseIndVerifier(strings.NewReader(indVerifierJSON(mod)))
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("unexpected error %v", err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("error %v, want one with %q", err, wantErr)
		}
	}
	f(nil, "")
	f(func(m map[string]any) { m["features"] = indVerifyFeatures[1:] }, "are not this build's")
	f(func(m map[string]any) { m["weights"] = []float64{1, 2} }, "2 weights")
	f(func(m map[string]any) { m["industries"] = map[string]any{} }, "no industries")
	f(func(m map[string]any) { m["industries"] = map[string]any{" ": map[string]any{"cand_presence": 0.5}} }, "empty industry")
	f(func(m map[string]any) {
		m["industries"] = map[string]any{"ecommerce": map[string]any{"keep": 1.5, "cand_presence": 0.5}}
	}, "keep 1.5")
	f(func(m map[string]any) {
		m["industries"] = map[string]any{"ecommerce": map[string]any{"add": -1, "cand_presence": 0.5}}
	}, "add -1")
	f(func(m map[string]any) { m["industries"] = map[string]any{"ecommerce": map[string]any{"keep": 0.2}} }, "cand_presence 0")
	f(func(m map[string]any) {
		m["industries"] = map[string]any{"ecommerce": map[string]any{"cand_presence": 0.5, "cand_polarity": 2}}
	}, "cand_polarity 2")
	f(func(m map[string]any) { m["prior"] = map[string]float64{"ecommerce/price": 1} }, "prior ecommerce/price")
	f(func(m map[string]any) { m["prior_default"] = 0 }, "prior_default")
	if _, err := ParseIndVerifier(strings.NewReader("{")); err == nil {
		t.Error("a truncated file parses")
	}
	if _, err := DefaultIndVerifier(); err != nil {
		t.Errorf("the embedded verifier: %v", err)
	}
}

// TestIndVerify: the verifier drops an emitted entry it finds improbable, adds a candidate
// below the add-only classifier's own threshold that it finds probable, runs only on the
// industries it names, and only where the add-only classifier ran.
func TestIndVerify(t *testing.T) {
	v, err := ParseIndVerifier(strings.NewReader(indVerifierJSON(nil)))
	if err != nil {
		t.Fatal(err)
	}
	f := func(industry string, ms []Mention, added, category []CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.IndVerify = v
		inds, all := p.Indicators(testGraph, Record{Industry: industry, Text: "物流太慢了，价格也贵", Runes: 10, Mentions: ms, Added: added, Category: category})
		var got []string
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s|%v", x.ID, x.Point, x.Source, x.Mentions))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
		if len(all) != len(ms) {
			t.Errorf("%d mentions out of %d: the verifier changed the mentions", len(all), len(ms))
		}
	}
	物流 := mentionOn("ecommerce", "物流", Negative, 0.9)
	// the classifier finds delivery_time present (0.9): kept; hardly (0.2): dropped, its mention stays
	f("ecommerce", []Mention{物流}, []CategoryDim{dim("delivery_time", 0.1, Negative, 0.8)}, nil, "delivery_time|pain|mentions|[0]")
	f("ecommerce", []Mention{物流}, []CategoryDim{dim("delivery_time", 0.8, Negative, 0.15)}, nil)
	// no add-only output (an agent's turn; the model not installed): the entries as voted
	f("ecommerce", []Mention{物流}, nil, nil, "delivery_time|pain|mentions|[0]")
	// a candidate at presence 0.7 (below CategoryAddPresence 0.9), negative 0.6/0.7: added
	f("ecommerce", nil, []CategoryDim{dim("price", 0.3, Negative, 0.6)}, nil, "price|pain|category|[]")
	// below the verifier's candidate floor (presence 0.4), or neutral: not added
	f("ecommerce", nil, []CategoryDim{dim("price", 0.6, Negative, 0.35)}, nil)
	f("ecommerce", nil, []CategoryDim{dim("price", 0.3, Neutral, 0.6)}, nil)
	// an industry the verifier does not name: the entries as voted
	物流fd := mentionOn("food_delivery", "配送", Negative, 0.9)
	f("food_delivery", []Mention{物流fd}, []CategoryDim{dim("delivery_time", 0.8, Negative, 0.15)}, nil, 物流fd.KG.IDs["indicator"]+"|pain|mentions|[0]")
}

// TestIndVerifyTrace: the trace receives every entry with a point and every candidate at
// the trace floor, each with a full feature vector, also without a verifier.
func TestIndVerifyTrace(t *testing.T) {
	var got []string
	p := defaultPolicy()
	p.IndVerifyTrace = func(s IndSample) {
		if len(s.Features) != len(indVerifyFeatures) {
			t.Errorf("%d features, want %d", len(s.Features), len(indVerifyFeatures))
		}
		got = append(got, fmt.Sprintf("%s|%s|%v", s.Indicator, s.Point, s.Candidate))
	}
	物流 := mentionOn("ecommerce", "物流", Negative, 0.9)
	inds, _ := p.Indicators(testGraph, Record{Industry: "ecommerce", Text: "物流太慢", Runes: 4, Mentions: []Mention{物流},
		Added: []CategoryDim{dim("delivery_time", 0.1, Negative, 0.8), dim("price", 0.7, Positive, 0.25), dim("invoice", 0.9, Negative, 0.1)}})
	want := []string{"delivery_time|pain|false", "price|pleasure|true"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	if len(inds) != 1 {
		t.Errorf("tracing changed the entries: %+v", inds)
	}
}

func FuzzParseIndVerifier(f *testing.F) {
	f.Add(indVerifierJSON(nil))
	f.Add(`{"features": [], "weights": []}`)
	f.Add(`{"industries": {"x": {"keep": 0.5}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseIndVerifier(strings.NewReader(s))
		if err != nil {
			return
		}
		if _, ok := v.Prob(make([]float64, len(indVerifyFeatures))); !ok {
			t.Errorf("a parsed verifier refuses a full feature vector")
		}
	})
}
