package mention

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// dupMention builds a mention of text: term and opinion as "word@n" (the word at code point
// n) or "word" (its first occurrence), polarity, indicator ("" unplaced).
func dupMention(text, term, opinion, pol, ind string) Mention {
	at := func(s string) (string, int) {
		w, n, ok := strings.Cut(s, "@")
		if !ok {
			i := strings.Index(text, w)
			return w, len([]rune(text[:i]))
		}
		var k int
		fmt.Sscan(n, &k)
		return w, k
	}
	t, ts := at(term)
	o, os := at(opinion)
	m := Mention{Term: t, Opinion: o, Polarity: pol, Start: ts, End: ts + len([]rune(t)), OpinionStart: os, OpinionEnd: os + len([]rune(o)),
		Point: ClassifyPoint(pol, ""), Source: SourceModel}
	if ind != "" {
		m.KG, m.Source = &KGRef{Industry: "电商零售", Indicator: ind}, SourceModelKG
	}
	return m
}

// The merges of dup.go on real DEV text (the DEV read-throughs readdev, readdev3). Each
// line: the merge turned on, the sentence, its mentions as term,opinion,polarity,indicator
// (four strings each), and the mentions left as term|opinion|polarity|indicator. With every
// merge off the input must come back unchanged.
func TestDupMerges(t *testing.T) {
	f := func(on, text string, in []string, want ...string) {
		t.Helper()
		var ms []Mention
		for i := 0; i+3 < len(in); i += 4 {
			ms = append(ms, dupMention(text, in[i], in[i+1], in[i+2], in[i+3]))
		}
		var p DupPolicy
		switch on {
		case "PossessiveTerm":
			p.PossessiveTerm = true
		case "SameSpanPlaced":
			p.SameSpanPlaced = true
		case "SameSpanIndicator":
			p.SameSpanIndicator = true
		default:
			t.Fatalf("unknown merge %q", on)
		}
		sh := func(ms []Mention) []string {
			var out []string
			for _, m := range ms {
				ind := ""
				if m.KG != nil {
					ind = m.KG.Indicator
				}
				out = append(out, m.Term+"|"+m.Opinion+"|"+m.Polarity+"|"+ind)
			}
			return out
		}
		before := sh(ms)
		if got := sh(DupPolicy{}.mergeDups(slicesClone(ms), nil)); !reflect.DeepEqual(got, before) {
			t.Errorf("%s: every merge off changed %q to %q", text, before, got)
		}
		if got := sh(p.mergeDups(ms, nil)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s (%s)\n got %q\nwant %q", text, on, got, want)
		}
	}
	// PossessiveTerm: a term cut after 的 before the head that holds the opinion.
	f("PossessiveTerm", "书的印刷还不是很好 服务尚可", []string{"书的", "印刷还不是很好", "negative", "商品质量", "印刷", "还不是很好", "negative", "商品质量", "服务", "尚可", "positive", "客服态度"},
		"印刷|还不是很好|negative|商品质量", "服务|尚可|positive|客服态度")
	// … but a possessor without 的 is what the ASTE sets label (菜 / 价格适中): kept.
	f("PossessiveTerm", "菜价格适中，味道不错", []string{"菜", "价格适中", "positive", "", "价格", "适中", "positive", "价格"},
		"菜|价格适中|positive|", "价格|适中|positive|价格")
	// … and a 的-term with no head mention after it stays (the only mention of the evaluation).
	f("PossessiveTerm", "书的印刷还不是很好", []string{"书的", "印刷还不是很好", "negative", "商品质量"},
		"书的|印刷还不是很好|negative|商品质量")
	// SameSpanPlaced: one term span, one placed and one unplaced: one mention, nearest opinion.
	f("SameSpanPlaced", "钢化膜挺好的，贴起来也方便", []string{"钢化", "挺好的", "positive", "商品质量", "钢化", "贴起来", "positive", ""},
		"钢化|挺好的|positive|商品质量")
	f("SameSpanPlaced", "描金凤、英烈等都很好的，最好是DVD了", []string{"描金凤", "很好的", "positive", "", "描金凤", "最好是DVD了", "positive", "商品质量"},
		"描金凤|很好的|positive|商品质量")
	// … two placed ones (another indicator) or opposite polarities stay two.
	f("SameSpanPlaced", "卷饼也很难吃，皮厚油腻", []string{"卷饼", "很难吃", "negative", "餐品口味", "卷饼", "皮厚油腻", "negative", "餐品口味"},
		"卷饼|很难吃|negative|餐品口味", "卷饼|皮厚油腻|negative|餐品口味")
	f("SameSpanPlaced", "钢化膜挺好的，贴起来不方便", []string{"钢化", "挺好的", "positive", "商品质量", "钢化", "不方便", "negative", ""},
		"钢化|挺好的|positive|商品质量", "钢化|不方便|negative|")
	// SameSpanIndicator: one term span, one indicator, one polarity: one mention.
	f("SameSpanIndicator", "卷饼也很难吃，皮厚油腻", []string{"卷饼", "很难吃", "negative", "餐品口味", "卷饼", "皮厚油腻", "negative", "餐品口味"},
		"卷饼|很难吃|negative|餐品口味")
	f("SameSpanIndicator", "最要命的是音质太差了！", []string{"音质", "最", "negative", "产品性能", "音质", "太差了", "negative", "产品性能"},
		"音质|太差了|negative|产品性能")
	// … two spans of one word (another occurrence) stay two.
	f("SameSpanIndicator", "音质太差了，音质很烂", []string{"音质@0", "太差了", "negative", "产品性能", "音质@6", "很烂", "negative", "产品性能"},
		"音质|太差了|negative|产品性能", "音质|很烂|negative|产品性能")
}

func slicesClone(ms []Mention) []Mention { return append([]Mention(nil), ms...) }

// A merge of one sentence never reaches into another: the same term span cannot repeat, but
// the sentence test is what keeps a span-equal pair apart when starts say so.
func TestDupMergesSentences(t *testing.T) {
	text := "钢化膜挺好的，贴起来也方便"
	a := dupMention(text, "钢化", "挺好的", "positive", "商品质量")
	b := dupMention(text, "钢化", "贴起来", "positive", "")
	p := DupPolicy{SameSpanPlaced: true}
	if got := p.mergeDups([]Mention{a, b}, []int{0, 7}); len(got) != 1 {
		t.Errorf("one sentence: got %d mentions, want 1", len(got))
	}
	_, got := (&Policy{Dup: p}).Indicators(testGraph, Record{Mentions: []Mention{a, b}})
	if len(got) != 1 || got[0].Opinion != "挺好的" || got[0].KG == nil {
		t.Errorf("through Indicators: got %+v", got)
	}
}
