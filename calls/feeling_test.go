package calls

import (
	"context"
	"testing"
)

// TestPeakEndSkipsMachineText: in a chat where the customer pastes an order card, a link
// and an order number, and closes politely, none of those is a point of the customer's
// curve, and the low point is the complaint (issue 19: cards scored +0.9, closings became
// the low point).
func TestPeakEndSkipsMachineText(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	call := Call{ID: "chat", Turns: []Turn{
		{Role: RoleCustomer, Text: "[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]"},
		{Role: RoleAgent, Text: "您好，请问有什么可以帮您"},
		{Role: RoleCustomer, Text: "[数字x]我买的东西到现在还没发货，等了一个星期了，太慢了"},
		{Role: RoleCustomer, Text: "[订单x]"},
		{Role: RoleCustomer, Text: "75123456789"},
		{Role: RoleAgent, Text: "非常抱歉，这边帮您催一下仓库，今天内发出"},
		{Role: RoleCustomer, Text: "没事，麻烦你了，不好意思"},
		{Role: RoleCustomer, Text: "没有啦😊"},
	}}
	res, err := a.Analyze(context.Background(), call)
	if err != nil {
		t.Fatal(err)
	}
	f := func(turn int, notScored, label string) {
		t.Helper()
		s := res.Turns[turn].Sentiment
		if s == nil || s.NotScored != notScored || s.Label != label {
			t.Errorf("turn %d %q: sentiment %+v, want not_scored %q label %s", turn, res.Turns[turn].Text, s, notScored, label)
		}
	}
	f(0, "order_card", "neutral")
	f(3, "masks", "neutral")
	f(4, "number", "neutral")
	f(6, "", "neutral")
	f(7, "", "neutral")
	if res.Turns[0].Role != RoleSystem {
		t.Errorf("the order card's role is %q, want system", res.Turns[0].Role)
	}
	for _, p := range res.Customer.Curve {
		if p.Turn == 0 || p.Turn == 3 || p.Turn == 4 {
			t.Errorf("machine-text turn %d is a point of the curve", p.Turn)
		}
	}
	pe := res.Customer.PeakEnd
	if pe.MostNegative == nil || pe.MostNegative.Turn != 2 {
		t.Errorf("most negative moment %+v, want the complaint (turn 2)", pe.MostNegative)
	}
	if pe.MostPositive != nil && (pe.MostPositive.Turn == 3 || pe.MostPositive.Turn == 4) {
		t.Errorf("most positive moment is machine text: %+v", pe.MostPositive)
	}
}
