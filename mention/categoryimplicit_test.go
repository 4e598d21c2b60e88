package mention

import (
	"fmt"
	"reflect"
	"testing"
	"unicode/utf8"
)

// TestImplicitMentions: with CategoryAddMentions an add-only verdict that passes the emission
// thresholds is also a mention with no term, at the sentence where the classifier finds its
// dimension most present (trimmed of punctuation), with the indicator's polarity and point;
// none where a term mention covers the indicator or the verdict is below the thresholds.
func TestImplicitMentions(t *testing.T) {
	const text = "东西收到了，质量不错。发货十天左右才到！" // sentences [0, 11) and [11, 20)
	starts, ends := []int{0, 11}, []int{11, 20}
	f := func(emit float64, sents [][]CategoryDim, added []CategoryDim, ms []Mention, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddPresence, p.CategoryAddPolarity = 0.9, 0.7
		p.CategoryAddMentions, p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity = emit > 0, emit, 0.7
		r := Record{Industry: "ecommerce", Text: text, Runes: utf8.RuneCountInString(text), Mentions: ms, Added: added,
			SentenceStarts: starts, SentenceEnds: ends, SentenceAdded: sents}
		inds, all := p.Indicators(testGraph, r)
		got := []string{}
		rs := []rune(text)
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s", x.ID, x.Point, x.Source))
			for _, i := range x.Mentions {
				if m := all[i]; m.Term == "" {
					got = append(got, fmt.Sprintf("  %s|%s|%s|[%s]", m.KG.IDs["indicator"], m.Polarity, m.Point, string(rs[m.Start:m.End])))
					if m.Opinion != string(rs[m.Start:m.End]) || m.OpinionStart != m.Start || m.OpinionEnd != m.End {
						t.Errorf("implicit mention's opinion is not its sentence: %+v", m)
					}
				}
			}
		}
		if !reflect.DeepEqual(got, append([]string{}, want...)) {
			t.Errorf("\n got %q\nwant %q", got, want)
		}
	}
	late := []CategoryDim{dim("delivery_time", 0.02, Negative, 0.9)}
	bySent := [][]CategoryDim{{dim("delivery_time", 0.9, Negative, 0.05)}, {dim("delivery_time", 0.05, Negative, 0.9)}}
	// the sentence that speaks of delivery, without its 「！」
	f(0.95, bySent, late, nil, "delivery_time|pain|category", "  delivery_time|negative|pain|[发货十天左右才到]")
	// mentions off, or the verdict under the emission presence (0.93 < 0.95): the indicator only
	f(0, bySent, late, nil, "delivery_time|pain|category")
	f(0.95, bySent, []CategoryDim{dim("delivery_time", 0.07, Negative, 0.9)}, nil, "delivery_time|pain|category")
	// an emission presence below the indicator's: the mention makes its indicator too
	f(0.8, bySent, []CategoryDim{dim("delivery_time", 0.15, Negative, 0.8)}, nil, "delivery_time|pain|category", "  delivery_time|negative|pain|[发货十天左右才到]")
	// not polar enough (0.6 of the polar mass < 0.7): nothing
	f(0.8, bySent, []CategoryDim{dim("delivery_time", 0.15, Negative, 0.5)}, nil)
	// a term mention covers the indicator: no implicit mention beside it
	f(0.95, bySent, late, []Mention{mentionOn("ecommerce", "物流", Negative, 0.9)}, "delivery_time|pain|mentions")
	// sentences not scored one by one: the whole record
	f(0.95, nil, late, nil, "delivery_time|pain|category", "  delivery_time|negative|pain|[东西收到了，质量不错。发货十天左右才到！]")
	// a praise placed at the first sentence
	f(0.95, [][]CategoryDim{{dim("product_quality", 0.01, Positive, 0.95)}, {dim("product_quality", 0.6, Positive, 0.3)}},
		[]CategoryDim{dim("product_quality", 0.01, Positive, 0.95)}, nil, "product_quality|pleasure|category", "  product_quality|positive|pleasure|[东西收到了，质量不错]")
}

// implicitSpan and trimSpan: one sentence, sentences unknown, punctuation-only spans.
func TestImplicitSpan(t *testing.T) {
	f := func(text string, starts, ends []int, want string) {
		t.Helper()
		rs := []rune(text)
		s, e := implicitSpan(Record{Text: text, Runes: len(rs), SentenceStarts: starts, SentenceEnds: ends}, "price")
		if got := string(rs[s:e]); got != want {
			t.Errorf("%q %v %v: got [%s] want [%s]", text, starts, ends, got, want)
		}
	}
	f("价格太贵了。", []int{0}, []int{6}, "价格太贵了")
	f("  价格太贵了！！", []int{0}, []int{9}, "价格太贵了")
	f("价格太贵了。", nil, nil, "价格太贵了。")
	f("价格太贵了。", []int{0}, nil, "价格太贵了。") // ends unknown: the record
	f("。。。", []int{0}, []int{3}, "。。。")  // nothing but punctuation: the span as it is
}

// TestImplicitIndustries: implicit mentions are emitted only for records of an industry
// listed in CategoryAddMentionIndustries (default [ecommerce]); a record of
// another industry keeps the added indicator without a mention; an empty list emits none.
func TestImplicitIndustries(t *testing.T) {
	f := func(industries []string, industry, text string, added CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddMentions = true
		if industries != nil {
			p.CategoryAddMentionIndustries = industries
		}
		n := utf8.RuneCountInString(text)
		r := Record{Industry: industry, Text: text, Runes: n, Added: []CategoryDim{added},
			SentenceStarts: []int{0}, SentenceEnds: []int{n}}
		inds, all := p.Indicators(testGraph, r)
		got := []string{}
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s", x.ID, x.Point, x.Source))
			for _, i := range x.Mentions {
				if m := all[i]; m.Term == "" {
					got = append(got, fmt.Sprintf("  %s|%s|%s", m.KG.IDs["indicator"], m.Point, m.Opinion))
				}
			}
		}
		if !reflect.DeepEqual(got, append([]string{}, want...)) {
			t.Errorf("%v %s: got %q want %q", industries, industry, got, want)
		}
		if c := p.ImplicitCandidate(industry, false, added); c != (len(want) > 1) {
			t.Errorf("%v %s: ImplicitCandidate %v", industries, industry, c)
		}
	}
	late := dim("delivery_time", 0.02, Negative, 0.9)
	// the default list, [ecommerce]: food_delivery keeps its indicator only
	f(nil, "ecommerce", "等了十天才到", late, "delivery_time|pain|category", "  delivery_time|pain|等了十天才到")
	f(nil, "food_delivery", "等了两个小时才送到", late, "delivery_time|pain|category")
	// both listed: both industries get their mention
	f([]string{"ecommerce", "food_delivery"}, "food_delivery", "等了两个小时才送到", late, "delivery_time|pain|category", "  delivery_time|pain|等了两个小时才送到")
	// ecommerce alone: food_delivery keeps its indicator only
	f([]string{"ecommerce"}, "ecommerce", "等了十天才到", late, "delivery_time|pain|category", "  delivery_time|pain|等了十天才到")
	f([]string{"ecommerce"}, "food_delivery", "等了两个小时才送到", late, "delivery_time|pain|category")
	// food_delivery alone: ecommerce keeps its indicator only
	f([]string{"food_delivery"}, "ecommerce", "等了十天才到", late, "delivery_time|pain|category")
	// an empty list: no mention anywhere
	f([]string{}, "ecommerce", "等了十天才到", late, "delivery_time|pain|category")
	// a record with no industry maps to no indicator and is in no list
	f([]string{"ecommerce", "food_delivery"}, "", "等了十天才到", late)
}

// TestImplicitDefaults: analyze's policy emits implicit category mentions in ecommerce only,
// at 0.95/0.7 (session 14, bench/results/notes/lead14-s14-implicitD-shiprule.md).
func TestImplicitDefaults(t *testing.T) {
	p := DefaultPolicy()
	if !p.CategoryAddMentions || p.CategoryAddMentionPresence != 0.95 || p.CategoryAddMentionPolarity != 0.7 ||
		!reflect.DeepEqual(p.CategoryAddMentionIndustries, []string{"ecommerce"}) {
		t.Errorf("implicit mention defaults: on %v at %v/%v in %q", p.CategoryAddMentions, p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity, p.CategoryAddMentionIndustries)
	}
}

// TestImplicitNotInConversation: a conversation turn (a customer's chat or call turn) keeps an
// add-only verdict as a record-level indicator with no mention; written text gets the mention.
func TestImplicitNotInConversation(t *testing.T) {
	f := func(conversational bool, text string, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddMentions, p.CategoryAddMentionIndustries = true, []string{"ecommerce"}
		n := utf8.RuneCountInString(text)
		r := Record{Industry: "ecommerce", Text: text, Runes: n, Conversational: conversational,
			Added: []CategoryDim{dim("delivery_time", 0.02, Negative, 0.9)}, SentenceStarts: []int{0}, SentenceEnds: []int{n}}
		inds, all := p.Indicators(testGraph, r)
		got := []string{}
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%d", x.ID, x.Point, len(x.Mentions)))
		}
		if !reflect.DeepEqual(got, want) || len(all) != len(inds[0].Mentions) {
			t.Errorf("conversational %v %s: got %q, %d mentions; want %q", conversational, text, got, len(all), want)
		}
		if c := p.ImplicitCandidate("ecommerce", conversational, r.Added[0]); c == conversational {
			t.Errorf("conversational %v: ImplicitCandidate %v", conversational, c)
		}
	}
	f(false, "等了十天才到", "delivery_time|pain|1")
	f(true, "等了十天才到", "delivery_time|pain|0")
	f(true, "怎么六天了还没有信息", "delivery_time|pain|0")
}
