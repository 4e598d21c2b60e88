package engine

import (
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/engine/infer"
)

// BenchmarkStageSentimentInferAlt is BenchmarkStageSentimentInfer for another sentiment
// model folder, named by $TINGZHEN_BENCH_SENTIMENT_DIR (skipped when unset), so a candidate
// and the shipped model are measured side by side in one `go test -bench` run, e.g.
//
//	TINGZHEN_BENCH_SENTIMENT_DIR=/tmp/cand go test -run '^$' -bench 'StageSentimentInfer' ./engine
func BenchmarkStageSentimentInferAlt(b *testing.B) {
	dir := os.Getenv("TINGZHEN_BENCH_SENTIMENT_DIR")
	if dir == "" {
		b.Skip("TINGZHEN_BENCH_SENTIMENT_DIR not set")
	}
	opt := infer.Options{Device: testEngine.cfg.Device, IntraOpThreads: 1, InterOpThreads: 1}
	m, err := loadModel(dir, opt, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer m.close()
	benchModelOneCore(b, m)
}
