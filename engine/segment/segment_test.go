package segment

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var shared *Segmenter

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "segment-test-")
	if err != nil {
		panic(err)
	}
	shared, err = New(Options{CacheDir: dir, UserWords: []string{"配送时效", "退换货", "客服响应 n", "便宜", "大堂 n", "味道", "话费 10 n"}})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	shared.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func seg(testing.TB) *Segmenter { return shared }

func TestMissingUserDict(t *testing.T) {
	if _, err := New(Options{CacheDir: t.TempDir(), UserDicts: []string{"/nonexistent/user.dict"}}); err == nil {
		t.Fatal("want an error for a missing user dictionary")
	}
}

func TestCutAndTag(t *testing.T) {
	s := seg(t)
	cases := []struct {
		in       string
		contains []string
	}{
		{"物流太慢了，包装倒是很结实", []string{"物流", "包装", "结实"}},
		{"这次配送时效太差，退换货流程也很麻烦", []string{"配送时效", "退换货", "流程"}},
		{"客服响应很快，点赞", []string{"客服响应"}},
	}
	for _, c := range cases {
		words := s.Cut(c.in)
		joined := "|" + strings.Join(words, "|") + "|"
		for _, w := range c.contains {
			if !strings.Contains(joined, "|"+w+"|") {
				t.Errorf("Cut(%q) = %v, missing %q", c.in, words, w)
			}
		}
		tags := s.Tag(c.in)
		rs := []rune(c.in)
		for _, w := range tags {
			if string(rs[w.Start:w.End]) != w.Text {
				t.Errorf("Tag(%q): span %d:%d = %q, word %q", c.in, w.Start, w.End, string(rs[w.Start:w.End]), w.Text)
			}
			if w.POS == "" {
				t.Errorf("Tag(%q): %q has no POS", c.in, w.Text)
			}
		}
	}
}

func TestKeywords(t *testing.T) {
	s := seg(t)
	kw := s.Keywords("外卖送到的时候汤全洒了，骑手态度也很差，商家包装太简陋", 5)
	if len(kw) == 0 {
		t.Fatal("no keywords")
	}
	for i := 1; i < len(kw); i++ {
		if kw[i].Weight > kw[i-1].Weight {
			t.Fatalf("not sorted by weight: %v", kw)
		}
	}
	if s.Keywords("", 5) != nil {
		t.Fatal("keywords of empty text")
	}
}

func TestConcurrentCutMatchesSerial(t *testing.T) {
	s := seg(t)
	texts := []string{"物流太慢了，包装倒是很结实", "酒店前台服务热情，房间干净", "手机银行APP转账一直失败", "套餐资费太贵，信号还差"}
	want := make([]string, len(texts))
	for i, x := range texts {
		want[i] = fmt.Sprint(s.Tag(x))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 200; k++ {
				i := (g + k) % len(texts)
				if got := fmt.Sprint(s.Tag(texts[i])); got != want[i] {
					errs <- got
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("concurrent result differs: %s", e)
	}
}

func BenchmarkCut(b *testing.B) {
	s := seg(b)
	text := strings.Repeat("这家店的外卖送得很快，下单也方便，就是包装有点简陋，汤洒了一点。客服态度很好，主动给退了款。", 20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Cut(text)
	}
}

func BenchmarkTag(b *testing.B) {
	s := seg(b)
	text := strings.Repeat("这家店的外卖送得很快，下单也方便，就是包装有点简陋，汤洒了一点。客服态度很好，主动给退了款。", 20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Tag(text)
	}
}

// TestUserWordWeights: a user word without a frequency keeps the weight the dictionary
// gives it, or the least that keeps it whole against its own pieces (jieba's
// suggest_freq); cppjieba's default, the median weight, split registered words (便|宜).
func TestUserWordWeights(t *testing.T) {
	s := seg(t)
	f := func(text, want string) {
		t.Helper()
		if got := strings.Join(s.Cut(text), "|"); got != want {
			t.Errorf("Cut(%s) = %s, want %s", text, got, want)
		}
	}
	f("价格很便宜", "价格|很|便宜")
	f("但大堂真的很小", "但|大堂|真的|很小")
	f("喜欢潘婷的味道", "喜欢|潘婷|的|味道")
	f("这次配送时效太差", "这次|配送时效|太差")
	f("客服响应很快", "客服响应|很快")
}

func TestSuggestFreq(t *testing.T) {
	freq := map[string]int64{"配送": 96, "时效": 46, "便宜": 2013, "便": 55339, "宜": 3533}
	f := func(word string, want int64) {
		t.Helper()
		if got := suggestFreq(word, freq, 60101983); got != want {
			t.Errorf("suggestFreq(%s) = %d, want %d", word, got, want)
		}
	}
	f("便宜", 2013) // its own frequency: 便 × 宜 is far less likely
	f("配送时效", 1)  // 96 × 46 / 60 million < 1: one more than that
	f("充电宝", 1)   // no pieces known but single characters (1 each)
	f("啊", 1)     // one character: nothing to split
}

func TestWeighUserWords(t *testing.T) {
	dict := filepath.Join(t.TempDir(), "d.utf8")
	if err := os.WriteFile(dict, []byte("便宜 2013 a\n便 55339 d\n宜 3533 vg\n配送 96 v\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := weighUserWords(dict, []string{"便宜", "配送时效 nz", "话费 9 n", ""})
	if err != nil {
		t.Fatal(err)
	}
	// In this four-word dictionary (total 60,981) 便 × 宜 is likelier than 便宜 (55339 × 3533
	// / 60981 = 3206): 便宜 gets 3207 and keeps its tag a; a line with a frequency is kept as
	// written.
	want := []string{"便宜 3207 a", "配送时效 1 nz", "话费 9 n", ""}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("weighUserWords = %q, want %q", got, want)
	}
}
