package mention

import (
	"reflect"
	"testing"
)

// Rules of refine.go. Each line: industry, sentence, its sentiment, the aspect-model
// triplets as term/opinion/polarity (none: graph terms only), and the expected mentions as
// term|opinion|polarity|point|indicator.
func TestRefine(t *testing.T) {
	f := func(industry, text, sentiment string, trips []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		got := show(mentions(industry, sentence(text, sentiment, 0.9, ts...)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// quantityRoutes: a dish whose opinion is an amount is the portion, not the taste.
	f("food_delivery", "菜超级少！！", "negative", []string{"菜", "超级少", "negative"}, "菜|超级少|negative|pain|分量")
	f("food_delivery", "牛肉给的太少", "negative", []string{"牛肉", "给的太少", "negative"}, "牛肉|给的太少|negative|pain|分量")
	f("food_delivery", "菜很好吃，就是炒饭这次给的有点少。", "negative",
		[]string{"菜", "很好吃", "positive", "炒饭", "这次给的有点少", "negative"},
		"菜|很好吃|positive|pleasure|餐品口味", "炒饭|这次给的有点少|negative|pain|分量")
	f("food_delivery", "花卷太好吃，每次都买很多", "positive", []string{"花卷", "太好吃", "positive"}, "花卷|太好吃|positive|pleasure|餐品口味")
	f("food_delivery", "粥太咸", "negative", []string{"粥", "太咸", "negative"}, "粥|太咸|negative|pain|餐品口味")
	// productTopics: an evaluation naming no aspect is about the product's quality, unless
	// its words say use (好用 → 产品性能), delivery (送来 → 配送时效) or a price drop (价保).
	f("ecommerce", "这是一本好书", "positive", nil, "|这是一本好书|positive|pleasure|商品质量")
	f("ecommerce", "好用，喜欢", "positive", nil, "|好用，喜欢|positive|pleasure|产品性能")
	f("ecommerce", "不过挺保湿的", "positive", nil, "|不过挺保湿的|positive|pleasure|产品性能")
	f("ecommerce", "下单后第二天就送来了，赞！", "positive", nil, "|下单后第二天就送来了，赞|positive|pleasure|配送时效") // no end punctuation (sentenceSpan)
	f("ecommerce", "刚买就降了，看了心里很不舒服", "negative", nil, "|刚买就降了，看了心里很不舒服|negative|pain|价保")
	f("ecommerce", "很可爱的东西", "positive", nil, "|很可爱的东西|positive|pleasure|外观设计")
	// productName: a model term the pack does not know, evaluated the same way by the model
	// and the lexicon, is the product itself; not an opinion word (小巧), not a reading the
	// lexicon does not share (还不知道).
	f("ecommerce", "物流很快，手机不错", "positive", []string{"物流", "很快", "positive", "手机", "不错", "positive"},
		"物流|很快|positive|pleasure|配送时效", "手机|不错|positive|pleasure|商品质量")
	f("ecommerce", "一直都在用沙宣，挺好用的", "positive", []string{"沙宣", "挺好用", "positive"}, "沙宣|挺好用|positive|pleasure|产品性能")
	f("ecommerce", "很可爱的东西", "positive", []string{"东西", "很可爱", "positive"}, "东西|很可爱|positive|pleasure|外观设计")
	f("ecommerce", "东西很实用，觉得要多买点", "positive", []string{"东西", "", ""}, "东西|很实用|positive|pleasure|产品性能") // a bare model term: the lexicon's opinion
	f("ecommerce", "东西是昨天到的", "neutral", []string{"东西", "", ""})
	f("ecommerce", "说是关联订单无法取消", "neutral", []string{"关联订单", "无法", "negative"}, "关联订单|无法|negative|pain|") // notProducts
	f("ecommerce", "小巧方便", "positive", []string{"小巧", "方便", "positive"}, "小巧|方便|positive|pleasure|外观设计")  // not the product: the pack's implicit phrase (kg implicitWhole)
	f("ecommerce", "防晒效果还不知道", "neutral", []string{"防晒效果", "还不知道", "negative"}, "防晒效果|还不知道|negative|pain|")
	f("hotel_travel", "牌坊很小", "negative", []string{"牌坊", "很小", "negative"}, "牌坊|很小|negative|pain|") // not the product outside ecommerce (寺院 is a scenic term since session 10)
	// notAspects: interjections, feelings, emoticon names are no aspect; they still end the
	// clause of the term before them (严重 is no opinion of 信用卡).
	f("telecom", "我都无语了[抓狂]", "negative", []string{"抓狂", "无语", "negative"})
	f("ecommerce", "恩恩，服气", "positive", []string{"恩恩", "服气", "positive"})
	f("banking", "这个月三张信用卡全部刷暴，严重透支[抓狂]", "negative", []string{"抓狂", "严重透支", "negative"})
	// askNegations: a why/how question about something that does not happen is a complaint;
	// the asker's own not-knowing or not-wanting is not.
	f("banking", "为什么这个订单不可以花呗支付", "neutral", nil, "花呗支付||negative|pain|消费信贷可用性")
	f("banking", "为什么不帮我开通蚂蚁借呗", "neutral", nil, "蚂蚁借呗||negative|pain|消费信贷可用性")
	f("food_delivery", "没有吸管怎么喝", "neutral", nil, "吸管||negative|pain|订单准确")
	f("banking", "如果我不想用花呗怎么设置", "neutral", nil, "用花呗||neutral||消费信贷可用性")
	f("banking", "怎么开通花呗", "neutral", nil, "开通花呗||neutral||消费信贷可用性")
	f("ecommerce", "洗完以后不怎么掉发了", "positive", nil)
	// A graph term inside a longer word is none; a model term cutting one is widened to it
	// and not placed through the term inside (wordbound_test.go has the rule's cases).
	f("telecom", "本来车流量很大的高速变得异常拥堵", "negative", nil)
	f("telecom", "流量不够用", "negative", []string{"流量", "不够用", "negative"}, "流量|不够用|negative|pain|流量额度")
	f("ecommerce", "满满的黑科技", "positive", []string{"黑", "满满", "positive"}, "黑科技|满满|positive|pleasure|")
	f("ecommerce", "这个充电宝很好用", "positive", []string{"充电宝", "很好用", "positive"}, "充电宝|很好用|positive|pleasure|产品性能")
	f("ecommerce", "充电很快", "positive", []string{"充电", "很快", "positive"}, "充电|很快|positive|pleasure|产品性能")
	// actionVerbs: what the customer does to a product is not part of its name.
	f("banking", "怎么解冻花呗，一直解冻不了", "negative", []string{"解冻花呗", "一直解冻不了", "negative"}, "花呗|一直解冻不了|negative|pain|消费信贷可用性")
	f("banking", "怎么开通花呗", "neutral", []string{"开通花呗", "", ""}, "开通花呗||neutral||消费信贷可用性") // a pack term itself stays
	// cueMentions, return intent: saying one will (not) come back is loyalty, beside the other aspects.
	f("ecommerce", "苹果很好吃，吃完还来买", "positive", []string{"苹果", "很好吃", "positive"},
		"苹果|很好吃|positive|pleasure|生鲜新鲜度", "|还来买|positive|pleasure|复购意愿")
	f("food_delivery", "菜很难吃，以后不会再来了", "negative", []string{"菜", "很难吃", "negative"},
		"菜|很难吃|negative|pain|餐品口味", "|不会再来|negative|pain|复购意愿")
	f("food_delivery", "我决定明天再点一份", "positive", nil, "|明天再点|positive|pleasure|复购意愿")
	f("ecommerce", "下次还会来买吗", "neutral", nil)
	f("ecommerce", "我还买了一个充电器", "neutral", nil)
	f("banking", "以后不会再来了", "negative", nil) // no loyaltyTerm for banking
	// cueMentions, late delivery: a story of waiting is a delivery-time pain; a bare
	// delivery term the policy drops does not hide it.
	f("food_delivery", "我等了一个半小时才送到，都快上课了", "negative", nil, "|等了一个半小时才|negative|pain|配送时效")
	f("ecommerce", "说12号送到结果14号才收到货", "negative", nil, "|才收到|negative|pain|配送时效")
	f("food_delivery", "老板，这单根本没送到", "negative", nil, "|没送到|negative|pain|配送时效")
	f("food_delivery", "送餐很快，半小时就送到了", "positive", nil, "送餐|很快|positive|pleasure|配送时效")
	f("telecom", "等了两个小时才修好", "negative", nil) // no delivery term for telecom
	// cueMentions, wrong or missing items.
	f("food_delivery", "突然想起来，没给我配烤肠！！", "negative", nil, "|没给我配|negative|pain|订单准确")
	f("food_delivery", "送来的不是星冰乐！就是一杯抹茶水！", "negative", nil, "|送来的不是|negative|pain|订单准确")
	f("ecommerce", "发错货了，我要的是黑色", "negative", nil, "|发错|negative|pain|发货准确") // the bare term 发错货 is dropped, the cue is not
	f("ecommerce", "颜色不是我要的", "negative", []string{"颜色", "不是我要的", "negative"}, "颜色|不是我要的|negative|pain|外观设计", "|不是我要的|negative|pain|发货准确")
}

// A cue's keys are a necessary condition of its regexp: every text it matches holds a key.
func TestCueKeys(t *testing.T) {
	f := func(text string) {
		t.Helper()
		for i, c := range cueMentions {
			if c.re.MatchString(text) && !containsAny(text, c.keys) {
				t.Errorf("cue %d matches %s but holds none of its keys", i, text)
			}
		}
	}
	for _, s := range []string{"以后再也不来了", "不想再点", "没有带辣酱", "漏放了勺子", "不是我点的", "给我换成了可乐", "备注了还放香菜",
		"等了三天才发货", "下午才到达", "还没到货", "超时了", "下次还来", "以后还会买", "一定还会来", "继续回购", "买了好几次", "还来买"} {
		f(s)
	}
}
