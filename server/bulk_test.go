package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
)

// TestBulkTurn: a bulk job's slice goes only when no interactive text is admitted, or once
// it has waited bulkYield; and only when it fits the queue's capacity, or the queue is empty.
func TestBulkTurn(t *testing.T) {
	f := func(depth, bulkDepth, cost int64, waited time.Duration, n, runes int, want bool) {
		t.Helper()
		b := &batcher{m: newMetrics(gauges{}), enabled: true, workers: 2, maxRunes: 16_384, capacity: 100, capRunes: 100_000}
		b.depth.Store(depth)
		b.bulkDepth.Store(bulkDepth)
		b.cost.Store(cost)
		got, wait := b.bulkTurn(n, runes, waited)
		if got != want {
			t.Errorf("depth %d (bulk %d), cost %d, waited %s, slice %d texts/%d chars: %v, want %v", depth, bulkDepth, cost, waited, n, runes, got, want)
		}
		if got && (b.depth.Load() != depth+int64(n) || b.bulkDepth.Load() != bulkDepth+int64(n) || b.cost.Load() != cost+int64(runes)) {
			t.Errorf("went but reserved depth %d, bulk %d, cost %d", b.depth.Load(), b.bulkDepth.Load(), b.cost.Load())
		}
		if !got && (wait == nil || b.depth.Load() != depth || b.cost.Load() != cost) {
			t.Errorf("waits but has no channel, or reserved depth %d, cost %d", b.depth.Load(), b.cost.Load())
		}
	}
	f(0, 0, 0, 0, 64, 5_000, true)                // idle
	f(1, 0, 20, 0, 64, 5_000, false)              // an interactive text admitted: yield
	f(1, 0, 20, bulkYield, 64, 5_000, true)       // waited long enough
	f(64, 64, 5_000, 0, 30, 5_000, true)          // only another job's slice: no yield
	f(64, 64, 5_000, bulkYield, 64, 5_000, false) // but it does not fit the capacity
	f(0, 0, 0, 0, 200, 200_000, true)             // larger than the queue, which is empty
	f(10, 0, 99_000, bulkYield, 1, 2_000, false)  // no room for its characters
}

// TestJobsThroughAdmission: a bulk job of the server's jobs manager, wired to
// Server.AnalyzeBulk (as `tingzhen serve` does), is analysed in the server's model runs
// (its texts are counted by tingzhen_texts_analyzed_total, which they were not when jobs
// called the engine directly), completes with every record, and leaves the queue empty;
// an interactive request sent meanwhile is answered 200.
func TestJobsThroughAdmission(t *testing.T) {
	var srv atomic.Pointer[Server]
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir(), Analyze: func(ctx context.Context, in []engine.Input) ([]engine.Result, error) {
		return srv.Load().AnalyzeBulk(ctx, in)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Jobs: jm, Collectors: jm.Collectors(), BatchWorkers: 2, MaxBatchRunes: 2_000})
	srv.Store(ts.Server)
	revs := reviews(t)
	var body strings.Builder
	const records = 300
	for i := 0; i < records; i++ {
		fmt.Fprintf(&body, "{\"id\":\"r%d\",\"text\":%q}\n", i, revs[i%len(revs)])
	}
	before := ts.m.texts.Load()
	r := rawDo(t, "POST", ts.base+"/v1/jobs?filename=reviews.jsonl", "", "", "application/x-ndjson", body.String(), "")
	if r.status != 202 {
		t.Fatalf("create job: %d %s", r.status, r.body)
	}
	var job struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Records int64  `json:"records"`
		Failed  int64  `json:"failed"`
	}
	if err := json.Unmarshal(r.body, &job); err != nil {
		t.Fatal(err)
	}
	if p := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]string{"text": revs[0]}), ""); p.status != 200 {
		t.Errorf("interactive request beside the job: %d %s", p.status, p.body)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for job.Status != jobs.StatusDone {
		if job.Status == jobs.StatusFailed || time.Now().After(deadline) {
			t.Fatalf("job %s: %s", job.ID, r.body)
		}
		time.Sleep(50 * time.Millisecond)
		r = do(t, "GET", ts.base+"/v1/jobs/"+job.ID, "", "")
		if err := json.Unmarshal(r.body, &job); err != nil {
			t.Fatal(err)
		}
	}
	if job.Records != records || job.Failed != 0 {
		t.Errorf("job done with %d records, %d failed; want %d, 0", job.Records, job.Failed, records)
	}
	if got := ts.m.texts.Load() - before; got < records {
		t.Errorf("the server's model runs analysed %d texts during the job of %d records: the job bypassed admission", got, records)
	}
	if d, c, bd := ts.b.depth.Load(), ts.b.cost.Load(), ts.b.bulkDepth.Load(); d != 0 || c != 0 || bd != 0 {
		t.Errorf("queue holds %d texts (%d bulk)/%d characters after the job", d, bd, c)
	}
	// The jobs manager's counters are served at /metrics (its progress is reported before
	// the status turns done, so they are final here).
	metrics := string(do(t, "GET", ts.base+"/metrics", "", "").body)
	for _, want := range []string{"tingzhen_jobs_started_total 1\n", `tingzhen_jobs_finished_total{status="done"} 1` + "\n",
		`tingzhen_jobs_finished_total{status="failed"} 0` + "\n", fmt.Sprintf(`tingzhen_job_records_total{result="ok"} %d`, records) + "\n",
		`tingzhen_job_records_total{result="failed"} 0` + "\n", fmt.Sprintf("tingzhen_job_input_bytes_total %d\n", body.Len())} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(metrics, "tingzhen_job"))
		}
	}
}
