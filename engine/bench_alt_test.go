package engine

import (
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/model"
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
	m, err := model.Open(dir, model.Options{ORTLib: testEngine.ortLib, Device: testEngine.cfg.Device, Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	benchModelOneCore(b, m)
}
