package engine

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// TestCategoryPlaceClause: with mention.Policy.CategoryPlaceClause on (off by default), the
// add-only category model read on a term's own clause places the aspect-model term the pack
// cannot place (套书 太乱 → 商品质量, evidence of the record-level indicator); the mentions are
// the same ones as with the placement off, and none without a term is placed. Real models
// and packs (texts from the DEV read-through readdev2).
func TestCategoryPlaceClause(t *testing.T) {
	p := mention.DefaultPolicy()
	p.CategoryPlacePresence, p.CategoryPlacePolarity, p.CategoryPlaceClause = 0.9, 0.7, true
	// Placement alone is under test: no implicit category mentions on this side, and those of
	// the default engine (CategoryAddMentions, on in ecommerce) are left out of its side below.
	p.CategoryAddMentions = false
	// Media reviews' own placement (MediaPlace, VerifierKeep; on by default since session 15)
	// would place the book review's 套书 on both sides: off on both, so the two sides differ
	// by the category placement alone.
	p.MediaPlace, p.VerifierKeep = nil, nil
	e, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1, Mention: &p})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	q := mention.DefaultPolicy()
	q.MediaPlace, q.VerifierKeep = nil, nil
	base, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1, Mention: &q})
	if err != nil {
		t.Fatal(err)
	}
	defer base.Close()
	f := func(industry, text string, want ...string) {
		t.Helper()
		in := Input{ID: "p", Text: text, Industry: industry}
		on, err := e.Analyze(context.Background(), []Input{in})
		if err != nil {
			t.Fatal(err)
		}
		offs, err := base.Analyze(context.Background(), []Input{in})
		if err != nil {
			t.Fatal(err)
		}
		off := offs[0]
		var explicit []mention.Mention
		for _, a := range off.Aspects {
			if a.Source != mention.SourceCategory || a.Term != "" {
				explicit = append(explicit, a)
			}
		}
		off.Aspects = explicit
		r := on[0]
		if len(r.Aspects) != len(off.Aspects) {
			t.Fatalf("%s: %d mentions with the placement, %d without", text, len(r.Aspects), len(off.Aspects))
		}
		var got []string
		for i, a := range r.Aspects {
			b := off.Aspects[i]
			if a.Term != b.Term || a.Start != b.Start || a.Polarity != b.Polarity || a.Point != b.Point || a.Source != b.Source {
				t.Errorf("%s: mention %d changed beyond its place: %+v vs %+v", text, i, a, b)
			}
			if a.KG != nil && b.KG == nil {
				if a.Term == "" {
					t.Errorf("%s: a term-less mention was placed: %+v", text, a)
				}
				got = append(got, fmt.Sprintf("%s→%s", a.Term, a.KG.IDs["indicator"]))
				cited := false
				for _, x := range r.Indicators {
					for _, j := range x.Mentions {
						cited = cited || (j == i && x.ID == a.KG.IDs["indicator"] && x.Source == mention.SourceCategory)
					}
				}
				if !cited {
					t.Errorf("%s: placed %s is no category indicator's evidence: %+v", text, a.Term, r.Indicators)
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("ecommerce", "这套书太乱，女儿一点看的兴趣都没有。买来就束之高阁了。", "套书→product_quality")
	// the record speaks of delivery, the term's own clause of nothing the classifier is sure of
	f("food_delivery", "喝了好几年快乐柠檬,第一次喝曲奇奶茶,个人觉得不好喝,本人还是更喜欢茶类冰饮,给配送员赞一个,大冬天的")
	// nothing to place: every term is the pack's
	f("ecommerce", "物流太慢了，包装倒是很结实")
}
