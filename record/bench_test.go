package record

import (
	"context"
	"fmt"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/store"
	"github.com/tingzhen/tingzhen/testfixture"
)

// BenchmarkRecordDurability is the end-to-end cost of --durability for a server with
// --record: real reviews analysed and counted (Recorder.Analyzed after each Analyze, as the
// server does) in calls of 1 (one request) and 16 texts, the store on disk, per mode.
// texts/s is the figure; note `uptime` beside it (bench numbers on a shared machine).
func BenchmarkRecordDurability(b *testing.B) {
	texts := testfixture.ReviewLines(b, "..", 200)
	for _, mode := range []string{store.DurabilitySync, store.DurabilityInterval, store.DurabilityOff} {
		e, err := engine.New(context.Background(), engine.Config{Home: "..", IntraOpThreads: 1, DataDir: b.TempDir(), Durability: mode})
		if err != nil {
			b.Fatal(err)
		}
		rec, err := ForEngine(e)
		if err != nil {
			b.Fatal(err)
		}
		for _, batch := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/batch%d", mode, batch), func(b *testing.B) {
				in := make([]engine.Input, batch)
				for i := 0; i < b.N; i++ {
					for k := range in {
						j := (i*batch + k) % len(texts)
						in[k] = engine.Input{ID: fmt.Sprintf("%s-%d-%d", mode, i, k), Text: texts[j], Industry: "ecommerce"}
					}
					res, err := e.Analyze(context.Background(), in)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := rec.Analyzed(context.Background(), in, res); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "texts/s")
			})
		}
		e.Close()
	}
}
