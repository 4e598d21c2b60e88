package mention

import (
	"reflect"
	"testing"
)

// Complaint phrases (complaint.go, the packs' `complaints:`): an event that is a pain by
// itself makes a pain of its indicator with no opinion word; negated, precautionary or
// plainly asked it makes nothing. No aspect-polarity model; each line: industry, sentence,
// sentiment, the mentions as term|opinion|polarity|point|indicator.
func TestComplaintMentions(t *testing.T) {
	f := func(industry, text, sentiment string, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sentiment, 0.9)))
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// Events with no opinion word: pains of their indicator.
	f("ecommerce", "上次梨少了两个，这次苹果缺两个", "negative", "|缺两个|negative|pain|发货准确") // 梨少 is one jieba word: 少了两个 does not stand alone
	f("food_delivery", "饭菜送到的时候都是凉的", "negative", "|都是凉的|negative|pain|餐品温度")
	f("telecom", "这个月流量用完了", "negative", "|流量用完|negative|pain|流量额度") // the bare term is gone (dropBare); the event is the mention
	f("telecom", "打电话半途中断", "negative", "|中断|negative|pain|通话质量")
	f("banking", "手机银行登不上", "negative", "手机银行||negative|pain|手机银行体验", "|登不上|negative|pain|身份验证")
	f("ecommerce", "数据线拿到就是坏的", "negative", "|就是坏的|negative|pain|商品质量")
	// The longer phrase wins an overlap: 不给退款 is the refund, not the return (不给退).
	f("ecommerce", "说了半天就是不给退款", "negative", "|不给退款|negative|pain|退款")
	// Negated or precautionary: no complaint.
	f("food_delivery", "今天没有迟到，饭菜也没凉", "positive", "迟到|没有|positive|pleasure|配送时效") // the negated term is praise (negation.go); 凉 after 没 is none
	f("telecom", "省着点用以免流量不够", "neutral")
	// A supposition is no event; an event that is another term's opinion is that term's.
	f("ecommerce", "不发货的话我就去别家买", "neutral")
	f("ecommerce", "已经7天了，发票没收到", "negative", "发票|没收|negative|pain|发票")
	f("telecom", "家里网络又坏了", "negative", "网络|又坏|negative|pain|网络信号", "|网络又坏了|negative|pain|宽带稳定性") // a phrase holding the term reads it
	// A plain question asks; a complaint question complains.
	f("telecom", "流量用完了吗", "neutral", "流量||neutral||流量额度") // kept as the contact reason (dropBare), not a pain
	f("banking", "花呗怎么手机登不上", "negative", "花呗||negative|pain|消费信贷可用性", "|登不上|negative|pain|身份验证")
	// A neutral mention of the indicator in the phrase's clause takes the event (the aspect
	// model's neutral 流量 … 用完).
	g := func(industry, text, term, opinion, sentiment string, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sentiment, 0.9, triplet(text, term, opinion, "neutral"))))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	g("telecom", "这个月流量用完了", "流量", "用完", "neutral", "流量|用完|negative|pain|流量额度")
	h := func(industry, text, term, opinion, sentiment string, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sentiment, 0.9, triplet(text, term, opinion, "positive"))))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	h("ecommerce", "退货竟然要扣运费的", "退货", "竟然要扣运费", "negative", "退货|竟然要扣运费|negative|pain|退换货")  // a positive opinion holding the event is none
	h("ecommerce", "退货很方便，就是要扣运费", "退货", "很方便", "positive", "退货|很方便|positive|pleasure|退换货") // a praise of its own stays
	// Word boundaries: 少了 of 多少了 is no missing item.
	f("ecommerce", "也不知道多少了一个", "neutral")
}
