package mention

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/kg"
)

// headVote: one line per case: the terms sharing a suffix as term:indicator/aspect[+…],
// the least number of terms and share, then the winning aspect ("" for none) and its share.
func TestHeadVote(t *testing.T) {
	f := func(terms string, minTerms int, minShare float64, wantAspect string, wantShare float64) {
		t.Helper()
		var ts []kg.SuffixTerm
		for _, x := range strings.Fields(terms) {
			name, places, _ := strings.Cut(x, ":")
			st := kg.SuffixTerm{Term: name}
			for _, pl := range strings.Split(places, "+") {
				ind, asp, _ := strings.Cut(pl, "/")
				st.Mappings = append(st.Mappings, kg.Mapping{IndicatorID: ind, AspectID: asp})
			}
			ts = append(ts, st)
		}
		m, share, ok := headVote(ts, minTerms, minShare)
		got := ""
		if ok {
			got = m.AspectID
		}
		if got != wantAspect || share != wantShare {
			t.Errorf("%s: got %q %.3f, want %q %.3f", terms, got, share, wantAspect, wantShare)
		}
	}
	f("小米粥:taste/dish 皮蛋粥:taste/dish", 2, 0.8, "dish", 1)
	f("小米粥:taste/dish", 2, 0.8, "", 0)                                        // too few terms
	f("小米粥:taste/dish 皮蛋粥:taste/soup 白粥:portion/size", 2, 0.6, "dish", 2.0/3) // the aspect with most votes, the first id on ties
	f("小米粥:taste/dish 白粥:portion/size", 2, 0.6, "", 0.5)                      // disagreement: no place
	f("手机银行:app/mobile 网上银行:app/web 交通银行:bank/brand", 3, 0.6, "mobile", 2.0/3)
	f("电话银行:app/phone+service/line 网上银行:app/web", 2, 0.8, "", 0.75) // an ambiguous term splits its vote
}

// headSuffixes: one line per case: the term, the shortest suffix, then the suffixes asked,
// longest first.
func TestHeadSuffixes(t *testing.T) {
	f := func(term string, minRunes int, want ...string) {
		t.Helper()
		if got := headSuffixes(term, minRunes); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", term, got, want)
		}
	}
	f("番茄炒蛋", 1, "茄炒蛋", "炒蛋", "蛋")
	f("番茄炒蛋", 2, "茄炒蛋", "炒蛋")
	f("仓桥", 1, "桥")
	f("粥", 1)       // one character: nothing shorter to ask
	f("货都", 1)      // ends in a particle-like adverb: no head
	f("东西的", 1)     // ends in a particle
	f("iPhone4", 1) // ends in no letter
}

// Head placement through the real packs: one line per case: the policy's Head.On, industry,
// sentence, the aspect-model triplet (term, opinion, polarity), then the mentions as
// term|opinion|polarity|point|indicator. Sentences written for the test.
func TestHeadPlacement(t *testing.T) {
	f := func(on bool, industry, text, term, opinion, pol string, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.Head.On = on
		got := show(p.Plan(testGraph, industry, sentence(text, pol, 0.9, triplet(text, term, opinion, pol))).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v %s\n got %q\nwant %q", on, text, got, want)
		}
	}
	f(false, "food_delivery", "今天的小米粥太稀了", "小米粥", "太稀", "negative", "小米粥|太稀|negative|pain|")
	f(true, "food_delivery", "今天的小米粥太稀了", "小米粥", "太稀", "negative", "小米粥|太稀|negative|pain|餐品口味") // the pack's terms ending in 粥
}
