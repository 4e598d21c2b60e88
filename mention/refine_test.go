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
	f("ecommerce", "下单后第二天就送来了，赞！", "positive", nil, "|下单后第二天就送来了，赞！|positive|pleasure|配送时效")
	f("ecommerce", "刚买就降了，看了心里很不舒服", "negative", nil, "|刚买就降了，看了心里很不舒服|negative|pain|价保")
	f("ecommerce", "很可爱的东西", "positive", nil, "|很可爱的东西|positive|pleasure|外观设计")
	// productName: a model term the pack does not know, evaluated the same way by the model
	// and the lexicon, is the product itself; not an opinion word (小巧), not a reading the
	// lexicon does not share (还不知道).
	f("ecommerce", "物流很快，手机不错", "positive", []string{"物流", "很快", "positive", "手机", "不错", "positive"},
		"物流|很快|positive|pleasure|配送时效", "手机|不错|positive|pleasure|商品质量")
	f("ecommerce", "一直都在用沙宣，挺好用的", "positive", []string{"沙宣", "挺好用", "positive"}, "沙宣|挺好用|positive|pleasure|产品性能")
	f("ecommerce", "很可爱的东西", "positive", []string{"东西", "很可爱", "positive"}, "东西|很可爱|positive|pleasure|外观设计")
	f("ecommerce", "小巧方便", "positive", []string{"小巧", "方便", "positive"}, "小巧|方便|positive|pleasure|")
	f("ecommerce", "防晒效果还不知道", "neutral", []string{"防晒效果", "还不知道", "negative"}, "防晒效果|还不知道|negative|pain|")
	f("hotel_travel", "寺院很小", "negative", []string{"寺院", "很小", "negative"}, "寺院|很小|negative|pain|")
	// notAspects: interjections, feelings, emoticon names are no aspect; they still end the
	// clause of the term before them (严重 is no opinion of 信用卡).
	f("telecom", "我都无语了[抓狂]", "negative", []string{"抓狂", "无语", "negative"})
	f("ecommerce", "恩恩，服气", "positive", []string{"恩恩", "服气", "positive"})
	f("banking", "这个月三张信用卡全部刷暴，严重透支[抓狂]", "negative", []string{"抓狂", "严重透支", "negative"})
}
