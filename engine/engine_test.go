package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var testEngine *Engine

func TestMain(m *testing.M) {
	ctx := context.Background()
	// The default models, polarity-zh included (TestDefaultPolarityModel checks the default).
	e, err := New(ctx, Config{Home: "..", IntraOpThreads: 1, CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine tests:", err)
		os.Exit(1)
	}
	testEngine = e
	code := m.Run()
	if err := e.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		code = 1
	}
	os.Exit(code)
}

func analyze(t testing.TB, in ...Input) []Result {
	t.Helper()
	res, err := testEngine.Analyze(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSentimentOnRealReviews: clear real reviews get the obvious label.
func TestSentimentOnRealReviews(t *testing.T) {
	cases := []struct{ text, want string }{
		{"送餐很快，味道也很好，下次还点这家", "positive"},
		{"等了两个小时才送到，饭菜都凉了，再也不点了", "negative"},
		{"酒店前台服务热情，房间干净整洁", "positive"},
		{"手机用了三天就黑屏，售后还推脱不管", "negative"},
		{"请问什么时候发货", "neutral"},
		{"花呗怎么还款", "neutral"},
	}
	for _, c := range cases {
		r := analyze(t, Input{ID: "x", Text: c.text})[0]
		if r.Error != nil {
			t.Fatalf("%q: %v", c.text, r.Error)
		}
		if r.Sentiment.Label != c.want {
			t.Errorf("%q: %s (%v), want %s", c.text, r.Sentiment.Label, r.Sentiment.Probs, c.want)
		}
		sum := 0.0
		for _, p := range r.Sentiment.Probs {
			sum += p
		}
		if sum < 0.99 || sum > 1.01 {
			t.Errorf("%q: probabilities sum to %v", c.text, sum)
		}
	}
}

// TestOffsetsPointIntoOriginal: sentence and aspect offsets are code points of the original
// text, even when normalisation changed it (full-width letters, spaces, zero-width chars).
func TestOffsetsPointIntoOriginal(t *testing.T) {
	text := "\u3000ＡＰＰ下单很方便，\u200b但是物流太慢了！\u00a0包装倒是很结实。"
	r := analyze(t, Input{ID: "o", Text: text, Industry: "ecommerce"})[0]
	rs := []rune(text)
	if len(r.Sentences) != 2 {
		t.Fatalf("sentences: %+v", r.Sentences)
	}
	for _, s := range r.Sentences {
		orig := string(rs[s.Start:s.End])
		if strings.ReplaceAll(orig, "\u200b", "") != strings.ReplaceAll(s.Text, "APP", "ＡＰＰ") {
			t.Errorf("sentence %q at %d:%d is %q in the original", s.Text, s.Start, s.End, orig)
		}
	}
	found := false
	for _, a := range r.Aspects {
		if a.Term != "" && string(rs[a.Start:a.End]) != a.Term {
			t.Errorf("aspect %q at %d:%d is %q in the original", a.Term, a.Start, a.End, string(rs[a.Start:a.End]))
		}
		if a.Term == "物流" && a.Polarity == "negative" && a.Point == "pain" && a.KG != nil && a.KG.Indicator == "配送时效" {
			found = true
		}
	}
	if !found {
		b, _ := json.Marshal(r.Aspects)
		t.Fatalf("物流 not found as a 配送时效 pain point: %s", b)
	}
}

func TestBadInput(t *testing.T) {
	big := strings.Repeat("质量很好", 1<<18) // 3 MiB
	res := analyze(t,
		Input{ID: "ok", Text: "味道不错"},
		Input{ID: "empty", Text: ""},
		Input{ID: "spaces", Text: " \u3000\t\n"},
		Input{ID: "utf8", Text: "质量\xff\xfe很好"},
		Input{ID: "huge", Text: big},
		Input{ID: "ok2", Text: "服务太差了"},
	)
	want := map[string]string{"ok": "", "empty": "empty_text", "spaces": "empty_text", "utf8": "invalid_utf8", "huge": "text_too_long", "ok2": ""}
	if len(res) != 6 {
		t.Fatalf("%d results", len(res))
	}
	for _, r := range res {
		code := ""
		if r.Error != nil {
			code = string(r.Error.Code)
			if r.Error.Message == "" {
				t.Errorf("%s: empty message", r.ID)
			}
		}
		if code != want[r.ID] {
			t.Errorf("%s: code %q want %q", r.ID, code, want[r.ID])
		}
	}
	if res[5].Sentiment == nil || res[5].Sentiment.Label != "negative" {
		t.Errorf("the record after bad ones was not analysed: %+v", res[5])
	}
}

// TestLongTextNotTruncated: a text far longer than the model window is analysed in full.
func TestLongTextNotTruncated(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("这家店的菜量很足，味道也不错。")
	}
	b.WriteString("但是最后一次送来的汤全洒了，非常失望！")
	text := b.String()
	r := analyze(t, Input{ID: "long", Text: text})[0]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	last := r.Sentences[len(r.Sentences)-1]
	if last.End != utf8.RuneCountInString(text) {
		t.Fatalf("last sentence ends at %d of %d", last.End, utf8.RuneCountInString(text))
	}
	if last.Sentiment.Label != "negative" {
		t.Errorf("last sentence: %+v", last.Sentiment)
	}
	warned := false
	for _, w := range r.Warnings {
		warned = warned || strings.HasPrefix(w, "long_text")
	}
	if !warned {
		t.Errorf("no long_text warning: %v", r.Warnings)
	}
}

// TestASRNoPunctuation: an unpunctuated run is split into clause-sized sentences.
func TestASRNoPunctuation(t *testing.T) {
	text := "喂你好我那个快递到现在还没到已经等了一个星期了然后打你们客服电话也没人接但是我明天就要出差了能不能帮我查一下到底什么情况我真的很着急啊你们这个服务实在是太差了"
	r := analyze(t, Input{ID: "asr", Text: text})[0]
	if len(r.Sentences) < 3 {
		t.Fatalf("only %d sentences: %+v", len(r.Sentences), r.Sentences)
	}
	if r.Sentiment.Label != "negative" {
		t.Errorf("sentiment %+v", r.Sentiment)
	}
}

// TestConcurrentMatchesSerial hammers one Engine from many goroutines.
func TestConcurrentMatchesSerial(t *testing.T) {
	texts := []string{
		"物流太慢了，包装倒是很结实", "酒店前台服务热情，房间干净，就是隔音差了点", "手机银行APP转账一直失败，客服也联系不上",
		"套餐资费太贵，信号还差", "这车油耗有点高，但是动力很足", "希望能增加夜间配送", "外卖送得很快，分量足", "请问什么时候发货",
	}
	var inputs []Input
	for i, x := range texts {
		inputs = append(inputs, Input{ID: fmt.Sprint(i), Text: x})
	}
	want := analyze(t, inputs...)
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				i := (g + k) % len(texts)
				var got []Result
				var err error
				if k%2 == 0 {
					got, err = testEngine.Analyze(context.Background(), inputs[i:i+1])
				} else {
					got, err = testEngine.Analyze(context.Background(), inputs) // different batch composition
					if err == nil {
						got = got[i : i+1]
					}
				}
				if err != nil {
					errs <- err.Error()
					return
				}
				if !sameResult(got[0], want[i]) {
					a, _ := json.Marshal(got[0])
					b, _ := json.Marshal(want[i])
					errs <- fmt.Sprintf("text %d differs:\n%s\n%s", i, a, b)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

// sameResult compares results allowing 1e-3 in probabilities (padding changes float sums slightly).
func sameResult(a, b Result) bool {
	if a.ID != b.ID || len(a.Sentences) != len(b.Sentences) || len(a.Aspects) != len(b.Aspects) {
		return false
	}
	close := func(x, y *Sentiment) bool {
		if x.Label != y.Label {
			return false
		}
		for k, v := range x.Probs {
			if d := v - y.Probs[k]; d > 1e-3 || d < -1e-3 {
				return false
			}
		}
		return true
	}
	if !close(a.Sentiment, b.Sentiment) {
		return false
	}
	for i := range a.Sentences {
		if !close(a.Sentences[i].Sentiment, b.Sentences[i].Sentiment) {
			return false
		}
	}
	for i := range a.Aspects {
		x, y := a.Aspects[i], b.Aspects[i]
		if x.Term != y.Term || x.Polarity != y.Polarity || x.Point != y.Point || x.Start != y.Start || !reflect.DeepEqual(x.KG, y.KG) {
			return false
		}
	}
	return reflect.DeepEqual(a.Keywords, b.Keywords)
}

func TestSegment(t *testing.T) {
	text := "这次配送时效太差，退换货流程也很麻烦"
	words, err := testEngine.Segment(text)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	rs := []rune(text)
	for _, w := range words {
		got[w.Text] = true
		if string(rs[w.Start:w.End]) != w.Text {
			t.Errorf("word %q at %d:%d", w.Text, w.Start, w.End)
		}
	}
	for _, w := range []string{"配送时效", "退换货"} {
		if !got[w] {
			t.Errorf("knowledge-graph term %q not kept whole: %v", w, words)
		}
	}
}

// TestNoKeywords: Input.NoKeywords drops the keywords of that record and changes nothing else.
func TestNoKeywords(t *testing.T) {
	for _, text := range []string{
		"物流太慢了，客服态度也很差，等了一个星期才到",
		"您好请问有什么可以帮您的吗",
	} {
		res := analyze(t, Input{ID: "1", Text: text, Industry: "ecommerce"}, Input{ID: "1", Text: text, Industry: "ecommerce", NoKeywords: true})
		if len(res[0].Keywords) == 0 {
			t.Fatalf("%s: no keywords without NoKeywords", text)
		}
		if len(res[1].Keywords) != 0 {
			t.Fatalf("%s: keywords %v with NoKeywords", text, res[1].Keywords)
		}
		res[1].Keywords = res[0].Keywords
		if !reflect.DeepEqual(res[0], res[1]) {
			t.Errorf("%s: NoKeywords changed more than the keywords:\n%+v\n%+v", text, res[0], res[1])
		}
	}
}

// TestSentimentOnly: Input.SentimentOnly (and Engine.Sentiment) give the same sentiment and
// sentences as the full pipeline, in the same batch as full records, with no aspects or
// keywords for those records only.
func TestSentimentOnly(t *testing.T) {
	texts := []string{
		"物流太慢了，客服态度也很差，等了一个星期才到",
		"这款车动力很足，就是油耗有点高",
		"请问什么时候发货",
		"菜很好吃，分量足，送餐也快，下次还点这家",
	}
	var in []Input
	for i, text := range texts {
		in = append(in, Input{ID: fmt.Sprint("full", i), Text: text}, Input{ID: fmt.Sprint("only", i), Text: text, SentimentOnly: true})
	}
	res := analyze(t, in...)
	ctx := context.Background()
	viaMethod, err := testEngine.Sentiment(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		full, only := res[2*i], res[2*i+1]
		if len(full.Aspects) == 0 {
			t.Fatalf("%s: the full record found no aspects, so the test cannot tell", text)
		}
		for _, r := range []Result{only, viaMethod[i]} {
			if len(r.Aspects) != 0 || len(r.Keywords) != 0 {
				t.Errorf("%s: sentiment-only result has aspects %v / keywords %v", text, r.Aspects, r.Keywords)
			}
			if !reflect.DeepEqual(r.Sentiment, full.Sentiment) || !reflect.DeepEqual(r.Sentences, full.Sentences) || !reflect.DeepEqual(r.Industry, full.Industry) {
				t.Errorf("%s: sentiment-only differs from the full pipeline:\n%+v\n%+v", text, r, full)
			}
		}
	}
}
