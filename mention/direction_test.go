package mention

import (
	"reflect"
	"testing"
)

// TestDirectionOfModelTerms: a model term takes the direction of the graph term it holds
// (苹果性价比 is 性价比's: higher is good), oil burnt is bad although 动力 is good, and a
// confident aspect-model polarity keeps its reading against the direction
// (Policy.DirectionYieldProb).
func TestDirectionOfModelTerms(t *testing.T) {
	f := func(industry, text, term, opinion, pol string, conf float64, want ...string) {
		t.Helper()
		tr := triplet(text, term, opinion, pol)
		tr.Confidence = conf
		got := show(mentions(industry, sentence(text, "neutral", 0.5, tr)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("automotive", "苹果性价比很高", "苹果性价比", "很高", "negative", 0.6, "苹果性价比|很高|positive|pleasure|价格")
	f("automotive", "烧机油风险很大", "烧机油风险", "很大", "positive", 0.6, "烧机油风险|很大|negative|pain|动力")
	f("automotive", "油耗有点高", "油耗", "有点高", "positive", 0.6, "油耗|有点高|negative|pain|油耗") // direction over a doubtful model
	f("automotive", "震动的幅度太小", "震动的幅度", "太小", "negative", 0.6, "震动的幅度|太小|positive|pleasure|舒适性")
	f("automotive", "震动的幅度太小", "震动的幅度", "太小", "negative", 0.99, "震动的幅度|太小|negative|pain|舒适性") // a confident model keeps its reading
}
