package engine

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestFeelingRules: what analyze returns for chat turns that are machine text, masks and
// closings (issue 19), one line per case, through the whole engine.
func TestFeelingRules(t *testing.T) {
	f := func(text, label, notScored, rule string) {
		t.Helper()
		r := analyze(t, Input{ID: "x", Text: text, Role: "customer"})[0]
		s := r.Sentiment
		if s == nil || s.Label != label || s.NotScored != notScored || s.Rule != rule {
			t.Errorf("%q: sentiment %+v, want label %s not_scored %q rule %q", text, s, label, notScored, rule)
			return
		}
		if notScored != "" && (s.Probs["neutral"] != 1 || s.Probs["positive"] != 0 || s.Probs["negative"] != 0) {
			t.Errorf("%q: not scored but probs %v", text, s.Probs)
		}
	}
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "neutral", "order_card", "")
	f("咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x]", "neutral", "order_card", "")
	f("2297112 品胜（PISEN）苹果数据线 Xs Max/XR/X/8手机充电线 1.2米白色 适用于苹果5/6S/7/8Plus iPad Air/Pro", "neutral", "product_card", "")
	f("https://item.jd.com/100012043978.html", "neutral", "link", "")
	f("75123456789", "neutral", "number", "")
	f("[数字x]", "neutral", "masks", "")
	f("系统消息：客服小妹已接入，请描述您的问题", "neutral", "system", "")
	f("没事，麻烦你了，不好意思", "neutral", "", "closing")
	f("没有啦😊", "neutral", "", "closing")
	f("好的谢谢", "positive", "", "closing")
	// A mask prefix reads like the text without it.
	f("[数字x]我买的东西到现在还没发货", "negative", "", "complaint")
	f("[数字x]我买的东西到现在还没发货，太慢了，差评", "negative", "", "")
	f("[订单x]这个订单什么时候到", "neutral", "", "")
}

// TestFeelingMaskPrefix: a mask prefix does not change the label (it flipped a neutral
// complaint to positive before the masks were rewritten for the model).
func TestFeelingMaskPrefix(t *testing.T) {
	for _, text := range []string{"我买的东西到现在还没发货", "快递什么时候能送到", "这个订单能不能帮我改一下地址"} {
		res := analyze(t, Input{ID: "a", Text: text}, Input{ID: "b", Text: "[数字x]" + text}, Input{ID: "c", Text: "[订单x] " + text})
		for _, r := range res[1:] {
			if r.Sentiment.Label != res[0].Sentiment.Label {
				t.Errorf("%s %q: %s, without the mask %s", r.ID, text, r.Sentiment.Label, res[0].Sentiment.Label)
			}
		}
	}
}

// TestFeelingSentences: a card sentence inside a review is not scored and the review's
// label comes from the person's words.
func TestFeelingSentences(t *testing.T) {
	r := analyze(t, Input{ID: "x", Text: "东西太差了，用了一天就坏了！[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]"})[0]
	if r.Sentiment.Label != "negative" || r.Sentiment.NotScored != "" {
		t.Errorf("review sentiment %+v, want negative and scored", r.Sentiment)
	}
	if n := len(r.Sentences); n != 2 || r.Sentences[1].Sentiment.NotScored != "order_card" {
		t.Errorf("sentences %+v: want the second one not scored (order_card)", r.Sentences)
	}
}

// TestFeelingOverallWeight: with Feeling.OverallWeight set, a review with a contrast marker
// mixes its overall clause in (rule "overall"); RawSentiment turns every rule off.
func TestFeelingOverallWeight(t *testing.T) {
	e := *testEngine // same models, another policy (never closed)
	e.cfg.Feeling.OverallWeight = 0.5
	res, err := e.Analyze(context.Background(), []Input{{ID: "m", Text: "屏幕有点小，电池一般，但是总的来说很满意，性价比高"}, {ID: "n", Text: "很好用，推荐"}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Sentiment.Rule != "overall" || res[0].Sentiment.Label != "positive" {
		t.Errorf("with a marker: %+v, want positive by rule overall", res[0].Sentiment)
	}
	if res[1].Sentiment.Rule != "" {
		t.Errorf("without a marker: rule %q", res[1].Sentiment.Rule)
	}
	raw := *testEngine
	raw.cfg.RawSentiment = true
	res, err = raw.Analyze(context.Background(), []Input{{ID: "c", Text: "[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]"}, {ID: "d", Text: "好的谢谢"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Sentiment.NotScored != "" || r.Sentiment.Rule != "" {
			t.Errorf("RawSentiment %s: %+v, want the model's reading", r.ID, r.Sentiment)
		}
	}
}

// BenchmarkFeelingRules: the sentiment stage (Input.SentimentOnly, what POST /v1/sentiment
// runs) on the 1,033 bench reviews with the feeling rules on, against the same engine with
// RawSentiment, alternating in one process: the rules' cost is the difference.
func BenchmarkFeelingRules(b *testing.B) {
	data, err := os.ReadFile("../bench/testdata/reviews.txt")
	if err != nil {
		b.Skip(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	in := make([]Input, len(lines))
	for i, l := range lines {
		in[i] = Input{ID: fmt.Sprint(i), Text: l, SentimentOnly: true}
	}
	raw := *testEngine
	raw.cfg.RawSentiment = true
	for _, c := range []struct {
		name string
		e    *Engine
	}{{"raw", &raw}, {"rules", testEngine}, {"raw", &raw}, {"rules", testEngine}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := c.e.Analyze(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(in)), "µs/text")
		})
	}
}

// TestFeelingCustomerEvent: a customer's complaint event (feeling.CustomerEvent) makes the
// customer's turn negative; the same words in an agent's turn keep the model's reading.
func TestFeelingCustomerEvent(t *testing.T) {
	f := func(text string) {
		t.Helper()
		res := analyze(t, Input{ID: "c", Text: text, Role: RoleCustomer}, Input{ID: "a", Text: text, Role: RoleAgent})
		if s := res[0].Sentiment; s.Label != "negative" || s.Rule != "complaint" {
			t.Errorf("customer %q: sentiment %+v, want negative by the complaint rule", text, s)
		}
		if s := res[1].Sentiment; s.Rule == "complaint" {
			t.Errorf("agent %q: sentiment %+v, the customer's event rule applied to the agent", text, s)
		}
	}
	f("更换清关人信息 点击链接进去更换填好信息无法提交")
	f("我以前号码不用了，现在以前实名了，现在实名不了")
}
