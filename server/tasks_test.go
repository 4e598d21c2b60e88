package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
	"github.com/tingzhen/tingzhen/tasks"
)

const keyTasks = "tasks-key-0123456789ab"

// qualityRecords are n reviews of product quality (pains, then pleasures) dated in the week
// from start, placed on the ecommerce graph by its matcher.
func qualityRecords(t *testing.T, g *kg.Graph, prefix string, start time.Time, pains, pleasures int) []insights.Record {
	t.Helper()
	type v struct{ text, term, opinion, pol, point string }
	pain := []v{{"衣服质量太差了，洗了一次就起球", "质量", "太差", "negative", "pain"}, {"做工粗糙，线头到处都是", "做工", "粗糙", "negative", "pain"}}
	good := []v{{"质量很好，做工精细，很满意", "质量", "很好", "positive", "pleasure"}}
	var out []insights.Record
	for i := 0; i < pains+pleasures; i++ {
		x := good[i%len(good)]
		if i < pains {
			x = pain[i%len(pain)]
		}
		m, ok := g.MapAspect("ecommerce", x.text, x.term, x.opinion)
		if !ok {
			t.Fatalf("unmapped %q", x.text)
		}
		s := len([]rune(x.text[:strings.Index(x.text, x.term)]))
		out = append(out, insights.Record{ID: fmt.Sprintf("%s-%d", prefix, i), Time: start.AddDate(0, 0, i%7).Add(10 * time.Hour), Industry: "ecommerce",
			Sentiment: x.pol, Text: x.text, Mentions: []mention.Mention{{Term: x.term, Opinion: x.opinion, Polarity: x.pol, Point: x.point, Start: s, End: s + len([]rune(x.term)),
				KG: &mention.KGRef{Industry: m.Industry, Indicator: m.Indicator, Aspect: m.Aspect, Department: m.Department,
					IDs: map[string]string{"industry": m.IndustryID, "indicator": m.IndicatorID, "aspect": m.AspectID, "department": m.DepartmentID}}}}})
	}
	return out
}

// TestTaskLoopHTTP runs the loop through the API: evaluate on demand, the signed webhook
// sent in the background, lifecycle steps with 409 on illegal ones, verification.
func TestTaskLoopHTTP(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Dir: t.TempDir(), PacksDir: "../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ins, err := insights.Open(st.DB(), insights.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	var mu sync.Mutex
	var got []tasks.Payload
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := tasks.VerifySignature("品控-secret", r.Header.Get(tasks.HeaderSignature), r.Header.Get(tasks.HeaderTimestamp), body, time.Now(), 0); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var p tasks.Payload
		json.Unmarshal(body, &p)
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
	}))
	defer hook.Close()
	tm, err := tasks.New(st.DB(), st, ins, tasks.Options{Location: time.UTC, Rescan: 20 * time.Millisecond,
		Webhooks: tasks.Webhooks{Departments: map[string]tasks.Endpoint{"quality": {URL: hook.URL, Secret: "品控-secret"}}}})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stopRun := context.WithCancel(ctx)
	runDone := make(chan error, 1)
	go func() { runDone <- tm.Run(runCtx) }()
	defer func() { stopRun(); <-runDone }()

	keys := append(append([]APIKey{}, testKeys...), APIKey{Name: "wms", Key: keyTasks, Scopes: []string{ScopeTasks}})
	ts := start(t, Options{Keys: keys, Tasks: tm})
	if _, err := ins.Ingest(ctx, qualityRecords(t, st.Graph(), "w", time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), 30, 6)); err != nil {
		t.Fatal(err)
	}
	r := do(t, "POST", ts.base+"/v1/tasks/evaluate", `{"at":"2026-11-18"}`, keyTasks)
	var ev struct {
		Created []tasks.Task `json:"created"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &ev) != nil || len(ev.Created) != 1 {
		t.Fatalf("evaluate: %d %s", r.status, r.body)
	}
	id := ev.Created[0].ID
	if id != "ecommerce.quality_pain_share.20261109" || ev.Created[0].PointCount != 30 || ev.Created[0].Mentions != 36 {
		t.Fatalf("task = %+v", ev.Created[0])
	}
	if r := do(t, "POST", ts.base+"/v1/tasks/evaluate", `{"at":"2026-11-19"}`, keyAdmin); r.status != 200 || !strings.Contains(string(r.body), `"created":[]`) {
		t.Fatalf("second evaluate: %d %s", r.status, r.body)
	}
	// Delivered in the background, signed.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("webhook not delivered")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got[0].Task.ID != id || len(got[0].Task.Evidence) == 0 || got[0].Task.Evidence[0].RecordID == "" {
		t.Fatalf("payload = %+v", got[0])
	}
	var one tasks.Task
	if r := do(t, "GET", ts.base+"/v1/tasks/"+id, ``, keyAnalyze); r.status != 200 || json.Unmarshal(r.body, &one) != nil || one.ID != id {
		t.Fatalf("GET task: %d %s", r.status, r.body)
	}
	if r := do(t, "GET", ts.base+"/v1/tasks?status=open&department=quality", ``, keyAnalyze); r.status != 200 || !strings.Contains(string(r.body), id) {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	// Lifecycle.
	steps := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "/verify", ``, 409, "verify needs it to be resolved"},
		{"POST", "/ack", ``, 200, `"status":"acknowledged"`},
		{"POST", "/ack", ``, 409, "is acknowledged"},
		{"PATCH", "", `{"status":"in_progress","by":"李工","note":"联系供应商"}`, 200, `"by":"李工"`},
		{"PATCH", "", `{"status":"verified"}`, 409, "is in_progress"},
		{"POST", "/resolve", `{"note":"新批次已上架"}`, 200, `"status":"resolved"`},
		{"POST", "/verify", ``, 200, `"verification":{`},
		{"POST", "/dismiss", ``, 409, "is verified"},
	}
	for i, s := range steps {
		r := do(t, s.method, ts.base+"/v1/tasks/"+id+s.path, s.body, keyTasks)
		if r.status != s.status || !strings.Contains(string(r.body), s.want) {
			t.Fatalf("step %d %s %s: %d %s", i, s.method, s.path, r.status, r.body)
		}
		if s.status == 409 && errorCode(t, r) != codeConflict {
			t.Fatalf("step %d: code %s", i, errorCode(t, r))
		}
	}
	if r := do(t, "GET", ts.base+"/v1/tasks/"+id, ``, keyAnalyze); r.status != 200 || json.Unmarshal(r.body, &one) != nil ||
		len(one.History) != 4 || one.History[0].By != "wms" || one.History[1].Note != "联系供应商" || one.Verification == nil {
		t.Fatalf("after the lifecycle: %s", r.body)
	}
	if r := do(t, "GET", ts.base+"/v1/tasks/deadletters", ``, keyAnalyze); r.status != 200 || !strings.Contains(string(r.body), `"dead_letters":[]`) {
		t.Fatalf("deadletters: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", ts.base+"/v1/tasks/"+id+"/redeliver", ``, keyTasks); r.status != 202 {
		t.Fatalf("redeliver: %d %s", r.status, r.body)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("redelivery not sent")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cases := []struct {
		method, path, body, key string
		status                  int
		code                    string
	}{
		{"GET", "/v1/tasks/nope", ``, keyAnalyze, 404, codeNotFound},
		{"POST", "/v1/tasks/nope/ack", ``, keyTasks, 404, codeNotFound},
		{"POST", "/v1/tasks/" + id + "/close", ``, keyTasks, 404, codeNotFound},
		{"POST", "/v1/tasks/" + id + "/ack", ``, keyAnalyze, 403, codeForbidden},
		{"PATCH", "/v1/tasks/" + id, `{"status":"done"}`, keyTasks, 400, codeBadRequest},
		{"PATCH", "/v1/tasks/" + id, ``, keyTasks, 400, codeBadJSON},
		{"POST", "/v1/tasks/evaluate", ``, keyAnalyze, 403, codeForbidden},
		{"POST", "/v1/tasks/evaluate", `{"at":"someday"}`, keyTasks, 400, codeBadRequest},
		{"GET", "/v1/tasks?status=done", ``, keyAnalyze, 400, codeBadRequest},
		{"DELETE", "/v1/tasks/" + id, ``, keyTasks, 405, codeMethod},
		{"GET", "/v1/tasks/" + id + "/ack/x", ``, keyTasks, 404, codeNotFound},
	}
	for _, c := range cases {
		r := do(t, c.method, ts.base+c.path, c.body, c.key)
		if r.status != c.status || errorCode(t, r) != c.code {
			t.Fatalf("%s %s: %d %s, want %d %s", c.method, c.path, r.status, r.body, c.status, c.code)
		}
	}
}

// TestTaskLoopFromAnalyze: texts analysed by the real models with their event time are
// counted by the engine's insights store; the rules evaluated on those counts open the
// quality task for that week, with the analysed records as evidence.
func TestTaskLoopFromAnalyze(t *testing.T) {
	keys := append(append([]APIKey{}, testKeys...), APIKey{Name: "wms", Key: keyTasks, Scopes: []string{ScopeTasks}})
	// Its own engine: the tasks it creates are stored, and a second run would find them open.
	ts := startWith(t, isolatedEngine(t), Options{Keys: keys})
	texts := []string{
		"衣服质量太差了，洗了一次就起球",
		"做工很粗糙，线头到处都是",
		"质量太差，穿了两天就开线了",
		"这个材质很差，摸起来像塑料",
		"东西质量很差，跟图片完全不一样",
		"质量不行，用了一次就坏了",
		"做工太差了，扣子都掉了",
		"质量很好，做工精细，很满意",
	}
	var items []map[string]string
	for i := 0; i < 48; i++ {
		items = append(items, map[string]string{"id": fmt.Sprintf("aq-%02d", i), "text": texts[i%len(texts)], "industry": "ecommerce",
			"time": fmt.Sprintf("2025-03-%02d 10:%02d", 10+i%7, i)})
	}
	if r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": items}), keyAnalyze); r.status != 200 {
		t.Fatalf("analyze: %d %s", r.status, r.body)
	}
	r := do(t, "POST", ts.base+"/v1/tasks/evaluate", `{"at":"2025-03-19"}`, keyTasks)
	var ev struct {
		Created []tasks.Task `json:"created"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &ev) != nil {
		t.Fatalf("evaluate: %d %s", r.status, r.body)
	}
	var tk *tasks.Task
	for i := range ev.Created {
		if ev.Created[i].RuleID == "quality_pain_share" {
			tk = &ev.Created[i]
		}
	}
	if tk == nil {
		t.Fatalf("no quality task: %s", r.body)
	}
	if tk.ID != "ecommerce.quality_pain_share.20250310" || tk.Mentions < 30 || tk.Share <= 0.35 || len(tk.Evidence) == 0 {
		t.Fatalf("task = %+v", tk)
	}
	for _, e := range tk.Evidence {
		if !strings.HasPrefix(e.RecordID, "aq-") || e.Point != "pain" || e.Time.Before(time.Date(2025, 3, 10, 0, 0, 0, 0, time.Local)) {
			t.Fatalf("evidence %+v", e)
		}
	}
	t.Logf("task %s: %d of %d mentions, reason %s, evidence %d (%s)", tk.ID, tk.PointCount, tk.Mentions, tk.Reason, len(tk.Evidence), tk.Evidence[0].Text)
	// Evaluating again, also after the same records were sent again, opens nothing new.
	if r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": items}), keyAnalyze); r.status != 200 {
		t.Fatalf("analyze again: %d", r.status)
	}
	if r := do(t, "POST", ts.base+"/v1/tasks/evaluate", `{"at":"2025-03-19"}`, keyTasks); r.status != 200 || !strings.Contains(string(r.body), `"created":[]`) {
		t.Fatalf("evaluate again: %d %s", r.status, r.body)
	}
}
