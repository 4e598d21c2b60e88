package model

import (
	"strings"
	"testing"
)

// TestOpinionsToClauseEnd: one line per case; triplets are written term/opinion (the first
// occurrence of each in the text; "" term = implicit, "" opinion = bare).
func TestOpinionsToClauseEnd(t *testing.T) {
	f := func(text string, in []string, want ...string) {
		t.Helper()
		rs := []rune(text)
		at := func(s string) int {
			i := strings.Index(text, s)
			if i < 0 {
				t.Fatalf("%q not in %q", s, text)
			}
			return len([]rune(text[:i]))
		}
		var ts []Triplet
		for _, x := range in {
			term, op, _ := strings.Cut(x, "/")
			tr := Triplet{Term: term, Opinion: op}
			if op != "" {
				tr.OpinionStart = at(op)
				tr.OpinionEnd = tr.OpinionStart + len([]rune(op))
			} else {
				tr.OpinionStart, tr.OpinionEnd = -1, -1
			}
			if term != "" {
				tr.Start = at(term)
				tr.End = tr.Start + len([]rune(term))
			} else {
				tr.Start, tr.End = tr.OpinionStart, tr.OpinionEnd
			}
			ts = append(ts, tr)
		}
		var got []string
		for _, tr := range OpinionsToClauseEnd(text, ts) {
			if tr.Opinion != "" && string(rs[tr.OpinionStart:tr.OpinionEnd]) != tr.Opinion || tr.Term == "" && tr.Opinion != "" && (tr.Start != tr.OpinionStart || tr.End != tr.OpinionEnd) {
				t.Errorf("%q: %+v: offsets do not match", text, tr)
			}
			got = append(got, tr.Term+"/"+tr.Opinion)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q %v: %v, want %v", text, in, got, want)
		}
	}
	f("物流太慢了，包装倒是很结实", []string{"物流/太慢了", "包装/倒是"}, "物流/太慢了", "包装/倒是很结实")
	f("送菜还是很给力的，南瓜粥真心赞。", []string{"送菜/还是很给力", "南瓜粥/真心赞"}, "送菜/还是很给力的", "南瓜粥/真心赞")
	f("价格便宜质量好", []string{"价格/便宜", "质量/好"}, "价格/便宜", "质量/好") // 质量 starts before the break
	f("价格便宜质量好", []string{"价格/便宜", "质量/"}, "价格/便宜", "质量/")   // a bare aspect blocks too
	f("很好吃的菜，下次还来", []string{"菜/很好吃"}, "菜/很好吃")              // opinion before its term
	f("太贵了吧", []string{"/太贵"}, "/太贵了吧")                      // implicit: the span follows
	f("麻酱太稠了，糊嘴那种，很腻。", []string{"麻酱/太稠了"}, "麻酱/太稠了")        // at its clause end: kept
	f("环境不错（就是有点吵）", []string{"环境/不错"}, "环境/不错")             // a bracket ends the clause
	f("", nil)
}
