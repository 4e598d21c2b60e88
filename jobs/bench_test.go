package jobs

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// TestOfflineThroughput is the baseline of bench/results/jobs.md: the engine's own
// throughput on the same texts a job reads, with no I/O in the timed part. The texts are
// read into memory first (the same readers, ids and chunking as a job), then Analyze runs
// over chunks of 256 in one goroutine. Run it only on purpose:
//
//	TINGZHEN_JOBS_BENCH=a.csv,b.txt go test -run TestOfflineThroughput -v ./jobs/
func TestOfflineThroughput(t *testing.T) {
	spec := os.Getenv("TINGZHEN_JOBS_BENCH")
	if spec == "" {
		t.Skip("set TINGZHEN_JOBS_BENCH to a comma-separated list of input files")
	}
	files, err := input.Expand(strings.Split(spec, ","))
	if err != nil {
		t.Fatal(err)
	}
	chunk := 256
	if v, err := strconv.Atoi(os.Getenv("TINGZHEN_JOBS_BENCH_CHUNK")); err == nil && v > 0 {
		chunk = v
	}
	var chunks [][]engine.Input
	n := 0
	for _, f := range files {
		r, err := input.Open(f, input.Options{}, input.Position{})
		if err != nil {
			t.Fatal(err)
		}
		var cur []engine.Input
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			id := rec.ID
			if id == "" {
				id = f + ":" + strconv.Itoa(rec.Line)
			}
			if rec.Err == nil {
				cur = append(cur, engine.Input{ID: id, Text: rec.Text, Industry: rec.Industry})
				n++
			}
			if len(cur) == chunk {
				chunks = append(chunks, cur)
				cur = nil
			}
		}
		if len(cur) > 0 {
			chunks = append(chunks, cur)
		}
		r.Close()
	}
	ctx := context.Background()
	start := time.Now()
	aspects := 0
	for _, c := range chunks {
		res, err := testEngine.Analyze(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			aspects += len(r.Aspects)
		}
	}
	el := time.Since(start)
	t.Logf("offline: %d records in %.1f s = %.1f records/s (%d aspects; chunk %d; engine threads 1)", n, el.Seconds(), float64(n)/el.Seconds(), aspects, chunk)
}
