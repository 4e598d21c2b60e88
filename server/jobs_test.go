package server

import (
	"net/url"
	"strings"
	"testing"

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
	ts := start(t, Options{Jobs: jm.Handler()})
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
