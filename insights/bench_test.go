package insights

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/store"
)

// BenchmarkInsights1M measures, on INSIGHTS_BENCH_RECORDS (default 1,000,000) records
// with real review texts and synthetic dimensions, in event-time order over 365 days:
// counter ingest (records/s, batches of 10,000 through Ingest), a top-pains query over 90
// days with two dimension filters (p50/p99 of 200 queries over varied filters), and the
// store size per million records after Close. Run on one core:
//
//	go test ./insights -run XXX -bench Insights1M -benchtime 1x -cpu 1
//
// Review texts and their mentions come from the dataset when present (3,000 reviews
// mapped by the knowledge graph's matcher), else from testdata/reviews.jsonl.
func BenchmarkInsights1M(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("INSIGHTS_BENCH_RECORDS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	base := benchBase(b)
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "db")
		st, err := store.Open(context.Background(), store.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		s, err := Open(st.DB(), Options{Location: cst})
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		start := day("2025-12-01")
		span := 365 * 24 * time.Hour
		products := []string{"手机", "平板", "笔记本", "耳机", "洗发水", "热水器", "牛奶", "衬衫", "图书", "水果"}
		const batch = 10_000
		recs := make([]Record, batch)
		var ingest time.Duration
		cpu0 := cpuTime()
		mentions := 0
		b.StartTimer()
		for done := 0; done < n; done += batch {
			m := min(batch, n-done)
			for i := 0; i < m; i++ {
				k := done + i
				r := base[rng.IntN(len(base))]
				r.ID = "bench-" + strconv.Itoa(k)
				r.Time = start.Add(time.Duration(int64(span) / int64(n) * int64(k)))
				r.Dims = synthDims(rng)
				r.Dims.Product = products[rng.IntN(len(products))]
				recs[i] = r
			}
			t0 := time.Now()
			stt, err := s.Ingest(context.Background(), recs[:m])
			ingest += time.Since(t0)
			if err != nil || stt.New != m {
				b.Fatalf("ingest: %+v %v", stt, err)
			}
			mentions += stt.Mentions
		}
		b.StopTimer()
		cpu := cpuTime() - cpu0
		b.Logf("transactions refused as too big: %d; records per transaction at the end: %d", s.tooBig, s.chunk)
		b.Logf("written: %d transactions, %d counter blobs (%.1f MB), %.1f MB of records (r/, t/ keys and values)",
			s.stats.txns, s.stats.blobs, float64(s.stats.blobBytes)/1e6, float64(s.stats.recordBytes)/1e6)
		b.ReportMetric(float64(n)/ingest.Seconds(), "records/s")
		// Process CPU time (all threads, Badger's included) per record: the rate one
		// otherwise idle core would reach, whatever else the machine runs.
		b.ReportMetric(float64(n)/cpu.Seconds(), "records/cpu-s")
		b.ReportMetric(float64(mentions)/float64(n), "mentions/record")

		// Top pains over the last 90 days, two filters, varied: first on the one core the
		// ingest used (Badger still compacting what it wrote), then with two cores.
		p50, p99 := topPainsLatency(b, s, start.Add(span))
		b.ReportMetric(p50, "p50-ms")
		b.ReportMetric(p99, "p99-ms")
		prev := runtime.GOMAXPROCS(2)
		p50, p99 = topPainsLatency(b, s, start.Add(span))
		runtime.GOMAXPROCS(prev)
		b.ReportMetric(p50, "p50-ms-2cpu")
		b.ReportMetric(p99, "p99-ms-2cpu")

		s.Close()
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		var size int64
		byExt := map[string]int64{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					size += info.Size()
					byExt[filepath.Ext(p)] += info.Size()
				}
			}
			return nil
		})
		b.Logf("store files by extension (bytes): %v", byExt)
		b.ReportMetric(float64(size)/float64(n)*1e6/(1<<20), "MiB/1M-records")
		os.RemoveAll(dir)
	}
}

// benchBase returns review records with mentions (no dims, no time).
func benchBase(b *testing.B) []Record {
	b.Helper()
	if revs, err := readReviews(datasetPath, 3000); err == nil {
		g := openGraph(b)
		var out []Record
		for i, rv := range revs {
			out = append(out, Record{ID: fmt.Sprint(i), Industry: "ecommerce", Sentiment: labelSentiment(rv[1]), Text: rv[0], Mentions: mapReview(g, "ecommerce", rv[0])})
		}
		b.Logf("base: %d dataset reviews", len(out))
		return out
	}
	recs := loadFixture(b)
	for i := range recs {
		recs[i].Dims = Dims{}
	}
	b.Logf("base: %d fixture reviews (dataset absent)", len(recs))
	return recs
}

// cpuTime is the process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// topPainsLatency runs 200 top-pains queries over 90 days ending at most 29 days before to,
// with two dimension filters, and returns p50 and p99 in milliseconds.
func topPainsLatency(b *testing.B, s *Store, to time.Time) (float64, float64) {
	b.Helper()
	var lat []time.Duration
	ctx := context.Background()
	nonEmpty := 0
	for q := 0; q < 200; q++ {
		f := Filter{Industry: "ecommerce", From: to.AddDate(0, 0, -90-q%30), To: to.AddDate(0, 0, -q%30),
			Dims: Dims{Channel: synthChannels[q%len(synthChannels)], Brand: synthBrands[q/len(synthChannels)%len(synthBrands)]}}
		if q%2 == 1 {
			f.Dims.Brand = ""
			f.Dims.Store = synthStores[q%len(synthStores)]
		}
		t0 := time.Now()
		top, err := s.Top(ctx, TopQuery{Filter: f, Point: "pain", By: "indicator", N: 10})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if len(top.Items) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty == 0 {
		b.Fatal("every top-pains query came back empty")
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return float64(lat[len(lat)/2].Microseconds()) / 1000, float64(lat[len(lat)*99/100].Microseconds()) / 1000
}
