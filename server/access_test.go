package server

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/jobs"
)

func TestSaneRequestID(t *testing.T) {
	f := func(id string, want bool) {
		t.Helper()
		if got := saneRequestID([]byte(id)); got != want {
			t.Errorf("saneRequestID(%q) = %v, want %v", id, got, want)
		}
	}
	f("0f8fad5b-d9cb-469f-a165-70867728950e", true)
	f("trace:abc/123+x=", true)
	f("", false)
	f(strings.Repeat("a", 129), false)
	f("a b", false)
	f("请求-1", false)
	f("a\r\nX-Evil: 1", false)
	f(`a"b`, false)
}

// TestRequestID: every response carries X-Request-Id (the client's when sane, else a
// generated one), and every error body, the jobs and transcript routes' included,
// carries the same id; the access log has one line per request with the id and
// the key's name, never the key.
func TestRequestID(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Keys: testKeys, Jobs: jm, Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	f := func(method, path, body, key, sent string, status int) string {
		t.Helper()
		var hdr []string
		if sent != "" {
			hdr = []string{"X-Request-Id", sent}
		}
		r := do(t, method, ts.base+path, body, key, hdr...)
		if r.status != status {
			t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
		}
		id := r.header.Get("X-Request-Id")
		if saneRequestID([]byte(sent)) {
			if id != sent {
				t.Errorf("%s %s: X-Request-Id %q, want the client's %q", method, path, id, sent)
			}
		} else if !generated.MatchString(id) {
			t.Errorf("%s %s: X-Request-Id %q, want a generated id", method, path, id)
		}
		if status >= 400 {
			var e struct {
				Error struct {
					RequestID string `json:"request_id"`
				} `json:"error"`
			}
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error.RequestID != id {
				t.Errorf("%s %s: error body's request_id is not %q: %s", method, path, id, r.body)
			}
		}
		return id
	}
	f("GET", "/healthz", "", "", "", 200)
	f("GET", "/healthz", "", "", "client-id-1", 200)
	f("POST", "/v1/analyze", `{"text":"送餐很快"}`, "", "client-id-2", 401)
	f("POST", "/v1/analyze", `{"text":`, keyAnalyze, "bad id with spaces", 400)
	f("GET", "/v1/nowhere", "", keyAnalyze, "", 404)
	f("GET", "/v1/jobs/job_doesnotexist", "", keyAdmin, "client-id-3", 404) // the jobs handler's own error
	f("POST", "/v1/transcripts/analyze?agent_channel=7", "坐席：您好", keyAnalyze, "", 400)
	id := f("POST", "/v1/analyze", `{"text":"送餐很快，味道不错"}`, keyAnalyze, "client-id-4", 200)
	logs := ts.logs.String()
	var line string
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, "msg=access") && strings.Contains(l, "request_id="+id) {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no access line for request %s in:\n%s", id, logs)
	}
	for _, want := range []string{"method=POST", "path=/v1/analyze", "status=200", "key=crm", "bytes=", "ms="} {
		if !strings.Contains(line, want) {
			t.Errorf("access line lacks %q: %s", want, line)
		}
	}
	for _, k := range []string{keyAnalyze, keyAdmin, keyWriter} {
		if strings.Contains(logs, k) {
			t.Errorf("the log holds an API key")
		}
	}
	if n := strings.Count(logs, "msg=access"); n != 8 {
		t.Errorf("%d access lines for 8 requests", n)
	}
}

// TestNoAccessLog: NoAccessLog turns the access lines off.
func TestNoAccessLog(t *testing.T) {
	ts := start(t, Options{NoAccessLog: true})
	do(t, "GET", ts.base+"/healthz", "", "")
	if strings.Contains(ts.logs.String(), "msg=access") {
		t.Errorf("access line written with NoAccessLog:\n%s", ts.logs.String())
	}
}

// TestServerTimingAndErrorCodes: every response has Server-Timing (total; queue and model
// for requests that ran texts), and /metrics counts error answers by their code, the
// jobs and transcript routes' codes included.
func TestServerTimingAndErrorCodes(t *testing.T) {
	ts := start(t, Options{Keys: testKeys, Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	f := func(r response, parts ...string) {
		t.Helper()
		h := r.header.Get("Server-Timing")
		for _, p := range parts {
			if !strings.Contains(h, p) {
				t.Errorf("Server-Timing %q lacks %q", h, p)
			}
		}
	}
	f(do(t, "GET", ts.base+"/healthz", "", ""), "total;dur=")
	r := do(t, "POST", ts.base+"/v1/analyze", `{"text":"送餐很快，味道不错"}`, keyAnalyze)
	f(r, "total;dur=", "queue;dur=", "model;dur=")
	if strings.Contains(do(t, "GET", ts.base+"/healthz", "", "").header.Get("Server-Timing"), "model") {
		t.Error("a request that ran no texts reports model time")
	}
	do(t, "POST", ts.base+"/v1/analyze", `{"text":"好"}`, "")
	do(t, "POST", ts.base+"/v1/analyze", `{"text":"好"}`, "wrong-key-0123456789")
	do(t, "POST", ts.base+"/v1/transcripts/analyze?agent_channel=7", "坐席：您好", keyAnalyze)
	do(t, "POST", ts.base+"/v1/analyze", `{"text":"`+strings.Repeat("慢", 10001)+`"}`, keyAnalyze)
	metrics := string(do(t, "GET", ts.base+"/metrics", "", keyAdmin).body)
	for _, want := range []string{`tingzhen_errors_total{code="unauthorized"} 2`, `tingzhen_errors_total{code="bad_request"} 1`, `tingzhen_rejected_total{reason="unauthorized"} 2`,
		`tingzhen_errors_total{code="text_too_long"} 1`, `tingzhen_rejected_total{reason="too_large"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(metrics, "tingzhen_errors_total"))
		}
	}
}
