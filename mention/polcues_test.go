package mention

import (
	"reflect"
	"testing"
)

// neg16's polarity rules of session 16 (Policy.Neg16Rules, off by default): the cue rules of
// polcues.go and the 一般 rule in food_delivery, on real text of the tuning sets (ecommerce
// r7/r8/r9 and r10's train part, food_delivery r4/r5, hand DEV) and controls. One line per
// case: industry, sentence, its sentiment and probability, the aspect-model triplet (term,
// opinion, polarity; "" for none), the mentions with the rules on and with the default policy
// (off), each as term|opinion|polarity|point|indicator.
func TestNeg16Rules(t *testing.T) {
	on := defaultPolicy()
	on.Neg16Rules(true)
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
	// Expectation: an opinion stated as what the writer expected, belied by a turn (r9-1159,
	// r10-165, r9-1161, r10-1558); 本来就 states no expectation.
	f("ecommerce", "物流超慢，原以为京东的物流会很快，没想到慢成这个样子。", "negative", 0.9, "", "", "", w{"物流|超慢|negative|pain|配送时效", "物流|很快|negative|pain|配送时效"}, w{"物流|超慢|negative|pain|配送时效", "物流|很快|positive|pleasure|配送时效"})
	f("ecommerce", "今天收到游戏，本来挺高兴的，可安装后却无法运行！", "negative", 0.9, "", "", "", w{"游戏|挺高兴|negative|pain|产品性能"}, w{"游戏|挺高兴|positive|pleasure|产品性能"})
	f("ecommerce", "原以为Windows Vista 家庭普通版的软件很难用的，兼容性差，谁知一上手还是很好用", "positive", 0.9, "", "", "", w{"软件|很难用|positive|pleasure|产品性能"}, w{"软件|很难用|negative|pain|产品性能"})
	f("ecommerce", "看着图片很好，可一拿到实物感觉跟图片差异很大，做工恨粗糙", "negative", 0.9, "", "", "", w{"图片|很好|negative|pain|描述相符", "实物|差异|negative|pain|描述相符", "图片|差异|negative|pain|描述相符", "做工|粗糙|negative|pain|商品质量"}, w{"图片|很好|positive|pleasure|描述相符", "实物|差异|negative|pain|描述相符", "图片|差异|negative|pain|描述相符", "做工|粗糙|negative|pain|商品质量"})
	f("ecommerce", "质量很好，本来就很喜欢这个牌子", "positive", 0.9, "", "", "", w{"质量|很好|positive|pleasure|商品质量", "牌子|很喜欢|positive|pleasure|复购意愿"}, w{"质量|很好|positive|pleasure|商品质量", "牌子|很喜欢|positive|pleasure|复购意愿"})
	// Copula negation: 不是正品 (r9-1001); 是正品 stays praise.
	f("ecommerce", "质量差，不是正品", "negative", 0.9, "", "", "", w{"质量|差|negative|pain|商品质量", "正品||negative|pain|正品保障"}, w{"质量|差|negative|pain|商品质量", "正品||positive|pleasure|正品保障"})
	f("ecommerce", "东西是正品，也不错", "positive", 0.9, "", "", "", w{"正品|不错|positive|pleasure|正品保障"}, w{"正品|不错|positive|pleasure|正品保障"})
	// Fault words (r9-1103, r9-556, r9-1134; 马赛克); 止痒 names no fault.
	f("ecommerce", "不知道什么情况，头皮真的好痒的", "negative", 0.9, "头皮", "真的好痒的", "positive", w{"头皮|真的好痒的|negative|pain|产品性能"}, w{"头皮|真的好痒的|positive|pleasure|产品性能"})
	f("ecommerce", "个头超级小个！包装很随便，苹果外形丑陋", "negative", 0.9, "包装", "很随便", "positive", w{"包装|很随便|negative|pain|包装", "外形|丑陋|negative|pain|外观设计"}, w{"包装|很随便|positive|pleasure|包装", "外形|丑陋|negative|pain|外观设计"})
	f("ecommerce", "这个苹果好丑啊！长得又小又丑。", "negative", 0.7, "苹果", "好丑啊", "positive", w{"苹果|好丑啊|negative|pain|生鲜新鲜度"}, w{"苹果|好丑啊|positive|pleasure|生鲜新鲜度"})
	f("ecommerce", "光盘中有很多马赛克", "negative", 0.7, "光盘", "中有很多马赛克", "positive", w{"光盘|中有很多马赛克|negative|pain|商品质量"}, w{"光盘|中有很多马赛克|positive|pleasure|商品质量"})
	f("ecommerce", "止痒效果很好", "positive", 0.9, "", "", "", w{"止痒|效果|positive|pleasure|产品性能"}, w{"止痒|效果|positive|pleasure|产品性能"})
	// Bulk (r10-890, r9-192) and fault nouns (r9-378, r9-374); 本来就没头屑 is no praise (r8-1169);
	// 响声 inside 音响声音 is no fault noun (r10-1074).
	f("ecommerce", "对得起这个价格。体积小，音色也还不错", "positive", 0.9, "体积", "小", "negative", w{"价格|对得起|positive|pleasure|价格", "体积|小|positive|pleasure|外观设计"}, w{"价格|对得起|positive|pleasure|价格", "体积|小|negative|pain|外观设计"})
	f("ecommerce", "材质很好,重量不重破难关,适合女生用", "positive", 0.9, "重量", "不重破难关", "negative", w{"材质|很好|positive|pleasure|商品质量", "重量|不重破难关|positive|pleasure|外观设计"}, w{"材质|很好|positive|pleasure|商品质量", "重量|不重破难关|negative|pain|外观设计"})
	f("ecommerce", "洗发水洗发好干燥，头屑也多，一般。", "negative", 0.9, "头屑", "也多", "positive", w{"洗发水|好|positive|pleasure|产品性能", "头屑|也多|negative|pain|产品性能"}, w{"洗发水|好|positive|pleasure|产品性能", "头屑|也多|positive|pleasure|产品性能"})
	f("ecommerce", "一用清扬,没有头皮屑。非常不错。", "positive", 0.9, "头皮屑", "没有", "negative", w{"头皮屑|没有|positive|pleasure|产品性能"}, w{"头皮屑|没有|negative|pain|产品性能"})
	f("ecommerce", "本来就没头屑的，用了这只之后反而有头屑了", "negative", 0.9, "", "", "", nil, nil)
	f("ecommerce", "售后服务还可以送货稍微慢了点，音响声音小了点", "negative", 0.6, "音响声音", "小了点", "negative", w{"售后服务|还可以送货稍微慢|negative|pain|退换货", "送货|稍微慢|negative|pain|配送时效", "音响声音|小了点|negative|pain|产品性能"}, w{"售后服务|还可以送货稍微慢|negative|pain|退换货", "送货|稍微慢|negative|pain|配送时效", "音响声音|小了点|negative|pain|产品性能"})
	// Price drop (r9-175).
	f("ecommerce", "性价比不错，但降价太快。。。买时4199元", "negative", 0.6, "降价", "太快", "positive", w{"性价比|不错|positive|pleasure|价格", "降价|太快|negative|pain|价保"}, w{"性价比|不错|positive|pleasure|价格", "降价|太快|positive|pleasure|价保"})
	// So-called (r8); 正所谓 quotes a saying.
	f("ecommerce", "想想你的父母孩子吃的这样子所谓的新鲜苹果！真的很生气", "negative", 0.9, "", "", "", w{"样子|新鲜|positive|pleasure|外观设计", "苹果|新鲜|negative|pain|生鲜新鲜度"}, w{"样子|新鲜|positive|pleasure|外观设计", "苹果|新鲜|positive|pleasure|生鲜新鲜度"})
	f("ecommerce", "用108个细节，正所谓细节决定成败。内容实用", "positive", 0.9, "", "", "", w{"内容|实用|positive|pleasure|商品质量"}, w{"内容|实用|positive|pleasure|商品质量"})
	// 不是一般的 (food_delivery r4-95, r4-340).
	f("food_delivery", "速度不是一般的慢", "negative", 0.9, "速度", "不是一般的慢", "positive", w{"速度|不是一般的慢|negative|pain|配送时效"}, w{"速度|不是一般的慢|positive|pleasure|配送时效"})
	f("food_delivery", "送餐不是一般的快，简直神速", "positive", 0.9, "送餐", "不是一般的快", "negative", w{"送餐|不是一般的快|positive|pleasure|配送时效"}, w{"送餐|不是一般的快|negative|pain|配送时效"})
	// Anger emoticon (hand DEV telecom-36).
	f("telecom", "神一样的网速。。。你赢了。。。我去睡。。。。。[怒]", "positive", 0.7, "网速", "神一样的", "positive", w{"网速|神一样的|negative|pain|网速"}, w{"网速|神一样的|positive|pleasure|网速"})
	// spur16's refinements: a praise mark beside the anger mark means the praise (made up);
	// [抓狂] is no anger mark (silver hotel_travel: the heat is the complaint, the wifi praise stands).
	f("telecom", "网速很快[哈哈]，就是客服太慢[怒]", "positive", 0.7, "网速", "很快", "positive", w{"网速|很快|positive|pleasure|网速", "客服|太慢|negative|pain|热线服务"}, w{"网速|很快|positive|pleasure|网速", "客服|太慢|negative|pain|热线服务"})
	f("hotel_travel", "酒店有wifi 过瘾啊!不过今天真的超级热啊[抓狂]", "positive", 0.7, "wifi", "过瘾啊", "positive", w{"wifi|过瘾啊|positive|pleasure|网络"}, w{"wifi|过瘾啊|positive|pleasure|网络"})
	// 一般 in food_delivery (r5-324), not in dine-in text (环境: the ASTE convention).
	f("food_delivery", "味道一般，量有点少！", "negative", 0.7, "味道", "一般", "neutral", w{"味道|一般|negative|pain|餐品口味", "量|有点少|negative|pain|分量"}, w{"味道|一般|neutral||餐品口味", "|味道一般|negative|pain|餐品口味", "量|有点少|negative|pain|分量"}) // off: food16's 口味一般 cue writes the pain beside the neutral term
	f("food_delivery", "菜品一般，环境还行", "neutral", 0.6, "菜品", "一般", "neutral", w{"菜品|一般|neutral||餐品口味"}, w{"菜品|一般|neutral||餐品口味"})
}

// magnitudeLead reads the start of a string as a magnitude expression. One line per case:
// text, want up, want ok.
func TestMagnitudeLead(t *testing.T) {
	f := func(s string, wantUp, wantOK bool) {
		t.Helper()
		if up, ok := magnitudeLead(s); up != wantUp || ok != wantOK {
			t.Errorf("%s: got (%v, %v), want (%v, %v)", s, up, ok, wantUp, wantOK)
		}
	}
	f("较大，必须外接电源", true, true)
	f("不重破难关", false, true)
	f("有点小", false, true)
	f("小巧玲珑", false, false)
	f("大气", false, false)
	f("漂亮", false, false)
}
