package mention

import (
	"fmt"
	"reflect"
	"testing"
)

// TestCategoryPlace: an unplaced aspect-model term is placed on the one uncovered indicator
// the add-only classifier is sure of with the term's polarity; nothing else is placed, and
// no mention is added (place12, session 12).
func TestCategoryPlace(t *testing.T) {
	f := func(presence, polarity float64, onlyOne bool, ms []Mention, added []CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddPresence, p.CategoryAddPolarity = 0.9, 0.7
		p.CategoryPlacePresence, p.CategoryPlacePolarity, p.CategoryPlaceOnlyOne = presence, polarity, onlyOne
		inds, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Runes: 12, Mentions: ms, Added: added})
		if len(all) != len(ms) {
			t.Errorf("%d mentions in, %d out", len(ms), len(all))
		}
		var got []string
		for _, m := range all {
			if m.KG != nil && m.Source == SourceModel {
				if m.Term == "" {
					t.Errorf("a term-less mention was placed: %+v", m)
				}
				got = append(got, fmt.Sprintf("%s→%s", m.Term, m.KG.IDs["indicator"]))
			}
		}
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s|%s|%v|%.2f", x.ID, x.Polarity, x.Point, x.Source, x.Mentions, x.Score))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	term := func(term, opinion, pol, point string) Mention {
		return Mention{Term: term, Opinion: opinion, Polarity: pol, Point: point, Confidence: 0.8, Source: SourceModel}
	}
	套书 := term("套书", "太乱", Negative, PointPain)
	美观 := term("美观", "大方", Positive, PointPleasure)
	质量差 := dim("product_quality", 0.05, Negative, 0.9)
	// sure, uncovered, the term's polarity: placed, and the indicator keeps the verdict with it
	f(0.9, 0.7, false, []Mention{套书}, []CategoryDim{质量差}, "套书→product_quality", "product_quality|negative|pain|category|[0]|0.95")
	f(0.9, 0.7, true, []Mention{套书}, []CategoryDim{质量差}, "套书→product_quality", "product_quality|negative|pain|category|[0]|0.95")
	// off (presence 0): the indicator is added with no mention, the term stays unplaced
	f(0, 0.7, false, []Mention{套书}, []CategoryDim{质量差}, "product_quality|negative|pain|category|[]|0.95")
	// the other polarity, a neutral term, an itch, a term-less mention, an agent's term: not placed
	f(0.9, 0.7, false, []Mention{美观}, []CategoryDim{质量差}, "product_quality|negative|pain|category|[]|0.95")
	f(0.9, 0.7, false, []Mention{term("套书", "", Neutral, "")}, []CategoryDim{质量差}, "product_quality|negative|pain|category|[]|0.95")
	f(0.9, 0.7, false, []Mention{term("套书", "希望", Negative, PointItch)}, []CategoryDim{质量差}, "product_quality|negative|pain|category|[]|0.95")
	f(0.9, 0.7, false, []Mention{term("", "太乱", Negative, PointPain)}, []CategoryDim{质量差}, "product_quality|negative|pain|category|[]|0.95")
	agent := 套书
	agent.Role = "agent"
	f(0.9, 0.7, false, []Mention{agent}, []CategoryDim{质量差}, "product_quality|negative|pain|category|[]|0.95")
	// below the placement's presence: nothing placed, nothing added (add needs 0.9 too)
	f(0.9, 0.7, false, []Mention{套书}, []CategoryDim{dim("product_quality", 0.2, Negative, 0.75)})
	// a lower placement presence places where the indicator alone would not be added
	f(0.7, 0.7, false, []Mention{套书}, []CategoryDim{dim("product_quality", 0.2, Negative, 0.75)}, "套书→product_quality", "product_quality|negative|pain|category|[0]|0.94")
	// a mention already covers the indicator: the term is not placed on it
	物流 := mentionOn("ecommerce", "物流", Negative, 0.9)
	f(0.9, 0.7, false, []Mention{物流, 套书}, []CategoryDim{dim("delivery_time", 0.05, Negative, 0.9)}, "delivery_time|negative|pain|mentions|[0]|0.90")
	// two uncovered verdicts of the term's polarity: not placed
	f(0.9, 0.7, false, []Mention{套书}, []CategoryDim{质量差, dim("price", 0.05, Negative, 0.9)},
		"price|negative|pain|category|[]|0.95", "product_quality|negative|pain|category|[]|0.95")
	// one of each polarity: each term takes its own (each), or none is placed (only one)
	f(0.9, 0.7, false, []Mention{套书, 美观}, []CategoryDim{质量差, dim("price", 0.05, Positive, 0.9)},
		"套书→product_quality", "美观→price", "price|positive|pleasure|category|[1]|0.95", "product_quality|negative|pain|category|[0]|0.95")
	f(0.9, 0.7, true, []Mention{套书, 美观}, []CategoryDim{质量差, dim("price", 0.05, Positive, 0.9)},
		"price|positive|pleasure|category|[]|0.95", "product_quality|negative|pain|category|[]|0.95")
}

// TestCategoryPlaceClause: with CategoryPlaceClause the verdicts are the classifier's on each
// term's own clause (Record.PlaceDims by span), never the record's.
func TestCategoryPlaceClause(t *testing.T) {
	f := func(ms []Mention, added []CategoryDim, clause map[[2]int][]CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryPlacePresence, p.CategoryPlacePolarity, p.CategoryPlaceClause = 0.9, 0.7, true
		p.IndVerify = nil // the placement alone (the verifier: indverify_test.go)
		inds, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Runes: 20, Mentions: ms, Added: added, PlaceDims: clause})
		var got []string
		for _, m := range all {
			if m.KG != nil && m.Source == SourceModel {
				got = append(got, fmt.Sprintf("%s→%s", m.Term, m.KG.IDs["indicator"]))
			}
		}
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%v", x.ID, x.Source, x.Mentions))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	at := func(term string, start int, pol, point string) Mention {
		return Mention{Term: term, Polarity: pol, Point: point, Start: start, End: start + len([]rune(term)), Confidence: 0.8, Source: SourceModel}
	}
	套书 := at("套书", 1, Negative, PointPain)
	质量差 := dim("product_quality", 0.05, Negative, 0.9)
	价格贵 := dim("price", 0.05, Negative, 0.9)
	// the term's clause is sure of 商品质量: placed there, whatever the record says
	f([]Mention{套书}, []CategoryDim{价格贵}, map[[2]int][]CategoryDim{{1, 3}: {质量差}}, "套书→product_quality", "price|category|[]", "product_quality|category|[0]")
	// the record is sure of 商品质量, the clause of nothing: not placed
	f([]Mention{套书}, []CategoryDim{质量差}, map[[2]int][]CategoryDim{{1, 3}: {dim("product_quality", 0.5, Negative, 0.4)}}, "product_quality|category|[]")
	// no clause verdict for this span (another term's): not placed
	f([]Mention{套书}, []CategoryDim{质量差}, map[[2]int][]CategoryDim{{5, 7}: {质量差}}, "product_quality|category|[]")
	// the clause is sure of two indicators of the term's polarity: not placed
	f([]Mention{套书}, nil, map[[2]int][]CategoryDim{{1, 3}: {质量差, 价格贵}})
}

// TestTermClause: the clause the classifier reads for a term.
func TestTermClause(t *testing.T) {
	f := func(text string, start, end int, want string) {
		t.Helper()
		if got := TermClause(text, start, end); got != want {
			t.Errorf("TermClause(%q, %d, %d) = %q, want %q", text, start, end, got, want)
		}
	}
	f("这套书太乱，女儿一点看的兴趣都没有。", 1, 3, "这套书太乱")
	f("喝了好几年快乐柠檬,本人还是更喜欢茶类冰饮,给配送员赞一个", 17, 21, "本人还是更喜欢茶类冰饮")
	f("物流很快但是包装太差", 6, 8, "但是包装太差")
	f("包装", 0, 2, "包装")
	f("包装", 1, 5, "")
	f("包装", 1, 1, "")
}
