package jobs

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// TestOfflineThroughput is the baseline of bench/results/jobs.md: the engine's own
// throughput on the same texts a job reads, with no I/O in the timed part. The texts are
// read into memory first (the same readers, ids and chunking as a job), then Analyze runs
// over chunks of 256 (TINGZHEN_JOBS_BENCH_CHUNK) in one goroutine, on the engine defaults
// (InferWorkers = CPUs). With TINGZHEN_JOBS_BENCH_LANES=N it instead builds an engine with
// InferWorkers 1 and runs N goroutines taking chunks from a queue: the job's own way of
// using the cores, without its reading, writing and checkpoints. Run it only on purpose:
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
	e, mode := testEngine, "1 goroutine, engine InferWorkers = CPUs"
	lanes, _ := strconv.Atoi(os.Getenv("TINGZHEN_JOBS_BENCH_LANES"))
	if lanes > 0 {
		le, err := engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer le.Close()
		e, mode = le, fmt.Sprintf("%d goroutines, engine InferWorkers 1", lanes)
	} else {
		lanes = 1
	}
	queue := make(chan []engine.Input, len(chunks))
	for _, c := range chunks {
		queue <- c
	}
	close(queue)
	var (
		wg      sync.WaitGroup
		aspects atomic.Int64
		failed  atomic.Value
	)
	start := time.Now()
	for range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range queue {
				res, err := e.Analyze(ctx, c)
				if err != nil {
					failed.Store(err)
					return
				}
				for _, r := range res {
					aspects.Add(int64(len(r.Aspects)))
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	if err, _ := failed.Load().(error); err != nil {
		t.Fatal(err)
	}
	t.Logf("offline: %d records in %.1f s = %.1f records/s (%d aspects; chunk %d; %s; ORT threads 1)", n, el.Seconds(), float64(n)/el.Seconds(), aspects.Load(), chunk, mode)
}
