package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/tingzhen/tingzhen/kg"
)

// BenchmarkRecordDurability is the end-to-end cost of --durability for a server with
// --record: real reviews analysed and counted (Config.RecordMentions) in calls of 1 (one
// request) and 16 texts, the store on disk, per mode. texts/s is the figure; note `uptime`
// beside it (bench numbers on a shared machine).
func BenchmarkRecordDurability(b *testing.B) {
	texts := benchTexts(b, 200)
	for _, mode := range []string{kg.DurabilitySync, kg.DurabilityInterval, kg.DurabilityOff} {
		e, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, DataDir: b.TempDir(), RecordMentions: true, Durability: mode})
		if err != nil {
			b.Fatal(err)
		}
		for _, batch := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/batch%d", mode, batch), func(b *testing.B) {
				in := make([]Input, batch)
				for i := 0; i < b.N; i++ {
					for k := range in {
						j := (i*batch + k) % len(texts)
						in[k] = Input{ID: fmt.Sprintf("%s-%d-%d", mode, i, k), Text: texts[j], Industry: "ecommerce"}
					}
					if _, err := e.Analyze(context.Background(), in); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "texts/s")
			})
		}
		e.Close()
	}
}
