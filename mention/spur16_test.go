package mention

import (
	"reflect"
	"testing"
)

// HeadlineIndustries (Policy.Spur16Rules, off by default): a telecom, banking or
// hotel_travel post that opens with a 【headline】 yields no mention. Real text of hand DEV and
// the silver files. One line per case: industry, sentence, its sentiment and probability, the
// aspect-model triplet (term, opinion, polarity), the mentions with the rule on and with the
// default policy, each as term|opinion|polarity|point|indicator.
func TestHeadlineIndustries(t *testing.T) {
	on := defaultPolicy()
	on.Spur16Rules()
	f := func(industry, text, sent string, score float64, term, opinion, pol string, wantOn, wantOff []string) {
		t.Helper()
		s := sentence(text, sent, score, triplet(text, term, opinion, pol))
		if got := show(on.Plan(testGraph, industry, s).Mentions(nil)); !reflect.DeepEqual(got, wantOn) {
			t.Errorf("%s (on)\n got %q\nwant %q", text, got, wantOn)
		}
		if got := show(mentions(industry, s)); !reflect.DeepEqual(got, wantOff) {
			t.Errorf("%s (off)\n got %q\nwant %q", text, got, wantOff)
		}
	}
	type w = []string
	// silver_hotel_travel: a ticket giveaway opening with a radio station's headline.
	f("hotel_travel", "【城市之音四川台FM102.6】转发此微博，还有机会获得话剧门票，门票很便宜！", "positive", 0.9, "门票", "很便宜", "positive", nil, w{"门票|很便宜|positive|pleasure|门票价格"})
	// After a hashtag (dev-hotel_travel-28's opening).
	f("hotel_travel", "#景点介绍#【刘公岛灯塔】门票很便宜", "positive", 0.9, "门票", "很便宜", "positive", nil, w{"门票|很便宜|positive|pleasure|门票价格"})
	// Not an opening headline: a bracket inside the post (silver_hotel_travel) counts nothing.
	f("hotel_travel", "热卖会期间刷【万事达卡】预订酒店，门票很便宜", "positive", 0.9, "门票", "很便宜", "positive", w{"门票|很便宜|positive|pleasure|门票价格"}, w{"门票|很便宜|positive|pleasure|门票价格"})
	// Not a listed industry: 【荐书】 opens a real book review in ecommerce (silver r6).
	f("ecommerce", "【荐书】人手一本一点也不夸张，质量很好", "positive", 0.9, "质量", "很好", "positive", w{"质量|很好|positive|pleasure|商品质量"}, w{"质量|很好|positive|pleasure|商品质量"})
}

// headline: 【, two to thirty characters, 】 at the start, after spaces and #hashtags#.
func TestHeadline(t *testing.T) {
	f := func(text string, want bool) {
		t.Helper()
		if got := headline(text); got != want {
			t.Errorf("%q: got %v, want %v", text, got, want)
		}
	}
	f("【温馨提示】 受南方大雾影响，航班有所延误。", true)
	f("#景点介绍#【刘公岛灯塔】绿灯", true)
	f("  #北京求助# 【搭把手儿】一对丹麦夫妻", true)
	f("要能打折住五星酒店？刷【万事达卡】预订", false)
	f("#柬埔寨之旅#  酒店有wifi 过瘾啊!", false)
	f("【好】短", false)
	f("【这是一个超过三十个字的括号里面的内容所以不算标题而是正文的一部分吧】", false)
	f("#没有结束的话题", false)
}
