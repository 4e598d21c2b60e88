package mention

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// named runs the default policy on one sentence with named aspects; probs are the
// aspect-polarity model's answers for the first spans, in order (nil: no model; spans the
// case leaves out get an unsure verdict).
func named(industry string, s Sentence, names []string, probs ...[3]float32) []Mention {
	s.Named = names
	d := defaultPolicy().Plan(testGraph, industry, s)
	var pr [][3]float32
	if probs != nil {
		pr = make([][3]float32, len(d.Spans()))
		for i := range pr {
			pr[i] = [3]float32{0.3, 0.4, 0.3}
		}
		copy(pr, probs)
	}
	return d.Mentions(pr)
}

// showSrc is show with the source: term|opinion|polarity|point|indicator|source.
func showSrc(ms []Mention) []string {
	out := show(ms)
	for i, m := range ms {
		out[i] += "|" + m.Source
	}
	return out
}

// Each line: industry, sentence, sentiment, named terms (comma separated), expected
// mentions as term|opinion|polarity|point|indicator|source. No aspect-polarity model.
func TestNamedAspects(t *testing.T) {
	f := func(industry, text, sentiment, names string, want ...string) {
		t.Helper()
		got := showSrc(named(industry, sentence(text, sentiment, 0.9), strings.Split(names, ",")))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s [%s]\n got %q\nwant %q", text, names, got, want)
		}
	}
	// A named graph term: the same opinion, polarity, point and indicator as the policy
	// gives it, marked named, once (merged with the graph term, not beside it).
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", "物流", "物流|太慢|negative|pain|配送时效|named", "包装|很结实|positive|pleasure|包装|kg")
	// Nobody evaluates it: still reported, neutral with no point (DropBare drops the same
	// term when it is not named).
	f("ecommerce", "快递昨天到了，东西质量很好", "positive", "快递", "快递||neutral||配送时效|named", "质量|很好|positive|pleasure|商品质量|kg")
	f("ecommerce", "快递昨天到了，东西质量很好", "positive", "", "质量|很好|positive|pleasure|商品质量|kg")
	// A named term not in the text produces nothing.
	f("ecommerce", "屏幕不错", "positive", "电池", "屏幕|不错|positive|pleasure|产品性能|kg")
	// A term the graph does not know: its own opinion, no indicator.
	f("ecommerce", "老师讲得很好", "positive", "老师", "老师|讲得很好|positive|pleasure||named")
	// A longer graph term around the named one places it, and is not kept beside it.
	f("ecommerce", "客服态度很差", "negative", "客服", "客服|很差|negative|pain|客服态度|named")
	// Overlapping named terms: the longest.
	f("ecommerce", "电池续航太短了", "negative", "电池,电池续航", "电池续航|太短|negative|pain|产品性能|named")
	// One mention per occurrence; identical repeats merged.
	f("ecommerce", "物流快，物流真的快", "positive", "物流", "物流|快|positive|pleasure|配送时效|named")
	f("ecommerce", "物流快，但是物流费太贵", "neutral", "物流", "物流|快|positive|pleasure|配送时效|named", "物流|太贵|negative|pain|配送时效|named")
	// One character only on word boundaries: 菜 in 蔬菜 is none.
	f("food_delivery", "菜很好吃", "positive", "菜", "菜|很好吃|positive|pleasure|餐品口味|named")
	f("ecommerce", "蔬菜很新鲜", "positive", "菜", "新鲜||positive|pleasure|生鲜新鲜度|kg")
	// ASCII in either case; spelled as written.
	f("ecommerce", "APP老是闪退", "negative", "app", "APP||neutral||购物APP体验|named", "闪退||negative|pain|购物APP体验|kg")
	// The policy's other rules hold: direction, wish, question, advertisement.
	f("automotive", "油耗有点高", "positive", "油耗", "油耗|有点高|negative|pain|油耗|named")
	f("ecommerce", "希望物流能快一点", "neutral", "物流", "物流||neutral|itch|配送时效|named")
	f("ecommerce", "物流速度快吗", "neutral", "物流", "物流|快|neutral||配送时效|named") // 速度快 would cut the term 物流速度 (cutsTerm)
	f("ecommerce", "欢迎光临本店，即日起全场包邮，物流超快", "positive", "物流", "物流|超快|neutral||配送时效|named")
	f("ecommerce", "欢迎光临本店，即日起全场包邮，物流超快", "positive", "")
}

// TestNamedMergesTriplets: a model triplet on the named characters is merged into the
// named mention (its opinion, its polarity without the aspect-polarity model).
func TestNamedMergesTriplets(t *testing.T) {
	f := func(text, names string, tr Mention, want ...string) {
		t.Helper()
		got := showSrc(named("ecommerce", sentence(text, "positive", 0.9, tr), strings.Split(names, ",")))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s [%s]\n got %q\nwant %q", text, names, got, want)
		}
	}
	f("屏幕显示很清晰", "屏幕", triplet("屏幕显示很清晰", "屏幕显示", "很清晰", "positive"), "屏幕|很清晰|positive|pleasure|产品性能|named")
	f("这款耳机音效很震撼", "音效", triplet("这款耳机音效很震撼", "音效", "很震撼", "positive"), "音效|很震撼|positive|pleasure||named")
	f("这款耳机音效很震撼", "", triplet("这款耳机音效很震撼", "音效", "很震撼", "positive"), "音效|很震撼|positive|pleasure||model")
}

// TestNamedPolarityModel: the aspect-polarity model decides a named span at MinProb; in
// a clause without an opinion word a non-neutral verdict needs NoOpinionMinProb, else
// neutral.
func TestNamedPolarityModel(t *testing.T) {
	f := func(text, names string, pr [3]float32, want ...string) {
		t.Helper()
		got := showSrc(named("ecommerce", sentence(text, "neutral", 0.6), strings.Split(names, ","), pr))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s [%s] %v\n got %q\nwant %q", text, names, pr, got, want)
		}
	}
	f("电池一天一充", "电池", [3]float32{0.05, 0.1, 0.85}, "电池||positive|pleasure|产品性能|named")
	f("电池一天一充", "电池", [3]float32{0.3, 0.25, 0.45}, "电池||neutral||产品性能|named")
	f("电池一天一充", "电池", [3]float32{0.45, 0.1, 0.45}, "电池||neutral||产品性能|named")
	// Below MinProb, an opinion in the clause decides (its lexicon polarity).
	f("屏幕显示很清晰", "屏幕", [3]float32{0.3, 0.25, 0.45}, "屏幕|很清晰|positive|pleasure|产品性能|named")
	f("等了三天才送到，物流", "物流", [3]float32{0.55, 0.25, 0.2}, "物流||negative|pain|配送时效|named")
	f("物流太慢了", "物流", [3]float32{0.1, 0.1, 0.8}, "物流|太慢|positive|pleasure|配送时效|named")
}

// TestNamedTerms: the named list is checked and normalised; bad items are errors that
// name them.
func TestNamedTerms(t *testing.T) {
	f := func(in []string, want string) {
		t.Helper()
		got, err := defaultPolicy().Named.NamedTerms(in)
		s := fmt.Sprintf("%q", got)
		if err != nil {
			s = "error: " + err.Error()
		}
		if !strings.HasPrefix(s, want) {
			t.Errorf("%q: got %s, want %s…", in, s, want)
		}
	}
	f(nil, "[]")
	f([]string{"屏幕", " 电池 ", "屏幕"}, `["屏幕" "电池"]`)
	f([]string{"ＡＰＰ"}, `["APP"]`)
	f([]string{"屏幕", "  "}, "error: aspects[1]")
	f([]string{strings.Repeat("长", 33)}, "error: aspects[0] is 33 characters long")
	f([]string{"a\xffb"}, "error: aspects[0]")
	many := make([]string, 65)
	for i := range many {
		many[i] = fmt.Sprint("词", i)
	}
	f(many, "error: 65 aspects")
}

// FuzzNamedTerms: any list gives terms or an error, never a panic; terms are non-empty
// and unique.
func FuzzNamedTerms(f *testing.F) {
	f.Add("屏幕,电池", "物流太慢了")
	f.Add("菜,,ＡＰＰ", "APP老是闪退，菜很好吃")
	f.Fuzz(func(t *testing.T, list, text string) {
		terms, err := defaultPolicy().Named.NamedTerms(strings.Split(list, ","))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, x := range terms {
			if x == "" || seen[x] {
				t.Fatalf("%q: term %q empty or repeated", list, x)
			}
			seen[x] = true
		}
		for _, m := range named("ecommerce", sentence(text, "neutral", 0.5), terms) {
			if m.Start < 0 || m.End > len([]rune(text)) || m.Start > m.End {
				t.Fatalf("%q in %q: span %d-%d", terms, text, m.Start, m.End)
			}
		}
	})
}

// TestNamedNoOpinionAutomotive: automotive keeps a term with no opinion of its own neutral
// (Policy.NoOpinionNeutralIndustries), but not an aspect the caller named: the polarity
// model answers for it, as in every industry (APC DEV named mode, session 15).
func TestNamedNoOpinionAutomotive(t *testing.T) {
	f := func(text, names string, pr [3]float32, want ...string) {
		t.Helper()
		got := showSrc(named("automotive", sentence(text, "positive", 0.9), strings.Split(names, ","), pr))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s [%s] %v\n got %q\nwant %q", text, names, pr, got, want)
		}
	}
	f("大马力", "马力", [3]float32{0.05, 0.1, 0.85}, "马力||positive|pleasure|动力|named")
	f("前轮对方向盘的转动响应十分灵敏", "前轮", [3]float32{0.05, 0.1, 0.85}, "前轮||positive|pleasure||named")
}
