package mention

import (
	"bufio"
	"os"
	"syscall"
	"testing"
	"time"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkPolicy runs the policy (Plan with jieba Cut, Mentions, no polarity model) on
// real review sentences, the engine's tokenizer fixture; it reports sentences per wall
// second and per CPU second (which holds on a shared machine).
func BenchmarkPolicy(b *testing.B) {
	benchPolicy(b, defaultPolicy())
}

// benchPolicy is BenchmarkPolicy with the policy p.
func benchPolicy(b *testing.B, p *Policy) {
	f, err := os.Open("../engine/tokenize/testdata/lines.txt")
	if err != nil {
		b.Skip(err)
	}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	f.Close()
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		t := lines[i%len(lines)]
		p.Plan(testGraph, "ecommerce", Sentence{Text: t, Sentiment: Negative, SentimentScore: 0.9, Cut: testSeg.Cut}).Mentions(nil)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(b.N)/(cpuSeconds()-c0), "sentences/cpu-s")
}
