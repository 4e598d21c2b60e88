package mention

import (
	"reflect"
	"testing"
)

// The negation-and-comparison scope rule (negation.go), one line per case: industry, the
// sentence, its sentiment label, the aspect model's (term, opinion, polarity) triplet when
// there is one ("" for none), and the expected mentions as term|opinion|polarity|point|indicator.
// No aspect-polarity model: the rule against the triplet, the lexicon and the term's words.
func TestNegationScope(t *testing.T) {
	f := func(industry, text, sentiment, term, opinion, pol string, want ...string) {
		t.Helper()
		s := sentence(text, sentiment, 0.9)
		if term != "" {
			s.Triplets = []Mention{triplet(text, term, opinion, pol)}
		}
		got := show(defaultPolicy().Plan(testGraph, industry, s).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// Long scope: 并没有 governs the clause's opinion word six characters on, against the
	// triplet's positive reading of 惊喜 alone.
	f("ecommerce", "这款耳机的音质并没有给我带来任何惊喜", "positive", "音质", "惊喜", "positive", "音质|并没有给我带来任何惊喜|negative|pain|产品性能")
	// Degree and expectation: 没有想象中 (那么) flips the opinion after it.
	f("ecommerce", "衣服质量没有想象中好", "positive", "衣服质量", "好", "positive", "衣服质量|没有想象中好|negative|pain|商品质量")
	f("ecommerce", "音质没有想象中那么差", "negative", "音质", "差", "negative", "音质|没有想象中那么差|positive|pleasure|产品性能")
	f("hotel_travel", "房间没有网上图片那么好看", "negative", "", "", "", "房间|没有网上图片那么好看|negative|pain|客房舒适度")
	// Read whole: a triplet whose opinion is the bare negator reads the expression it lies in.
	f("ecommerce", "屏幕毫无特色", "neutral", "屏幕", "毫无", "positive", "屏幕|毫无特色|negative|pain|产品性能")
	f("ecommerce", "质量没有问题", "negative", "质量", "没有", "negative", "质量|没有问题|positive|pleasure|商品质量")
	f("ecommerce", "外观不是很满意", "positive", "外观", "满意", "positive", "外观|不是很满意|negative|pain|外观设计")
	f("ecommerce", "服务并不热情", "positive", "服务", "热情", "positive", "服务|并不热情|negative|pain|客服态度")
	// A term that is itself an opinion word, negated (hand DEV dev-ecommerce-25).
	f("ecommerce", "质量很好，面料好，颜色也不错，没有色差。", "positive", "", "", "",
		"质量|很好|positive|pleasure|商品质量", "面料|好|positive|pleasure|商品质量", "颜色|不错|positive|pleasure|外观设计", "色差|没有|positive|pleasure|描述相符")
	f("ecommerce", "包装也非常的好，没有破损", "positive", "", "", "", "包装|非常的好|positive|pleasure|包装", "破损|没有|positive|pleasure|包装")
	// Not a negation of the opinion: a breaker (就) ends the scope, a fixed phrase (没见过,
	// 没想到) negates nothing, a negator inside another word (无 in 无线, 无数) is none.
	f("ecommerce", "质量很差，没几天就坏了", "negative", "", "", "", "质量|很差|negative|pain|商品质量", "坏了||negative|pain|商品质量") // 坏了 is fruit's only beside fruit words
	f("ecommerce", "不怎么好物流太慢了", "negative", "", "", "", "物流|太慢|negative|pain|配送时效")                             // a term between
	f("food_delivery", "每次都没有番茄酱和餐巾纸烦死了", "negative", "", "", "", "餐巾纸|烦死|negative|pain|订单准确")
	f("ecommerce", "不好吃，不甜不新鲜", "negative", "", "", "", "不新鲜||negative|pain|生鲜新鲜度")         // 不X不Y: no double negative
	f("food_delivery", "点了乌冬面送来撒了，完全没包装好", "negative", "", "", "", "包装|好|negative|pain|包装") // the term inside the negation
	f("food_delivery", "饭没有在店里好吃，差远了", "negative", "", "", "", "饭|没有在店里好吃|negative|pain|餐品口味", "店里|好吃|negative|pain|就餐环境")
	f("ecommerce", "你敢说京东没假货", "negative", "", "", "", "假货||negative|pain|正品保障") // rhetorical: no verdict
	f("ecommerce", "从来没见过这么差的质量", "negative", "", "", "", "质量|没见过这么差|negative|pain|商品质量")
	f("ecommerce", "没想到质量这么好", "positive", "", "", "", "质量|好|positive|pleasure|商品质量")
	f("food_delivery", "打电话想取消订单打了无数次都打不通", "negative", "取消订单", "无数次都打不通", "positive", "取消订单|无数次都打不通|negative|pain|退款赔付", "|都打不通|negative|pain|客服响应") // and the unreachable line is a complaint (complaint.go)
	// Two negations within reach cancel (the lexicon's parity); softeners flip too.
	f("hotel_travel", "早餐一点都不好吃", "negative", "", "", "", "早餐|一点都不好吃|negative|pain|早餐")
	f("ecommerce", "成像效果并不差", "positive", "成像效果", "并不差", "negative", "成像效果|并不差|positive|pleasure|产品性能")
	// Comparison: the term before a worse-than cue is negative, also where a magnitude word
	// inside the cue (多 in 差很多) would give the pack's direction.
	f("food_delivery", "味道还不如楼下的快餐", "negative", "味道", "还不如", "positive", "味道|还不如|negative|pain|餐品口味")
	f("ecommerce", "因此手感差了很多", "negative", "手感", "差了很多", "positive", "手感|差了很多|negative|pain|产品性能")
	f("automotive", "动力比思域差远了", "negative", "", "", "", "动力|差远|negative|pain|动力")
	f("ecommerce", "音质不比原装的差", "positive", "音质", "差", "negative", "音质|不比原装的差|positive|pleasure|产品性能", "原装|差|negative|pain|正品保障")
	// Not comparisons: 差一点 (almost), 迫不及待 (eager), 差不多 (about the same).
	f("ecommerce", "收到货后就迫不及待的打开了，质量很好", "positive", "", "", "", "质量|很好|positive|pleasure|商品质量")
	// The pack's direction stands where no comparison holds its magnitude word.
	f("automotive", "油耗不高", "positive", "", "", "", "油耗|不高|positive|pleasure|油耗")
	f("automotive", "价格不算便宜", "positive", "", "", "", "价格|不算便宜|negative|pain|价格")
}

// The rule against a confident aspect-polarity verdict: the model wins whenever the policy
// used its verdict (NegationPolicy.ModelWins); below that the rule decides.
func TestNegationAgainstModel(t *testing.T) {
	f := func(text, term string, probs [3]float32, want string) {
		t.Helper()
		d := defaultPolicy().Plan(testGraph, "ecommerce", sentence(text, "neutral", 0.9))
		ps := make([][3]float32, len(d.Spans()))
		for i := range ps {
			ps[i] = probs
		}
		for _, m := range d.Mentions(ps) {
			if m.Term == term {
				if m.Polarity != want {
					t.Errorf("%s: %s %s, want %s", text, term, m.Polarity, want)
				}
				return
			}
		}
		t.Errorf("%s: no mention of %s", text, term)
	}
	f("物流并没有想象中那么快", "物流", [3]float32{0.05, 0.05, 0.9}, Positive) // the model decided: it stands
	f("物流并没有想象中那么快", "物流", [3]float32{0.3, 0.2, 0.5}, Negative)   // below PolarityMinProb: the rule
}

func TestComparisonCues(t *testing.T) {
	f := func(text, term, wantPol string) {
		t.Helper()
		d := defaultPolicy().Plan(testGraph, "ecommerce", sentence(text, "neutral", 0.9))
		for i := range d.cands {
			c := &d.cands[i]
			if c.end > c.start && string(d.rs[c.start:c.end]) == term {
				cs, ce := clauseAround(d.rs, c.start, c.end)
				v, ok := d.comparison(c, cs, ce)
				if got := map[bool]string{true: v.pol, false: ""}[ok]; got != wantPol {
					t.Errorf("%s: %s %q, want %q", text, term, got, wantPol)
				}
				return
			}
		}
		t.Errorf("%s: no candidate %s", text, term)
	}
	f("续航比上一代差很多", "续航", Negative)
	f("这款的音质还不如老款", "音质", Negative)
	f("音质比不上原装耳机", "音质", Negative)
	f("质量不比大牌逊色", "质量", Positive)
	f("质量跟实体店差不多", "质量", "")
	f("物流差一点就超时了", "物流", "")
	f("与其说是物流慢，不如说是包装太差", "包装", "") // the term after the cue is what it is compared with
}
