package mention

import (
	"reflect"
	"strings"
	"testing"
)

// AngerIrony (Policy.Spur16Rules, off by default): praise in a post whose emoticons include
// an anger tag and no praise tag is irony. Real text of hand DEV and the silver hotel_travel
// file, and made-up controls. One line per case: industry, record text, its mentions
// ("term polarity", each placed by the real graph; a third word "named" marks a named aspect),
// then term|polarity|point of each mention with the rule on and with the default policy.
func TestAngerIrony(t *testing.T) {
	on := defaultPolicy()
	on.Spur16Rules()
	f := func(industry, text string, in, wantOn, wantOff []string) {
		t.Helper()
		var ms []Mention
		for _, x := range in {
			fs := strings.Fields(x)
			if len(fs) < 2 {
				t.Fatalf("bad mention %q", x)
			}
			m := mentionOn(industry, fs[0], fs[1], 0.9)
			if len(fs) > 2 && fs[2] == "named" {
				m.Source = SourceNamed
			}
			ms = append(ms, m)
		}
		sh := func(p *Policy) []string {
			_, all := p.Indicators(testGraph, Record{Industry: industry, Text: text, Runes: len([]rune(text)), Mentions: append([]Mention(nil), ms...)})
			var out []string
			for _, m := range all {
				out = append(out, m.Term+"|"+m.Polarity+"|"+m.Point)
			}
			return out
		}
		if got := sh(on); !reflect.DeepEqual(got, wantOn) {
			t.Errorf("%s (on)\n got %q\nwant %q", text, got, wantOn)
		}
		if got := sh(defaultPolicy()); !reflect.DeepEqual(got, wantOff) {
			t.Errorf("%s (off)\n got %q\nwant %q", text, got, wantOff)
		}
	}
	type w = []string
	// dev-telecom-20, dev-telecom-36: [怒] and no praise tag.
	f("telecom", "联通的手机信号是世界上最棒的。宽带也是宇宙中最棒的！每天打电话接起来就是喂，喂，操！上网速度卡乐逼！低端低档！[怒]", w{"手机信号 positive", "宽带 positive", "上网速度 negative"}, w{"手机信号|negative|pain", "宽带|negative|pain", "上网速度|negative|pain"}, w{"手机信号|positive|pleasure", "宽带|positive|pleasure", "上网速度|negative|pain"})
	f("telecom", "神一样的网速。。。你赢了。。。我去睡。。。。。[怒]", w{"网速 positive"}, w{"网速|negative|pain"}, w{"网速|positive|pleasure"})
	// [抓狂] is no anger tag: the heat is the complaint, the wifi praise stands (silver hotel_travel).
	f("hotel_travel", "#柬埔寨之旅#  酒店有wifi 过瘾啊!不过柬埔寨真的超级热啊!今天衣服是湿了干，干了湿[抓狂] 热死人了。累了一天了，睡觉！", w{"wifi positive"}, w{"wifi|positive|pleasure"}, w{"wifi|positive|pleasure"})
	// A praise tag beside the anger tag: the praise is meant (made up).
	f("telecom", "网速很快[哈哈]，就是客服太慢[怒]", w{"网速 positive", "客服 negative"}, w{"网速|positive|pleasure", "客服|negative|pain"}, w{"网速|positive|pleasure", "客服|negative|pain"})
	// A named aspect is left to the polarity model (made up).
	f("telecom", "神一样的网速。。。[怒]", w{"网速 positive named"}, w{"网速|positive|pleasure"}, w{"网速|positive|pleasure"})
}

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
