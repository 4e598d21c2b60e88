package calls

import (
	"math"
	"testing"
	"unicode/utf8"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestParseJDDCFixtures(t *testing.T) {
	calls := loadJDDCFixtures(t)
	if len(calls) != 5 {
		t.Fatalf("%d sessions, want 5", len(calls))
	}
	for _, c := range calls {
		if len(c.Turns) < 10 {
			t.Errorf("%s: %d turns", c.ID, len(c.Turns))
		}
	}
	byID := map[string]Call{}
	for _, c := range calls {
		byID[c.ID[:8]] = c
	}
	if !byID["06d51010"].Transferred || !byID["227f2410"].Repeat {
		t.Errorf("JDDC transfer/repeat flags lost")
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"嗯那个我我我想问一下呃我的快递", "我想问一下我的快递"},
		{"就是说这个这个订单啊一直没到", "这个订单啊一直没到"},
		{"我要我要退款", "我要退款"},
		{"谢谢谢谢", "谢谢"},
		{"好好好好的", "好好的"},
		{"你们再不处理我就打幺二三幺五投诉", "你们再不处理我就打12315投诉"},
		{"我的手机号是幺三八零零一三八零零零", "我的手机号是13800138000"},
		{"看看这个那个订单", "看看这个那个订单"},
		{"慢慢来不着急", "慢慢来不着急"},
		{"两三天", "两三天"},
		{"啊你好", "你好"},
	}
	for _, tc := range tests {
		got, _ := Clean(tc.in)
		if got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"嗯那个我我我想问一下", "幺二三幺五", "谢谢谢谢", "", "啊"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := Clean(s)
		if utf8.RuneCountInString(out) > utf8.RuneCountInString(s) {
			t.Fatalf("Clean grew %q to %q", s, out)
		}
	})
}
