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

// TestPoliteThanks: a request or question with a thanks appended at its end (the label
// guide: politeness, neutral); thanks for help received is not one.
func TestPoliteThanks(t *testing.T) {
	f := func(in string, want bool) {
		t.Helper()
		if got := PoliteThanks(in); got != want {
			t.Errorf("PoliteThanks(%q) = %v, want %v", in, got, want)
		}
	}
	f("麻烦帮我查一下，谢谢", true)
	f("[数字x]，你好麻烦看一下这个单取消的原因，谢谢", true)
	f("你好我想问一下我的快递明天能拿上嘛? 谢谢", true)
	f("好的，帮我备注下 谢谢", true)
	f("备注留言有用吗? 谢谢了哈", true)
	f("已经支付，请尽快发货哟!谢谢!", true)
	f("好的谢谢 那其他还有什么需要提交的吗", false) // thanks for help, then a new question (ThanksPart)
	f("我试试，谢谢你", false)            // no request
	f("搞好了，谢谢", false)             // help received
	f("在小金库，谢谢", false)            // a statement
	f("这个订单号这个订单号谢谢", false)       // one clause
	f("谢谢", false)                 // thanks alone: the closing rule's
	f("麻烦帮我查一下", false)            // no thanks
}

// TestAsksHow: a short turn of one clause asking how, without a question mark.
func TestAsksHow(t *testing.T) {
	f := func(in string, want bool) {
		t.Helper()
		if got := AsksHow(in); got != want {
			t.Errorf("AsksHow(%q) = %v, want %v", in, got, want)
		}
	}
	f("   怎么补救", true)
	f("怎么弄", true)
	f("那怎么办呢", true)
	f("我要的是解决问题的结果，站点给出什么说法，要怎么解决", false) // the end of a longer turn: a demand
	f("怎么回事", true)                        // one clause, but a complaint cue is read first (TestMoreTurnCues)
	f("怎么完成订单了", false)                    // more than two characters after 怎么
	f("怎么", false)
	f("好的", false)
}

// TestMoreTurnCues: Policy.MoreTurnCues (off by default) reads the wait, no-answer and chase
// cues, PoliteThanks and AsksHow; off, the same turns keep the model's reading.
func TestMoreTurnCues(t *testing.T) {
	off := DefaultPolicy()
	on := DefaultPolicy()
	on.MoreTurnCues = true
	f := func(text, model, wantOn, wantOff string) {
		t.Helper()
		label := func(v Verdict) string {
			if v.Applies(model) {
				return v.Label
			}
			return model
		}
		if got := label(on.JudgeCustomerTurn(text, model)); got != wantOn {
			t.Errorf("on: JudgeCustomerTurn(%q, %s) = %s, want %s", text, model, got, wantOn)
		}
		if got := label(off.JudgeCustomerTurn(text, model)); got != wantOff {
			t.Errorf("off: JudgeCustomerTurn(%q, %s) = %s, want %s", text, model, got, wantOff)
		}
		if got := label(on.Judge(text, model)); got != label(off.Judge(text, model)) {
			t.Errorf("Judge(%q, %s) (a review) changes with MoreTurnCues: %s", text, model, got)
		}
	}
	f("订单还可能实现么?好几天了", Neutral, Negative, Neutral)
	f("这个大概什么时候有货啊 等了好久了", Neutral, Negative, Neutral)
	f("够麻烦的 还得等这么长时间", Neutral, Negative, Neutral)
	f("帅哥  美女     我刚在尚品页面联系卖家 也没回复", Positive, Negative, Positive)
	f("我要求你们联系物流公司，你什么也没有做啊 就这一件事情 请你处理好", Neutral, Negative, Neutral)
	f("我买的空调有货了吗 咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x] 查不到物流信息", Neutral, Negative, Neutral)
	f("VC[数字x]收货人:[姓名x]联系方式:[数字x]地址:北京[地址x] 这个快递帮我催一下，顾客明天一早要出差", Neutral, Negative, Neutral)
	f("嗯嗯，麻烦您帮我催下", Neutral, Neutral, Neutral) // a polite request to hurry: a question
	f("看有没有回复", Neutral, Neutral, Neutral)     // negated: asks whether
	f("麻烦帮我查一下，谢谢", Positive, Neutral, Positive)
	f("好的 辛苦你了 那其他还有什么需要提交的吗", Positive, Positive, Positive) // thanks for help, then a question
	f("怎么弄", Negative, Neutral, Negative)
	f("怎么回事", Neutral, Negative, Negative) // a complaint cue before AsksHow
	f("我要的是解决问题的结果，站点给出什么说法，要怎么解决", Negative, Negative, Negative)
	if v := on.JudgeTurn("等了好久了", Neutral); !v.Applies(Neutral) || v.Label != Negative {
		t.Errorf("on: an agent-side turn reads the wait cues too (turn cues): %+v", v)
	}
}
