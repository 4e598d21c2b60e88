package mention

import (
	"reflect"
	"testing"
)

// An itch carries a complaint (Policy.ItchComplaintSentence, wishComplains): a wish for a
// little more of something, a confidently negative sentence, or a sentence whose lexicon
// opinions sum negative makes the itch negative; a plain wish keeps its polarity. One line
// per case: industry, sentence, its sentiment and probability, the aspect-model triplet
// (term, opinion, polarity; "" for none), then the mentions as term|opinion|polarity|point|indicator.
func TestItchComplaint(t *testing.T) {
	f := func(industry, text, sent string, score float64, term, opinion, pol string, want ...string) {
		t.Helper()
		var ts []Mention
		if term != "" {
			ts = append(ts, triplet(text, term, opinion, pol))
		}
		got := show(mentions(industry, sentence(text, sent, score, ts...)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// A wish for a little more of a good thing: the price is too high now (hand DEV automotive-0).
	f("automotive", "要是价格再低一点的话", "positive", 0.97, "价格", "低", "positive", "价格|低|negative|itch|价格")
	// A wish in a confidently negative sentence (waimai_train80, golden wm-0404).
	f("food_delivery", "希望可以增加分量，明显分量少了许多", "negative", 0.9, "", "", "", "分量||negative|itch|分量", "分量|少|negative|pain|分量")
	// A plain wish in a positive sentence keeps its polarity (readdev2 d29).
	f("ecommerce", "希望京东可以经常做活动", "positive", 0.87, "", "", "", "活动||neutral|itch|促销优惠")
	// Off: the rule's threshold 0 leaves the wish neutral.
	p := defaultPolicy()
	p.ItchComplaintSentence = 0
	text := "希望可以增加分量"
	if got := show(p.Plan(testGraph, "food_delivery", sentence(text, "negative", 0.9)).Mentions(nil)); !reflect.DeepEqual(got, []string{"分量||neutral|itch|分量"}) {
		t.Errorf("%s with ItchComplaintSentence 0: got %q", text, got)
	}
}

// A nounPraise word (优惠) as a graph term praises only after a degree word (bareNounPraise).
func TestNounPraiseTerm(t *testing.T) {
	f := func(industry, text, sent string, score float64, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sent, score)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("automotive", "原来最低也就优惠15000至16000", "positive", 0.69)                                // hand DEV automotive-13: a fact
	f("ecommerce", "太优惠了，平时在超市根本这个价格根本买不到", "positive", 0.87, "优惠||positive|pleasure|促销优惠") // readdev2 d29: praise
	f("food_delivery", "满三十为啥没优惠了。", "negative", 0.7, "优惠|没|negative|pain|优惠活动")            // golden wm-0909: a complaint question; 没 negates 优惠 (OwnPraiseNegated)
}

// Lexicon words added by polfix (session 10): their polarity as the lexicon reads them. One
// line per case: text, the summed polarity of its lexicon expressions.
func TestPolfixLexicon(t *testing.T) {
	f := func(text, want string) {
		t.Helper()
		p := defaultPolicy()
		d := p.Plan(testGraph, "ecommerce", sentence(text, "neutral", 0.5))
		sum := 0.0
		for _, x := range d.exprs(0, len(d.rs)) {
			sum += x.score
		}
		if got, _ := lexiconLabel(sum, p.LexiconThreshold); got != want {
			t.Errorf("%s: got %s (%.3f), want %s", text, got, sum, want)
		}
	}
	f("能不能给我开***的花呗额度，我不平衡", Negative) // hand DEV banking-59
	f("料子很硬，大小有出入", Negative)          // golden os-0365
	f("这个跟上面的图片出入很大啊", Negative)       // readdev2 d21
	f("起步也经常不由自主地甩开后面的车半条马路", Neutral) // hand DEV automotive-7: 不由自主 negates nothing
	f("噪音和散热问题都一般吧，不好不坏的", Neutral)    // readdev2 d51: 一般 and 不好不坏 are no verdict either way
	f("旅游门票优惠政策公告", Neutral)           // hand DEV hotel_travel-36: a noun
}

// 软件 is an except of phone_performance's higher_is good: more preinstalled software is
// worse (readdev2 d55 预装系统需要自己优化一下，不然太多垃圾软件; hand DEV ecommerce-60).
func TestSoftwareDirection(t *testing.T) {
	f := func(text, term, opinion string, want ...string) {
		t.Helper()
		got := show(mentions("ecommerce", sentence(text, "neutral", 0.6, triplet(text, term, opinion, "neutral"))))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("只是装的软件有点多", "软件", "有点多", "软件|有点多|negative|pain|产品性能")
	f("预装的软件很少", "软件", "很少", "软件|很少|positive|pleasure|产品性能")
	f("手机内存很大", "内存", "很大", "内存|很大|positive|pleasure|产品性能") // the indicator's own direction stays
}
