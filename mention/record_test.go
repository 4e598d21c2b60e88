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

// Where the classifier's blended polarity is neutral, the record's sentiment (every sentence,
// score >= CategoryRecordSentiment) or its model+kg mentions agreeing with the
// aspect-polarity model set the polarity when it is within CategoryNeutralMargin of neutral.
// Probabilities are those the shipped models give on these car val posts.
func TestIndicatorsOverNeutral(t *testing.T) {
	type mdesc struct {
		term, pol string
		conf      float64
	}
	f := func(text string, margin float64, d CategoryDim, pm [3]float32, ms []mdesc, sents []SentenceSentiment, want string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryNeutralMargin = margin
		var mentions []Mention
		for _, m := range ms {
			x := mentionOn("automotive", m.term, m.pol, m.conf)
			x.Source = SourceModelKG
			mentions = append(mentions, x)
		}
		inds, _ := p.Indicators(testGraph, Record{Industry: "automotive", Runes: len([]rune(text)), Mentions: mentions,
			Category: []CategoryDim{d}, CategoryPolarity: map[string][3]float32{d.Name: pm}, Sentiments: sents})
		if len(inds) != 1 || inds[0].Polarity != want || inds[0].Source != SourceCategory {
			t.Errorf("%s: got %+v, want one category indicator %s", text, inds, want)
		}
	}
	neg := func(s ...float64) (out []SentenceSentiment) {
		for _, x := range s {
			out = append(out, SentenceSentiment{Label: Negative, Score: x})
		}
		return out
	}
	pos := func(x float64) []SentenceSentiment { return []SentenceSentiment{{Label: Positive, Score: x}} }
	cd := func(name string, a, n, u, p float32) CategoryDim {
		return CategoryDim{Name: name, Probs: [4]float32{a, n, u, p}}
	}
	// The record's sentiment, sure and within the margin.
	f("森林人最坑爹的就是这个导航仪。", 0.3, cd("配置", 0.004, 0.339, 0.641, 0.016), [3]float32{0.418, 0.529, 0.053}, nil, neg(0.9899), Negative)
	f("不会的，2.0T前段加速很舒适，开起来像电动车", 0.3, cd("动力", 0.021, 0.062, 0.435, 0.481), [3]float32{0.115, 0.635, 0.25}, nil, pos(0.958), Positive)
	// Off (margin 0): the classifier's neutral stands.
	f("森林人最坑爹的就是这个导航仪。", 0, cd("配置", 0.004, 0.339, 0.641, 0.016), [3]float32{0.418, 0.529, 0.053}, nil, neg(0.9899), Neutral)
	// A sentiment below CategoryRecordSentiment is no evidence; sentences that disagree are none.
	f("森林人最坑爹的就是这个导航仪。", 0.3, cd("配置", 0.004, 0.339, 0.641, 0.016), [3]float32{0.418, 0.529, 0.053}, nil, neg(0.85), Neutral)
	f("森林人最坑爹的就是这个导航仪。", 0.3, cd("配置", 0.004, 0.339, 0.641, 0.016), [3]float32{0.418, 0.529, 0.053}, nil, append(neg(0.99), pos(0.99)...), Neutral)
	// A model+kg mention the aspect-polarity model agrees with (its sentence sentiment is unsure).
	f("不得不说车内空间蛮大的", 0.3, cd("空间", 0, 0.056, 0.531, 0.412), [3]float32{0.107, 0.383, 0.51}, []mdesc{{"空间", Positive, 0.9}}, neg(0.4052), Positive)
	f("2.0T落地价格太贵了", 0.3, cd("价格", 0.003, 0.292, 0.562, 0.143), [3]float32{0.519, 0.421, 0.06}, []mdesc{{"价格", Negative, 0.9}}, neg(0.825), Negative)
	// The aspect-polarity model does not agree with the mention: neutral stands.
	f("2.0T落地价格太贵了", 0.3, cd("价格", 0.003, 0.292, 0.562, 0.143), [3]float32{0.3, 0.6, 0.1}, []mdesc{{"价格", Negative, 0.9}}, neg(0.825), Neutral)
	// Too far from neutral (blend 0.11/0.85/0.04): neutral stands, though all agree.
	f("负责任的告诉你。油耗大。毛病多 。", 0.3, cd("油耗", 0, 0.12, 0.849, 0.031), [3]float32{0.081, 0.853, 0.066}, []mdesc{{"油耗", Negative, 0.9}}, neg(0.5384, 0.5114, 0.8834), Neutral)
	// A sure sentiment whose polarity is too far from neutral (0.07 vs 0.49) is no evidence: the mentions decide.
	f("不得不说车内空间蛮大的", 0.3, cd("空间", 0, 0.056, 0.531, 0.412), [3]float32{0.107, 0.383, 0.51}, []mdesc{{"空间", Positive, 0.9}}, neg(0.95), Positive)
	// Sentiment and agreeing mentions in opposite directions, both near (probabilities made up): neutral stands.
	f("修的话倒不是贵。价格其实跟bba比还是便宜的。", 0.3, cd("价格", 0, 0.33, 0.36, 0.31), [3]float32{0.45, 0.44, 0.11}, []mdesc{{"价格", Negative, 0.9}}, pos(0.95), Neutral)
	f("修的话倒不是贵。价格其实跟bba比还是便宜的。", 0.3, cd("价格", 0, 0.33, 0.36, 0.31), [3]float32{0.45, 0.44, 0.11}, []mdesc{{"价格", Negative, 0.9}}, nil, Negative)
	// A polar classifier answer is never changed.
	f("2.0T落地价格太贵了", 0.3, cd("价格", 0.003, 0.6, 0.3, 0.1), [3]float32{0.519, 0.421, 0.06}, nil, pos(0.99), Negative)
}
