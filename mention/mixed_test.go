package mention

import (
	"fmt"
	"reflect"
	"testing"
)

// indicatorLines are a record's indicator entries as "id|polarity|point|also|source|mentions".
func indicatorLines(inds []Indicator) []string {
	var out []string
	for _, x := range inds {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%v", x.ID, x.Polarity, x.Point, x.Also, x.Source, x.Mentions))
	}
	return out
}

// itchOn is mentionOn with the point itch (a wish: 要是…就好了).
func itchOn(industry, term, polarity string, conf float64) Mention {
	m := mentionOn(industry, term, polarity, conf)
	m.Point = PointItch
	return m
}

// An indicator praised and blamed in one record keeps its voted point and carries the
// opposite one as Also (Policy.Mixed, mixed.go): from its own mentions, or from the add-only
// classifier when it is sure of the opposite verdict (DefaultMixedPolicy: presence 0.9,
// polarity 0.95). Each line: the review, the mixed policy, its mentions, the classifier's
// output, the entries.
func TestIndicatorsMixed(t *testing.T) {
	def, off := DefaultMixedPolicy(), MixedPolicy{}
	f := func(text string, mp MixedPolicy, ms []Mention, added []CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.Mixed = mp
		p.CategoryAddMentions = false // no implicit mention: the entries cite the text's own
		inds, _ := p.Indicators(testGraph, Record{Industry: ms[0].KG.IDs["industry"], Text: text, Runes: len([]rune(text)), Mentions: ms, Added: added})
		if got := indicatorLines(inds); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	屏幕好 := mentionOn("ecommerce", "屏幕", Positive, 0.95)
	按键差 := mentionOn("ecommerce", "按键", Negative, 0.7)
	物流还行 := mentionOn("ecommerce", "物流", Positive, 0.8)
	f("屏幕很清晰，就是按键太硬了", def, []Mention{屏幕好, 按键差}, nil, "product_performance|positive|pleasure|pain|mentions|[0 1]")
	f("按键太硬了，屏幕倒是很清晰", def, []Mention{按键差, 屏幕好}, nil, "product_performance|positive|pleasure|pain|mentions|[0 1]")
	f("屏幕很清晰，就是按键太硬了", off, []Mention{屏幕好, 按键差}, nil, "product_performance|positive|pleasure||mentions|[0 1]")
	f("屏幕很清晰，按键手感也好", def, []Mention{屏幕好, mentionOn("ecommerce", "按键", Positive, 0.8)}, nil, "product_performance|positive|pleasure||mentions|[0 1]")
	// an itch has no opposite; a pain beside an itch is not one either
	f("要是屏幕再大一点就好了，按键太硬", def, []Mention{itchOn("ecommerce", "屏幕", Neutral, 0.9), 按键差}, nil, "product_performance|neutral|itch||mentions|[0 1]")
	// the add-only classifier sure of the opposite verdict (present 0.97, negative 0.97)
	f("物流还行，不过这次足足等了一个星期", def, []Mention{物流还行}, []CategoryDim{dim("delivery_time", 0.03, Negative, 0.94)}, "delivery_time|positive|pleasure|pain|mentions|[0]")
	f("物流还行，不过这次足足等了一个星期", off, []Mention{物流还行}, []CategoryDim{dim("delivery_time", 0.03, Negative, 0.94)}, "delivery_time|positive|pleasure||mentions|[0]")
	// not sure enough (negative 0.84 of 0.95), or of the same verdict: nothing
	f("物流还行，不过这次足足等了一个星期", def, []Mention{物流还行}, []CategoryDim{dim("delivery_time", 0.05, Negative, 0.8)}, "delivery_time|positive|pleasure||mentions|[0]")
	f("物流还行，第二天就到了", def, []Mention{物流还行}, []CategoryDim{dim("delivery_time", 0.03, Positive, 0.94)}, "delivery_time|positive|pleasure||mentions|[0]")
	// automotive without its classifier: voted like any other (with it: TestIndicatorsMixedCategory)
	f("动力很足，就是加速有点肉", def, []Mention{mentionOn("automotive", "动力", Positive, 0.9), mentionOn("automotive", "加速", Negative, 0.8)}, nil,
		"power|positive|pleasure|pain|mentions|[0 1]")
}

// TestIndicatorsMixedCategory: where category-car decides an indicator, a mention of the
// opposite point gives it no Also.
func TestIndicatorsMixedCategory(t *testing.T) {
	f := func(text string, ms []Mention, cat []CategoryDim, want ...string) {
		t.Helper()
		inds, _ := defaultPolicy().Indicators(testGraph, Record{Industry: "automotive", Text: text, Runes: len([]rune(text)), Mentions: ms, Category: cat})
		if got := indicatorLines(inds); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("动力很足，就是加速有点肉", []Mention{mentionOn("automotive", "动力", Positive, 0.9), mentionOn("automotive", "加速", Negative, 0.8)},
		[]CategoryDim{dim("动力", 0.05, Positive, 0.8)}, "power|positive|pleasure||category|[0 1]")
}

// Where category-car finds a dimension present and neutral, its indicator takes the point
// its mentions vote while the polarity stays neutral (Policy.CategoryNeutralPoint); an itch
// mention wins as before; the classifier's polar verdict is never changed. Each line: the
// car post, CategoryNeutralPoint, its mentions, the classifier's output, the entries.
func TestCategoryNeutralPoint(t *testing.T) {
	f := func(text string, on bool, ms []Mention, cat []CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryNeutralPoint = on
		inds, _ := p.Indicators(testGraph, Record{Industry: "automotive", Text: text, Runes: len([]rune(text)), Mentions: ms, Category: cat})
		if got := indicatorLines(inds); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	迟钝 := mentionOn("automotive", "方向盘", Negative, 0.7)
	neutral := []CategoryDim{dim("操控", 0.1, Neutral, 0.8)}
	f("转动方向盘的时候，车身的反应较迟钝", true, []Mention{迟钝}, neutral, "handling|neutral|pain||category|[0]")
	f("转动方向盘的时候，车身的反应较迟钝", false, []Mention{迟钝}, neutral, "handling|neutral|||category|[0]")
	f("方向盘很轻，操控也灵活", true, []Mention{mentionOn("automotive", "方向盘", Positive, 0.6), mentionOn("automotive", "操控", Positive, 0.9)}, neutral,
		"handling|neutral|pleasure||category|[0 1]")
	// the vote: the heavier point wins
	f("方向盘有点虚，不过操控还算灵活", true, []Mention{迟钝, mentionOn("automotive", "操控", Positive, 0.9)}, neutral, "handling|neutral|pleasure||category|[0 1]")
	// an itch mention keeps the point itch (as without the rule)
	f("方向盘要是再重一点就好了，反应较迟钝", true, []Mention{itchOn("automotive", "方向盘", Neutral, 0.9), 迟钝}, neutral, "handling|neutral|itch||category|[0 1]")
	// a mention with no point: no point
	f("换了个方向盘套", true, []Mention{mentionOn("automotive", "方向盘", Neutral, 0)}, neutral, "handling|neutral|||category|[0]")
	// a polar verdict of the classifier stands
	f("转动方向盘的时候，车身的反应较迟钝", true, []Mention{迟钝}, []CategoryDim{dim("操控", 0.1, Positive, 0.8)}, "handling|positive|pleasure||category|[0]")
}

// An add-only classifier's sure verdict gives an indicator that only pointless mentions name
// its polarity and point (Policy.CategoryAddPointless); a mention with a point keeps it off.
// Each line: the review, CategoryAddPointless, its mentions, the classifier's output, the
// entries and the number of mentions after (no implicit mention is added for it).
func TestCategoryAddPointless(t *testing.T) {
	f := func(text string, on bool, ms []Mention, added []CategoryDim, wantMentions int, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddPointless = on
		inds, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Text: text, Runes: len([]rune(text)), Mentions: ms, Added: added})
		if got := indicatorLines(inds); !reflect.DeepEqual(got, want) || len(all) != wantMentions {
			t.Errorf("%s\n got %q, %d mentions\nwant %q, %d mentions", text, got, len(all), want, wantMentions)
		}
	}
	价格 := mentionOn("ecommerce", "价格", Neutral, 0)
	贵 := []CategoryDim{dim("price", 0.02, Negative, 0.9)}
	f("这个价格买这种东西，真是交了智商税", true, []Mention{价格}, 贵, 1, "price|negative|pain||category|[0]")
	f("这个价格买这种东西，真是交了智商税", false, []Mention{价格}, 贵, 1, "price|neutral|||mentions|[0]")
	// not sure enough, or neutral: the mentions' neutral entry
	f("这个价格买这种东西，还能说什么", true, []Mention{价格}, []CategoryDim{dim("price", 0.3, Negative, 0.6)}, 1, "price|neutral|||mentions|[0]")
	f("这个价格买这种东西，还能说什么", true, []Mention{价格}, []CategoryDim{dim("price", 0.02, Neutral, 0.9)}, 1, "price|neutral|||mentions|[0]")
	// a mention with a point: the mentions decide
	f("价格太贵了，真是交了智商税", true, []Mention{mentionOn("ecommerce", "价格", Negative, 0.9)}, []CategoryDim{dim("price", 0.02, Positive, 0.9)}, 1,
		"price|negative|pain||mentions|[0]")
}
