package mention

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// testVerifier is a verifier that reads one feature: P(right) = σ(bias + w·x[feature]).
func testVerifier(feature string, w, bias, threshold float64) *Verifier {
	v := &Verifier{Features: VerifierFeatureNames(), Weights: make([]float64, len(verifierFeatures)), Bias: bias, Threshold: threshold}
	for i, n := range v.Features {
		if n == feature {
			v.Weights[i] = w
		}
	}
	return v
}

func TestDefaultVerifier(t *testing.T) {
	v, err := DefaultVerifier()
	if err != nil {
		t.Fatal(err)
	}
	if v.Threshold <= 0 || v.Threshold >= 1 || len(v.Industries) == 0 {
		t.Errorf("embedded verifier: threshold %v, industries %v", v.Threshold, v.Industries)
	}
	if DefaultPolicy().Verifier != v {
		t.Errorf("DefaultPolicy's verifier is not the embedded one")
	}
}

func TestParseVerifier(t *testing.T) {
	good, err := json.Marshal(testVerifier("conf", 1, 0, 0.2))
	if err != nil {
		t.Fatal(err)
	}
	f := func(edit func(s string) string, wantErr string) {
		t.Helper()
		_, err := ParseVerifier(strings.NewReader(edit(string(good))))
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("want no error, got %v", err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("want error %q, got %v", wantErr, err)
		}
	}
	same := func(s string) string { return s }
	f(same, "")
	f(func(s string) string { return strings.Replace(s, `"src_model"`, `"src_modell"`, 1) }, "are not this build's")
	f(func(s string) string { return strings.Replace(s, `"weights":[0,`, `"weights":[`, 1) }, "weights, want")
	f(func(s string) string { return strings.Replace(s, `"threshold":0.2`, `"threshold":1.5`, 1) }, "outside [0, 1]")
	f(func(s string) string { return strings.Replace(s, `"threshold":0.2`, `"threshold":-0.1`, 1) }, "outside [0, 1]")
	f(func(s string) string { return strings.Replace(s, `"bias":0`, `"bias":1e999`, 1) }, "verifier:")
	f(func(s string) string { return strings.Replace(s, `"bias":0`, `"bias":0,"industries":[""]`, 1) }, "empty industry")
	f(func(s string) string { return strings.Replace(s, `"bias":0`, `"bias":0,"thresh":0.3`, 1) }, "unknown field")
	f(func(s string) string { return s[:len(s)/2] }, "verifier:")
	f(func(string) string { return "" }, "verifier:")
	// Groups: a group names its industries, may leave out its features, has no groups.
	group := func(g string) func(string) string {
		return func(s string) string {
			return strings.Replace(s, `"bias":0`, `"bias":0,"industries":["ecommerce"],"groups":[`+g+`]`, 1)
		}
	}
	w := strings.Repeat("0,", len(verifierFeatures)-1) + "0"
	f(group(`{"weights":[`+w+`],"bias":-1,"threshold":0.1,"industries":["telecom","banking"]}`), "")
	f(group(`{"weights":[`+w+`],"bias":-1,"threshold":0.1}`), "group 0: a group names its industries")
	f(group(`{"weights":[`+w+`],"bias":-1,"threshold":1.1,"industries":["telecom"]}`), "group 0: threshold")
	f(group(`{"weights":[0],"bias":-1,"threshold":0.1,"industries":["telecom"]}`), "group 0: 1 weights")
	f(group(`{"features":["x"],"weights":[`+w+`],"bias":-1,"threshold":0.1,"industries":["telecom"]}`), "group 0: features")
	f(group(`null`), "group 0: empty")
	f(group(`{"weights":[`+w+`],"bias":-1,"threshold":0.1,"industries":["telecom"],"groups":[{"weights":[`+w+`],"industries":["x"]}]}`), "has no groups")
}

// TestVerifierFor checks which verifier reads a record of each industry.
func TestVerifierFor(t *testing.T) {
	g := &Verifier{Industries: []string{"telecom", "banking"}}
	v := &Verifier{Industries: []string{"ecommerce", "food_delivery"}, Groups: []*Verifier{g}}
	all := &Verifier{}
	var nilV *Verifier
	for _, c := range []struct {
		v    *Verifier
		ind  string
		want *Verifier
	}{
		{v, "ecommerce", v}, {v, "food_delivery", v}, {v, "telecom", g}, {v, "banking", g},
		{v, "hotel_travel", nil}, {v, "", nil}, {all, "automotive", all}, {nilV, "telecom", nil},
	} {
		if got := c.v.For(c.ind); got != c.want {
			t.Errorf("For(%q) = %p, want %p", c.ind, got, c.want)
		}
	}
}

func TestVerifierProb(t *testing.T) {
	v := testVerifier("conf", 2, -1, 0.5)
	x := make([]float64, len(verifierFeatures))
	x[indexOf(verifierFeatures, "conf")] = 1
	if p, ok := v.Prob(x); !ok || math.Abs(p-1/(1+math.Exp(-1))) > 1e-12 {
		t.Errorf("Prob = %v, %v; want σ(1)", p, ok)
	}
	if _, ok := v.Prob(x[1:]); ok {
		t.Errorf("a vector of the wrong length gave ok")
	}
	var nilV *Verifier
	if _, ok := nilV.Prob(x); ok {
		t.Errorf("a nil verifier gave ok")
	}
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

// TestVerifierUnplaces runs Policy.Indicators on a real review with a verifier that finds
// every model-source mention wrong (src_model weight −20) and every other one right.
func TestVerifierUnplaces(t *testing.T) {
	text := "物流太慢了，包装很好，老板娘人很好"
	conversational := false
	f := func(industry string, edit func(v *Verifier), ms []Mention, want ...string) {
		t.Helper()
		p := defaultPolicy()
		v := testVerifier("src_model", -20, 10, 0.5)
		v.Industries = []string{"ecommerce"}
		if edit != nil {
			edit(v)
		}
		p.Verifier = v
		inds, all := p.Indicators(testGraph, Record{Industry: industry, Text: text, Runes: len([]rune(text)), Mentions: ms, Conversational: conversational})
		var got []string
		for _, m := range all {
			ind := "-"
			if m.KG != nil {
				ind = m.KG.IDs["indicator"]
			}
			got = append(got, m.Term+"|"+m.Source+"|"+ind)
		}
		for _, x := range inds {
			got = append(got, "indicator "+x.ID)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	src := func(m Mention, s string) Mention { m.Source = s; return m }
	at := func(m Mention, s, e int) Mention { m.Start, m.End = s, e; return m }
	wl := at(mentionOn("ecommerce", "物流", Negative, 0.9), 0, 2)
	bz := at(mentionOn("ecommerce", "包装", Positive, 0.8), 6, 8)
	implicit := Mention{Opinion: "太慢", OpinionStart: 2, OpinionEnd: 4, Start: 2, End: 4, Polarity: Negative, Point: PointPain, Source: SourceKG, KG: wl.KG}
	// A model-source mention the verifier finds wrong keeps its term without kg; the graph
	// term stays placed, and only it makes an indicator.
	f("ecommerce", nil, []Mention{wl, src(bz, SourceModel)}, "物流|kg|delivery_time", "包装|model|-", "indicator delivery_time")
	f("ecommerce", nil, []Mention{src(wl, SourceModelKG), bz}, "物流|model+kg|delivery_time", "包装|kg|packaging", "indicator delivery_time", "indicator packaging")
	f("ecommerce", func(v *Verifier) { v.Drop = true }, []Mention{wl, src(bz, SourceModel)}, "物流|kg|delivery_time", "indicator delivery_time")
	// Outside its industries, below no threshold, or on a mention without a point: nothing changes.
	f("ecommerce", func(v *Verifier) { v.Industries = []string{"food_delivery"} }, []Mention{src(bz, SourceModel)}, "包装|model|packaging", "indicator packaging")
	f("ecommerce", func(v *Verifier) { v.Threshold = 0 }, []Mention{src(bz, SourceModel)}, "包装|model|packaging", "indicator packaging")
	noPoint := src(bz, SourceModel)
	noPoint.Point, noPoint.Polarity = "", Neutral
	f("ecommerce", nil, []Mention{noPoint}, "包装|model|packaging", "indicator packaging")
	// An implicit mention found wrong is dropped (it is nothing but its indicator), unless
	// the verifier skips implicit mentions.
	f("ecommerce", func(v *Verifier) { v.Weights[indexOf(verifierFeatures, "implicit")] = -20 }, []Mention{implicit, bz}, "包装|kg|packaging", "indicator packaging")
	f("ecommerce", func(v *Verifier) { v.Weights[indexOf(verifierFeatures, "implicit")] = -20; v.SkipImplicit = true }, []Mention{implicit, bz},
		"|kg|delivery_time", "包装|kg|packaging", "indicator delivery_time", "indicator packaging")
	// A group (Verifier.Groups) reads the industries its verifier does not: its own weights,
	// threshold and drop; the verifier's own weights never read them.
	group := func(edit func(g *Verifier)) func(v *Verifier) {
		return func(v *Verifier) {
			g := testVerifier("src_model", -20, 10, 0.5)
			g.Industries = []string{"ecommerce"}
			if edit != nil {
				edit(g)
			}
			v.Industries, v.Bias = []string{"food_delivery"}, -10 // would unplace everything it reads
			v.Groups = []*Verifier{g}
		}
	}
	f("ecommerce", group(nil), []Mention{wl, src(bz, SourceModel)}, "物流|kg|delivery_time", "包装|model|-", "indicator delivery_time")
	f("ecommerce", group(func(g *Verifier) { g.Drop = true }), []Mention{wl, src(bz, SourceModel)}, "物流|kg|delivery_time", "indicator delivery_time")
	f("ecommerce", group(func(g *Verifier) { g.Threshold = 0 }), []Mention{wl, src(bz, SourceModel)},
		"物流|kg|delivery_time", "包装|model|packaging", "indicator delivery_time", "indicator packaging")
	f("ecommerce", group(func(g *Verifier) { g.Industries = []string{"banking"} }), []Mention{wl, src(bz, SourceModel)},
		"物流|kg|delivery_time", "包装|model|packaging", "indicator delivery_time", "indicator packaging")
	// A turn of a conversation is left alone.
	conversational = true
	f("ecommerce", nil, []Mention{src(bz, SourceModel)}, "包装|model|packaging", "indicator packaging")
	conversational = false
	// A category or named mention is never verified.
	f("ecommerce", func(v *Verifier) { v.Bias = -10 }, []Mention{src(bz, SourceNamed)}, "包装|named|packaging", "indicator packaging")
}

// TestVerifierFeatures checks the features of real mentions of one review (what the trace
// gives a trainer).
func TestVerifierFeatures(t *testing.T) {
	text := "物流太慢了，包装很好吗？"
	wl := mentionOn("ecommerce", "物流", Negative, 0.9)
	wl.Start, wl.End, wl.Opinion, wl.OpinionStart, wl.OpinionEnd = 0, 2, "太慢", 2, 4
	bz := mentionOn("ecommerce", "包装", Positive, 0.8)
	bz.Start, bz.End, bz.Source = 6, 8, SourceModel
	var got []VerifierSample
	p := defaultPolicy()
	p.Verifier = nil
	p.VerifierTrace = func(s VerifierSample) { got = append(got, s) }
	r := Record{Industry: "ecommerce", Text: text, Runes: len([]rune(text)), Mentions: []Mention{wl, bz, wl},
		SentenceStarts: []int{0}, SentenceLabels: []SentenceSentiment{{Label: "negative", Score: 0.8}},
		Added: []CategoryDim{dim("delivery_time", 0.1, Negative, 0.8)}}
	p.Indicators(testGraph, r)
	f := func(i int, feature string, want float64) {
		t.Helper()
		if i >= len(got) {
			t.Fatalf("%d samples, want more than %d", len(got), i)
		}
		if x := got[i].Features[indexOf(verifierFeatures, feature)]; math.Abs(x-want) > 1e-6 {
			t.Errorf("sample %d (%s) %s = %v, want %v", i, got[i].Term, feature, x, want)
		}
	}
	if len(got) != 2 { // the repeated 物流 is merged by MergeRecord
		t.Fatalf("%d samples, want 2: %+v", len(got), got)
	}
	f(0, "src_kg", 1)
	f(0, "opinion", 1)
	f(0, "op_clause", 1)
	f(0, "pol_neg", 1)
	f(0, "question", 0)
	f(0, "sent_neg", 0.8)
	f(0, "sent_agree", 1)
	f(0, "cat_has", 1)
	f(0, "cat_present", 0.9)
	f(0, "cat_pol", float64(float32(0.8))/float64(float32(0.9)))
	f(1, "src_model", 1)
	f(1, "opinion", 0)
	f(1, "question", 1)
	f(1, "sent_agree", -1)
	f(1, "cat_present", 0)
	f(1, "ind_ecommerce", 1)
	if !got[0].InScope || got[0].Indicator != "delivery_time" || got[1].Point != PointPleasure {
		t.Errorf("samples %+v", got)
	}
	// A feature vector is one-hot in the hashed indicator buckets.
	h := 0.0
	for i, n := range verifierFeatures {
		if strings.HasPrefix(n, "ind_h") {
			h += got[0].Features[i]
		}
	}
	if h != 1 {
		t.Errorf("hashed indicator buckets sum to %v, want 1", h)
	}
}

func FuzzParseVerifier(f *testing.F) {
	good, _ := json.Marshal(testVerifier("conf", 1, 0, 0.2))
	f.Add(good)
	f.Add([]byte(`{"features":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseVerifier(bytes.NewReader(b))
		if err != nil {
			return
		}
		if _, ok := v.Prob(make([]float64, len(verifierFeatures))); !ok {
			t.Errorf("a parsed verifier refuses a vector of the right length")
		}
	})
}

// TestVerifyAllocates: the verifier builds its per-record context (a rune copy of the
// text, the per-indicator counts, the sentence of each mention) only for a record with a
// mention it counts; a record with none allocates nothing and keeps its mentions. Real
// mentions of a real review, under the embedded verifier.
func TestVerifyAllocates(t *testing.T) {
	text := "物流太慢了，包装很好，老板娘人很好"
	p := defaultPolicy()
	if p.Verifier == nil {
		t.Fatal("the default policy has no verifier")
	}
	f := func(ms []Mention, wantAllocs bool) {
		t.Helper()
		r := Record{Industry: "ecommerce", Text: text, Runes: len([]rune(text)), Mentions: ms}
		var out []Mention
		n := testing.AllocsPerRun(20, func() { out = p.verify(r, ms) })
		if (n > 0) != wantAllocs {
			t.Errorf("%d mentions: %.0f allocations per record, want some: %v", len(ms), n, wantAllocs)
		}
		if !wantAllocs && (len(out) != len(ms) || (len(ms) > 0 && &out[0] != &ms[0])) {
			t.Errorf("%d mentions: the verifier changed a record it counts nothing in", len(ms))
		}
	}
	at := func(m Mention, s, e int) Mention { m.Start, m.End = s, e; return m }
	wl := at(mentionOn("ecommerce", "物流", Negative, 0.9), 0, 2)
	bz := at(mentionOn("ecommerce", "包装", Positive, 0.8), 6, 8)
	noPoint := bz
	noPoint.Point, noPoint.Polarity = "", Neutral
	unplaced := wl
	unplaced.KG = nil
	food := at(mentionOn("food_delivery", "包装", Positive, 0.8), 6, 8) // another industry's indicator
	f(nil, false)
	f([]Mention{noPoint}, false)
	f([]Mention{unplaced, noPoint}, false)
	f([]Mention{food}, false)
	f([]Mention{wl}, true)
	f([]Mention{noPoint, bz}, true)
}
