package insights

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/store"
)

// BenchmarkDurability measures what store.Options.Durability (--durability) costs the
// counters: real review records ingested in batches of 1 (one analyze request), 64 (one
// server micro-batch) and 1024 (a bulk job's checkpoint), into a store on disk, per mode.
// Records/s is the figure; run with -benchtime=Nx and note `uptime` beside it.
func BenchmarkDurability(b *testing.B) {
	base := loadFixture(b)
	for _, mode := range []string{store.DurabilitySync, store.DurabilityInterval, store.DurabilityOff} {
		for _, batch := range []int{1, 64, 1024} {
			b.Run(fmt.Sprintf("%s/batch%d", mode, batch), func(b *testing.B) {
				st, err := store.Open(context.Background(), store.Options{Dir: filepath.Join(b.TempDir(), "db"), Durability: mode})
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				s, err := Open(st.DB(), Options{Location: time.FixedZone("CST", 8*3600)})
				if err != nil {
					b.Fatal(err)
				}
				recs := make([]Record, batch)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					for k := range recs {
						recs[k] = base[(i*batch+k)%len(base)]
						recs[k].ID = fmt.Sprintf("d%d-%d", i, k)
					}
					if _, err := s.Ingest(context.Background(), recs); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
			})
		}
	}
}
