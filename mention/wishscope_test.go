package mention

import (
	"reflect"
	"testing"
)

// A wish cue is the writer's own wish about an aspect (notWish, polneg12, session 12): advice
// to other buyers and a wish noun make no itch; a wish to the shop still does. One line per
// case: polarity, clause, the point ClassifyPoint gives.
func TestWishNotAdvice(t *testing.T) {
	f := func(polarity, clause, want string) {
		t.Helper()
		if got := ClassifyPoint(polarity, clause); got != want {
			t.Errorf("ClassifyPoint(%q, %q) = %q, want %q", polarity, clause, got, want)
		}
	}
	f("negative", "建议大家千万不要买", "pain")       // golden os-0246: a warning to others
	f("neutral", "可以给大家一个小建议:由于是冷链运输", "")   // golden os-0136: advice to others
	f("positive", "个人建议买XL号的", "pleasure")   // readdev d45: sizing advice to others
	f("neutral", "习惯用光驱的同学建议另购一个USB的", "")   // golden os-0735
	f("neutral", "建议家长购买", "")               // golden os-0890
	f("negative", "希望大家不要买它家的了", "pain")     // golden wm-0463
	f("neutral", "期望值高的请慎拍", "")             // golden os-0164: 期望值 is a noun
	f("positive", "给我们带来了希望和信心", "pleasure") // a wish noun
	f("neutral", "定不负您的期待！", "")             // golden os-0527: a noun
	f("negative", "建议商家注重水果配送质量问题", "itch")  // golden os-0974: a wish to the shop
	f("neutral", "希望京东可以经常做活动", "itch")      // readdev2 d29
	f("neutral", "真的希望能增加一个夜间模式", "itch")    // 的希望能 stays a wish
	f("neutral", "顺便提个建议", "itch")           // a suggestion to the shop
}

// itchBack with Policy.ItchBackNotPositive: a wish clause with no aspect of its own makes an
// itch of the previous clause's aspects only where they are not positive. One line per
// case: industry, sentence, sentiment and probability, the mentions as
// term|opinion|polarity|point|indicator.
func TestItchBackNotPositive(t *testing.T) {
	f := func(industry, text, sent string, score float64, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sent, score)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("ecommerce", "好吃，物流也很快，期待下一次购买", "positive", 0.95, "物流|很快|positive|pleasure|配送时效")                                          // golden os-0218
	f("food_delivery", "饺子很不错，就是送餐的太慢了，下次希望百度能快一点", "negative", 0.8, "饺子|很不错|positive|pleasure|餐品口味", "送餐|太慢|negative|itch|配送时效") // golden wm-0284
}

// A wish that something stop is a complaint (notWish). One line per case: polarity, clause,
// the point.
func TestWishStop(t *testing.T) {
	f := func(polarity, clause, want string) {
		t.Helper()
		if got := ClassifyPoint(polarity, clause); got != want {
			t.Errorf("ClassifyPoint(%q, %q) = %q, want %q", polarity, clause, got, want)
		}
	}
	f("negative", "建议以后别再出这款海鲜水果披萨了", "pain") // golden wm-0139
	f("negative", "希望下次不要再送错了", "pain")
	f("neutral", "希望下次不要太早了", "itch") // a wish about how, not that it stop
}

// A term that is itself a praise word, plainly negated right before it, reads negated
// (NegationPolicy.OwnPraiseNegated). One line per case: industry, sentence, sentiment and
// probability, the mentions as term|opinion|polarity|point|indicator.
func TestOwnPraiseNegated(t *testing.T) {
	f := func(industry, text, sent string, score float64, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sent, score)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("ecommerce", "这家店我真心不推荐", "negative", 0.9, "推荐|不|negative|pain|复购意愿")
	f("ecommerce", "不太推荐这家", "negative", 0.8, "推荐|不太|negative|pain|复购意愿")
	f("ecommerce", "强烈推荐这家店", "positive", 0.9, "|强烈推荐这家店|positive|pleasure|商品质量") // no negation: implicit praise
	// Off: the term's own praise word stands against its negation.
	p := defaultPolicy()
	p.Negation.OwnPraiseNegated = false
	text := "这家店我真心不推荐"
	if got := show(p.Plan(testGraph, "ecommerce", sentence(text, "negative", 0.9)).Mentions(nil)); !reflect.DeepEqual(got, []string{"推荐||positive|pleasure|复购意愿"}) {
		t.Errorf("%s with OwnPraiseNegated off: got %q", text, got)
	}
}

// A second negation after a term in one modifier chain is the opinion's, the first the
// term's (NegationPolicy.TermSplitsChain). One line per case: industry, sentence, sentiment
// and probability, the mentions as term|opinion|polarity|point|indicator.
func TestTermSplitsChain(t *testing.T) {
	f := func(industry, text, sent string, score float64, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sent, score)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("ecommerce", "没有赠品这一点不太好", "positive", 0.6, "赠品|不太好|negative|pain|赠品")
	f("ecommerce", "东西不错，没有赠品真的不太好", "positive", 0.6, "赠品|不太好|negative|pain|赠品")
	f("ecommerce", "赠品这一点不太好", "negative", 0.6, "赠品|一点不太好|neutral||赠品") // one negation: unchanged
	// Off: the lexicon's parity reads the two negations as a double negative.
	p := defaultPolicy()
	p.Negation.TermSplitsChain = false
	text := "没有赠品这一点不太好"
	if got := show(p.Plan(testGraph, "ecommerce", sentence(text, "positive", 0.6)).Mentions(nil)); !reflect.DeepEqual(got, []string{"赠品|这一点不太好|positive|pleasure|赠品"}) {
		t.Errorf("%s with TermSplitsChain off: got %q", text, got)
	}
}
