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
}
