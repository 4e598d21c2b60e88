package normalize

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	cases := []struct {
		name, in, want string
		repaired       int
	}{
		{"plain", "物流太慢了。包装倒是很结实", "物流太慢了。包装倒是很结实", 0},
		{"chinese punctuation kept", "太慢了！！还要等吗？（三天了）", "太慢了！！还要等吗？（三天了）", 0},
		{"fullwidth symbols folded", "＠客服 ＃差评＃ ５０％", "@客服 #差评# 50%", 0},
		{"fullwidth ascii", "ＯＰＰＯ手机１２８Ｇ！", "OPPO手机128G！", 0},
		{"ideographic space", "快递\u3000很快", "快递 很快", 0},
		{"nbsp and runs", "\u00a0\u00a0客服 \t\n 态度差\u00a0", "客服 态度差", 0},
		{"zero width and bom", "\ufeff送\u200b餐\u200c快", "送餐快", 0},
		{"control chars", "味道\x00不错\x07", "味道不错", 0},
		{"emoji kept", "好评👍🏻 下次还来😊", "好评👍🏻 下次还来😊", 0},
		{"zwj emoji kept", "家人👨‍👩‍👧都爱吃", "家人👨‍👩‍👧都爱吃", 0},
		{"kaomoji kept", "太好吃了(๑•̀ㅂ•́)و✧", "太好吃了(๑•̀ㅂ•́)و✧", 0},
		{"invalid utf8 repaired", "质量\xff很好", "质量\ufffd很好", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := String(c.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != c.want {
				t.Fatalf("got %q want %q", got.Text, c.want)
			}
			if got.Repaired != c.repaired {
				t.Fatalf("repaired %d want %d", got.Repaired, c.repaired)
			}
			if got.Runes() != utf8.RuneCountInString(got.Text) {
				t.Fatalf("offset map has %d entries for %d runes", got.Runes(), utf8.RuneCountInString(got.Text))
			}
		})
	}
}

func TestOffsetsPointBack(t *testing.T) {
	in := "\u3000\u3000ＡＰＰ 闪退，\u00a0客服\u200b不理人"
	nt, err := String(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	orig := []rune(in)
	norm := []rune(nt.Text)
	for i, r := range norm {
		o := orig[nt.Orig[i]]
		if r != Width(o) && !(r == ' ' && IsSpace(o)) {
			t.Fatalf("rune %d %q maps to original %q", i, r, o)
		}
	}
	// 客服 in the normalised text maps back to 客服 in the original.
	idx := -1
	for i := range norm {
		if i+1 < len(norm) && norm[i] == '客' && norm[i+1] == '服' {
			idx = i
		}
	}
	s, e := nt.OrigSpan(idx, idx+2)
	if got := string(orig[s:e]); got != "客服" {
		t.Fatalf("span maps to %q", got)
	}
}

func TestErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "\u3000\u00a0\n\t", "\u200b\ufeff"} {
		if _, err := String(in, Options{}); !errors.Is(err, ErrEmpty) {
			t.Fatalf("%q: want ErrEmpty, got %v", in, err)
		}
	}
	if _, err := String("好\xc3", Options{Strict: true}); !errors.Is(err, ErrInvalidUTF8) {
		t.Fatalf("want ErrInvalidUTF8, got %v", err)
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"物流太慢了", "ＡＢＣ\u3000好", "\xff\xfe", "😊(๑•̀ㅂ•́)", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nt, err := String(s, Options{})
		if err != nil {
			return
		}
		if !utf8.ValidString(nt.Text) {
			t.Fatalf("invalid output for %q", s)
		}
		if nt.Runes() != utf8.RuneCountInString(nt.Text) {
			t.Fatalf("offset map length mismatch for %q", s)
		}
		total := utf8.RuneCountInString(s)
		prev := -1
		for _, o := range nt.Orig[:nt.Runes()] {
			if o <= prev || o >= total {
				t.Fatalf("offsets not increasing within bounds for %q: %v", s, nt.Orig)
			}
			prev = o
		}
	})
}

func BenchmarkString(b *testing.B) {
	s := "这家店的外卖送得很快，ＡＰＰ下单也方便，就是包装有点简陋\u3000汤洒了一点。😊"
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		if _, err := String(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
