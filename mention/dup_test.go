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

// The record's last merges (mergeFinal; dup15, session 15) on silver r9 text. Each line:
// the merges turned on (CategoryBeside, TermInOpinion, TermlessBeside), the text, its
// mentions as term,opinion,polarity,indicator,graph (five strings each: opinion "*" is the
// whole text, a category mention when the term is "*" too; graph the indicator the graph
// gave the term before the verifier, "" none), and the mentions left as
// term|opinion|indicator. With every merge off the input comes back unchanged.
func TestDupFinal(t *testing.T) {
	f := func(on, text string, in []string, want ...string) {
		t.Helper()
		var ms []Mention
		graph := map[[4]int]string{}
		rs := []rune(text)
		for i := 0; i+4 < len(in); i += 5 {
			term, op, ind := in[i], in[i+1], in[i+3]
			var m Mention
			switch {
			case term == "*":
				m = Mention{Opinion: text, Polarity: in[i+2], End: len(rs), OpinionEnd: len(rs), Point: ClassifyPoint(in[i+2], ""), Source: SourceCategory}
			case op == "*":
				m = dupMention(text, term, term, in[i+2], "")
				m.OpinionStart, m.OpinionEnd, m.Opinion = 0, len(rs), text
			default:
				m = dupMention(text, term, op, in[i+2], "")
			}
			if term == "" {
				m = dupMention(text, op, op, in[i+2], "")
				m.Term = ""
			}
			if ind != "" {
				m.KG = &KGRef{Indicator: ind, IDs: map[string]string{"indicator": ind}}
			}
			if in[i+4] != "" {
				graph[spanKey(m)] = in[i+4]
			}
			ms = append(ms, m)
		}
		var p DupPolicy
		for _, name := range strings.Split(on, "+") {
			switch name {
			case "CategoryBeside":
				p.CategoryBeside = true
			case "TermInOpinion":
				p.TermInOpinion = true
			case "TermlessBeside":
				p.TermlessBeside = true
			default:
				t.Fatalf("unknown merge %q", name)
			}
		}
		sh := func(ms []Mention) []string {
			var out []string
			for _, m := range ms {
				ind := ""
				if m.KG != nil {
					ind = m.KG.Indicator
				}
				out = append(out, m.Term+"|"+m.Opinion+"|"+ind)
			}
			return out
		}
		before := sh(ms)
		if _, got := (DupPolicy{}).mergeFinal(nil, slicesClone(ms), graph); !reflect.DeepEqual(sh(got), before) {
			t.Errorf("%s: every merge off changed %q to %q", text, before, sh(got))
		}
		if _, got := p.mergeFinal(nil, ms, graph); !reflect.DeepEqual(sh(got), want) {
			t.Errorf("%s (%s)\n got %q\nwant %q", text, on, sh(got), want)
		}
	}
	// TermInOpinion: an unplaced graph term inside another term mention's opinion.
	f("TermInOpinion", "做工很精细值得信赖。颜色也是我喜欢的", []string{"做工", "很精细值得信赖", "positive", "商品质量", "商品质量", "信赖", "值得", "positive", "", "复购意愿", "颜色", "喜欢", "positive", "外观设计", "外观设计"},
		"做工|很精细值得信赖|商品质量", "颜色|喜欢|外观设计")
	// … the unplaced term of the same opinion, 客服 inside 谢谢客服的热情: dropped, 服务 stays.
	f("TermInOpinion", "谢谢客服的热情服务", []string{"客服", "热情服务", "positive", "", "", "服务", "谢谢客服的热情", "positive", "客服态度", "客服态度"},
		"服务|谢谢客服的热情|客服态度")
	// … but a placed term inside another's opinion is left (two indicators' words).
	f("TermInOpinion", "做工很精细值得信赖", []string{"做工", "很精细值得信赖", "positive", "商品质量", "商品质量", "信赖", "值得", "positive", "复购意愿", "复购意愿"},
		"做工|很精细值得信赖|商品质量", "信赖|值得|复购意愿")
	// … and an opposite polarity is another evaluation.
	f("TermInOpinion", "做工很精细值得信赖", []string{"做工", "很精细值得信赖", "positive", "商品质量", "商品质量", "信赖", "值得", "negative", "", ""},
		"做工|很精细值得信赖|商品质量", "信赖|值得|")
	// TermlessBeside: a term-less mention on the term mention's indicator.
	f("TermlessBeside", "花钱去买, 不值得, 建议要买的人三思", []string{"花钱", "不值得", "negative", "价格", "价格", "", "不值得", "negative", "价格", ""},
		"花钱|不值得|价格")
	// … beside a category mention too, which stays; a term-less mention elsewhere stays.
	f("TermlessBeside", "大家还是不要在网上买水果，发霉了。投诉了，等解决。", []string{"水果", "发霉", "negative", "生鲜新鲜度", "生鲜新鲜度", "", "发霉了", "negative", "生鲜新鲜度", "", "", "投诉了，等解决", "negative", "商品质量", "", "*", "*", "negative", "复购意愿", ""},
		"水果|发霉|生鲜新鲜度", "|投诉了，等解决|商品质量", "|大家还是不要在网上买水果，发霉了。投诉了，等解决。|复购意愿")
	// … but a term-less mention on another indicator is another evaluation.
	f("TermlessBeside", "失败的购物，以后再也不跟网上买衣服咯", []string{"购物", "失败的", "negative", "商品质量", "商品质量", "", "以后再也不跟网上买衣服咯", "negative", "复购意愿", ""},
		"购物|失败的|商品质量", "|以后再也不跟网上买衣服咯|复购意愿")
	// CategoryBeside: a term the graph placed elsewhere and the verifier unplaced goes; a term
	// the graph never placed (京东) is left alone.
	f("CategoryBeside", "东西是正品，也不错，挺实惠的，京东值得信赖！", []string{"京东", "值得信赖", "positive", "", "", "信赖", "值得", "positive", "", "复购意愿", "*", "*", "positive", "商品质量", ""},
		"京东|值得信赖|", "|东西是正品，也不错，挺实惠的，京东值得信赖！|商品质量")
	// … a term the graph placed on the category mention's indicator gets it back and the
	// category mention goes.
	f("CategoryBeside", "手机屏很好看", []string{"手机屏", "很好看", "positive", "", "产品性能", "*", "*", "positive", "产品性能", ""},
		"手机屏|很好看|产品性能")
}

// mergeFinal remaps the indicators' mention indexes to the mentions that stay.
func TestDupFinalIndexes(t *testing.T) {
	text := "水果发霉了，太贵"
	ms := []Mention{dupMention(text, "水果", "发霉", "negative", ""), dupMention(text, "发霉了", "发霉了", "negative", ""), dupMention(text, "太贵", "太贵", "negative", "")}
	ms[1].Term = ""
	for i, ind := range []string{"生鲜新鲜度", "生鲜新鲜度", "价格"} {
		ms[i].KG = &KGRef{Indicator: ind, IDs: map[string]string{"indicator": ind}}
	}
	out := []Indicator{{ID: "生鲜新鲜度", Mentions: []int{0, 1}}, {ID: "价格", Mentions: []int{2}}, {ID: "复购意愿", Mentions: []int{}}}
	out, kept := DupPolicy{TermlessBeside: true}.mergeFinal(out, ms, nil)
	if len(kept) != 2 || !reflect.DeepEqual(out[0].Mentions, []int{0}) || !reflect.DeepEqual(out[1].Mentions, []int{1}) || len(out[2].Mentions) != 0 || out[2].Mentions == nil {
		t.Errorf("got %d mentions, indicators %+v", len(kept), out)
	}
}
