package mention

import (
	"strings"
	"testing"
)

// The negation words' one home (negators.go), one line per case.

func TestIsNegator(t *testing.T) {
	f := func(r rune, want bool) {
		t.Helper()
		if got := IsNegator(r); got != want {
			t.Errorf("IsNegator(%q) = %v, want %v", r, got, want)
		}
	}
	f('不', true)
	f('没', true)
	f('无', true)
	f('未', true)
	f('非', true)
	f('别', true)
	f('莫', false) // literary: 莫名其妙
	f('勿', false)
	f('甭', false)
	f('很', false)
	f('好', false)
}

func TestStartsWithNegator(t *testing.T) {
	f := func(w string, want bool) {
		t.Helper()
		if got := startsWithNegator(w); got != want {
			t.Errorf("startsWithNegator(%q) = %v, want %v", w, got, want)
		}
	}
	f("没问题", true)
	f("不错", true)
	f("无线", true) // a word test; negationHolds tells 无线 apart by the jieba word
	f("未发货", true)
	f("非常", true)
	f("别买", true)
	f("毫无特色", true)
	f("莫名其妙", false)
	f("满意", false)
	f("很好", false)
	f("", false)
}

// Every negator the rules read is a negation word of the lexicon (negation.txt).
func TestNegatorsFromLexicon(t *testing.T) {
	lex := map[string]bool{}
	for _, w := range lexiconNegations() {
		lex[w] = true
	}
	f := func(w string) {
		t.Helper()
		if !lex[w] {
			t.Errorf("%q is no negation word of lexicon/negation.txt", w)
		}
	}
	for r := range negatorRunes() {
		f(string(r))
	}
	for _, w := range negatorPrefixes {
		f(w)
	}
	for _, w := range askNegations {
		f(w)
	}
	f("不怎么") // notAskNegations' 不怎么 is the lexicon's softened negation (0.5)
	if len(negatorRunes()) != 6 {
		t.Errorf("negatorRunes %v: want the six 不没无未非别", negatorRunes())
	}
}

func TestAskedNegation(t *testing.T) {
	f := func(clause string, want bool) {
		t.Helper()
		if got := askedNegation(clause); got != want {
			t.Errorf("askedNegation(%q) = %v, want %v", clause, got, want)
		}
	}
	f("为什么不帮我开通蚂蚁借呗", true)
	f("为什么这个订单不可以花呗支付", true)
	f("没有吸管怎么喝", true)
	f("为什么额度降低了", false) // no negation (complaintHint reads it)
	f("他不知道怎么处理", false)
	f("如果我不想用花呗怎么设置", false)
	f("为什么不怎么掉发", false) // 不怎么: not very, no negated event
	f("怎么办理信用卡", false)
}

func TestNotAsking(t *testing.T) {
	f := func(clause string, wantQuestionWord bool) {
		t.Helper()
		if got := strings.Contains(notAsking(clause), "怎么"); got != wantQuestionWord {
			t.Errorf("notAsking(%q) = %q: holds 怎么 %v, want %v", clause, notAsking(clause), got, wantQuestionWord)
		}
	}
	f("用了一个月不怎么掉发", false)
	f("这个怎么用", true)
	f("不知道怎么用", true) // the question stays; only the negation is blanked
}
