package mention

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
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
// listed in CategoryAddMentionIndustries (default [ecommerce, food_delivery]); a record of
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
	// the default list, [ecommerce, food_delivery] (food_delivery within its scope: 送 is delivery text)
	f(nil, "ecommerce", "等了十天才到", late, "delivery_time|pain|category", "  delivery_time|pain|等了十天才到")
	f(nil, "food_delivery", "等了两个小时才送到", late, "delivery_time|pain|category", "  delivery_time|pain|等了两个小时才送到")
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

// TestImplicitDefaults: analyze's policy emits implicit category mentions in ecommerce
// (session 14, bench/results/notes/lead14-s14-implicitD-shiprule.md) and food_delivery within
// FoodDeliveryScope (session 15, food15-s15-shiprule.md), at 0.95/0.7.
func TestImplicitDefaults(t *testing.T) {
	p := DefaultPolicy()
	if !p.CategoryAddMentions || p.CategoryAddMentionPresence != 0.95 || p.CategoryAddMentionPolarity != 0.7 ||
		!reflect.DeepEqual(p.CategoryAddMentionIndustries, []string{"ecommerce", "food_delivery"}) ||
		!reflect.DeepEqual(p.CategoryAddMentionScope, map[string]ImplicitScope{"food_delivery": FoodDeliveryScope()}) {
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

// TestImplicitScope: food_delivery's implicit mentions (CategoryAddMentionScope, default
// FoodDeliveryScope) go everywhere in delivery text and elsewhere only at a sentence with no
// term mention; ecommerce has no scope. Texts from silver_food_delivery_r5 (delivery) and the
// ASTE train carve (dine-in), the two-sentence one joined from two carve sentences. Each case:
// scope on?, industry, text, sentence ends, the sentence the dimension sits at (-1: not
// scored), term mentions (term@start), added dimension, want.
func TestImplicitScope(t *testing.T) {
	f := func(scoped bool, industry, text string, ends []int, at int, terms []string, added CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.CategoryAddMentions, p.CategoryAddMentionIndustries = true, []string{"ecommerce", "food_delivery"}
		if !scoped {
			p.CategoryAddMentionScope = nil
		}
		rs := []rune(text)
		r := Record{Industry: industry, Text: text, Runes: len(rs), Added: []CategoryDim{added}, SentenceEnds: ends}
		for k := range ends {
			r.SentenceStarts = append(r.SentenceStarts, 0)
			if k > 0 {
				r.SentenceStarts[k] = ends[k-1]
			}
		}
		if at >= 0 {
			r.SentenceAdded = make([][]CategoryDim, len(ends))
			for k := range ends {
				d := dim(added.Name, 0.9, Positive, 0.05)
				if k == at {
					d = added
				}
				r.SentenceAdded[k] = []CategoryDim{d}
			}
		}
		for _, tm := range terms {
			term, pos, _ := strings.Cut(tm, "@")
			start, _ := strconv.Atoi(pos)
			r.Mentions = append(r.Mentions, Mention{Term: term, Start: start, End: start + utf8.RuneCountInString(term),
				Polarity: Neutral, Confidence: 0.9, Source: SourceModel})
		}
		inds, all := p.Indicators(testGraph, r)
		got := []string{}
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s", x.ID, x.Point))
			for _, i := range x.Mentions {
				if m := all[i]; m.Term == "" {
					got = append(got, fmt.Sprintf("  [%s]", string(rs[m.Start:m.End])))
				}
			}
		}
		if !reflect.DeepEqual(got, append([]string{}, want...)) {
			t.Errorf("%v %s %q: got %q want %q", scoped, industry, text, got, want)
		}
	}
	late, fast, back := dim("delivery_time", 0.02, Negative, 0.9), dim("delivery_time", 0.02, Positive, 0.9), dim("loyalty", 0.02, Positive, 0.9)
	// delivery text (送), no term: the mention
	f(true, "food_delivery", "送错而且花了1个半小时", []int{11}, 0, nil, late, "delivery_time|pain", "  [送错而且花了1个半小时]")
	// delivery text with a term in the sentence: still the mention (in the classifier's domain)
	f(true, "food_delivery", "送餐小哥态度不错，就是太慢了", []int{14}, 0, []string{"送餐小哥@0"}, late, "delivery_time|pain", "  [送餐小哥态度不错，就是太慢了]")
	// delivery and dine-in words (店里): out of the domain, a term in the sentence: the indicator only
	f(true, "food_delivery", "小鱼府一贯的伎俩，送太迟了，就说打电话关机，然后用店里的座机打过来解释一通，真心受不了", []int{44}, 0, []string{"座机@27"}, late, "delivery_time|pain")
	// dine-in text (上菜), a term in the sentence: the indicator only; with no scope, the mention
	f(true, "food_delivery", "上菜速度比较快，不知道菜品是当时做的。", []int{19}, 0, []string{"上菜速度@0"}, fast, "delivery_time|pleasure")
	f(false, "food_delivery", "上菜速度比较快，不知道菜品是当时做的。", []int{19}, 0, []string{"上菜速度@0"}, fast, "delivery_time|pleasure", "  [上菜速度比较快，不知道菜品是当时做的]")
	// dine-in text with no term: the mention (nothing else speaks of it)
	f(true, "food_delivery", "下次我还会去的。", []int{8}, 0, nil, back, "loyalty|pleasure", "  [下次我还会去的]")
	// two sentences out of the domain: at the one with no term, yes; at the one with the term, no
	f(true, "food_delivery", "服务热情，上菜真的特别快。下次我还会去的。", []int{13, 21}, 1, []string{"服务@0", "上菜@5"}, back, "loyalty|pleasure", "  [下次我还会去的]")
	f(true, "food_delivery", "服务热情，上菜真的特别快。下次我还会去的。", []int{13, 21}, 0, []string{"服务@0", "上菜@5"}, back, "loyalty|pleasure")
	// sentences not scored yet (the engine's trial run): one sentence has no term, so a mention may come
	f(true, "food_delivery", "服务热情，上菜真的特别快。下次我还会去的。", []int{13, 21}, -1, []string{"服务@0", "上菜@5"}, back, "loyalty|pleasure", "  [服务热情，上菜真的特别快。下次我还会去的。]")
	f(true, "food_delivery", "服务热情，上菜真的特别快。下次我还会去的。", []int{13, 21}, -1, []string{"服务@0", "上菜@5", "下次@13"}, back, "loyalty|pleasure")
	// ecommerce has no scope: a term in the sentence does not stop its mention
	f(true, "ecommerce", "物流太慢了，等了十天才到", []int{12}, 0, []string{"物流@0"}, late, "delivery_time|pain", "  [物流太慢了，等了十天才到]")
}

// ImplicitScope.inDomain: a word of In and none of Out.
func TestImplicitScopeInDomain(t *testing.T) {
	s := FoodDeliveryScope()
	f := func(text string, want bool) {
		t.Helper()
		if got := s.inDomain(text); got != want {
			t.Errorf("%s: got %v want %v", text, got, want)
		}
	}
	f("送错而且花了1个半小时", true)
	f("外卖小哥很准时", true)
	f("还行吧，一般般，量很少", false)             // no delivery word
	f("上菜很快", false)                    // dine-in
	f("跟在店里吃的完全不一样,菜都没放盐,送来也凉了", false) // both: not in the domain
	f("到店就送上凉凉的绿豆汤，加了桂花的好香", false)     // 送 beside 到店
	f("", false)
	if (ImplicitScope{}).inDomain("送错而且花了1个半小时") {
		t.Error("an empty scope has no domain")
	}
}
