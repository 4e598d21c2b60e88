package server

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/jobs"
)

// TestOpenAPIContract: every operation openapi.json documents is served, and a real
// request to it (on a loopback server with jobs and transcripts enabled) answers a status
// the document lists for it; every route of the one router (jobs' included) is documented.
func TestOpenAPIContract(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"` // method → operation; "parameters"
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	responses := func(path, method string) map[string]json.RawMessage {
		var op struct {
			Responses map[string]json.RawMessage `json:"responses"`
		}
		if err := json.Unmarshal(doc.Paths[path][method], &op); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return op.Responses
	}
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Keys: testKeys, Jobs: jm, Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	for _, rt := range ts.routes {
		if _, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]; !ok {
			t.Errorf("the router serves %s %s, which openapi.json does not document", rt.method, rt.path)
		}
	}
	const jsonl = `{"id":"a","text":"送餐太慢了，饭都凉了"}` + "\n"
	// One finished job for the job routes.
	r := rawDo(t, "POST", ts.base+"/v1/jobs?filename=a.jsonl", "", "", "application/x-ndjson", jsonl, keyAdmin)
	id, _ := r.json(t)["id"].(string)
	if id == "" {
		t.Fatalf("create job: %d %s", r.status, r.body)
	}
	for i := 0; ; i++ {
		if st := do(t, "GET", ts.base+"/v1/jobs/"+id, "", keyAdmin).json(t)["status"]; st == jobs.StatusDone {
			break
		} else if i > 600 {
			t.Fatalf("job %s still %v", id, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	params := strings.NewReplacer("/v1/kg/industries/{id}", "/v1/kg/industries/food_delivery",
		"/v1/tasks/{id}", "/v1/tasks/food_delivery.nope.20260101", "{action}", "ack",
		"/v1/jobs/{id}", "/v1/jobs/"+id, "{file}", "results")
	type op struct{ method, path string }
	var ops []op
	for p, m := range doc.Paths {
		for method := range m {
			if method != "parameters" {
				ops = append(ops, op{strings.ToUpper(method), p})
			}
		}
	}
	sort.Slice(ops, func(a, b int) bool { // DELETE last: it removes the job the others read
		if (ops[a].method == "DELETE") != (ops[b].method == "DELETE") {
			return ops[b].method == "DELETE"
		}
		return ops[a].path+ops[a].method < ops[b].path+ops[b].method
	})
	for _, o := range ops {
		url := ts.base + params.Replace(o.path)
		var r response
		switch {
		case o.method == "POST" && o.path == "/v1/jobs":
			r = rawDo(t, "POST", url+"?filename=b.jsonl", "", "", "application/x-ndjson", jsonl, keyAdmin)
		case o.method == "POST" && o.path == "/v1/transcripts/analyze":
			r = rawDo(t, "POST", url, "", "", "text/plain; charset=utf-8", "坐席：您好，请问有什么可以帮您？\n客户：送餐太慢了，饭都凉了。\n", keyAdmin)
		case o.method == "POST" || o.method == "PATCH":
			r = do(t, o.method, url, "{}", keyAdmin)
		default:
			r = do(t, o.method, url, "", keyAdmin)
		}
		t.Logf("%s %s: %d", o.method, o.path, r.status)
		if (r.status == 404 && strings.Contains(string(r.body), "no route")) || (r.status == 405 && r.header.Get("Allow") != "") {
			t.Errorf("%s %s is documented but not served: %d %s", o.method, o.path, r.status, r.body)
			continue
		}
		if _, ok := responses(o.path, strings.ToLower(o.method))[itoa(r.status)]; !ok {
			t.Errorf("%s %s answered %d, which openapi.json does not list: %.200s", o.method, o.path, r.status, r.body)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
