package feeling

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// spansOf cuts text at 。！？ (kept with their sentence) into [start, end) code-point spans.
func spansOf(text string) [][2]int {
	var out [][2]int
	start, i := 0, 0
	for _, r := range text {
		i++
		if strings.ContainsRune("。！？", r) {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	if start < i {
		out = append(out, [2]int{start, i})
	}
	return out
}

func TestPack(t *testing.T) {
	f := func(spans [][2]int, max int, want [][2]int) {
		t.Helper()
		if got := Pack(spans, max); !reflect.DeepEqual(got, want) {
			t.Errorf("Pack(%v, %d) = %v, want %v", spans, max, got, want)
		}
	}
	f(nil, 10, nil)
	f([][2]int{{0, 5}}, 10, [][2]int{{0, 1}})
	f([][2]int{{0, 4}, {4, 8}, {8, 12}}, 12, [][2]int{{0, 3}})                   // all fit: one window
	f([][2]int{{0, 6}, {6, 12}, {12, 14}}, 12, [][2]int{{0, 1}, {1, 3}})         // fewest (2), the even split, no scrap window
	f([][2]int{{0, 4}, {4, 8}, {8, 12}, {12, 16}}, 12, [][2]int{{0, 2}, {2, 4}}) // 8 + 8 rather than 12 + 4
	f([][2]int{{0, 20}, {20, 23}}, 12, [][2]int{{0, 1}, {1, 2}})                 // a sentence over max is its own window
	f([][2]int{{0, 5}, {7, 12}}, 11, [][2]int{{0, 1}, {1, 2}})                   // the gap between sentences counts
	f([][2]int{{0, 5}, {7, 12}}, 12, [][2]int{{0, 2}})

	// A real review: every window within max code points, sentences whole, in order, all covered.
	text := "环境很好，服务员也很热情。上菜速度有点慢，等了快半个小时。招牌烤鸭皮脆肉嫩，酱料也调得好。甜品一般，芒果布丁太甜了。价格不算便宜，人均两百多。总的来说还是值得再来的！"
	sp := spansOf(text)
	ws := Pack(sp, 30)
	next := 0
	for _, w := range ws {
		if w[0] != next || w[1] <= w[0] {
			t.Fatalf("windows %v do not cover the sentences in order", ws)
		}
		if n := sp[w[1]-1][1] - sp[w[0]][0]; n > 30 && w[1]-w[0] > 1 {
			t.Errorf("window %v is %d code points, over 30", w, n)
		}
		next = w[1]
	}
	if next != len(sp) || utf8.RuneCountInString(text) != sp[len(sp)-1][1] {
		t.Errorf("windows %v end at sentence %d of %d", ws, next, len(sp))
	}
	if len(ws) != len(greedy(sp, 30)) {
		t.Errorf("%d windows, the greedy fill needs %d", len(ws), len(greedy(sp, 30)))
	}
}

func TestCombine(t *testing.T) {
	pos, neg, neu := [3]float32{0.1, 0.1, 0.8}, [3]float32{0.7, 0.2, 0.1}, [3]float32{0.2, 0.6, 0.2}
	f := func(probs [][3]float32, lens []int, m string, lw float32, want [3]float32) {
		t.Helper()
		got := Combine(probs, lens, m, lw)
		for k := range got {
			if math.Abs(float64(got[k]-want[k])) > 1e-4 {
				t.Errorf("Combine(%v, %v, %s, %v) = %v, want %v", probs, lens, m, lw, got, want)
				return
			}
		}
	}
	f(nil, nil, LongWindowMean, 0, [3]float32{0, 1, 0})
	f([][3]float32{pos}, []int{50}, LongWindowLogProb, 0, pos)
	f([][3]float32{pos, neg}, []int{100, 100}, LongWindowMean, 0, [3]float32{0.4, 0.15, 0.45})
	f([][3]float32{pos, neg}, []int{120, 40}, LongWindowMean, 0, [3]float32{0.25, 0.125, 0.625})  // longer window weighs more
	f([][3]float32{pos, neg}, []int{100, 100}, LongWindowLast, 3, [3]float32{0.55, 0.175, 0.275}) // last window x3
	f([][3]float32{pos, neg}, []int{100, 100}, LongWindowFirst, 0, pos)
	// log-probabilities: the normalised geometric mean: sqrt(.1*.7), sqrt(.1*.2), sqrt(.8*.1)
	a, b, c := math.Sqrt(0.07), math.Sqrt(0.02), math.Sqrt(0.08)
	s := a + b + c
	f([][3]float32{pos, neg}, []int{100, 100}, LongWindowLogProb, 0, [3]float32{float32(a / s), float32(b / s), float32(c / s)})
	// Two neutral windows stay neutral.
	f([][3]float32{neu, neu}, []int{60, 60}, LongWindowLogProb, 0, neu)
}

func TestCheckLongDoc(t *testing.T) {
	f := func(m string, ok bool) {
		t.Helper()
		if err := CheckLongDoc(m); (err == nil) != ok {
			t.Errorf("CheckLongDoc(%q) = %v, want ok %v", m, err, ok)
		}
	}
	f("", true)
	f(LongSentences, true)
	f(LongWindowLogProb, true)
	f("windows", false)
	if p := (Policy{}).WithDefaults(); p.LongDoc != DefaultPolicy().LongDoc || !p.Windowed() {
		t.Errorf("zero policy reads long texts by %q, want the default %q", p.LongDoc, DefaultPolicy().LongDoc)
	}
	if (Policy{LongDoc: LongSentences}).Windowed() {
		t.Error("the sentence reading is windowed")
	}
}
