package mention

import (
	"reflect"
	"testing"
)

// TestWordBoundaries: a graph term matches on jieba's word boundaries (the graph's terms
// registered with their own weights), never inside a longer word; its edge may fall inside a
// jieba word only where the rest of that word is an opinion (速度快, 服务周到, 高品质). One
// line per case: industry, sentence, sentiment, aspect-model triplets (term, opinion,
// polarity …), the expected mentions as term|opinion|polarity|point|indicator|source.
func TestWordBoundaries(t *testing.T) {
	f := func(industry, text, sentiment string, tr []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(tr); i += 3 {
			ts = append(ts, triplet(text, tr[i], tr[i+1], tr[i+2]))
		}
		got := showSrc(mentions(industry, sentence(text, sentiment, 0.9, ts...)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// Inside a longer word: the word goes on after the term (it only modifies the word's head).
	f("ecommerce", "活动大打折扣了", "negative", nil)
	f("food_delivery", "火锅店的环境还不错", "positive", nil, "环境|还不错|positive|pleasure|就餐环境|kg")
	f("food_delivery", "服务员态度很好", "positive", nil, "态度|很好|positive|pleasure|门店服务|kg")
	f("ecommerce", "这个充电宝很好用", "positive", nil, "|这个充电宝很好用|positive|pleasure|产品性能|kg")
	// … or begins before it (another sense of the term, or no term at all).
	f("telecom", "本来车流量很大的高速变得异常拥堵", "negative", nil)
	f("ecommerce", "用了一段时间再来评价", "positive", nil)
	f("ecommerce", "客服第一时间就回复了", "positive", nil)
	f("telecom", "介绍个微信号给姐妹们，刚刚好", "positive", nil)
	// The rest of the word is an opinion: the dictionary joined the term and its opinion.
	f("ecommerce", "外形美观，速度快", "positive", nil, "外形|美观|positive|pleasure|外观设计|kg", "速度|快|positive|pleasure|产品性能|kg")
	f("food_delivery", "服务周到，上菜也快", "positive", nil, "服务|周到|positive|pleasure|门店服务|kg", "上菜|快|positive|pleasure|出餐速度|kg")
	// A lexicon word that cuts a graph term is no word of the sentence (量大 across
	// 质量|大打折扣 read as praise); one that holds the term is (量大 with the term 量).
	f("ecommerce", "质量大打折扣了", "negative", nil)
	f("food_delivery", "量大实惠", "positive", nil, "量|大|positive|pleasure|分量|kg")
	// A term jieba's dictionary knows stays whole now that it is weighed as jieba weighs it
	// (便宜 was 便|宜 with the median weight user words get without a frequency), and a term
	// inside another mention's opinion on the same indicator is that opinion (便宜 is an
	// ecommerce price term too): one mention.
	f("ecommerce", "价格很便宜", "positive", nil, "价格|很便宜|positive|pleasure|价格|kg")
	// A model term that holds a graph term is placed through it and kept whole; a
	// single-character term places it only where the pack marks it safe.
	f("food_delivery", "酸汤鱼很好吃", "positive", []string{"酸汤鱼", "很好吃", "positive"}, "酸汤鱼|很好吃|positive|pleasure|餐品口味|model")
	f("ecommerce", "评价很高", "positive", []string{"评价", "很高", "positive"}, "评价|很高|positive|pleasure||model")
	// Duplicates merged: a model triplet on a graph term is one mention.
	f("ecommerce", "物流很快", "positive", []string{"物流", "很快", "positive"}, "物流|很快|positive|pleasure|配送时效|model+kg")
	// Opinion spans on word boundaries, never holding their term.
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", []string{"物流", "物流太慢了", "negative", "包装", "很结", "positive"},
		"物流|太慢了|negative|pain|配送时效|model+kg", "包装|很结实|positive|pleasure|包装|model+kg")
	f("food_delivery", "外卖小哥很辛苦", "positive", []string{"外卖小哥", "很辛", "positive"}, "外卖小哥|很辛苦|positive|pleasure|骑手服务|model+kg")
}
