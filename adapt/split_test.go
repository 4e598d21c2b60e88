package adapt

import (
	"fmt"
	"testing"
)

func TestSplitStratifiedSeeded(t *testing.T) {
	var rows []Row
	for i := range 90 {
		rows = append(rows, Row{Line: i + 2, Text: fmt.Sprintf("第%d条评论", i), Label: Positive})
	}
	for i := range 30 {
		rows = append(rows, Row{Line: i + 92, Text: fmt.Sprintf("第%d条差评", i), Label: Negative})
	}
	rows = append(rows, Row{Line: 200, Text: "请问什么时候发货", Label: Neutral}, Row{Line: 201, Text: "在吗", Label: Neutral})
	f := func(frac float64, seed uint64, wantPos, wantNeg, wantNeu int) {
		t.Helper()
		train, test := Split(rows, frac, seed)
		if len(train)+len(test) != len(rows) {
			t.Fatalf("frac %g: %d + %d rows, want %d", frac, len(train), len(test), len(rows))
		}
		c := map[string]int{}
		seen := map[int]bool{}
		for _, r := range test {
			c[r.Label]++
			seen[r.Line] = true
		}
		for _, r := range train {
			if seen[r.Line] {
				t.Fatalf("line %d in both parts", r.Line)
			}
		}
		if c[Positive] != wantPos || c[Negative] != wantNeg || c[Neutral] != wantNeu {
			t.Errorf("frac %g seed %d: held out %v, want pos %d neg %d neu %d", frac, seed, c, wantPos, wantNeg, wantNeu)
		}
		_, again := Split(rows, frac, seed)
		if fmt.Sprint(again) != fmt.Sprint(test) {
			t.Errorf("frac %g seed %d: a second split differs", frac, seed)
		}
	}
	f(0.25, 13, 23, 8, 1) // round(22.5)=23, round(7.5)=8, round(0.5)=1 (at least one)
	f(0.1, 1, 9, 3, 1)
	f(0.9, 7, 81, 27, 1) // at most n-1 of each label
	a, _ := Split(rows, 0.25, 1)
	b, _ := Split(rows, 0.25, 2)
	if fmt.Sprint(a) == fmt.Sprint(b) {
		t.Error("seeds 1 and 2 gave the same split")
	}
}
