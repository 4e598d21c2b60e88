package mention

import (
	"fmt"
	"reflect"
	"testing"
)

// mentionOn is a mention of term in industry (mapped by the real graph) with a point.
func mentionOn(industry, term, polarity string, conf float64) Mention {
	mp, ok := testGraph.MapAspect(industry, "", term, "")
	if !ok {
		panic("unmapped term " + term)
	}
	return Mention{Term: term, Polarity: polarity, Point: ClassifyPoint(polarity, ""), Confidence: conf, Source: SourceKG, KG: ref(mp)}
}

// dim is a category-classifier output: P(absent) and the argmax polarity at probability p.
func dim(name string, absent float32, polarity string, p float32) CategoryDim {
	d := CategoryDim{Name: name, Probs: [4]float32{absent, 0, 0, 0}}
	k := map[string]int{Negative: 1, Neutral: 2, Positive: 3}[polarity]
	d.Probs[k] = p
	for j := 1; j < 4; j++ {
		if j != k {
			d.Probs[j] = (1 - absent - p) / 2
		}
	}
	return d
}

func TestIndicators(t *testing.T) {
	var catPol map[string][3]float32
	f := func(industry string, ms []Mention, cat []CategoryDim, want ...string) {
		t.Helper()
		inds, all := defaultPolicy().Indicators(testGraph, Record{Industry: industry, Runes: 20, Mentions: ms, Category: cat, CategoryPolarity: catPol})
		var got []string
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s|%s|%v|%.2f", x.ID, x.Polarity, x.Point, x.Source, x.Mentions, x.Score))
			for _, i := range x.Mentions {
				if all[i].KG == nil || all[i].KG.IDs["indicator"] != x.ID {
					t.Errorf("indicator %s cites mention %d %+v", x.ID, i, all[i])
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	// One entry per indicator: the point with the most confidence wins, its strongest
	// mention gives polarity and score.
	f("ecommerce", []Mention{mentionOn("ecommerce", "物流", Negative, 0.9), mentionOn("ecommerce", "快递", Positive, 0.6), mentionOn("ecommerce", "包装", Positive, 0.8)},
		nil, "delivery_time|negative|pain|mentions|[0 1]|0.90", "packaging|positive|pleasure|mentions|[2]|0.80")
	f("ecommerce", []Mention{mentionOn("ecommerce", "物流", Negative, 0.5), mentionOn("ecommerce", "快递", Positive, 0.4), mentionOn("ecommerce", "发货", Positive, 0.4)},
		nil, "delivery_time|positive|pleasure|mentions|[0 1 2]|0.40")
	// Mentions with no point: a neutral entry with no point.
	f("ecommerce", []Mention{mentionOn("ecommerce", "物流", Neutral, 0)}, nil, "delivery_time|neutral||mentions|[0]|0.00")
	// A mention without a graph place has no indicator.
	f("ecommerce", []Mention{{Term: "老板娘", Polarity: Positive, Point: PointPleasure}}, nil)
	// The category classifier decides presence and polarity of its dimensions, with the
	// mentions attached as evidence; indicators it does not cover are voted.
	f("automotive", []Mention{mentionOn("automotive", "油耗", Positive, 0.9), mentionOn("automotive", "4S店", Negative, 0.8)},
		[]CategoryDim{dim("油耗", 0.1, Negative, 0.7), dim("空间", 0.9, Positive, 0.05)},
		"fuel_consumption|negative|pain|category|[0]|0.78", "sales_service|negative|pain|mentions|[1]|0.80")
	// Below the presence threshold the classifier drops the indicator (the mention stays).
	f("automotive", []Mention{mentionOn("automotive", "油耗", Negative, 0.9)}, []CategoryDim{dim("油耗", 0.5, Negative, 0.3)})
	// Present with no mention naming it: a record-level category mention is added.
	f("automotive", nil, []CategoryDim{dim("空间", 0.05, Positive, 0.8)}, "space|positive|pleasure|category|[0]|0.84")
	// With the aspect-polarity model's verdict on the dimension, the two are blended
	// (CategoryWeight 0.75): an unsure neutral classifier and a sure negative model → negative.
	catPol = map[string][3]float32{"价格": {0.9, 0.08, 0.02}}
	f("automotive", nil, []CategoryDim{dim("价格", 0.2, Neutral, 0.4)}, "price|negative|pain|category|[0]|0.41")
	f("automotive", nil, []CategoryDim{dim("价格", 0.15, Neutral, 0.8)}, "price|neutral||category|[0]|0.73")
}

// A record's repeated mentions (same term or implicit aspect, opinion, polarity, point and
// indicator) are one; anything that differs stays.
func TestMergeRecord(t *testing.T) {
	impl := func(op, pol string) Mention {
		mp, _ := testGraph.MapAspect("ecommerce", "", "", op)
		return Mention{Opinion: op, Polarity: pol, Point: ClassifyPoint(pol, ""), Confidence: 0.5, Source: SourceModel, KG: ref(mp)}
	}
	f := func(ms []Mention, want int) {
		t.Helper()
		if got := MergeRecord(ms); len(got) != want {
			t.Errorf("%v: %d mentions after merging, want %d", show(ms), len(got), want)
		}
	}
	f([]Mention{impl("很实惠", Positive), impl("很实惠", Positive), impl("很实惠", Positive)}, 1) // 很实惠！很实惠！
	f([]Mention{impl("很实惠", Positive), impl("很实惠", Negative)}, 2)
	f([]Mention{mentionOn("ecommerce", "物流", Negative, 0.6), mentionOn("ecommerce", "物流", Negative, 0.9)}, 1)
	f([]Mention{mentionOn("ecommerce", "物流", Negative, 0.6), mentionOn("ecommerce", "物流", Positive, 0.9)}, 2)
	f([]Mention{mentionOn("ecommerce", "物流", Negative, 0.6), mentionOn("ecommerce", "快递", Negative, 0.9)}, 2)
	f(nil, 0)
}
