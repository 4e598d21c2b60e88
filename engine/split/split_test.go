package split

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		in   string
		opt  Options
		want []string
	}{
		{"two sentences", "物流太慢了。包装倒是很结实！", Options{}, []string{"物流太慢了。", "包装倒是很结实！"}},
		{"repeated marks and quotes", "服务员说“马上来！”结果等了半小时？？？差评", Options{}, []string{"服务员说“马上来！”", "结果等了半小时？？？", "差评"}},
		{"ascii marks", "too slow!! 客服态度还行;下次再说", Options{}, []string{"too slow!!", "客服态度还行;", "下次再说"}},
		{"no terminal", "味道不错 分量也足", Options{}, []string{"味道不错 分量也足"}},
		{"long clause split", "这个手机外观很漂亮，拍照效果也不错，就是电池不太耐用，一天要充两次电，屏幕有点反光。", Options{MaxRunes: 20},
			[]string{"这个手机外观很漂亮，拍照效果也不错，", "就是电池不太耐用，一天要充两次电，", "屏幕有点反光。"}},
		{"asr no punctuation", "喂你好我那个快递到现在还没到已经等了一个星期了然后打你们客服电话也没人接但是我明天就要出差了能不能帮我查一下", Options{MaxRunes: 24},
			[]string{"喂你好我那个快递到现在还没到已经等了", "一个星期了然后打你们客服电话也没人接", "但是我明天就要出差了", "能不能帮我查一下"}},
		{"asr default options", "喂你好我那个快递到现在还没到已经等了一个星期了然后打你们客服电话也没人接但是我明天就要出差了能不能帮我查一下", Options{},
			[]string{"喂你好我那个快递到现在还没到已经等了", "一个星期了然后打你们客服电话也没人接", "但是我明天就要出差了", "能不能帮我查一下"}},
		{"punctuated sentence under max kept whole", "这个手机外观很漂亮，拍照效果也不错，就是电池不太耐用，一天要充两次电。", Options{},
			[]string{"这个手机外观很漂亮，拍照效果也不错，就是电池不太耐用，一天要充两次电。"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Sentences(c.in, c.opt)
			var texts []string
			for _, s := range got {
				texts = append(texts, s.Text)
			}
			if strings.Join(texts, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got  %q\nwant %q", texts, c.want)
			}
			rs := []rune(c.in)
			for _, s := range got {
				if string(rs[s.Start:s.End]) != s.Text {
					t.Fatalf("span %d:%d is %q, text %q", s.Start, s.End, string(rs[s.Start:s.End]), s.Text)
				}
			}
		})
	}
}

func TestLongUnpunctuatedIsBounded(t *testing.T) {
	in := strings.Repeat("我觉得这个东西质量还行价格也合适", 200)
	opt := Options{MaxRunes: 64}
	got := Sentences(in, opt)
	if len(got) < 50 {
		t.Fatalf("only %d pieces", len(got))
	}
	total := 0
	for _, s := range got {
		if n := utf8.RuneCountInString(s.Text); n > opt.MaxRunes {
			t.Fatalf("piece of %d runes > %d", n, opt.MaxRunes)
		}
		total += utf8.RuneCountInString(s.Text)
	}
	if total != utf8.RuneCountInString(in) {
		t.Fatalf("lost text: %d of %d runes", total, utf8.RuneCountInString(in))
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"物流太慢了。包装倒是很结实！", "喂你好我那个快递到现在还没到", "。。。", "a b c"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if !utf8.ValidString(s) {
			return
		}
		if max > 200 || max < 0 {
			max = 0
		}
		rs := []rune(s)
		prevEnd := 0
		opt := Options{MaxRunes: max}.withDefaults()
		for _, sp := range Sentences(s, Options{MaxRunes: max}) {
			if sp.Start < prevEnd || sp.End > len(rs) || sp.Start >= sp.End {
				t.Fatalf("bad span %+v in %q", sp, s)
			}
			if string(rs[sp.Start:sp.End]) != sp.Text {
				t.Fatalf("span text mismatch")
			}
			if sp.End-sp.Start > opt.MaxRunes {
				t.Fatalf("piece longer than max: %d > %d", sp.End-sp.Start, opt.MaxRunes)
			}
			prevEnd = sp.End
		}
	})
}

func BenchmarkSentences(b *testing.B) {
	s := strings.Repeat("这家店的外卖送得很快，下单也方便。就是包装有点简陋，汤洒了一点！", 10)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Sentences(s, Options{})
	}
}
