package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/jobs"
)

// TestQueueFullCallsAndJobs: on loopback, with the admission queue held full, a calls
// request (POST /v1/transcripts/analyze) and the jobs requests that start analysis (POST
// /v1/jobs, POST /v1/jobs/{id}/resume) are answered 429 overloaded with Retry-After, as
// /v1/analyze is, and create nothing; reading a job is not held back. Once the queue has
// room they go through; a malformed X-Request-Timeout is a 400 on each.
func TestQueueFullCallsAndJobs(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{QueueSize: 8, MaxItems: 8, QueueWait: 50 * time.Millisecond, Jobs: jm, Calls: &CallOptions{}})
	const review = `{"id":"a","text":"送餐太慢了，饭都凉了"}` + "\n"
	call := func(hdr ...string) response {
		return rawDoHdr(t, ts.base+"/v1/transcripts/analyze?industry=ecommerce", "application/octet-stream", chat, hdr...)
	}
	job := func(hdr ...string) response {
		return rawDoHdr(t, ts.base+"/v1/jobs?filename=r.jsonl", "application/x-ndjson", review, hdr...)
	}
	analyze := func() response {
		return do(t, "POST", ts.base+"/v1/analyze", `{"text":"送餐太慢了"}`, "")
	}
	busy := func(what string, r response) {
		t.Helper()
		if r.status != 429 || r.header.Get("Retry-After") == "" || errorCode(t, r) != codeOverloaded {
			t.Errorf("%s with the queue full: %d %v %s, want 429 overloaded with Retry-After", what, r.status, r.header, r.body)
		}
	}
	// A finished job to resume later.
	r := job()
	if r.status != 202 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var v jobs.View
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		g, err := jm.Get(v.ID, jobs.Caller{})
		if err != nil {
			t.Fatal(err)
		}
		if g.Status == jobs.StatusDone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: %s", v.ID, g.Status)
		}
	}

	if err := ts.b.admit(8, 0, time.Time{}); err != nil { // hold the queue full
		t.Fatal(err)
	}
	busy("POST /v1/analyze", analyze())
	busy("POST /v1/transcripts/analyze", call())
	busy("POST /v1/jobs", job())
	busy("POST /v1/jobs/{id}/resume", do(t, "POST", ts.base+"/v1/jobs/"+v.ID+"/resume", "", ""))
	if r := do(t, "GET", ts.base+"/v1/jobs", "", ""); r.status != 200 || strings.Count(string(r.body), `"id":"job_`) != 1 {
		t.Errorf("list with the queue full: %d %s, want 200 and the one job", r.status, r.body)
	}
	if r := do(t, "GET", ts.base+"/v1/jobs/"+v.ID+"/results", "", ""); r.status != 200 {
		t.Errorf("results with the queue full: %d", r.status)
	}
	ts.b.release(8, 0)

	if r := call(); r.status != 200 {
		t.Errorf("calls after the queue drained: %d %s", r.status, r.body)
	}
	if r := job(); r.status != 202 {
		t.Errorf("job after the queue drained: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", ts.base+"/v1/jobs/"+v.ID+"/resume", "", ""); r.status != 409 || errorCode(t, r) != "conflict" {
		t.Errorf("resume of a done job: %d %s, want 409 conflict", r.status, r.body)
	}
	for what, r := range map[string]response{"calls": call("X-Request-Timeout", "soon"), "jobs": job("X-Request-Timeout", "soon")} {
		if r.status != 400 || errorCode(t, r) != codeBadRequest || !strings.Contains(string(r.body), "X-Request-Timeout") {
			t.Errorf("%s with a malformed X-Request-Timeout: %d %s", what, r.status, r.body)
		}
	}
	metrics := string(do(t, "GET", ts.base+"/metrics", "", "").body)
	if !strings.Contains(metrics, `tingzhen_rejected_total{reason="queue_full"} 4`) {
		t.Errorf("metrics: %s", grepLines(metrics, "tingzhen_rejected_total"))
	}
}
