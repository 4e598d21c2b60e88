package mention

import (
	"reflect"
	"testing"
)

// Rules of opinionterm.go, on real tuning text (the ASTE validation carve, hand DEV, silver
// food r5). Each line: the rule the case tests (turned off, the result must differ; "" for
// none), industry, sentence, sentiment, the aspect-model triplets as term/opinion/polarity,
// and the expected mentions as term|opinion|polarity|point|indicator, with both rules on.
// No aspect-polarity model.
func TestOpinionTerm(t *testing.T) {
	f := func(off, industry, text, sentiment string, trips []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		on := defaultPolicy()
		on.OpinionTerm = DefaultOpinionTermPolicy() // off by default (Policy.OpinionTerm)
		got := show(on.Plan(testGraph, industry, sentence(text, sentiment, 0.9, ts...)).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
		p := defaultPolicy()
		p.OpinionTerm = DefaultOpinionTermPolicy()
		switch off {
		case "InnerSubject":
			p.OpinionTerm.InnerSubject = false
		case "Fold":
			p.OpinionTerm.Fold = false
		default:
			return
		}
		if without := show(p.Plan(testGraph, industry, sentence(text, sentiment, 0.9, ts...)).Mentions(nil)); reflect.DeepEqual(without, want) {
			t.Errorf("%s: the same without %s: the case does not test it", text, off)
		}
	}
	// Fold: a graph term inside another mention's opinion is a word of it, and places it.
	f("Fold", "food_delivery", "食物很干净，吃着放心", "positive", []string{"食物", "很干净", "positive"}, "食物|很干净|positive|pleasure|卫生")
	f("Fold", "food_delivery", "肘子卷肥肉好多......", "negative", []string{"肘子卷", "肥肉好多", "negative"}, "肘子卷|肥肉好多|negative|pain|食材品质")
	// (food16's dish route places 菜色 by 新鲜 too, so Fold alone no longer decides this one.)
	f("", "food_delivery", "味道还是我记忆中的味道，菜色很新鲜，服务也好。", "positive", []string{"菜色", "很新鲜", "positive", "服务", "也好", "positive"},
		"菜色|很新鲜|positive|pleasure|食材品质", "服务|也好|positive|pleasure|门店服务")
	f("Fold", "ecommerce", "第一次买这个，回来用用看怎么样，听别人说效果特别好。京东小哥送货很快。", "positive", []string{"京东小哥", "送货很快", "positive"},
		"京东小哥|送货很快|positive|pleasure|配送时效")
	f("Fold", "food_delivery", "鱼类还算新鲜的。", "positive", []string{"鱼类", "还算新鲜的", "positive"}, "鱼类|还算新鲜的|positive|pleasure|食材品质")
	f("Fold", "food_delivery", "八珍豆腐，我的最爱啊，量大实惠味道好，一定要吃。", "positive",
		[]string{"八珍豆腐", "我的最爱啊", "positive", "八珍豆腐", "量大", "positive", "八珍豆腐", "实惠", "positive", "八珍豆腐", "味道好", "positive"},
		"八珍豆腐|我的最爱啊|positive|pleasure|餐品口味", "八珍豆腐|量大|positive|pleasure|分量", "八珍豆腐|实惠|positive|pleasure|价格", "八珍豆腐|味道好|positive|pleasure|餐品口味") // 实惠: food16's dish route (price)
	f("Fold", "food_delivery", "羊排，馕包肉，大盘鸡都比较正宗。", "positive",
		[]string{"羊排", "都比较正宗", "positive", "馕包肉", "都比较正宗", "positive", "大盘鸡", "都比较正宗", "positive"},
		"羊排|都比较正宗|positive|pleasure|餐品口味", "馕包肉|都比较正宗|positive|pleasure|餐品口味", "大盘鸡|都比较正宗|positive|pleasure|餐品口味")
	// … not after a preposition or a comparison (afterMarker): dropped, placing nothing.
	f("Fold", "food_delivery", "饭没有在店里好吃，差远了", "negative", nil, "饭|没有在店里好吃|negative|pain|餐品口味")
	f("Fold", "ecommerce", "音质不比原装的差", "positive", []string{"音质", "差", "negative"}, "音质|不比原装的差|positive|pleasure|产品性能")
	// … and an opinion that evaluates something before the term holds two evaluations.
	f("", "food_delivery", "食物好吃干净,水果新鲜", "positive", []string{"食物", "好吃干净", "positive", "水果", "新鲜", "positive"},
		"食物|好吃干净|positive|pleasure|餐品口味", "干净|好吃|positive|pleasure|卫生", "水果|新鲜|positive|pleasure|食材品质")
	// … and a word of the graph that is no opinion word, inside the opinion but not starting
	// it, that the graph places elsewhere names a thing of its own (namesAnother).
	// (In food_delivery, food16's attitude owner gives 送餐大哥's 态度 to the rider, so the two are
	// one mention there; the ecommerce case below keeps both.)
	f("", "food_delivery", "送餐大哥送到门口态度很好～", "positive", []string{"送餐大哥", "送到门口态度很好", "positive"},
		"送餐大哥|送到门口态度很好|positive|pleasure|骑手服务")
	f("Fold", "ecommerce", "不错的休闲裤，大小合适，尺码挺标准的", "positive", []string{"休闲裤", "不错", "positive", "休闲裤", "大小合适", "positive"},
		"休闲裤|不错|positive|pleasure|商品质量", "休闲裤|大小合适|positive|pleasure|尺码版型") // 大小 starts the opinion
	// InnerSubject: the graph term at the head of a later opinion is what it says of the term.
	f("InnerSubject", "food_delivery", "牛肉扮粉量很多，味道也不错。", "positive", []string{"牛肉扮粉", "量很多", "positive", "牛肉扮粉", "味道也不错", "positive"},
		"牛肉扮粉|量很多|positive|pleasure|分量", "牛肉扮粉量|味道也不错|positive|pleasure|餐品口味") // (jieba widens the second 牛肉扮粉 into the first's opinion)
	f("InnerSubject", "food_delivery", "凤爪没有脱骨，但味道还不错，。", "positive", []string{"凤爪", "没有脱骨", "negative", "凤爪", "味道还不错", "positive"},
		"凤爪|没有脱骨|negative|pain|", "凤爪|味道还不错|positive|pleasure|餐品口味")
	// … but a model term that holds an opinion of its own is another term of that clause.
	f("", "ecommerce", "不但价格实惠，质量也很好", "positive", []string{"价格", "实惠", "positive", "质量", "价格实惠", "positive", "质量", "也很好", "positive"},
		"价格|实惠|positive|pleasure|价格", "质量|也很好|positive|pleasure|商品质量")
}
