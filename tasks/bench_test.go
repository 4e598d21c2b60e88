package tasks

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// BenchmarkEvaluate times one evaluation of every rule of the six shipped packs (the
// current and the previous window each) on a store of 36,000 records spread over 90 days:
// the 600 real reviews of insights/testdata/reviews.jsonl (mentions from the graph's
// matcher) repeated 60 times with shifted days. After the first evaluation every window's
// task exists, so this is the steady state of the scheduler.
func BenchmarkEvaluate(b *testing.B) {
	f, err := os.Open("../insights/testdata/reviews.jsonl")
	if err != nil {
		b.Skip("insights fixture absent:", err)
	}
	var base []insights.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r insights.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		base = append(base, r)
	}
	f.Close()
	e := openEnv(b)
	ctx := context.Background()
	end := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for k := 0; k < 60; k++ {
		recs := make([]insights.Record, len(base))
		for i, r := range base {
			r.ID = fmt.Sprintf("%s-%02d", r.ID, k)
			r.Time = end.AddDate(0, 0, -((i + k*7) % 90)).Add(time.Duration(i%24) * time.Hour)
			recs[i] = r
		}
		if _, err := e.ins.Ingest(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	m := e.manager(b, Options{})
	now := end.Add(-12 * time.Hour)
	created, err := m.Evaluate(ctx, now)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d records, %d tasks created by the first evaluation", 60*len(base), len(created))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Evaluate(ctx, now); err != nil {
			b.Fatal(err)
		}
	}
}
