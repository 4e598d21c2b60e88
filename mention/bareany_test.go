package mention

import (
	"reflect"
	"strings"
	"testing"
)

// BareVerdictAny* (off by default; apcopen, session 10): a bare model term with no
// evaluating word beside it is asked of the aspect-polarity model when it is a common noun
// (and, with Alone, when the sentence has no other candidate). Each line: sentence, the bare
// model terms, whether the first is sent, and the mentions with a confident positive
// verdict (0.02 / 0.03 / 0.95) on every span, sentence positive 0.9.
func TestBareVerdictAny(t *testing.T) {
	f := func(text string, bare []string, sent bool, want ...string) {
		t.Helper()
		var ts []Mention
		for _, b := range bare {
			if x := strings.Split(b, "/"); len(x) == 3 { // a triplet with an opinion
				ts = append(ts, triplet(text, x[0], x[1], x[2]))
			} else {
				ts = append(ts, triplet(text, b, "", ""))
			}
		}
		p := DefaultPolicy()
		p.Faithful.BareVerdictAnyMinProb, p.Faithful.BareVerdictAnyNouns, p.Faithful.BareVerdictAnyAlone = 0.8, true, true
		// The sentences are car text: automotive keeps a bare term neutral by default
		// (NoOpinionNeutralIndustries, session 15); the opt-in rule is measured without it.
		p.NoOpinionNeutralIndustries = nil
		d := p.Plan(testGraph, "automotive", sentence(text, "positive", 0.9, ts...))
		first := triplet(text, bare[0], "", "")
		asked := false
		for _, sp := range d.Spans() {
			if sp.Start == first.Start && sp.End == first.End {
				asked = true
			}
		}
		if asked != sent {
			t.Errorf("%s: %s sent to the polarity model %v, want %v", text, bare[0], asked, sent)
		}
		probs := make([][3]float32, len(d.Spans()))
		for i := range probs {
			probs[i] = [3]float32{0.02, 0.03, 0.95}
		}
		if got := show(d.Mentions(probs)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
		if sent { // the default policy drops the term (DropBare): the case tests the rule
			d := defaultPolicy().Plan(testGraph, "automotive", sentence(text, "positive", 0.9, ts...))
			if without := show(d.Mentions(probs[:len(d.Spans())])); reflect.DeepEqual(without, want) {
				t.Errorf("%s: the same without BareVerdictAny: the case does not test it", text)
			}
		}
	}
	f("骏捷还采用了全新的底盘", []string{"底盘"}, true, "底盘||positive|pleasure|操控") // the sentence's only candidate, a noun
	f("的苗条身材", []string{"苗条身材"}, true, "苗条身材||positive|pleasure|")
	f("香格里拉酒店在上海静安入住", []string{"香格里拉酒店"}, false)                                          // a place name: no verdict
	f("亲子游戏开始啦[鼓掌]", []string{"鼓掌"}, false)                                                // an emoticon word
	f("全新的底盘，动力很足", []string{"底盘", "动力/很足/positive"}, false, "动力|很足|positive|pleasure|动力") // another candidate holds an opinion (Alone)
}

// ModelTermVerdictMinProb (off by default; apcopen, session 10): a model term with its own
// polarity is asked of the aspect-polarity model, whose verdict replaces the triplet's only
// at this probability or more. Each line: sentence, term, opinion, the triplet's polarity,
// the verdict's (negative, neutral, positive), the mentions.
func TestModelTermVerdict(t *testing.T) {
	f := func(text, term, opinion, pol string, pr [3]float32, want ...string) {
		t.Helper()
		p := DefaultPolicy()
		p.ModelTermVerdictMinProb = 0.9
		d := p.Plan(testGraph, "automotive", sentence(text, "neutral", 0.6, triplet(text, term, opinion, pol)))
		probs := make([][3]float32, len(d.Spans()))
		for i := range probs {
			probs[i] = pr
		}
		if got := show(d.Mentions(probs)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("画面闪烁感较强", "画面闪烁感", "较强", "positive", [3]float32{0.95, 0.03, 0.02}, "画面闪烁感|较强|negative|pain|")  // a confident verdict replaces the triplet's
	f("画面闪烁感较强", "画面闪烁感", "较强", "positive", [3]float32{0.6, 0.1, 0.3}, "画面闪烁感|较强|positive|pleasure|") // below 0.9 the triplet stands
}
