package kg

import (
	"testing"
)

// benchSentences are real-style review sentences with the term the aspect model would give.
var benchSentences = []struct{ sentence, term, opinion string }{
	{"物流太慢了，等了一个星期才到", "物流", "太慢了"},
	{"快递小哥态度很好，送货上门", "快递小哥", "很好"},
	{"包装很严实，没有破损", "包装", "很严实"},
	{"屏幕显示效果不错，就是电池不耐用", "电池", "不耐用"},
	{"客服回复很及时，问题解决了", "客服", "很及时"},
	{"外卖送到的时候汤都洒了", "", "洒了"},
	{"房间很干净，前台服务热情", "前台", "热情"},
	{"这车油耗太高", "油耗", "太高"},
	{"信用卡额度太低", "额度", "太低"},
	{"物流速度一般般", "物流速度", "一般般"},
	{"价格有点贵", "价格", "有点贵"},
	{"等了好久才收到", "", "等了好久"},
}

// BenchmarkMapAspect maps one aspect mention (industry known) per op.
func BenchmarkMapAspect(b *testing.B) {
	g := realGraph(b)
	inds := []string{"ecommerce", "food_delivery", "hotel_travel", "automotive", "banking", "telecom"}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		x := benchSentences[i%len(benchSentences)]
		if _, ok := g.MapAspect(inds[i%len(inds)], x.sentence, x.term, x.opinion); ok {
			n++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
	_ = n
}

// BenchmarkMapAspectInfer maps with industry "" (inferred from the sentence).
func BenchmarkMapAspectInfer(b *testing.B) {
	g := realGraph(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := benchSentences[i%len(benchSentences)]
		g.MapAspect("", x.sentence, x.term, x.opinion)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
}

// BenchmarkFindTerms scans one sentence against all industries' terms per op.
func BenchmarkFindTerms(b *testing.B) {
	g := realGraph(b)
	bytes := 0
	for _, x := range benchSentences {
		bytes += len(x.sentence)
	}
	b.SetBytes(int64(bytes / len(benchSentences)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.FindTerms("", benchSentences[i%len(benchSentences)].sentence)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}
