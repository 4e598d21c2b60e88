package feeling

import "testing"

// TestCustomerEvent: the complaint events of a customer's turn (real chat DEV turns of
// bench/testdata/chat_turns_dev*.jsonl, and the brief's 能不能退货？).
func TestCustomerEvent(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := CustomerEvent(in); got != want {
			t.Errorf("CustomerEvent(%q) = %q, want %q", in, got, want)
		}
	}
	f("怎么查不了", "查不了")                         // dev3-001
	f("这个订单已经签收了 但是评价不了啊 转人工", "价不了")         // dev3-018: the verb's last character
	f("更换清关人信息 点击链接进去更换填好信息无法提交", "无法")       // dev3-179
	f("我以前号码不用了，现在以前实名了，现在实名不了", "名不了")       // dev3-185
	f("能不能退货？", "")                           // a question about policy
	f("开不了收据吗", "")                           // dev3-058: asks
	f("发票在填写的时候忘记填纳税人识别号了，报销不了，能修改重新开吗", "")  // dev2-173: asks
	f("我现在手头有事无法及时回复信息，麻烦帮忙查询然后回复下，谢谢~~", "") // dev3-155: a polite request
	f("如果周六中午到达不了，我需要修改收货地址", "")             // a supposition
	f("我怕送货联系不上，电话改为[电话x]", "")               // a worry, and 不上 is no 不了
	f("这种我可忍受不了", "受不了")                      // 受不了 is an inability of patience
	f("少不了你的", "")                            // an idiom
	f("我不了解这个活动", "")                         // 不了解: understand
	f("用不了多久就到了", "")                         // 不了多久: soon
	f("退得了退不了", "")                           // A-not-A
	f("好的 稍微快点发货", "")                        // dev-171: urging is not an event
	f("无法", "")                               // nothing after 无法
	f("不了", "")                               // nothing before 不了
}

// TestJudgeCustomerTurn: a customer's complaint event makes the turn negative over a neutral
// or positive reading; an agent's turn (JudgeTurn) and a review (Judge) keep the model's.
func TestJudgeCustomerTurn(t *testing.T) {
	p := DefaultPolicy()
	f := func(text, model, wantCustomer, wantAgent string) {
		t.Helper()
		label := func(v Verdict) string {
			if v.Applies(model) {
				return v.Label
			}
			return model
		}
		if got := label(p.JudgeCustomerTurn(text, model)); got != wantCustomer {
			t.Errorf("JudgeCustomerTurn(%q, %s) = %s, want %s", text, model, got, wantCustomer)
		}
		if got := label(p.JudgeTurn(text, model)); got != wantAgent {
			t.Errorf("JudgeTurn(%q, %s) = %s, want %s", text, model, got, wantAgent)
		}
		if got := label(p.Judge(text, model)); got != wantAgent {
			t.Errorf("Judge(%q, %s) = %s, want %s", text, model, got, wantAgent)
		}
	}
	f("怎么查不了", Neutral, Negative, Neutral)
	f("更换清关人信息 点击链接进去更换填好信息无法提交", Positive, Negative, Positive)
	f("非常抱歉呢，采购单无法取消呢", Neutral, Neutral, Neutral) // an agent's words read as a customer's: asks (呢), no event
	f("抱歉，新旧地址不在同城市无法操作转站点再投的", Neutral, Negative, Neutral)
	f("能不能退货？", Neutral, Neutral, Neutral)
	f("开不了收据吗", Neutral, Neutral, Neutral) // asks: no event
	f("好的  稍微快点发货", Neutral, Neutral, Neutral)
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", Positive, Neutral, Neutral)
	off := p
	off.NoCues = true
	if v := off.JudgeCustomerTurn("怎么查不了", Neutral); v.Applies(Neutral) {
		t.Errorf("NoCues: the event rule still applies: %+v", v)
	}
}
