package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
)

// TestErrorStatuses: every error status the API gives, with the JSON error shape.
func TestErrorStatuses(t *testing.T) {
	ts := start(t, Options{Keys: testKeys, MaxBodyBytes: 64 << 10, MaxItems: 4, MaxBatchBytes: 4096, MaxTextRunes: 500})
	long := strings.Repeat("外卖送得太慢了，", 63) // 504 runes
	big := strings.Repeat("味道不错，", 80)     // 400 runes, 1200 bytes
	items := func(n int, text string) string {
		var in []engine.Input
		for i := 0; i < n; i++ {
			in = append(in, engine.Input{ID: fmt.Sprint(i), Text: text})
		}
		return mustJSON(map[string]any{"items": in})
	}
	cases := []struct {
		name, method, path, body, key string
		hdr                           []string
		status                        int
		code                          string
	}{
		{"invalid json", "POST", "/v1/analyze", `{"text":`, keyAnalyze, nil, 400, codeBadJSON},
		{"not an object", "POST", "/v1/analyze", `["送餐很快"]`, keyAnalyze, nil, 400, codeBadJSON},
		{"empty body", "POST", "/v1/analyze", ``, keyAnalyze, nil, 400, codeBadJSON},
		{"invalid utf-8", "POST", "/v1/analyze", "{\"text\":\"\xff\xfe送餐\"}", keyAnalyze, nil, 400, codeInvalidUTF8},
		{"missing text", "POST", "/v1/analyze", `{"id":"1"}`, keyAnalyze, nil, 400, codeBadRequest},
		{"empty items", "POST", "/v1/analyze", `{"items":[]}`, keyAnalyze, nil, 400, codeBadRequest},
		{"too many items", "POST", "/v1/analyze", items(5, "好吃"), keyAnalyze, nil, 400, codeTooManyItems},
		{"text too long", "POST", "/v1/analyze", mustJSON(map[string]string{"text": long}), keyAnalyze, nil, 400, codeTextTooLong},
		{"item too long", "POST", "/v1/sentiment", items(2, long), keyAnalyze, nil, 400, codeTextTooLong},
		{"batch too large", "POST", "/v1/analyze", items(4, big), keyAnalyze, nil, 413, codeBatchTooLarge},
		{"empty text record", "POST", "/v1/analyze", `{"id":"e","text":"   "}`, keyAnalyze, nil, 400, ""},
		{"bad timeout header", "POST", "/v1/analyze", `{"text":"送餐很快"}`, keyAnalyze, []string{"X-Request-Timeout", "soon"}, 400, codeBadRequest},
		{"unknown route", "GET", "/v2/analyze", ``, keyAnalyze, nil, 404, codeNotFound},
		{"wrong method", "GET", "/v1/analyze", ``, keyAnalyze, nil, 405, codeMethod},
		{"segment missing text", "POST", "/v1/segment", `{}`, keyAnalyze, nil, 400, codeBadRequest},
		{"kg unknown industry", "GET", "/v1/kg/industries/space_travel", ``, keyAnalyze, nil, 404, codeNotFound},
		{"kg bad format", "GET", "/v1/kg/industries/food_delivery?format=xml", ``, keyAnalyze, nil, 400, codeBadRequest},
		{"kg map empty", "POST", "/v1/kg/map", `{"industry":"food_delivery"}`, keyAnalyze, nil, 400, codeBadRequest},
		{"kg map unknown industry", "POST", "/v1/kg/map", `{"industry":"nope","term":"配送"}`, keyAnalyze, nil, 404, codeNotFound},
		{"kg stats no industry", "GET", "/v1/kg/stats", ``, keyAnalyze, nil, 400, codeBadRequest},
		{"kg stats bad date", "GET", "/v1/kg/stats?industry=food_delivery&from=yesterday", ``, keyAnalyze, nil, 400, codeBadRequest},
		{"kg stats unknown indicator", "GET", "/v1/kg/stats?industry=food_delivery&indicator=nope", ``, keyAnalyze, nil, 404, codeNotFound},
		{"kg term unknown aspect", "POST", "/v1/kg/terms", `{"industry":"food_delivery","aspect":"nope","term":"锅气"}`, keyWriter, nil, 400, codeBadRequest},
		{"kg term missing fields", "POST", "/v1/kg/terms", `{"industry":"food_delivery"}`, keyWriter, nil, 400, codeBadRequest},
		{"kg indicator bad touchpoint", "POST", "/v1/kg/indicators", `{"industry":"food_delivery","id":"x_y","name":"某","touchpoint":"nope"}`, keyWriter, nil, 400, codeBadRequest},
		{"candidates bad limit", "GET", "/v1/kg/candidates?limit=-1", ``, keyAnalyze, nil, 400, codeBadRequest},
		{"tasks bad status", "GET", "/v1/tasks?status=maybe", ``, keyAnalyze, nil, 400, codeBadRequest},
		{"tasks unknown industry", "GET", "/v1/tasks?industry=nope", ``, keyAnalyze, nil, 404, codeNotFound},
		{"transcripts not enabled", "POST", "/v1/transcripts/analyze", `{}`, keyAnalyze, nil, 501, codeNotImplemented},
		{"jobs not enabled", "POST", "/v1/jobs", `{}`, keyAdmin, nil, 501, codeNotImplemented},
		{"job not enabled", "GET", "/v1/jobs/abc", ``, keyAdmin, nil, 501, codeNotImplemented},
		// auth
		{"no key", "POST", "/v1/analyze", `{"text":"送餐很快"}`, "", nil, 401, codeUnauthorized},
		{"wrong key", "POST", "/v1/analyze", `{"text":"送餐很快"}`, "wrong-key-0123456789", nil, 401, codeUnauthorized},
		{"basic auth", "POST", "/v1/analyze", `{"text":"送餐很快"}`, "", []string{"Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"}, 401, codeUnauthorized},
		{"no key kg read", "GET", "/v1/kg/industries", ``, "", nil, 401, codeUnauthorized},
		{"analyze key writes term", "POST", "/v1/kg/terms", `{"industry":"food_delivery","aspect":"flavor","term":"锅气"}`, keyAnalyze, nil, 403, codeForbidden},
		{"analyze key writes indicator", "POST", "/v1/kg/indicators", `{}`, keyAnalyze, nil, 403, codeForbidden},
		{"analyze key metrics", "GET", "/metrics", ``, keyAnalyze, nil, 403, codeForbidden},
		{"analyze key jobs", "GET", "/v1/jobs", ``, keyAnalyze, nil, 403, codeForbidden},
		{"writer key jobs", "DELETE", "/v1/jobs/x", ``, keyWriter, nil, 403, codeForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, c.method, ts.base+c.path, c.body, c.key, c.hdr...)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			code := errorCode(t, r)
			if c.code != "" && code != c.code {
				t.Fatalf("code %q, want %q: %s", code, c.code, r.body)
			}
			if c.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if c.status == 405 && r.header.Get("Allow") != "POST" {
				t.Errorf("405 Allow %q", r.header.Get("Allow"))
			}
		})
	}
	// Body over the route's limit (64 KiB here; the upload routes take 64 MiB, so
	// fasthttp reads it first): 413 naming the limit. Over raw TCP, because a client
	// still writing the body when the server answers and closes may see a reset instead.
	t.Run("body too large", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		body := `{"text":"` + strings.Repeat("好", 30000) + `"}` // 90 KB
		fmt.Fprintf(conn, "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", keyAnalyze, len(body), body)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 413 || !strings.Contains(string(b), codeBodyTooLarge) {
			t.Fatalf("status %d body %s", resp.StatusCode, b)
		}
	})
	// Public routes stay public with keys; admin reaches everything.
	for _, c := range []struct{ path, key string }{{"/healthz", ""}, {"/readyz", ""}, {"/openapi.json", ""}, {"/metrics", keyAdmin}, {"/v1/kg/industries", keyWriter}} {
		if r := do(t, "GET", ts.base+c.path, "", c.key); r.status != 200 {
			t.Errorf("%s: %d %s", c.path, r.status, r.body)
		}
	}
	if r := do(t, "POST", ts.base+"/v1/analyze", `{"text":"送餐很快"}`, keyAdmin); r.status != 200 {
		t.Errorf("admin analyze: %d %s", r.status, r.body)
	}
	for _, k := range []string{keyAnalyze, keyWriter, keyAdmin, "wrong-key-0123456789"} {
		if strings.Contains(ts.logs.String(), k) {
			t.Errorf("log contains an API key: %s", ts.logs.String())
		}
	}
}

// TestStagesAndKG exercises sentiment, segment and every knowledge-graph route.
func TestStagesAndKG(t *testing.T) {
	// Its own engine: it adds a term and an indicator to the graph and counts reviews.
	ts := startWith(t, isolatedEngine(t), Options{Keys: testKeys})
	r := do(t, "POST", ts.base+"/v1/sentiment", `{"id":"s1","text":"味道很好，但是送得太慢了"}`, keyAnalyze)
	var sr sentimentResult
	if r.status != 200 || json.Unmarshal(r.body, &sr) != nil || sr.ID != "s1" || sr.Sentiment == nil || len(sr.Sentences) == 0 || sr.Sentences[0].Sentiment == nil {
		t.Fatalf("sentiment: %d %s", r.status, r.body)
	}
	r = do(t, "POST", ts.base+"/v1/sentiment", `{"items":[{"id":"a","text":"太难吃了"},{"id":"b","text":"好吃又实惠"}]}`, keyAnalyze)
	var sb struct{ Items []sentimentResult }
	if r.status != 200 || json.Unmarshal(r.body, &sb) != nil || len(sb.Items) != 2 || sb.Items[0].Sentiment.Label != "negative" || sb.Items[1].Sentiment.Label != "positive" {
		t.Fatalf("sentiment batch: %d %s", r.status, r.body)
	}
	r = do(t, "POST", ts.base+"/v1/segment", `{"text":"外卖小哥送餐很准时"}`, keyAnalyze)
	var seg struct {
		Words []struct {
			Word       string
			Start, End int
		}
	}
	if r.status != 200 || json.Unmarshal(r.body, &seg) != nil || len(seg.Words) < 3 {
		t.Fatalf("segment: %d %s", r.status, r.body)
	}
	joined := ""
	for _, w := range seg.Words {
		joined += w.Word
	}
	if joined != "外卖小哥送餐很准时" {
		t.Errorf("segment words %q", joined)
	}

	// Industries, one industry as graph and as pack.
	r = do(t, "GET", ts.base+"/v1/kg/industries", "", keyAnalyze)
	if r.status != 200 || !strings.Contains(string(r.body), `"food_delivery"`) {
		t.Fatalf("industries: %d %s", r.status, r.body)
	}
	g := do(t, "GET", ts.base+"/v1/kg/industries/food_delivery", "", keyAnalyze).json(t)
	if len(g["nodes"].([]any)) < 50 || len(g["edges"].([]any)) < 50 {
		t.Fatalf("graph: %d nodes %d edges", len(g["nodes"].([]any)), len(g["edges"].([]any)))
	}
	p := do(t, "GET", ts.base+"/v1/kg/industries/food_delivery?format=pack", "", keyAnalyze).json(t)
	if p["id"] != "food_delivery" || len(p["aspects"].([]any)) == 0 {
		t.Fatalf("pack: %v", p["id"])
	}

	// Map, add a term, map it again.
	m := do(t, "POST", ts.base+"/v1/kg/map", `{"industry":"food_delivery","sentence":"配送太慢了，等了一个小时","term":"配送","opinion":"太慢了"}`, keyAnalyze).json(t)
	if m["found"] != true || m["kg"].(map[string]any)["ids"].(map[string]any)["indicator"] == "" || m["kg"].(map[string]any)["indicator"] == "" || m["confidence"].(float64) <= 0 {
		t.Fatalf("map: %v", m)
	}
	m = do(t, "POST", ts.base+"/v1/kg/map", `{"industry":"food_delivery","sentence":"这家的镬气十足","term":"镬气","opinion":"十足"}`, keyAnalyze).json(t)
	if m["found"] == true && m["kg"].(map[string]any)["ids"].(map[string]any)["aspect"] == "flavor" {
		t.Fatalf("镬气 already maps to flavor before it was added: %v", m)
	}
	if r := do(t, "POST", ts.base+"/v1/kg/terms", `{"industry":"food_delivery","aspect":"flavor","term":"镬气"}`, keyWriter); r.status != 200 {
		t.Fatalf("add term: %d %s", r.status, r.body)
	}
	m = do(t, "POST", ts.base+"/v1/kg/map", `{"industry":"food_delivery","sentence":"这家的镬气十足","term":"镬气","opinion":"十足"}`, keyAnalyze).json(t)
	if m["found"] != true || m["kg"].(map[string]any)["ids"].(map[string]any)["aspect"] != "flavor" {
		t.Fatalf("map after add: %v", m)
	}
	ind := `{"industry":"food_delivery","id":"wok_aroma","name":"镬气","touchpoint":"food"}`
	if r := do(t, "POST", ts.base+"/v1/kg/indicators", ind, keyWriter); r.status != 200 {
		t.Fatalf("add indicator: %d %s", r.status, r.body)
	}
	if r := do(t, "POST", ts.base+"/v1/kg/indicators", ind, keyWriter); r.status != 409 {
		t.Fatalf("add indicator twice: %d %s", r.status, r.body)
	}

	// Counters grow with analysed reviews (Options.Record): stats see them.
	var items []engine.Input
	for i, txt := range []string{"送餐太慢了，等了两个小时", "配送员态度很差", "饭菜都凉了，味道也一般", "包装破了，汤洒了一袋子", "送餐太慢，饭都凉了"} {
		items = append(items, engine.Input{ID: fmt.Sprint(i), Text: txt, Industry: "food_delivery"})
	}
	if r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": items}), keyAnalyze); r.status != 200 {
		t.Fatalf("analyze: %d %s", r.status, r.body)
	}
	st := do(t, "GET", ts.base+"/v1/kg/stats?industry=food_delivery&n=5", "", keyAnalyze).json(t)
	if len(st["top_pains"].([]any)) == 0 || len(st["net_sentiment"].([]any)) == 0 || st["trend"] == nil {
		t.Fatalf("stats: %v", st)
	}
	trend := st["trend"].(map[string]any)["days"].([]any)
	if len(trend) != 30 {
		t.Errorf("trend: %d days, want 30", len(trend))
	}
	for _, path := range []string{"/v1/kg/candidates?industry=food_delivery&limit=5", "/v1/kg/candidates", "/v1/tasks", "/v1/tasks?industry=food_delivery&status=open"} {
		if r := do(t, "GET", ts.base+path, "", keyAnalyze); r.status != 200 {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
}

// TestConcurrentRequests: many clients at once (run with -race); every answer belongs to
// its own request, and the texts were micro-batched.
func TestConcurrentRequests(t *testing.T) {
	for _, batching := range []bool{true, false} {
		t.Run(fmt.Sprint("batching=", batching), func(t *testing.T) {
			ts := start(t, Options{DisableBatching: !batching})
			revs := reviews(t)
			const clients, each = 16, 4
			var wg sync.WaitGroup
			errs := make(chan error, clients*each)
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for k := 0; k < each; k++ {
						i := (c*each + k) % len(revs)
						id := fmt.Sprintf("c%d-%d", c, k)
						r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(engine.Input{ID: id, Text: revs[i], Industry: "food_delivery"}), "")
						var res engine.Result
						if r.status != 200 || json.Unmarshal(r.body, &res) != nil {
							errs <- fmt.Errorf("%s: %d %s", id, r.status, r.body)
							continue
						}
						if res.ID != id || len(res.Sentences) == 0 {
							errs <- fmt.Errorf("%s: answer for %q: %s", id, res.ID, r.body)
							continue
						}
						for _, s := range res.Sentences {
							if !strings.Contains(revs[i], strings.TrimSpace(s.Text)) {
								errs <- fmt.Errorf("%s: sentence %q is not from %q", id, s.Text, revs[i])
							}
						}
					}
				}(c)
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			texts, _ := ts.m.totals()
			batches := ts.m.batches.Load()
			if texts != clients*each {
				t.Errorf("%d texts analysed, want %d", texts, clients*each)
			}
			if batching && batches >= texts {
				t.Errorf("batching on: %d engine calls for %d texts", batches, texts)
			}
			if !batching && batches != texts {
				t.Errorf("batching off: %d engine calls for %d texts", batches, texts)
			}
			t.Logf("%d texts in %d engine calls", texts, batches)
		})
	}
}

// TestOverload: a full queue answers 429 with Retry-After; the rest succeed.
func TestOverload(t *testing.T) {
	ts := start(t, Options{QueueSize: 2, MaxItems: 2, QueueWait: 50 * time.Millisecond})
	revs := reviews(t)
	body := mustJSON(map[string]any{"items": []engine.Input{{ID: "a", Text: revs[0]}, {ID: "b", Text: revs[1]}}})
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := do(t, "POST", ts.base+"/v1/analyze", body, "")
			mu.Lock()
			counts[r.status]++
			mu.Unlock()
			if r.status == 429 {
				if r.header.Get("Retry-After") == "" || errorCode(t, r) != codeOverloaded {
					t.Errorf("429 without Retry-After or code: %v %s", r.header, r.body)
				}
			} else if r.status != 200 {
				t.Errorf("status %d: %s", r.status, r.body)
			}
		}()
	}
	wg.Wait()
	if counts[200] == 0 {
		t.Fatalf("statuses %v: want some 200", counts)
	}
	t.Logf("burst of 16: statuses %v", counts)
	// Deterministically: with the queue held full, a request is refused; once it drains,
	// the same request is served.
	if err := ts.b.admit(2, 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	r := do(t, "POST", ts.base+"/v1/analyze", body, "")
	if r.status != 429 || r.header.Get("Retry-After") == "" || errorCode(t, r) != codeOverloaded {
		t.Errorf("full queue: %d %v %s", r.status, r.header, r.body)
	}
	ts.b.release(2, 0)
	if r := do(t, "POST", ts.base+"/v1/analyze", body, ""); r.status != 200 {
		t.Errorf("after the queue drained: %d %s", r.status, r.body)
	}
}

// TestDeadline: a request whose deadline passes is answered 504 and its work is dropped.
func TestDeadline(t *testing.T) {
	for _, batching := range []bool{true, false} {
		t.Run(fmt.Sprint("batching=", batching), func(t *testing.T) {
			ts := start(t, Options{DisableBatching: !batching, MaxBatchWait: 20 * time.Millisecond})
			revs := reviews(t)
			var items []engine.Input
			for i, txt := range revs {
				items = append(items, engine.Input{ID: fmt.Sprint(i), Text: txt})
			}
			r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": items}), "", "X-Request-Timeout", "1us")
			if r.status != 504 || errorCode(t, r) != codeTimeout {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if batching { // the queued texts are dropped, not analysed
				deadline := time.Now().Add(10 * time.Second)
				for {
					dropped, texts := ts.m.dropped.Load(), ts.m.texts.Load()
					if dropped == uint64(len(items)) && texts == 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("dropped %d, analysed %d; want %d dropped, 0 analysed", dropped, texts, len(items))
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			// The server is fine afterwards, and honours a generous override.
			r = do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]string{"text": revs[2]}), "", "X-Request-Timeout", "30s")
			if r.status != 200 {
				t.Fatalf("after timeout: %d %s", r.status, r.body)
			}
		})
	}
}

// TestShutdownWithRequestsInFlight: cancelling Serve's context lets every in-flight
// request finish with 200, then stops accepting.
func TestShutdownWithRequestsInFlight(t *testing.T) {
	s, err := New(testEngine, Options{Record: true, Logger: nopLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	revs := reviews(t)
	var items []engine.Input
	for i := 0; i < 16; i++ {
		items = append(items, engine.Input{ID: fmt.Sprint(i), Text: revs[i]})
	}
	body := mustJSON(map[string]any{"items": items})
	const n = 12
	statuses := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() { statuses <- do(t, "POST", base+"/v1/analyze", body, "").status }()
	}
	deadline := time.Now().Add(20 * time.Second)
	for s.inflight.Load() < n && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := s.inflight.Load(); got < n {
		t.Fatalf("only %d of %d requests in flight", got, n)
	}
	cancel()
	for i := 0; i < n; i++ {
		if st := <-statuses; st != 200 {
			t.Errorf("in-flight request answered %d", st)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
	if _, err := s.b.analyze(context.Background(), items[:1]); err != errClosed {
		t.Errorf("batcher after shutdown: %v, want errClosed", err)
	}
}

// TestUploadLimits: the upload routes take bodies up to MaxUploadBytes (a call
// recording), the other routes only up to MaxBodyBytes; a body over the larger limit is
// refused from its Content-Length before it is read.
func TestUploadLimits(t *testing.T) {
	wav, err := os.ReadFile("../calls/testdata/aishell-BAC009S0724W0121.wav") // 137 KB
	if err != nil {
		t.Fatal(err)
	}
	ts := start(t, Options{MaxBodyBytes: 64 << 10, MaxUploadBytes: 1 << 20, Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	post := func(path, ctype string, body []byte) response {
		req, err := http.NewRequest("POST", ts.base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return response{status: resp.StatusCode, header: resp.Header, body: b}
	}
	if r := post("/v1/transcripts/analyze", "audio/wav", wav); r.status != 200 || !strings.Contains(string(r.body), `"audio"`) {
		t.Errorf("recording of %d bytes on the upload route: %d %.300s", len(wav), r.status, r.body)
	}
	if r := post("/v1/analyze", "application/json", wav); r.status != 413 || !strings.Contains(string(r.body), "65536") {
		t.Errorf("%d bytes on /v1/analyze: %d %.300s", len(wav), r.status, r.body)
	}
	// Over MaxUploadBytes: answered from the headers, the rest of the body never sent
	// (fasthttp waits for the body's first byte before calling the handler).
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/transcripts/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\nContent-Length: %d\r\n\r\nRIFF", 2<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 413 || !strings.Contains(string(b), codeBodyTooLarge) {
		t.Errorf("2 MiB header on the upload route: %d %s", resp.StatusCode, b)
	}
}

// TestJobsAndCallsRouted: the jobs and transcript routes are the server's own, behind
// their scopes, with its error envelope (request_id included); without Options.Jobs and
// Options.Calls they answer 501.
func TestJobsAndCallsRouted(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	const keyJobs = "jobs-key-0123456789"
	keys := []APIKey{{Name: "j", Key: keyJobs, Scopes: []string{ScopeJobs}}, {Name: "a", Key: keyAnalyze, Scopes: []string{ScopeAnalyze}}}
	ts := start(t, Options{Keys: keys, Jobs: jm, Calls: &CallOptions{}})
	f := func(method, path, key string, status int, code string) {
		t.Helper()
		r := do(t, method, ts.base+path, "", key)
		if r.status != status {
			t.Fatalf("%s %s: %d %s, want %d", method, path, r.status, r.body, status)
		}
		if code == "" {
			return
		}
		e, _ := r.json(t)["error"].(map[string]any)
		if e == nil || e["code"] != code || e["message"] == "" || e["request_id"] != r.header.Get("X-Request-Id") {
			t.Fatalf("%s %s: %s, want code %s with the request id %s", method, path, r.body, code, r.header.Get("X-Request-Id"))
		}
	}
	f("GET", "/v1/jobs", keyJobs, 200, "")
	f("GET", "/v1/jobs", keyAnalyze, 403, codeForbidden)
	f("GET", "/v1/jobs/job_0123456789abcdef", keyJobs, 404, codeNotFound)
	f("GET", "/v1/jobs/nojob", keyJobs, 404, codeNotFound)
	f("GET", "/v1/jobs/job_0123456789abcdef/results", keyJobs, 404, codeNotFound)
	f("PUT", "/v1/jobs", keyJobs, 405, codeMethod)
	f("POST", "/v1/jobs/job_0123456789abcdef", keyJobs, 405, codeMethod)
	f("GET", "/v1/jobsx", keyJobs, 404, codeNotFound)
	f("GET", "/v1/transcripts/analyze", keyAnalyze, 405, codeMethod)
	f("POST", "/v1/transcripts/analyze", keyJobs, 403, codeForbidden)
	f("POST", "/v1/transcripts/analyze", keyAnalyze, 400, "empty_body")

	bare := start(t, Options{})
	for _, path := range []string{"/v1/jobs", "/v1/transcripts/analyze"} {
		if r := do(t, "POST", bare.base+path, "", ""); r.status != 501 || errorCode(t, r) != codeNotImplemented {
			t.Errorf("%s without it enabled: %d %s", path, r.status, r.body)
		}
	}
}

// TestMetrics: the Prometheus text has every family and counts requests by route and status.
func TestMetrics(t *testing.T) {
	ts := start(t, Options{})
	do(t, "POST", ts.base+"/v1/analyze", `{"text":"送餐很快，味道不错"}`, "")
	do(t, "POST", ts.base+"/v1/analyze", `{"text":`, "")
	r := do(t, "GET", ts.base+"/metrics", "", "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %v", r.status, r.header)
	}
	body := string(r.body)
	for _, want := range []string{
		`tingzhen_http_requests_total{route="/v1/analyze",status="200"} 1`,
		`tingzhen_http_requests_total{route="/v1/analyze",status="400"} 1`,
		`tingzhen_http_request_duration_seconds_bucket{route="/v1/analyze",le="+Inf"} 2`,
		`tingzhen_batch_size_count 1`, `tingzhen_model_run_seconds_count 1`, `tingzhen_texts_analyzed_total 1`,
		`tingzhen_queue_depth 0`, `tingzhen_texts_per_second `, `tingzhen_queue_capacity 1024`,
		// prometheus/client_golang: runtime, process, build, and the reliability families
		`go_goroutines `, `process_resident_memory_bytes `, `tingzhen_build_info{goversion="`,
		`tingzhen_queue_wait_seconds_count 1`, `tingzhen_characters_analyzed_total 9`, `tingzhen_queue_characters 0`,
		`tingzhen_queue_capacity_characters 1.048576e+06`, `tingzhen_inflight_body_bytes 0`,
		`tingzhen_rejected_total{reason="queue_full"} 0`, `tingzhen_rejected_total{reason="deadline"} 0`,
		`tingzhen_transcript_calls_total 0`, `tingzhen_transcript_turns_total 0`, `tingzhen_throughput_total_characters_per_second `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	line := regexp.MustCompile(`^(# (HELP|TYPE) .+|[a-z_]+(\{[^}]*\})? [0-9.e+-]+)$`)
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if !line.MatchString(l) {
			t.Errorf("not Prometheus text: %q", l)
		}
	}
}

// TestOpenAPI: every route is documented and every documented path is routed.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	s, err := New(testEngine, Options{Record: true, Logger: nopLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	routed := map[string]bool{}
	for _, rt := range s.routes {
		routed[rt.path] = true
		ops, ok := doc.Paths[rt.path]
		if !ok {
			t.Errorf("route %s %s is not in openapi.json", rt.method, rt.path)
			continue
		}
		if _, ok := ops[strings.ToLower(rt.method)]; !ok {
			t.Errorf("route %s %s: method not documented", rt.method, rt.path)
		}
	}
	for p := range doc.Paths {
		if !routed[p] {
			t.Errorf("openapi.json documents %s, which is not routed", p)
		}
	}
}

// TestCheckAddr: without keys only loopback addresses may be bound.
func TestCheckAddr(t *testing.T) {
	cases := []struct {
		addr     string
		keys, ok bool
	}{
		{"127.0.0.1:8080", false, true}, {"[::1]:0", false, true}, {"localhost:8080", false, true},
		{"0.0.0.0:8080", false, false}, {":8080", false, false}, {"10.1.2.3:80", false, false},
		{"example.com:80", false, false}, {"0.0.0.0:8080", true, true}, {"nonsense", false, false},
	}
	for _, c := range cases {
		if err := CheckAddr(c.addr, c.keys); (err == nil) != c.ok {
			t.Errorf("CheckAddr(%q, keys=%v) = %v", c.addr, c.keys, err)
		}
	}
	s, err := New(testEngine, Options{Record: true, Logger: nopLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ListenAndServe(context.Background(), "0.0.0.0:0"); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("ListenAndServe 0.0.0.0 without keys: %v", err)
	}
	s2, _ := New(testEngine, Options{Record: true, Logger: nopLogger()})
	ln, err := net.Listen("tcp", ":0") // all interfaces
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Serve(context.Background(), ln); err == nil {
		t.Error("Serve on all interfaces without keys: no error")
	}
	s.Close()
	s2.Close()
}

func TestParseAPIKeys(t *testing.T) {
	cases := []struct {
		in      string
		want    []APIKey
		wantErr bool
	}{
		{"crm:abcdefghijklmnop=analyze,kg:write", []APIKey{{Name: "crm", Key: "abcdefghijklmnop", Scopes: []string{"analyze", "kg:write"}}}, false},
		{"abcdefghijklmnop", []APIKey{{Name: "key1", Key: "abcdefghijklmnop", Scopes: []string{"analyze"}}}, false},
		{"a:abcdefghijklmnop=admin; b:qrstuvwxyz012345=jobs\n", []APIKey{{Name: "a", Key: "abcdefghijklmnop", Scopes: []string{"admin"}}, {Name: "b", Key: "qrstuvwxyz012345", Scopes: []string{"jobs"}}}, false},
		{"", nil, false},
		{";;;", nil, true},
		{" \n ; \t", nil, true},
		{"\n", nil, true},
		{"short=analyze", nil, true},
		{"abcdefghijklmnop=root", nil, true},
		{"abcdefghijklmnop=", nil, true},
	}
	for _, c := range cases {
		got, err := ParseAPIKeys(c.in)
		if (err != nil) != c.wantErr {
			t.Errorf("%q: err %v", c.in, err)
			continue
		}
		if !c.wantErr && fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.in, got, c.want)
		}
	}
}

func FuzzParseAPIKeys(f *testing.F) {
	for _, s := range []string{"crm:abcdefghijklmnop=analyze,kg:write", "a=b;c", "::==;;", "\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := ParseAPIKeys(s)
		if err != nil {
			return
		}
		kr := newKeyring(keys)
		for _, k := range keys {
			if got, ok := kr.lookup([]byte(k.Key)); !ok || len(got.Scopes) == 0 {
				t.Fatalf("key %q not found", k.Name)
			}
		}
	})
}

// FuzzAnalyzeBody: any body gets a JSON answer with a known status, never a panic.
func FuzzAnalyzeBody(f *testing.F) {
	for _, s := range []string{`{"text":"送餐很快"}`, `{"items":[{"id":"1","text":"太难吃了"}]}`, `{"text":1}`, `{"items":{}}`, "\xff", `null`, `{"text":"\u0000"}`, ``} {
		f.Add([]byte(s))
	}
	s, err := New(testEngine, Options{Record: true, Logger: nopLogger(), MaxItems: 8, MaxTextRunes: 200})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	f.Fuzz(func(t *testing.T, body []byte) {
		var req fasthttp.Request
		req.Header.SetMethod("POST")
		req.SetRequestURI("/v1/analyze")
		req.Header.SetContentType("application/json") // no keys: JSON only (TestNoKeyCrossSite)
		req.SetBody(body)
		var ctx fasthttp.RequestCtx
		ctx.Init(&req, nil, nil)
		s.Handler(&ctx)
		st := ctx.Response.StatusCode()
		if st != 200 && st != 400 && st != 413 {
			t.Fatalf("status %d for %q: %s", st, body, ctx.Response.Body())
		}
		var v map[string]any
		if err := json.Unmarshal(ctx.Response.Body(), &v); err != nil {
			t.Fatalf("answer is not JSON: %s", ctx.Response.Body())
		}
		if st != 200 && v["error"] == nil {
			t.Fatalf("status %d without error: %s", st, ctx.Response.Body())
		}
	})
}

func nopLogger() *slogLogger { return slogDiscard() }

// TestReadyzWhileDraining: readiness fails once shutdown has begun.
func TestReadyzWhileDraining(t *testing.T) {
	s, err := New(testEngine, Options{Record: true, Logger: nopLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, draining := range []bool{false, true} {
		s.draining.Store(draining)
		var req fasthttp.Request
		req.SetRequestURI("/readyz")
		var ctx fasthttp.RequestCtx
		ctx.Init(&req, nil, nil)
		s.Handler(&ctx)
		want := 200
		if draining {
			want = 503
		}
		if ctx.Response.StatusCode() != want {
			t.Errorf("draining=%v: %d %s", draining, ctx.Response.StatusCode(), ctx.Response.Body())
		}
	}
}

// TestSlowClient: a client that stops sending mid-request is cut off after ReadTimeout.
func TestSlowClient(t *testing.T) {
	ts := start(t, Options{ReadTimeout: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"text\":")); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	t0 := time.Now()
	buf := make([]byte, 4096)
	for {
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("server kept a stalled client for 10s")
			}
			break // closed by the server
		}
	}
	if el := time.Since(t0); el > 5*time.Second {
		t.Errorf("stalled client cut off after %s", el)
	}
	// Other clients are unaffected.
	if r := do(t, "GET", ts.base+"/healthz", "", ""); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
}
