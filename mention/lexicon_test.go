package mention

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

func TestLexiconPolarity(t *testing.T) {
	cases := []struct{ text, want string }{
		{"物流很快，包装也很好", "positive"},
		{"东西不错，性价比高", "positive"},
		{"质量太差了", "negative"},
		{"不好", "negative"},
		{"不太好用", "negative"},
		{"没有问题，很满意", "positive"},
		{"不贵", "positive"},
		{"客服态度恶劣，再也不买了", "negative"},
		{"快递昨天到了", "neutral"}, // 快递 is not 快
		{"差不多就这样吧", "neutral"},
		{"不好意思，我想问一下发票", "neutral"},
		{"非常满意", "positive"},
		{"一点都不好吃", "negative"},
		{"", "neutral"},
		{"垃圾东西，骗人的", "negative"},
		{"书里的内容几乎和网上一样，嘿嘿", "neutral"}, // laughter is the writer's mood, no opinion (exclude.txt)
		{"哈哈哈，收到了", "neutral"},
	}
	for _, tc := range cases {
		got, score := LexiconPolarity(tc.text)
		if got != tc.want || score < -1 || score > 1 {
			t.Errorf("LexiconPolarity(%q) = %s %.3f, want %s", tc.text, got, score, tc.want)
		}
	}
}

// TestLexiconOnWaimai measures the lexicon alone on real labelled reviews (the same training
// split the word filter used, so this is a sanity floor, not a held-out score).
func TestLexiconOnWaimai(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "datasets", "sentiment", "waimai_train80.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("dataset absent: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	right, decided := 0, 0
	for _, r := range rows[1:] {
		pol, _ := LexiconPolarity(r[1])
		if pol == "neutral" {
			continue
		}
		decided++
		if (pol == "positive") == (r[0] == "1") {
			right++
		}
	}
	acc := float64(right) / float64(decided)
	t.Logf("waimai_train80: %d reviews, lexicon decided %d (%.1f%%), accuracy on decided %.3f", len(rows)-1, decided, 100*float64(decided)/float64(len(rows)-1), acc)
	if acc < 0.7 {
		t.Errorf("accuracy %.3f < 0.7", acc)
	}
}
