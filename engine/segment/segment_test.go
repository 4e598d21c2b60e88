package segment

import (
	"fmt"
	"os"
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
	shared, err = New(Options{CacheDir: dir, UserWords: []string{"配送时效", "退换货", "客服响应 n"}})
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
