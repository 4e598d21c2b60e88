package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/model"
)

func needPolarity(t testing.TB) *polarityModel {
	t.Helper()
	if testEngine.polarity == nil {
		t.Skip("no models/polarity-zh")
	}
	return testEngine.polarity
}

// polarityOf is the argmax label of one aspect, found by its first occurrence in text.
func polarityOf(t *testing.T, p *polarityModel, text, aspect string) (string, [3]float32) {
	t.Helper()
	i := strings.Index(text, aspect)
	if i < 0 {
		t.Fatalf("%q not in %q", aspect, text)
	}
	s := utf8.RuneCountInString(text[:i])
	out, err := p.score(context.Background(), []PolarityItem{{Text: text, Start: s, End: s + utf8.RuneCountInString(aspect)}}, 64, 8192)
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for j := range out[0] {
		if out[0][j] > out[0][k] {
			k = j
		}
	}
	return polarities[k], out[0]
}

// TestPolarityRealSentences: the aspect, not the sentence, decides: two aspects of one
// sentence get opposite polarities, and "high" is bad for fuel use and price.
func TestPolarityRealSentences(t *testing.T) {
	p := needPolarity(t)
	f := func(text, aspect, want string) {
		t.Helper()
		got, probs := polarityOf(t, p, text, aspect)
		if got != want {
			t.Errorf("%s in %q: %s %v, want %s", aspect, text, got, probs, want)
		}
	}
	f("物流太慢了，包装倒是很结实", "物流", "negative")
	f("物流太慢了，包装很好", "包装", "positive")
	f("油耗有点高", "油耗", "negative")
	f("价格忒高", "价格", "negative")
	f("这款手机屏幕很清晰，但是电池不耐用。", "屏幕", "positive")
	f("这款手机屏幕很清晰，但是电池不耐用。", "电池", "negative")
	f("环境不错，就是停车不方便。", "停车", "negative")
}

// TestPolarityAspectShift: in 「物流太慢了，包装倒是很结实」 the shipped model does NOT get
// 包装 positive (gcnn4x32: 0.79 / 0.07 / 0.14; the previous gcnn5x128 0.35 / 0.35 / 0.30: the
// strongly negative clause before leaks into it; 「包装很结实」 alone is positive; see
// bench/results/models.md, polarity-zh). In analyze the aspect model's own triplet decides
// 包装 there (mention.Policy.VerdictForModelTerms). What holds, and is asserted: marking 包装
// instead of 物流 moves p(positive) up by more than 0.1 (0.13 for gcnn4x32, 0.29 before).
func TestPolarityAspectShift(t *testing.T) {
	p := needPolarity(t)
	f := func(text, a, b string, minShift float32) {
		t.Helper()
		_, pa := polarityOf(t, p, text, a)
		_, pb := polarityOf(t, p, text, b)
		if d := pb[2] - pa[2]; d <= minShift {
			t.Errorf("%q: p(positive) %s %.3f, %s %.3f: shift %.3f, want > %.2f", text, a, pa[2], b, pb[2], d, minShift)
		}
	}
	f("物流太慢了，包装倒是很结实", "物流", "包装", 0.1)
	f("这款手机屏幕很清晰，但是电池不耐用。", "电池", "屏幕", 0.5)
}

type polarityRef struct {
	Text  string    `json:"text"`
	Start int       `json:"start"`
	End   int       `json:"end"`
	IDs   []int64   `json:"input_ids"`
	Probs []float64 `json:"probs"`
}

// TestPolarityParity: the Go encoding of (text, span) is the training script's, and ONNX
// Runtime from Go gives PyTorch's probabilities (max abs diff ≤ 1e-4), batched and alone.
func TestPolarityParity(t *testing.T) {
	p := needPolarity(t)
	f, err := os.Open("../models/polarity-zh/reference.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var refs []polarityRef
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r polarityRef
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	if len(refs) < 5 {
		t.Fatalf("%d reference items", len(refs))
	}
	items := make([]PolarityItem, len(refs))
	for i, r := range refs {
		items[i] = PolarityItem{Text: r.Text, Start: r.Start, End: r.End}
		e, err := p.m.EncodeMarked(items[i])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(e.IDs, r.IDs) {
			t.Fatalf("ids of %q [%d,%d): go %v, python %v", r.Text, r.Start, r.End, e.IDs, r.IDs)
		}
	}
	batched, err := p.score(context.Background(), items, 64, 8192)
	if err != nil {
		t.Fatal(err)
	}
	maxDiff := 0.0
	for i, r := range refs {
		alone, err := p.score(context.Background(), items[i:i+1], 1, 8192)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 3; k++ {
			maxDiff = math.Max(maxDiff, math.Abs(float64(batched[i][k])-r.Probs[k]))
			maxDiff = math.Max(maxDiff, math.Abs(float64(alone[0][k])-r.Probs[k]))
		}
	}
	t.Logf("max abs diff Go/ORT vs PyTorch over %d items: %.2g", len(refs), maxDiff)
	if maxDiff > 1e-4 {
		t.Fatalf("max abs diff %.3g > 1e-4", maxDiff)
	}
}

// TestPolarityBadSpans: a span outside its text fails the call and names the item.
func TestPolarityBadSpans(t *testing.T) {
	p := needPolarity(t)
	f := func(it PolarityItem) {
		t.Helper()
		_, err := p.score(context.Background(), []PolarityItem{{Text: "物流很快", Start: 0, End: 2}, it}, 64, 8192)
		if err == nil || !strings.Contains(err.Error(), "polarity item 1") {
			t.Errorf("%+v: error %v, want one naming item 1", it, err)
		}
	}
	f(PolarityItem{Text: "物流很快", Start: 2, End: 2})
	f(PolarityItem{Text: "物流很快", Start: -1, End: 2})
	f(PolarityItem{Text: "物流很快", Start: 3, End: 5})
	f(PolarityItem{Text: "", Start: 0, End: 1})
	if out, err := p.score(context.Background(), nil, 64, 8192); err != nil || len(out) != 0 {
		t.Errorf("no items: %v, %v", out, err)
	}
}

// TestPolarityAbsent: a folder without model.onnx is "no polarity model", not an error.
func TestPolarityAbsent(t *testing.T) {
	p, err := loadPolarityModel(t.TempDir(), model.Options{})
	if p != nil || err != nil {
		t.Fatalf("got %v, %v; want nil, nil", p, err)
	}
}

// TestDefaultPolarityModel: the default configuration runs the shipped aspect-polarity
// model (Config.PolarityModel polarity-zh); "-" runs none.
func TestDefaultPolarityModel(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := (Config{PolarityModel: in}).withDefaults().PolarityModel; got != want {
			t.Fatalf("PolarityModel %q → %q, want %q", in, got, want)
		}
	}
	f("", "polarity-zh")
	f("-", "-")
	f("polarity-zh", "polarity-zh")
}
