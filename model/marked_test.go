package model

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWindow: long inputs keep the pieces around the marked span.
func TestWindow(t *testing.T) {
	seq := func(n int) []int64 {
		s := make([]int64, n)
		for i := range s {
			s[i] = int64(i)
		}
		return s
	}
	f := func(n, a, b, width int, wantFirst, wantLen int) {
		t.Helper()
		got := Window(seq(n), a, b, width)
		if len(got) != wantLen || (len(got) > 0 && got[0] != int64(wantFirst)) {
			t.Errorf("window(n=%d, a=%d, b=%d, width=%d) = first %d len %d, want first %d len %d", n, a, b, width, got[0], len(got), wantFirst, wantLen)
		}
	}
	f(10, 2, 4, 10, 0, 10)    // fits: unchanged
	f(20, 0, 3, 10, 0, 10)    // span at the start
	f(20, 16, 19, 10, 10, 10) // span at the end: clamped
	f(20, 8, 10, 10, 5, 10)   // centred: 3 span + 7 around, 3 before
	f(20, 2, 15, 10, 2, 10)   // span wider than the window keeps its start
}

// TestEncodeMarkedLong: a long sentence is windowed to max_len around the aspect, with
// both markers kept.
func TestEncodeMarkedLong(t *testing.T) {
	p := open(t, "polarity-zh")
	text := strings.Repeat("今天天气不错，", 30) + "物流太慢了" + strings.Repeat("，包装很结实", 30)
	s := utf8.RuneCountInString(strings.Repeat("今天天气不错，", 30))
	e, err := p.EncodeMarked(Span{Text: text, Start: s, End: s + 2})
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != p.MaxLen() {
		t.Fatalf("len %d, want max_len %d", e.Len(), p.MaxLen())
	}
	a, b := slices.Index(e.IDs, p.Card().Markers.OpenID), slices.Index(e.IDs, p.Card().Markers.CloseID)
	if a < 0 || b != a+3 {
		t.Fatalf("markers at %d and %d in %v", a, b, e.IDs)
	}
	if d := a - (e.Len() - 1 - b); d < -1 || d > 1 {
		t.Errorf("span not centred: open at %d, close at %d of %d", a, b, e.Len())
	}
}

// TestMarkedProbs: the aspect, not the sentence, decides (two aspects of one sentence get
// opposite polarities); a bad span fails the call and names its index.
func TestMarkedProbs(t *testing.T) {
	p := open(t, "polarity-zh")
	text := "这款手机屏幕很清晰，但是电池不耐用。"
	out, err := p.MarkedProbs(context.Background(), []Span{{text, 4, 6}, {text, 12, 14}}, 64, 8192)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || len(out[0]) != 3 || out[0][2] <= out[0][0] || out[1][0] <= out[1][2] {
		t.Fatalf("屏幕 then 电池: %v, want positive then negative", out)
	}
	_, err = p.MarkedProbs(context.Background(), []Span{{text, 4, 6}, {text, 6, 6}}, 64, 8192)
	if err == nil || !strings.Contains(err.Error(), "polarity item 1") {
		t.Fatalf("empty span: %v, want an error naming item 1", err)
	}
	s := open(t, "sentiment-zh")
	if _, err := s.MarkedProbs(context.Background(), []Span{{text, 4, 6}}, 64, 8192); err == nil {
		t.Fatal("MarkedProbs on a model without aspect_markers succeeded")
	}
}

func FuzzEncodeMarked(f *testing.F) {
	f.Add("物流太慢了，包装倒是很结实", 0, 2)
	f.Add("iPhone 15 的电池 不耐用!!", 0, 6)
	f.Add(strings.Repeat("很好", 100), 150, 152)
	p := open(f, "polarity-zh")
	f.Fuzz(func(t *testing.T, text string, s, e int) {
		enc, err := p.EncodeMarked(Span{Text: text, Start: s, End: e})
		n := utf8.RuneCountInString(text)
		if s < 0 || e > n || s >= e {
			if err == nil {
				t.Fatalf("span [%d,%d) of %d code points accepted", s, e, n)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		ids := enc.IDs
		if len(ids) > p.MaxLen() || ids[0] != int64(p.Tokenizer().CLSID) || ids[len(ids)-1] != int64(p.Tokenizer().SEPID) {
			t.Fatalf("bad frame: %v", ids)
		}
		opens := 0
		for _, id := range ids {
			if id == p.Card().Markers.OpenID {
				opens++
			}
		}
		if opens != 1 {
			t.Fatalf("%d open markers in %v", opens, ids)
		}
	})
}
