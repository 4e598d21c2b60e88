package engine

import (
	"context"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/engine/split"
	"github.com/tingzhen/tingzhen/model"
	"github.com/tingzhen/tingzhen/testfixture"
)

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
	texts := testfixture.ReviewLines(b, "..", 64)
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
	texts := testfixture.ReviewLines(b, "..", 64)
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
	texts := testfixture.ReviewLines(b, "..", 64)
	b.SetBytes(totalBytes(texts))
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			testEngine.seg.Cut(t)
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageKeywords(b *testing.B) {
	texts := testfixture.ReviewLines(b, "..", 64)
	b.SetBytes(totalBytes(texts))
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			testEngine.seg.Keywords(t, 5)
		}
	}
	reportTexts(b, len(texts))
}

func BenchmarkStageTokenize(b *testing.B) {
	texts := testfixture.ReviewLines(b, "..", 64)
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	tk := testEngine.sentiment.Tokenizer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			tk.Encode(t, 128)
		}
	}
	reportTexts(b, len(texts))
}

// cpuSeconds is the process's user+system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// benchModelOneCore runs one model over the fixture with one batch at a time and one ORT
// thread, and reports texts per wall second and per CPU second (the per-core throughput,
// which holds even when the machine is shared).
func benchModelOneCore(b *testing.B, m *model.Model) {
	if m == nil {
		b.Skip("model not loaded")
	}
	texts := testfixture.ReviewLines(b, "..", 64)
	m = m.WithWorkers(1)
	m.Run(context.Background(), texts, 64, 8192) // warm-up
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if _, _, err := m.Run(context.Background(), texts, 64, 8192); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuSeconds() - c0
	reportTexts(b, len(texts))
	b.ReportMetric(float64(len(texts)*b.N)/cpu, "texts/cpu-s")
}

// BenchmarkStageSentimentInfer: tokenize + batch + ONNX Runtime, nothing else.
func BenchmarkStageSentimentInfer(b *testing.B) { benchModelOneCore(b, testEngine.sentiment) }

// BenchmarkStagePolarityInfer: the aspect-polarity model on one core (marking + tokenize +
// batch + ONNX Runtime), one aspect per text: its first two characters.
func BenchmarkStagePolarityInfer(b *testing.B) {
	p := testEngine.polarity
	if p == nil {
		b.Skip("no polarity model")
	}
	texts := testfixture.ReviewLines(b, "..", 64)
	items := make([]PolarityItem, 0, len(texts))
	for _, t := range texts {
		if utf8.RuneCountInString(t) >= 2 {
			items = append(items, PolarityItem{Text: t, Start: 0, End: 2})
		}
	}
	p = &polarityModel{m: p.m.WithWorkers(1)}
	if _, err := p.score(context.Background(), items, 64, 8192); err != nil { // warm-up
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if _, err := p.score(context.Background(), items, 64, 8192); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuSeconds() - c0
	reportTexts(b, len(items))
	b.ReportMetric(float64(len(items)*b.N)/cpu, "texts/cpu-s")
}

// BenchmarkStageAspectInfer: the aspect model (tokenize + batch + ONNX Runtime, no decoding).
func BenchmarkStageAspectInfer(b *testing.B) {
	if testEngine.aspect == nil {
		b.Skip("no aspect model")
	}
	benchModelOneCore(b, testEngine.aspect.model())
}

// BenchmarkStageAspectExtract: the aspect model with decoding into triplets.
func BenchmarkStageAspectExtract(b *testing.B) {
	if testEngine.aspect == nil {
		b.Skip("no aspect model")
	}
	texts := testfixture.ReviewLines(b, "..", 64)
	for i := 0; i < b.N; i++ {
		if _, err := testEngine.aspect.extract(context.Background(), texts, 64, 8192); err != nil {
			b.Fatal(err)
		}
	}
	reportTexts(b, len(texts))
}

// BenchmarkStageCategoryInfer: the car category model.
func BenchmarkStageCategoryInfer(b *testing.B) {
	c := testEngine.categoryFor("automotive")
	if c == nil {
		b.Skip("no category model")
	}
	benchModelOneCore(b, c.model())
}

func BenchmarkStageKGMap(b *testing.B) {
	texts := testfixture.ReviewLines(b, "..", 64)
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
func BenchmarkAnalyzeShortReviews(b *testing.B) { benchAnalyze(b, false) }

// BenchmarkSentimentOnlyShortReviews: the same texts with Input.SentimentOnly, what POST
// /v1/sentiment runs.
func BenchmarkSentimentOnlyShortReviews(b *testing.B) { benchAnalyze(b, true) }

func benchAnalyze(b *testing.B, sentimentOnly bool) {
	texts := testfixture.ReviewLines(b, "..", 64)
	inputs := make([]Input, len(texts))
	for i, t := range texts {
		inputs[i] = Input{ID: "b", Text: t, Industry: "ecommerce", SentimentOnly: sentimentOnly}
	}
	b.SetBytes(totalBytes(texts))
	b.ResetTimer()
	c0 := cpuSeconds()
	defer func() { b.ReportMetric(float64(len(texts)*b.N)/(cpuSeconds()-c0), "texts/cpu-s") }()
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
