package engine

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// TestImplicitCategoryMentions: with mention.Policy.CategoryAddMentions on (the default in
// ecommerce since session 14), the add-only category model's verdict on an indicator no term covers is also a
// mention with no term, at the sentence the model finds it in (the model re-read on each
// sentence), and the record's indicator cites it; the other mentions are those of the policy
// without it. Real models and packs (texts from the DEV read-through readdev3).
func TestImplicitCategoryMentions(t *testing.T) {
	p := mention.DefaultPolicy()
	p.CategoryAddMentions = true
	e, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1, Mention: &p})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	q := mention.DefaultPolicy()
	q.CategoryAddMentions = false
	eOff, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1, Mention: &q})
	if err != nil {
		t.Fatal(err)
	}
	defer eOff.Close()
	f := func(text string, want ...string) {
		t.Helper()
		in := Input{ID: "i", Text: text, Industry: "ecommerce"}
		on, err := e.Analyze(context.Background(), []Input{in})
		if err != nil {
			t.Fatal(err)
		}
		offs, err := eOff.Analyze(context.Background(), []Input{in})
		if err != nil {
			t.Fatal(err)
		}
		off := offs[0]
		r, rs := on[0], []rune(text)
		got := []string{}
		n := 0
		for i, a := range r.Aspects {
			if a.Term != "" || a.Source != mention.SourceCategory {
				n++
				continue
			}
			got = append(got, fmt.Sprintf("%s|%s|%s|[%s]", a.KG.IDs["indicator"], a.Polarity, a.Point, string(rs[a.Start:a.End])))
			cited := false
			for _, x := range r.Indicators {
				for _, j := range x.Mentions {
					cited = cited || (j == i && x.ID == a.KG.IDs["indicator"] && x.Polarity == a.Polarity && x.Point == a.Point)
				}
			}
			if !cited {
				t.Errorf("%s: implicit mention %d is not its indicator's evidence: %+v", text, i, r.Indicators)
			}
		}
		if n != len(off.Aspects) || len(r.Indicators) != len(off.Indicators) {
			t.Errorf("%s: %d other mentions and %d indicators; without implicit mentions %d and %d", text, n, len(r.Indicators), len(off.Aspects), len(off.Indicators))
		}
		if !reflect.DeepEqual(got, append([]string{}, want...)) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("卓越定价太夸张了吧！！我买的刚到就降了十块！！让人怎么接受呀！以后还怎么买呀！！不爽！！", "price_protection|negative|pain|[我买的刚到就降了十块]")
	f("充了一天半电，还不能充手机，明明充满了，不知道是自己漏电还是咋回事，老是灭灯", "product_performance|negative|pain|[充了一天半电，还不能充手机，明明充满了，不知道是自己漏电还是咋回事，老是灭灯]")
	f("质量比前两年买的同款差很多，刚用没多久就裂了")
}
