package mention

import (
	"testing"
	"unicode/utf8"
)

// FuzzPlan: any text, with or without a triplet, gives mentions whose spans lie inside the
// sentence, whose opinion never overlaps its term, and whose point agrees with the labels.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{"物流太慢了，包装倒是很结实", "17价格忒高", "给个好评价吧", "酸汤鱼很好吃", "建议增加儿童座椅，油耗太高了", "", "，，。", "ＡＰＰ下单很方便", "音质并没有给我带来任何惊喜", "续航比上一代差很多", "做工不比原装的差", "没几天就坏了",
		"手机很好用，请问有赠品吗？", "手机边缘有点曲屏，其他都挺好的", "为了防止指纹印", "看不到整个屏幕 很差的膜", "之前我用的手机外形较好", "好的话会推荐", "难道这就是正品吗？", "也不想要什么补偿"} {
		f.Add(s, 0, 2, 2, 5)
	}
	f.Fuzz(func(t *testing.T, text string, ts, te, os, oe int) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		var trs []Mention
		if ts >= 0 && te > ts && te <= n && os >= 0 && oe > os && oe <= n {
			rs := []rune(text)
			trs = append(trs, Mention{Term: string(rs[ts:te]), Start: ts, End: te, Opinion: string(rs[os:oe]), OpinionStart: os, OpinionEnd: oe, Polarity: Negative, Confidence: 0.8})
		}
		for _, industry := range []string{"", "ecommerce", "automotive"} {
			d := defaultPolicy().Plan(testGraph, industry, Sentence{Text: text, Sentiment: Negative, SentimentScore: 0.9, Cut: testSeg.Cut, Triplets: trs})
			probs := make([][3]float32, len(d.Spans()))
			for i := range probs {
				probs[i] = [3]float32{0.2, 0.3, 0.5}
			}
			for _, pr := range [][][3]float32{nil, probs} {
				for _, m := range d.Mentions(pr) {
					if m.Start < 0 || m.End > n || m.Start > m.End || m.OpinionStart < 0 || m.OpinionEnd > n || m.OpinionStart > m.OpinionEnd {
						t.Fatalf("%q: span out of the sentence: %+v", text, m)
					}
					if m.Term != "" && m.OpinionEnd > m.OpinionStart && m.OpinionStart < m.End && m.Start < m.OpinionEnd {
						t.Fatalf("%q: opinion overlaps term: %+v", text, m)
					}
					if NormPolarity(m.Polarity) == "" {
						t.Fatalf("%q: polarity %q", text, m.Polarity)
					}
					if (m.Point == PointPain && m.Polarity == Positive) || (m.Point == PointPleasure && m.Polarity != Positive) {
						t.Fatalf("%q: point %s with polarity %s", text, m.Point, m.Polarity)
					}
				}
			}
		}
	})
}
