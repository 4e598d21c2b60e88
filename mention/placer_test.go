package mention

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// testPlacer is a placer over three ecommerce indicators and two food_delivery ones whose
// weights give feature f weight w for indicator ind of industry (every other weight 0).
func testPlacer(minProb, margin float64, ws ...struct {
	industry, ind, f string
	w                float64
}) *Placer {
	p := &Placer{Buckets: 1 << 12, Weights: make([]float64, 1<<12), MinProb: minProb, Margin: margin,
		Indicators: map[string][]string{
			"ecommerce":     {"delivery_time", "product_performance", "packaging"},
			"food_delivery": {"taste", "rider_service"},
		}}
	for _, w := range ws {
		p.Weights[placerBucket(fnv32a(w.f), fnv32a(w.industry+"\x00"+w.ind), p.Buckets)] += w.w
	}
	return p
}

type pw = struct {
	industry, ind, f string
	w                float64
}

func TestDefaultPlacer(t *testing.T) {
	p, err := DefaultPlacer()
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range []string{"ecommerce", "food_delivery"} {
		ids := p.Indicators[ind]
		if len(ids) < 10 {
			t.Errorf("%s: %d indicators", ind, len(ids))
		}
		for _, id := range ids { // every candidate can be placed on (an indicator with an aspect)
			if _, ok := indicatorMapping(testGraph, ind, id); !ok {
				t.Errorf("%s: indicator %s has no aspect in the pack", ind, id)
			}
		}
	}
	if DefaultPolicy().Placer != nil {
		t.Errorf("DefaultPolicy has a placer; it ships off (bench/results/notes/remap14-s14-shiprule.md)")
	}
}

func TestParsePlacer(t *testing.T) {
	good, err := json.Marshal(testPlacer(0.4, 0.2))
	if err != nil {
		t.Fatal(err)
	}
	f := func(edit func(s string) string, wantErr string) {
		t.Helper()
		_, err := ParsePlacer(strings.NewReader(edit(string(good))))
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("want no error, got %v", err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("want error %q, got %v", wantErr, err)
		}
	}
	f(func(s string) string { return s }, "")
	f(func(s string) string { return strings.Replace(s, `"buckets":4096`, `"buckets":4095`, 1) }, "weights for 4095 buckets")
	f(func(s string) string { return strings.Replace(s, `"buckets":4096`, `"buckets":0`, 1) }, "weights for 0 buckets")
	f(func(s string) string { return strings.Replace(s, `"min_prob":0.4`, `"min_prob":1.4`, 1) }, "outside [0, 1]")
	f(func(s string) string { return strings.Replace(s, `"margin":0.2`, `"margin":-0.2`, 1) }, "outside [0, 1]")
	f(func(s string) string { return strings.Replace(s, `"category":0`, `"category":1e999`, 1) }, "placer:")
	f(func(s string) string { return strings.Replace(s, `"category":0`, `"category":2e6`, 1) }, "within ±1e+06")
	f(func(s string) string { return strings.Replace(s, `"weights":[0,`, `"weights":[-1e300,`, 1) }, "weight 0: not a finite number within")
	f(func(s string) string { return strings.Replace(s, `["taste","rider_service"]`, `["taste"]`, 1) }, "want at least 2")
	f(func(s string) string { return strings.Replace(s, `"margin":0.2`, `"margin":0.2,"thresh":1`, 1) }, "unknown field")
	f(func(s string) string { return s[:len(s)/2] }, "placer:")
}

func TestPlacerFeatures(t *testing.T) {
	f := func(text, term, ind string, want ...string) {
		t.Helper()
		rs := []rune(text)
		m := mentionOn("ecommerce", term, Negative, 0.9)
		m.KG.IDs["indicator"] = ind
		if i := strings.Index(text, term); i >= 0 {
			m.Start = len([]rune(text[:i]))
			m.End = m.Start + len([]rune(term))
		} else {
			m.Start, m.End = -1, -1
		}
		got := placerFeatures(rs, m)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s/%s:\n got %q\nwant %q", text, term, got, want)
		}
	}
	// The clause of the term only (a comma ends it), the term one placeholder character T.
	f("待机时间短，物流很快", "待机时间", "product_performance",
		"bias", "t:待机时间", "e:product_performance", "p:pain", "o:negative", "b:T短", "u:短")
	f("物流太慢了", "物流", "delivery_time",
		"bias", "t:物流", "e:delivery_time", "p:pain", "o:negative", "b:T太", "u:太", "b:太慢", "u:慢", "b:慢了", "u:了")
	// No offsets in the text: no clause features.
	f("包装很好", "物流", "delivery_time", "bias", "t:物流", "e:delivery_time", "p:pain", "o:negative")
}

func TestPlacerChoose(t *testing.T) {
	p := testPlacer(0.4, 0.2,
		pw{"ecommerce", "product_performance", "t:时间", 3},
		pw{"ecommerce", "delivery_time", "b:T到", 6},
		pw{"ecommerce", "packaging", "t:盒子", 1},
		pw{"ecommerce", "delivery_time", "t:纸", 0.9})
	f := func(industry, e string, fs []string, present map[string]float64, want string) {
		t.Helper()
		if got := p.choose(industry, e, fs, present); got != want {
			t.Errorf("%s %s %v %v: got %q, want %q", industry, e, fs, present, got, want)
		}
	}
	f("ecommerce", "delivery_time", []string{"t:时间"}, nil, "product_performance")             // P 0.91
	f("ecommerce", "delivery_time", []string{"t:时间", "b:T到"}, nil, "")                        // its own indicator wins
	f("ecommerce", "product_performance", []string{"t:时间"}, nil, "")                          // already there
	f("ecommerce", "delivery_time", []string{"t:盒子"}, nil, "packaging")                       // P 0.58, 0.36 over its own
	f("ecommerce", "delivery_time", []string{"t:盒子", "t:纸"}, nil, "")                         // P 0.44, only 0.04 over its own 0.40
	f("ecommerce", "delivery_time", []string{"bias"}, nil, "")                                // uniform: below min_prob
	f("ecommerce", "delivery_time", []string{"bias"}, map[string]float64{"packaging": 0}, "") // no category weight
	f("food_delivery", "taste", []string{"t:时间"}, nil, "")                                    // another industry's weights
	f("banking", "fee_fairness", []string{"t:时间"}, nil, "")                                   // an industry it does not read
	p.Category = 4
	f("ecommerce", "delivery_time", []string{"bias"}, map[string]float64{"packaging": 0.9}, "packaging") // the category model's presence
}

func TestPlacerPlaces(t *testing.T) {
	text := "待机时间太短了，包装很好"
	conversational := false
	f := func(industry string, p *Placer, ms []Mention, want ...string) {
		t.Helper()
		pol := defaultPolicy()
		pol.Verifier = nil
		pol.Placer = p
		_, all := pol.Indicators(testGraph, Record{Industry: industry, Text: text, Runes: len([]rune(text)), Mentions: ms, Conversational: conversational})
		var got []string
		for _, m := range all {
			ind, asp := "-", "-"
			if m.KG != nil {
				ind, asp = m.KG.IDs["indicator"], m.KG.IDs["aspect"]
			}
			got = append(got, m.Term+"|"+m.Source+"|"+ind+"|"+asp+"|"+m.Point)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	at := func(m Mention, s, e int) Mention { m.Start, m.End = s, e; return m }
	src := func(m Mention, s string) Mention { m.Source = s; return m }
	sj := at(mentionOn("ecommerce", "时间", Negative, 0.9), 2, 4) // 时间 → delivery_time (the graph's placement)
	bz := at(mentionOn("ecommerce", "包装", Positive, 0.8), 8, 10)
	move := testPlacer(0.4, 0.2, pw{"ecommerce", "product_performance", "b:T太", 5})
	// 时间 moves to product_performance (its first aspect); term, point and source stay; 包装 stays.
	f("ecommerce", move, []Mention{sj, bz}, "时间|kg|product_performance|phone_performance|pain", "包装|kg|packaging|package_condition|pleasure")
	f("ecommerce", move, []Mention{src(sj, SourceModelKG)}, "时间|model+kg|product_performance|phone_performance|pain")
	// No placer, an industry it does not read, a turn of a conversation, a named or an
	// implicit mention, a mention without a point: nothing moves.
	f("ecommerce", nil, []Mention{sj}, "时间|kg|delivery_time|delivery_speed|pain")
	noEcom := testPlacer(0.4, 0.2)
	delete(noEcom.Indicators, "ecommerce")
	f("ecommerce", noEcom, []Mention{sj}, "时间|kg|delivery_time|delivery_speed|pain")
	conversational = true
	f("ecommerce", move, []Mention{sj}, "时间|kg|delivery_time|delivery_speed|pain")
	conversational = false
	f("ecommerce", move, []Mention{src(sj, SourceNamed)}, "时间|named|delivery_time|delivery_speed|pain")
	implicit := sj
	implicit.Term = ""
	f("ecommerce", move, []Mention{implicit}, "|kg|delivery_time|delivery_speed|pain")
	noPoint := sj
	noPoint.Point, noPoint.Polarity = "", Neutral
	f("ecommerce", move, []Mention{noPoint}, "时间|kg|delivery_time|delivery_speed|")
	// A candidate indicator the pack does not have is never placed on.
	ghost := testPlacer(0.4, 0.2, pw{"ecommerce", "no_such_indicator", "b:T太", 5})
	ghost.Indicators["ecommerce"] = append(slices.Clone(ghost.Indicators["ecommerce"]), "no_such_indicator")
	f("ecommerce", ghost, []Mention{sj}, "时间|kg|delivery_time|delivery_speed|pain")
}

func FuzzParsePlacer(f *testing.F) {
	good, _ := json.Marshal(testPlacer(0.4, 0.2))
	f.Add(good)
	f.Add([]byte(`{"buckets":2,"weights":[0,1],"indicators":{"x":["a","b"]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePlacer(bytes.NewReader(b))
		if err != nil {
			return
		}
		for ind, ids := range p.Indicators {
			pr := p.Probs(ind, []string{"bias", "t:时间"}, map[string]float64{ids[0]: 1})
			sum := 0.0
			for _, x := range pr {
				sum += x
			}
			if len(pr) != len(ids) || !(sum > 0.999 && sum < 1.001) {
				t.Errorf("%s: probabilities %v over %d indicators", ind, pr, len(ids))
			}
		}
	})
}

// TestPlacerHash pins the hash the trainer (training/train_placer.py, fnv32a) computes too.
func TestPlacerHash(t *testing.T) {
	f := func(s string, want uint32) {
		t.Helper()
		if got := fnv32a(s); got != want {
			t.Errorf("fnv32a(%q) = %d, want %d", s, got, want)
		}
	}
	f("", 0x811c9dc5)
	f("foobar", 0xbf9cf968)
	f("t:时间", 3228141602)
	f("ecommerce\x00delivery_time", 2913703635)
	if got, want := placerBucket(3228141602, 2913703635, 1<<16), int((3228141602^2913703635)%(1<<16)); got != want {
		t.Errorf("bucket %d, want %d", got, want)
	}
}
