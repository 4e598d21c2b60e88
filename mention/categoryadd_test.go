package mention

import (
	"fmt"
	"reflect"
	"testing"
)

// TestCategoryAdd: an add-only classifier (dimension names are indicator ids) adds a
// record-level indicator only where it is present and polar enough and no mention covers
// the indicator; it never changes what the mentions say.
func TestCategoryAdd(t *testing.T) {
	f := func(presence, polarity float64, ms []Mention, added []CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddPresence, p.CategoryAddPolarity = presence, polarity
		p.CategoryAddMentions = true
		p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity = 0, 0 // 0: the indicator's thresholds
		inds, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Runes: 12, Mentions: ms, Added: added})
		var got []string
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s|%s|%v|%.2f", x.ID, x.Polarity, x.Point, x.Source, x.Mentions, x.Score))
			for _, i := range x.Mentions {
				if m := all[i]; m.KG == nil || m.KG.IDs["indicator"] != x.ID || (x.Source == SourceCategory && (m.Source != SourceCategory || m.End != 12 || m.Point != x.Point)) {
					t.Errorf("indicator %s cites mention %d %+v", x.ID, i, m)
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	物流 := mentionOn("ecommerce", "物流", Negative, 0.9)
	// present (1 − 0.1 ≥ 0.8) and negative (0.7 of 0.9 = 0.78 ≥ 0.6): a pain is added
	f(0.8, 0.6, nil, []CategoryDim{dim("delivery_time", 0.1, Negative, 0.7)}, "delivery_time|negative|pain|category|[0]|0.78")
	f(0.8, 0.6, nil, []CategoryDim{dim("price", 0.05, Positive, 0.9)}, "price|positive|pleasure|category|[0]|0.95")
	// not present enough, or not polar enough, or neutral: nothing
	f(0.8, 0.6, nil, []CategoryDim{dim("delivery_time", 0.3, Negative, 0.7)})
	f(0.8, 0.6, nil, []CategoryDim{dim("delivery_time", 0.1, Negative, 0.45)})
	f(0.8, 0.6, nil, []CategoryDim{dim("delivery_time", 0.1, Neutral, 0.8)})
	// a mention covers the indicator: the mentions' verdict stands, even against the model
	f(0.8, 0.6, []Mention{物流}, []CategoryDim{dim("delivery_time", 0.05, Positive, 0.9)}, "delivery_time|negative|pain|mentions|[0]|0.90")
	// another indicator is still added beside the mentions
	f(0.8, 0.6, []Mention{物流}, []CategoryDim{dim("delivery_time", 0.05, Positive, 0.9), dim("price", 0.05, Negative, 0.9)},
		"delivery_time|negative|pain|mentions|[0]|0.90", "price|negative|pain|category|[1]|0.95")
	// an id the pack does not have, and presence 0 (off): nothing
	f(0.8, 0.6, nil, []CategoryDim{dim("no_such_indicator", 0.05, Negative, 0.9)})
	f(0, 0.6, nil, []CategoryDim{dim("delivery_time", 0.05, Negative, 0.9)})
}

// TestCategoryAddIndicatorsOnly: with CategoryAddMentions off (on by default in ecommerce
// since session 14; off here) an add-only verdict is a record-level indicator that cites no mention, and no term-less mention is
// appended; the mentions are the text's own.
func TestCategoryAddIndicatorsOnly(t *testing.T) {
	f := func(ms []Mention, added []CategoryDim, wantMentions int, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddPresence, p.CategoryAddPolarity = 0.8, 0.6
		p.CategoryAddMentions = false
		inds, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Runes: 12, Mentions: ms, Added: added})
		var got []string
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s|%s|%v", x.ID, x.Polarity, x.Point, x.Source, x.Mentions))
		}
		if !reflect.DeepEqual(got, want) || len(all) != wantMentions {
			t.Errorf("\n got %q, %d mentions\nwant %q, %d mentions", got, len(all), want, wantMentions)
		}
	}
	物流 := mentionOn("ecommerce", "物流", Negative, 0.9)
	f(nil, []CategoryDim{dim("delivery_time", 0.1, Negative, 0.7)}, 0, "delivery_time|negative|pain|category|[]")
	f([]Mention{物流}, []CategoryDim{dim("delivery_time", 0.05, Positive, 0.9), dim("price", 0.05, Positive, 0.9)}, 1,
		"delivery_time|negative|pain|mentions|[0]", "price|positive|pleasure|category|[]")
	f(nil, []CategoryDim{dim("delivery_time", 0.1, Neutral, 0.8)}, 0)
}
