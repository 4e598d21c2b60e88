package mention

import (
	"reflect"
	"testing"
)

// Rules of compound.go. Each line: industry ("" inferred), sentence, its sentiment, the
// aspect-model triplets as term/opinion/polarity (none: graph terms only), the named terms
// (Sentence.Named), and the expected mentions as term|opinion|polarity|point|indicator.
func TestCompoundOwner(t *testing.T) {
	f := func(industry, text, sentiment string, trips, named []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		s := sentence(text, sentiment, 0.9, ts...)
		s.Named = named
		got := show(mentions(industry, s))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// The head is an attribute of a modifier of another indicator (手机平板性能 lists 待机时间):
	// the phrase is the modifier's, with its direction (higher is good), as a graph term, a
	// model term or a named term.
	f("ecommerce", "电池时间长", "positive", nil, nil, "电池时间|长|positive|pleasure|产品性能")
	f("ecommerce", "电池时间短", "negative", nil, nil, "电池时间|短|negative|pain|产品性能")
	f("ecommerce", "电池时间长", "positive", []string{"电池时间", "长", "positive"}, nil, "电池时间|长|positive|pleasure|产品性能")
	f("ecommerce", "电池时间长", "positive", nil, []string{"电池时间"}, "电池时间|长|positive|pleasure|产品性能")
	f("", "电池时间长", "positive", nil, nil, "电池时间|长|positive|pleasure|产品性能")
	// In a longer run the nearest modifier that owns the head takes it; a model term on the
	// modifier covers the phrase (no delivery mention of 时间 is left).
	f("ecommerce", "电池续航时间长", "positive", []string{"续航", "长", "positive"}, nil, "续航|长|positive|pleasure|产品性能")
	// The same indicator: the head places the phrase and gives the direction, as before.
	f("ecommerce", "配送时间长", "negative", []string{"配送时间", "长", "negative"}, nil, "配送时间|长|negative|pain|配送时效")
	f("food_delivery", "外卖送餐时间太长", "negative", []string{"外卖送餐时间", "太长", "negative"}, nil, "外卖送餐时间|太长|negative|pain|配送时效")
	// Another indicator whose aspect has no such attribute: the head's phrase (快递包装 is
	// about 包装; 手机价格高 keeps the price's direction).
	f("ecommerce", "快递包装很好", "positive", []string{"快递包装", "很好", "positive"}, nil, "快递包装|很好|positive|pleasure|包装")
	f("ecommerce", "手机价格太高了", "negative", []string{"手机价格", "太高", "negative"}, nil, "手机价格|太高|negative|pain|价格")
	f("ecommerce", "送货时间太长了", "negative", nil, nil, "时间|太长|negative|pain|配送时效")
	// An action verb before the head owns nothing (解绑 is a 销户体验 term, which lists 关闭花呗).
	f("banking", "怎么解绑花呗", "neutral", nil, nil, "花呗||neutral||消费信贷可用性")
	// A head alone keeps its own place.
	f("ecommerce", "时间太长了", "negative", nil, nil, "时间|太长|negative|pain|配送时效")
}
