package feeling

import (
	"strings"
	"testing"
)

// TestTurnModelText: a turn's acknowledgements and greetings are not read by the model
// when it says something else; thanks keep theirs; reviews are not touched (ModelText).
func TestTurnModelText(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := TurnModelText(in); got != want {
			t.Errorf("TurnModelText(%q) = %q, want %q", in, got, want)
		}
	}
	f("好吧，那在考虑一下", "那在考虑一下")
	f("好的  稍微快点发货", "稍微快点发货")
	f("应该可以，如果时间有变，我提前再跟您联系 好的", "应该可以，如果时间有变，我提前再跟您联系")
	f("你好，这个可以开票吗", "这个可以开票吗")
	f("嗯嗯 阔以了，白一点了 [姓名x]", "阔以了，白一点了")
	f("好的，谢谢了。 这次改到[数字x]号不会变了。", "好的，谢谢了。 这次改到3号不会变了。") // thanks: kept whole
	f("好的", "好的")                                       // a closing alone: Judge decides it
	f("好的 嗯嗯", "好的 嗯嗯")                                 // nothing else is said
	f("质量很好，物流也快", "质量很好，物流也快")                         // no acknowledgement clause
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "")   // machine text
	f("好 不好用啊 你们这个", "不好用啊 你们这个")
}

// TestInquiry: a turn that asks or politely requests.
func TestInquiry(t *testing.T) {
	f := func(in string, want bool) {
		t.Helper()
		if got := Inquiry(in); got != want {
			t.Errorf("Inquiry(%q) = %v, want %v", in, got, want)
		}
	}
	f("坏果赔吗", true)
	f("哎，那可以继续吗？", true)
	f("你看我的苹果是多少英寸的？", true)
	f("我选择不了送货时间呢，", true)
	f("在吗 [姓名x]", true)
	f("麻烦转告一下。谢谢", true)
	f("您好 此单[数字x]元钱已付，麻烦对账，谢谢", true)
	f("我要出差，联系电话改为[电话x]", false)
	f("东西坏了", false)
	f("取消也麻烦", false)
}

// TestTurnComplaint: the cues of a conversation turn: Complaint's and the turn-only ones.
func TestTurnComplaint(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := TurnComplaint(in); got != want {
			t.Errorf("TurnComplaint(%q) = %q, want %q", in, got, want)
		}
	}
	f("不是[数字x]天无理由退货的吗", "不是…吗")
	f("又七天啊 不是显示免费调货吗 调也要七天呢啊", "不是…吗")
	f("你不是说包邮的吗", "不是…吗")
	f("这个我不是付了[数字x]吗为什么开票出来是[数字x]", "不是…吗")
	f("刚才申请退货 是不是要联系下客服审批吗", "")    // A-not-A question
	f("不是删除入驻信息。 只需要退回来吗", "")      // the 吗 is in another clause
	f("我的目的地是企沙镇，不是防城港港口区 可以吗", "") // a correction, then a question
	f("不是防城港港口区可以吗", "")
	f("你好，我买的这个显示器，发票怎么是个人?我明明设定的公司抬头", "怎么是")
	f("还有那个京东叮咚怎么登录不了? 去哪里下载?", "登录不了")
	f("我也吧太懂，就是现在硬盘不能用", "不能用")
	f("你好，这个可以开票吗", "")
	// the cues added on chat dev2: generic phrases of the label guide's categories
	f("退款不到账，钱不够下单呀 ?", "不到账")
	f("申请价格保护失败怎么回事", "失败")
	f("嗯嗯，谢谢，明天急着用，着急啊", "急着用")
	f("为什么其他的衣服不掉色，偏偏这件黑色的会掉色呢", "掉色")
	f("现在物流慢了 物流慢了", "慢了")
	f("商家不接受，要我改成无理由退", "不接受")
	f("现在进度一直显示让我送货到自提点 这个怎么办", "一直")
	// a negated cue is no complaint; the plain cue still is
	f("我先用一个月，看有没有问题", "")
	f("我担心你们以没有质量问题为由再给我退回来咋办?", "")
	f("东西没有问题，谢谢", "")
	f("这个耳机有问题", "有问题")
}

// TestJudgeTurn: what a turn's rules decide against the model's reading; a review (Judge)
// keeps the model's reading where a turn does not.
func TestJudgeTurn(t *testing.T) {
	p := DefaultPolicy()
	f := func(text, model, wantTurn, wantReview string) {
		t.Helper()
		label := func(v Verdict) string {
			if v.Applies(model) {
				return v.Label
			}
			return model
		}
		if got := label(p.JudgeTurn(text, model)); got != wantTurn {
			t.Errorf("JudgeTurn(%q, %s) = %s, want %s", text, model, got, wantTurn)
		}
		if got := label(p.Judge(text, model)); got != wantReview {
			t.Errorf("Judge(%q, %s) = %s, want %s", text, model, got, wantReview)
		}
	}
	// a complaint cue overrides a positive reading in a turn, not in a review
	f("咨询订单号:[订单x] 商品ID:[数字x] 昨天晚上买的，还没出库么现在", Positive, Negative, Positive)
	f("买了两台，送了一台，这台预计今天送，还没送呢 嗯 谢谢", Positive, Negative, Positive)
	f("不是[数字x]天无理由退货的吗", Neutral, Negative, Neutral)
	// an inquiry without a cue read negative is neutral in a turn
	f("坏果赔吗", Negative, Neutral, Negative)
	f("麻烦转告一下。谢谢", Negative, Neutral, Negative)
	f("好谢谢 你记得改，是纸质发票吗?", Negative, Positive, Negative) // a closing thanks first: positive
	f("怎么还没发货？", Negative, Negative, Negative)          // a cue: the complaint stays
	f("质量很好，下次还来", Positive, Positive, Positive)
	// a question read positive without thanks is neutral in a turn; with thanks it stays
	f("我想买这宝贝，自己好安装、设置吗", Positive, Neutral, Positive)
	f("谢谢，明天看下能到?", Positive, Positive, Positive)
	// a turn-only cue; a negated cue (the review rule still reads it)
	f("快递费用10块，还没给我呢", Neutral, Negative, Neutral)
	f("我先用一个月，看有没有问题", Neutral, Neutral, Negative)
	f("没有啦😊", Negative, Neutral, Neutral) // closings as before
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", Positive, Neutral, Neutral)
	off := p
	off.NoCues = true
	if v := off.JudgeTurn("坏果赔吗", Negative); v.Applies(Negative) {
		t.Errorf("NoCues: the inquiry rule still applies: %+v", v)
	}
}

// FuzzTurnRules: the turn rules never panic, TurnModelText only drops text (it is never
// longer than ModelText and keeps no mask), and JudgeTurn's labels are labels.
func FuzzTurnRules(f *testing.F) {
	for _, s := range []string{"好吧，那在考虑一下", "不是[数字x]天无理由退货的吗", "在吗 [姓名x]", "好的，谢谢了。", "不是", "吗", "[", "好 [x", "？", "麻烦", "查不了", "无法", "不了", "退得了退不了"} {
		f.Add(s)
	}
	p := DefaultPolicy()
	f.Fuzz(func(t *testing.T, s string) {
		m, tm := ModelText(s), TurnModelText(s)
		if len(tm) > len(m) || strings.Contains(tm, "[数字x]") {
			t.Fatalf("TurnModelText(%q) = %q, ModelText %q", s, tm, m)
		}
		Inquiry(s)
		TurnComplaint(s)
		if e := CustomerEvent(s); !strings.Contains(s, e) {
			t.Fatalf("CustomerEvent(%q) = %q, not in the text", s, e)
		}
		for _, model := range []string{"", Negative, Neutral, Positive} {
			switch v := p.JudgeTurn(s, model); v.Label {
			case "", Negative, Neutral, Positive:
			default:
				t.Fatalf("JudgeTurn(%q, %q) label %q", s, model, v.Label)
			}
			switch v := p.JudgeCustomerTurn(s, model); v.Label {
			case "", Negative, Neutral, Positive:
			default:
				t.Fatalf("JudgeCustomerTurn(%q, %q) label %q", s, model, v.Label)
			}
		}
	})
}
