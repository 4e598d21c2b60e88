package mention

import (
	"reflect"
	"testing"
)

// food16's rules of refine.go (DishName, DishRoutes, ActorOwners, IndustryCues), on
// food_delivery sentences of the kind of silver_food_delivery round 1. Each line: whether the
// rules are on (the default) or off (Policy.FoodRulesOff), the sentence, its
// sentiment, the aspect-model triplets as term/opinion/polarity, and the expected mentions as
// term|opinion|polarity|point|indicator.
func TestFoodRules(t *testing.T) {
	f := func(on bool, text, sentiment string, trips []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		p := defaultPolicy()
		if !on {
			p.FoodRulesOff()
		}
		got := show(p.Plan(testGraph, "food_delivery", sentence(text, sentiment, 0.9, ts...)).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (on %v)\n got %q\nwant %q", text, on, got, want)
		}
	}
	// DishName: an evaluated model term ending in a dish's head is a dish (餐品口味) …
	f(true, "南瓜饼还不错", "positive", []string{"南瓜饼", "还不错", "positive"}, "南瓜饼|还不错|positive|pleasure|餐品口味")
	f(false, "南瓜饼还不错", "positive", []string{"南瓜饼", "还不错", "positive"}, "南瓜饼|还不错|positive|pleasure|")
	f(true, "粥做的不咋样", "negative", []string{"粥", "做的不咋样", "negative"}, "粥|做的不咋样|negative|pain|餐品口味") // a single head (Single)
	f(true, "华夫饼完全不是华夫饼", "negative", []string{"华夫饼", "完全不是", "negative"}, "华夫饼|完全不是|negative|pain|餐品口味")
	// … not praise the lexicon does not share (a restaurant's name and its address), nor a
	// word ending in a head that names no dish (NotDishes).
	f(true, "爱辣啵啵鱼位于红旗大街", "neutral", []string{"爱辣啵啵鱼", "位于红旗大街", "positive"}, "爱辣啵啵鱼|位于红旗大街|positive|pleasure|")
	f(true, "其他方面还可以", "positive", []string{"其他方面", "还可以", "positive"}, "其他方面|还可以|positive|pleasure|")
	// DishRoutes: a dish's opinion of an amount, the temperature, spilling, staleness or money
	// moves it; the route's words give the polarity (好凉 is no praise).
	f(true, "酸辣粉就半碗！", "negative", []string{"酸辣粉", "就半碗", "negative"}, "酸辣粉|就半碗|negative|pain|分量")
	f(false, "酸辣粉就半碗！", "negative", []string{"酸辣粉", "就半碗", "negative"}, "酸辣粉|就半碗|negative|pain|")
	f(true, "披萨凉透了", "negative", []string{"披萨", "凉透", "positive"}, "披萨|凉透|negative|pain|餐品温度")
	f(true, "豆腐脑洒了", "negative", []string{"豆腐脑", "洒了", "negative"}, "豆腐脑|洒了|negative|pain|包装")
	f(true, "鸡蛋都坏了", "negative", []string{"鸡蛋", "坏了", "negative"}, "鸡蛋|坏了|negative|pain|食材品质")
	f(true, "卷饼有点贵啊", "negative", []string{"卷饼", "有点贵啊", "negative"}, "卷饼|有点贵啊|negative|pain|价格")
	f(true, "菜没凉", "positive", []string{"菜", "没凉", "positive"}, "菜|没凉|positive|pleasure|餐品温度")
	f(true, "花卷太好吃，每次都买很多", "positive", []string{"花卷", "太好吃，每次都买很多", "positive"}, "花卷|太好吃，每次都买很多|positive|pleasure|餐品口味") // a taste word keeps the taste
	f(true, "饼好硬好厚", "negative", []string{"饼", "好硬好厚", "positive"}, "饼|好硬好厚|negative|pain|餐品口味")
	// 很干净 is no dryness, 肥肉好多 no portion (session 16, found merging aste16's cases).
	f(true, "食物很干净，吃着放心", "positive", []string{"食物", "很干净", "positive"}, "食物|很干净|positive|pleasure|餐品口味", "干净|放心|positive|pleasure|卫生")
	f(true, "肘子卷肥肉好多......", "negative", []string{"肘子卷", "肥肉好多", "negative"}, "肘子卷|肥肉好多|negative|pain|餐品口味", "肥肉||negative|pain|食材品质")
	// ActorOwners: an attitude word belongs to the actor named before it.
	f(true, "送餐小哥帅气，态度好", "positive", []string{"送餐小哥", "帅气", "positive", "态度", "好", "positive"},
		"送餐小哥|帅气|positive|pleasure|骑手服务", "态度|好|positive|pleasure|骑手服务")
	f(false, "送餐小哥帅气，态度好", "positive", []string{"送餐小哥", "帅气", "positive", "态度", "好", "positive"},
		"送餐小哥|帅气|positive|pleasure|骑手服务", "态度|好|positive|pleasure|门店服务")
	f(true, "商家电话打不通，态度也差", "negative", []string{"态度", "也差", "negative"}, "商家电话|打不通|negative|pain|商家服务", "态度|也差|negative|pain|商家服务")
	f(true, "服务员态度很差", "negative", []string{"服务员态度", "很差", "negative"}, "服务员态度|很差|negative|pain|门店服务")
	// IndustryCues: an amount too small, a forgotten extra, a taste complaint with no term of
	// its own add their implicit mention; only one of the same polarity blocks it.
	f(true, "速度也太快了吧，挺好吃的，就是肉不多", "positive", []string{"速度", "也太快了吧", "positive"},
		"速度|也太快了吧|positive|pleasure|配送时效", "|肉不多|negative|pain|分量")
	f(true, "太差了，麻辣烫就一点点菜", "negative", nil, "|就一点点|negative|pain|分量")
	f(false, "太差了，麻辣烫就一点点菜", "negative", nil)
	f(true, "忘了放辣椒了，南瓜饼还不错", "positive", []string{"南瓜饼", "还不错", "positive"},
		"|忘了放|negative|pain|订单准确", "南瓜饼|还不错|positive|pleasure|餐品口味")
	f(true, "好吃是好吃，就是有点辣", "positive", nil, "|好吃是好吃，就是有点辣|positive|pleasure|餐品口味", "|有点辣|negative|pain|餐品口味")
	f(true, "不辣，送餐也快", "positive", []string{"送餐", "也快", "positive"}, "送餐|也快|positive|pleasure|配送时效")
	f(true, "口味一般，送的太慢", "negative", []string{"送的", "太慢", "negative"}, "|口味一般|negative|pain|餐品口味", "送的|太慢|negative|pain|配送时效")
	f(true, "菜品一般，环境还行", "neutral", []string{"菜品", "一般", "neutral"}, "菜品|一般|neutral||餐品口味") // a dine-in review (NotRecord: 环境)
}
