package engine

import (
	"context"
	"math"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/feeling"
)

// A real-style long restaurant review (over the sentiment model's window of 128 pieces).
const longReview = "周六中午和家人去吃的，排了二十分钟队才进去。店面不大，桌子挨得很近，说话要很大声。服务员一开始有点手忙脚乱，点完菜十五分钟才上第一道。" +
	"不过菜一上来就觉得值了：烤鸭皮很脆，肉也嫩，酱料调得刚好；酸菜鱼的鱼片很滑，汤底酸辣开胃；小朋友很喜欢那道拔丝地瓜。" +
	"价格人均一百出头，比周边同类店便宜。总的来说味道很好，性价比高，下次还会带朋友来。"

func longDocEngine(t *testing.T, p feeling.Policy) *Engine {
	t.Helper()
	e, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, Feeling: p, AspectModel: "-", CategoryModel: "-", PolarityModel: "-", CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestLongDocWindows: a text longer than the model window is read by windows of whole
// sentences (feeling.Pack); with the window-first reading its label is exactly the first
// window's reading as a text of its own, and short texts read the same with any reading.
func TestLongDocWindows(t *testing.T) {
	if n := utf8.RuneCountInString(longReview); n <= 126 {
		t.Fatalf("the review has %d code points, not over the window", n)
	}
	ctx := context.Background()
	first := longDocEngine(t, feeling.Policy{LongDoc: feeling.LongWindowFirst})
	res, err := first.Sentiment(ctx, []string{longReview})
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if len(r.Sentences) < 4 {
		t.Fatalf("%d sentences, want several", len(r.Sentences))
	}
	spans := make([][2]int, len(r.Sentences))
	for i, s := range r.Sentences {
		spans[i] = [2]int{s.Start, s.End}
	}
	wins := feeling.Pack(spans, first.sentiment.MaxLen()-2)
	if len(wins) < 2 || len(wins) >= len(r.Sentences) {
		t.Fatalf("windows %v of %d sentences: want fewer windows than sentences, and more than one", wins, len(r.Sentences))
	}
	rs := []rune(longReview)
	w0 := string(rs[spans[wins[0][0]][0]:spans[wins[0][1]-1][1]])
	alone, err := first.Sentiment(ctx, []string{w0})
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range alone[0].Sentiment.Probs {
		if math.Abs(p-r.Sentiment.Probs[k]) > 1e-4 {
			t.Errorf("window-first probs %v, the first window %q alone %v", r.Sentiment.Probs, w0, alone[0].Sentiment.Probs)
			break
		}
	}
	// The default (windows) and the old reading (sentences): both give a label, the sentences
	// the same readings.
	def := longDocEngine(t, feeling.Policy{})
	old := longDocEngine(t, feeling.Policy{LongDoc: feeling.LongSentences})
	short := []string{"送餐很快，味道也很好，下次还点这家", "等了两个小时才送到，饭菜都凉了，再也不点了", "请问什么时候发货"}
	a, err := def.Sentiment(ctx, append([]string{longReview}, short...))
	if err != nil {
		t.Fatal(err)
	}
	b, err := old.Sentiment(ctx, append([]string{longReview}, short...))
	if err != nil {
		t.Fatal(err)
	}
	if a[0].Sentiment.Label != "positive" {
		t.Errorf("the long positive review reads %s %v by windows", a[0].Sentiment.Label, a[0].Sentiment.Probs)
	}
	for i := range a[0].Sentences {
		if a[0].Sentences[i].Sentiment.Probs["positive"] != b[0].Sentences[i].Sentiment.Probs["positive"] {
			t.Errorf("sentence %d reads %v by windows, %v by sentences", i, a[0].Sentences[i].Sentiment.Probs, b[0].Sentences[i].Sentiment.Probs)
		}
	}
	for i := 1; i < len(a); i++ {
		if a[i].Sentiment.Label != b[i].Sentiment.Label || a[i].Sentiment.Score != b[i].Sentiment.Score {
			t.Errorf("short %q: %+v by windows, %+v by sentences", short[i-1], a[i].Sentiment, b[i].Sentiment)
		}
	}
	if _, err := New(ctx, Config{Home: "..", Feeling: feeling.Policy{LongDoc: "paragraphs"}, AspectModel: "-", CategoryModel: "-", PolarityModel: "-"}); err == nil {
		t.Error("an unknown long-document reading was accepted")
	}
}
