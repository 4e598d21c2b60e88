package server

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/jobs"
)

// TestJobUploadBadNames: a raw upload whose ?filename= is no file name gets a 400 that
// names no server path (it was a 500 quoting the jobs directory), and creates no job.
func TestJobUploadBadNames(t *testing.T) {
	dir := t.TempDir()
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Jobs: jm})
	const jsonl = `{"id":"a","text":"送餐太慢了，饭都凉了"}` + "\n"
	f := func(filename string, status int) {
		t.Helper()
		r := rawDo(t, "POST", ts.base+"/v1/jobs?filename="+url.QueryEscape(filename), "", "", "application/x-ndjson", jsonl, "")
		if r.status != status {
			t.Fatalf("filename %q: status %d, want %d: %s", filename, r.status, status, r.body)
		}
		if strings.Contains(string(r.body), dir) || strings.Contains(string(r.body), "/tmp") {
			t.Fatalf("filename %q: the answer names a server path: %s", filename, r.body)
		}
	}
	f("..", 400)
	f(".", 400)
	f("x/..", 400)
	f(".hidden.jsonl", 400)
	f("a\x00.jsonl", 400)
	f(strings.Repeat("评", 100)+".jsonl", 400)
	if r := do(t, "GET", ts.base+"/v1/jobs", "", ""); strings.Contains(string(r.body), `"job_`) {
		t.Fatalf("refused uploads created jobs: %s", r.body)
	}
	f("../../客服记录.jsonl", 202) // the base name is kept
}

// TestJobOwnership: a jobs-scope key sees, reads and deletes only the jobs it created
// (another key's job is 404, as if absent); an admin key sees every job. The owner is
// kept in job.json, so it holds after a restart.
func TestJobOwnership(t *testing.T) {
	const (
		keyAlice = "alice-jobs-key-0123456789"
		keyBob   = "bob-jobs-key-0123456789ab"
	)
	keys := []APIKey{
		{Name: "alice", Key: keyAlice, Scopes: []string{ScopeJobs}},
		{Name: "bob", Key: keyBob, Scopes: []string{ScopeJobs}},
		{Name: "ops", Key: keyAdmin, Scopes: []string{ScopeAdmin}},
	}
	dir := t.TempDir()
	serve := func() (*testServer, *jobs.Manager) {
		jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return start(t, Options{Keys: keys, Jobs: jm}), jm
	}
	ts, jm := serve()
	const jsonl = `{"id":"a","text":"送餐太慢了，饭都凉了"}` + "\n" + `{"id":"b","text":"骑手态度很好"}` + "\n"
	r := rawDo(t, "POST", ts.base+"/v1/jobs?filename=评价.jsonl", "", "", "application/x-ndjson", jsonl, keyAlice)
	if r.status != 202 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	id, _ := r.json(t)["id"].(string)
	if id == "" {
		t.Fatalf("no job id: %s", r.body)
	}
	// Wait until the job is done (alice may read it).
	for i := 0; ; i++ {
		v := do(t, "GET", ts.base+"/v1/jobs/"+id, "", keyAlice)
		if v.status != 200 {
			t.Fatalf("owner reads her job: %d %s", v.status, v.body)
		}
		if st := v.json(t)["status"]; st == jobs.StatusDone {
			break
		} else if st == jobs.StatusFailed || i > 600 {
			t.Fatalf("job did not finish: %s", v.body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	f := func(ts *testServer, method, path, key string, status int, listed bool) {
		t.Helper()
		r := do(t, method, ts.base+path, "", key)
		if r.status != status {
			t.Fatalf("%s %s as %s: status %d, want %d: %s", method, path, key[:5], r.status, status, r.body)
		}
		if path == "/v1/jobs" && strings.Contains(string(r.body), id) != listed {
			t.Fatalf("GET /v1/jobs as %s: listed %v, want %v: %s", key[:5], !listed, listed, r.body)
		}
	}
	check := func(ts *testServer) {
		t.Helper()
		f(ts, "GET", "/v1/jobs", keyBob, 200, false)
		f(ts, "GET", "/v1/jobs/"+id, keyBob, 404, false)
		f(ts, "GET", "/v1/jobs/"+id+"/results", keyBob, 404, false)
		f(ts, "POST", "/v1/jobs/"+id+"/resume", keyBob, 404, false)
		f(ts, "DELETE", "/v1/jobs/"+id, keyBob, 404, false)
		f(ts, "GET", "/v1/jobs", keyAlice, 200, true)
		f(ts, "GET", "/v1/jobs/"+id+"/results", keyAlice, 200, false)
		f(ts, "GET", "/v1/jobs", keyAdmin, 200, true)
		f(ts, "GET", "/v1/jobs/"+id, keyAdmin, 200, false)
	}
	check(ts)
	// Restart (a new manager and server on the same folder): the owner comes back from job.json.
	jm.Close()
	ts, jm = serve()
	t.Cleanup(func() { jm.Close() })
	check(ts)
	f(ts, "DELETE", "/v1/jobs/"+id, keyAlice, 200, false)
	f(ts, "GET", "/v1/jobs/"+id, keyAdmin, 404, false)
}
