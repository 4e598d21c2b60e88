package wordpos

import (
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/engine/tokenize"
)

func TestTagsSpans(t *testing.T) {
	w := func(s, e int) segment.Word { return segment.Word{Start: s, End: e} }
	f := func(starts, ends []int, words []segment.Word, want string) {
		t.Helper()
		got := tagString(Tags(starts, ends, words))
		if got != want {
			t.Errorf("Tags(%v, %v, %v) = %s, want %s", starts, ends, words, got, want)
		}
	}
	// 物流|很|快: [CLS] 物 流 很 快 [SEP]
	f([]int{-1, 0, 1, 2, 3, -1}, []int{-1, 1, 2, 3, 4, -1}, []segment.Word{w(0, 2), w(2, 3), w(3, 4)}, "_BESS_")
	// a three-character word: B M E
	f([]int{0, 1, 2}, []int{1, 2, 3}, []segment.Word{w(0, 3)}, "BME")
	// one token over a whole word (iphone), and a token ending mid-word (##ph of "iphone14")
	f([]int{0, 6}, []int{6, 8}, []segment.Word{w(0, 6), w(6, 8)}, "SS")
	f([]int{0, 2}, []int{2, 6}, []segment.Word{w(0, 6)}, "BE")
	// characters no word covers are one-character words
	f([]int{0, 1, 2}, []int{1, 2, 3}, []segment.Word{w(1, 3)}, "SBE")
	// empty and out-of-range spans are S, not a panic
	f([]int{2, 5}, []int{2, 9}, []segment.Word{w(0, 3)}, "SS")
	f(nil, nil, nil, "")
}

func tagString(tags []int64) string {
	var b strings.Builder
	for _, t := range tags {
		if t == Special {
			b.WriteByte('_')
			continue
		}
		b.WriteString(Names[t])
	}
	return b.String()
}

// TestTagsRealText runs the real tokenizer and jieba on review text.
func TestTagsRealText(t *testing.T) {
	tok, err := tokenize.Load("../../models/sentiment-zh/vocab.txt", true)
	if err != nil {
		t.Fatal(err)
	}
	seg, err := segment.New(segment.Options{CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	f := func(text, want string) {
		t.Helper()
		enc := tok.Encode(text, 128)
		got := tagString(Tags(enc.Starts, enc.Ends, seg.Tag(text)))
		if got != want {
			t.Errorf("%q: tags %s, want %s (words %v)", text, got, want, seg.Cut(text))
		}
	}
	f("物流很快，包装完好", "_BEBESBEBE_")      // 物流|很快|，|包装|完好
	f("送餐太慢了", "_BEBES_")              // 送餐|太慢|了
	f("iPhone 14的屏幕有坏点", "_SSSBESBE_") // iphone|14|的|屏幕|有|坏点
}
