package mention

import (
	"reflect"
	"testing"
)

// pol15's polarity rules of session 15 (Policy.Pol15Rules, off by default), on real text of
// the r10 silver round's tune part (training/data/silver_ecommerce_r10.jsonl) and made-up
// controls. One line per case: industry, sentence, its sentiment and probability, the
// aspect-model triplet (term, opinion, polarity; "" for none), the mentions with the rules on
// and with the default policy (off), each as term|opinion|polarity|point|indicator.
func TestPol15Rules(t *testing.T) {
	on := defaultPolicy()
	on.Pol15Rules()
	f := func(industry, text, sent string, score float64, term, opinion, pol string, wantOn, wantOff []string) {
		t.Helper()
		var ts []Mention
		if term != "" {
			ts = append(ts, triplet(text, term, opinion, pol))
		}
		s := sentence(text, sent, score, ts...)
		if got := show(on.Plan(testGraph, industry, s).Mentions(nil)); !reflect.DeepEqual(got, wantOn) {
			t.Errorf("%s (on)\n got %q\nwant %q", text, got, wantOn)
		}
		if got := show(mentions(industry, s)); !reflect.DeepEqual(got, wantOff) {
			t.Errorf("%s (off)\n got %q\nwant %q", text, got, wantOff)
		}
	}
	type w = []string
	// TermSenseOverDirection: a magnitude grades a polar term itself (r10-125, r10-1376); a
	// cost word as the magnitude keeps the edge's reading (r10-91); fault and praise terms with
	// a quantity read as before.
	f("ecommerce", "在这里买了一个，感觉价格确实够便宜，比商场里便宜很多！", "positive", 0.81, "", "", "", w{"价格|便宜|positive|pleasure|价格", "便宜|很多|positive|pleasure|价格"}, w{"价格|便宜|positive|pleasure|价格", "便宜|很多|negative|pain|价格"})
	f("ecommerce", "非常满意。价格比实体店的便宜100多，效果蛮不错", "positive", 0.99, "", "", "", w{"便宜|多|positive|pleasure|价格"}, w{"便宜|多|negative|pain|价格"})
	f("ecommerce", "很实惠哟给家人买的既便宜又实惠", "positive", 0.9, "", "", "", w{"实惠||positive|pleasure|价格", "便宜|实惠|positive|pleasure|价格"}, w{"实惠||positive|pleasure|价格", "便宜|实惠|positive|pleasure|价格"})
	f("ecommerce", "噪音很小，散热也好", "positive", 0.9, "", "", "", w{"噪音|很小|positive|pleasure|产品性能", "散热|也好|positive|pleasure|产品性能"}, w{"噪音|很小|positive|pleasure|产品性能", "散热|也好|positive|pleasure|产品性能"})
	f("ecommerce", "优惠很少", "negative", 0.7, "", "", "", w{"优惠|很少|negative|pain|促销优惠"}, w{"优惠|很少|negative|pain|促销优惠"})
	// ItchNeverPositive: a plain wish is neutral (r10-234, r10-1386; the second also turns
	// 性价比较高, a pleasure the itch cue took, neutral: the rule's one loss on the tune part).
	f("ecommerce", "送给丈母娘的，够了。希望信号好，质量好", "positive", 0.8, "信号", "好", "positive", w{"信号|好|neutral|itch|产品性能", "质量|好|positive|pleasure|商品质量"}, w{"信号|好|positive|itch|产品性能", "质量|好|positive|pleasure|商品质量"})
	f("ecommerce", "小巧玲珑，性价比较高啊电池容量大点就更好了", "positive", 0.9, "电池容量", "大点", "positive", w{"性价比|较高|neutral|itch|价格", "电池容量|大点|neutral|itch|产品性能"}, w{"性价比|较高|positive|itch|价格", "电池容量|大点|positive|itch|产品性能"})
	// MediocreNegativeIndustries [ecommerce]: a bare 一般 ending its clause (r10-216, r10-105);
	// not an attributive 一般的, not 不一般, not food_delivery (the ASTE labels call it neutral).
	f("ecommerce", "发现长时间运行有不稳定现象，散热一般。很担心！", "negative", 0.6, "散热", "一般", "neutral", w{"散热|一般|negative|pain|产品性能"}, w{"散热|一般|neutral||产品性能"})
	f("ecommerce", "通话质量只能用一般来形容，有点杂音。", "negative", 0.63, "通话质量", "只能用一般来形容", "neutral", w{"通话质量|只能用一般来形容|negative|pain|产品性能"}, w{"通话质量|只能用一般来形容|neutral||产品性能"})
	f("ecommerce", "配置能满足一般的游戏和学习要求", "positive", 0.7, "配置", "一般", "neutral", w{"配置|一般|neutral||产品性能"}, w{"配置|一般|neutral||产品性能"})
	f("ecommerce", "外观不一般，很漂亮", "positive", 0.9, "外观", "不一般", "neutral", w{"外观|不一般|neutral||外观设计"}, w{"外观|不一般|neutral||外观设计"})
	f("food_delivery", "菜品一般，环境还行", "neutral", 0.6, "菜品", "一般", "neutral", w{"菜品|一般|neutral||餐品口味"}, w{"菜品|一般|neutral||餐品口味"})
	// StandardSideNegative: the standard side of a worse-than comparison (r10-1590, r10-93);
	// 不如说 compares nothing.
	f("ecommerce", "音质好差，还不如台电的音质好", "negative", 0.98, "", "", "", w{"音质|好差|negative|pain|产品性能", "音质|好|negative|pain|产品性能"}, w{"音质|好差|negative|pain|产品性能", "音质|好|positive|pleasure|产品性能"})
	f("ecommerce", "千万别买啊！结果是张坏碟！还不如盗版质量好！", "negative", 0.9, "", "", "", w{"质量|好|negative|pain|商品质量"}, w{"质量|好|positive|pleasure|商品质量"})
	f("ecommerce", "与其说是音质好，不如说是耳机好", "positive", 0.9, "", "", "", w{"音质|好|positive|pleasure|产品性能", "耳机|好|positive|pleasure|产品性能"}, w{"音质|好|positive|pleasure|产品性能", "耳机|好|positive|pleasure|产品性能"})
}
