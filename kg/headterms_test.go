package kg

import (
	"strings"
	"testing"
)

// TermsEndingIn on the shipped packs: one line per case: industry, suffix, then a term that
// must be among the answers with its indicator id ("" when the answer must be empty), and
// the suffix itself is never one of them.
func TestTermsEndingIn(t *testing.T) {
	g := realGraph(t)
	f := func(industry, suffix, wantTerm, wantIndicator string) {
		t.Helper()
		ts := g.TermsEndingIn(industry, suffix)
		if wantTerm == "" {
			if len(ts) != 0 {
				t.Errorf("%s %s: got %d terms, want none", industry, suffix, len(ts))
			}
			return
		}
		found := false
		for i, x := range ts {
			if !strings.HasSuffix(x.Term, suffix) || x.Term == suffix {
				t.Errorf("%s %s: %q is no longer term ending in it", industry, suffix, x.Term)
			}
			if i > 0 && ts[i-1].Term >= x.Term {
				t.Errorf("%s %s: not sorted at %q", industry, suffix, x.Term)
			}
			if x.Term == wantTerm {
				for _, m := range x.Mappings {
					found = found || m.IndicatorID == wantIndicator
				}
			}
		}
		if !found {
			t.Errorf("%s %s: %s on %s not among %d terms", industry, suffix, wantTerm, wantIndicator, len(ts))
		}
	}
	f("telecom", "速", "网速", "data_speed")
	f("外卖餐饮", "粥", "皮蛋瘦肉粥", "taste") // by the Chinese name; 粥 itself is no answer
	f("no_such_industry", "速", "", "")
	f("telecom", "", "", "")
}
