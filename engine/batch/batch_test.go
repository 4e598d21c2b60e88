package batch

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestPlan(t *testing.T) {
	cases := []struct {
		name       string
		lens       []int
		maxB, maxT int
		want       []Batch
	}{
		{"empty", nil, 4, 100, nil},
		{"one batch, padded to longest", []int{5, 4, 7}, 8, 1000, []Batch{{Items: []int{1, 0, 2}, Seq: 7}}},
		{"count bound", []int{4, 4, 4, 4, 4}, 2, 1000, []Batch{{[]int{0, 1}, 4}, {[]int{2, 3}, 4}, {[]int{4}, 4}}},
		{"token bound buckets by length", []int{10, 50, 12, 48}, 8, 100, []Batch{{[]int{0, 2}, 12}, {[]int{3, 1}, 50}}},
		{"length buckets bound padding", []int{10, 40, 12, 13, 30, 38}, 8, 10000, []Batch{{[]int{0, 2, 3}, 13}, {[]int{4, 5, 1}, 40}}},
		{"item longer than token bound runs alone", []int{300, 5}, 8, 100, []Batch{{[]int{1}, 5}, {[]int{0}, 300}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Plan(c.lens, c.maxB, c.maxT)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v want %v", got, c.want)
			}
		})
	}
}

// TestPlanCoversEveryItemOnce on real review lengths (code points of real lines).
func TestPlanCoversEveryItemOnce(t *testing.T) {
	texts := []string{"物流太慢了", "包装倒是很结实", "客服态度非常好，耐心解答了我的问题，下次还会再来", "好", "房间干净，早餐丰富，就是隔音差了点"}
	var lens []int
	for i := 0; i < 200; i++ {
		lens = append(lens, utf8.RuneCountInString(texts[i%len(texts)])+2)
	}
	seen := make([]int, len(lens))
	for _, b := range Plan(lens, 16, 256) {
		if len(b.Items) > 16 || len(b.Items)*b.Seq > 256 && len(b.Items) > 1 {
			t.Fatalf("batch over bounds: %d items × %d", len(b.Items), b.Seq)
		}
		for _, i := range b.Items {
			if lens[i] > b.Seq {
				t.Fatalf("item %d longer than its batch", i)
			}
			seen[i]++
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("item %d planned %d times", i, n)
		}
	}
}

func BenchmarkPlan(b *testing.B) {
	lens := make([]int, 1024)
	for i := range lens {
		lens[i] = 3 + (i*37)%120
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Plan(lens, 64, 8192)
	}
}
