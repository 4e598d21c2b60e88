package bench

import (
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// mentionPolarity: the reported count judges a mention by its indicator's last label; the any-
// label count also takes another label of an indicator labelled both ways (an r10 优点/缺点
// review). One line per case: the item's labels (indicator:polarity), the mentions
// (indicator:polarity; "" indicator: unplaced), then right, anyRight, n.
func TestMentionPolarity(t *testing.T) {
	on := func(ind, pol string) mention.Mention {
		m := mention.Mention{Polarity: pol}
		if ind != "" {
			m.KG = &mention.KGRef{IDs: map[string]string{"indicator": ind}}
		}
		return m
	}
	f := func(gold []HandLabel, ms []mention.Mention, right, anyRight, n int) {
		t.Helper()
		r, a, k := mentionPolarity([]HandItem{{Gold: gold}}, []analyzed{{Aspects: ms}})
		if r != right || a != anyRight || k != n {
			t.Errorf("%v %v: got %d %d %d, want %d %d %d", gold, ms, r, a, k, right, anyRight, n)
		}
	}
	pp := func(pol string) HandLabel { return HandLabel{Indicator: "product_performance", Polarity: pol} }
	// 电池耐用…数据线也太短了: product_performance both ways; the praise matches the first label only.
	f([]HandLabel{pp("positive"), pp("negative")}, []mention.Mention{on("product_performance", "positive"), on("product_performance", "negative")}, 1, 2, 2)
	// One label: both counts agree; an unplaced mention and one on an unlabelled indicator are not counted.
	f([]HandLabel{pp("negative")}, []mention.Mention{on("product_performance", "positive"), on("", "negative"), on("price", "negative")}, 0, 0, 1)
	// A polarity no label has is wrong both ways.
	f([]HandLabel{pp("positive"), pp("negative")}, []mention.Mention{on("product_performance", "neutral")}, 0, 0, 1)
}
