package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/record"
)

var testEngine *engine.Engine

// testRecorder counts what the tests' servers and call handlers analyse (Options.Record,
// calls.Options.Record), as tingzhen serve --record does.
var testRecorder *record.Recorder

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tingzhen-server-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	e, err := engine.New(context.Background(), engine.Config{Home: "..", IntraOpThreads: 1, DataDir: dir,
		CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "server tests: engine:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	testEngine = e
	if testRecorder, err = record.ForEngine(e); err != nil {
		fmt.Fprintln(os.Stderr, "server tests: recorder:", err)
		os.Exit(1)
	}
	code := m.Run()
	if err := e.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close engine:", err)
		code = 1
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// Test API keys (never real secrets).
const (
	keyAnalyze = "analyze-key-0123456789"
	keyWriter  = "writer-key-0123456789"
	keyAdmin   = "admin-key-0123456789ab"
)

var testKeys = []APIKey{
	{Name: "crm", Key: keyAnalyze, Scopes: []string{ScopeAnalyze}},
	{Name: "curator", Key: keyWriter, Scopes: []string{ScopeAnalyze, ScopeKGWrite}},
	{Name: "ops", Key: keyAdmin, Scopes: []string{ScopeAdmin}},
}

// testServer is a real server on a random loopback port.
type testServer struct {
	*Server
	base   string
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, opt Options) *testServer {
	t.Helper()
	return startWith(t, testEngine, opt)
}

// isolatedEngine is an engine of its own, with its own data folder (graph additions, counters
// and tasks start empty), for a test that changes what the engine stores: the test then holds
// when run again in one process (go test -count=N) and no other test sees its additions.
func isolatedEngine(t *testing.T) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), engine.Config{Home: "..", IntraOpThreads: 1, DataDir: t.TempDir(),
		CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err != nil {
		t.Fatalf("isolated engine: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("close isolated engine: %v", err)
		}
	})
	return e
}

// startWith serves e on a loopback port until the test ends.
func startWith(t *testing.T, e *engine.Engine, opt Options) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	opt.Logger = slog.New(slog.NewTextHandler(logs, nil))
	opt.Record = true // as tingzhen serve --record
	s, err := New(e, opt)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: s, base: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { ts.done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

func (ts *testServer) stop(t *testing.T) {
	ts.cancel()
	select {
	case err, ok := <-ts.done:
		if ok && err != nil {
			t.Errorf("serve: %v", err)
		}
		close(ts.done)
	case <-time.After(60 * time.Second):
		t.Error("server did not stop within 60s")
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.body)
	}
	return v
}

var client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

func do(t testing.TB, method, url, body, key string, hdr ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

// errorCode checks the JSON error shape and returns its code.
func errorCode(t *testing.T, r response) string {
	t.Helper()
	var e struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error == nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("status %d: not the JSON error shape: %s", r.status, r.body)
	}
	return e.Error.Code
}

func reviews(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("testdata/reviews.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestAnalyzeSingleAndBatch: the Result contract for one text and for a batch in order.
func TestAnalyzeSingleAndBatch(t *testing.T) {
	ts := start(t, Options{})
	cases := []struct {
		name, text, industry, wantLabel string
	}{
		{"negative delivery", "等了两个小时才送到，饭菜都凉了，再也不点了", "food_delivery", "negative"},
		{"positive food", "送餐很快，味道也很好，下次还点这家", "", "positive"},
		{"hotel", "酒店前台服务热情，房间干净整洁", "", "positive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]string{"id": "r1", "text": c.text, "industry": c.industry}), "")
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var res engine.Result
			if err := json.Unmarshal(r.body, &res); err != nil {
				t.Fatal(err)
			}
			if res.ID != "r1" || res.Sentiment == nil || res.Sentiment.Label != c.wantLabel {
				t.Fatalf("got %+v, want id r1 label %s", res, c.wantLabel)
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", r.header.Get("Content-Type"))
			}
		})
	}
	t.Run("batch order", func(t *testing.T) {
		var items []engine.Input
		for i, c := range cases {
			items = append(items, engine.Input{ID: fmt.Sprint("b", i), Text: c.text, Industry: c.industry})
		}
		items = append(items, engine.Input{ID: "empty", Text: ""})
		r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(map[string]any{"items": items, "unknown_field": 1}), "")
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		var out struct{ Items []engine.Result }
		if err := json.Unmarshal(r.body, &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != len(items) {
			t.Fatalf("%d results for %d items", len(out.Items), len(items))
		}
		for i, res := range out.Items[:len(cases)] {
			if res.ID != items[i].ID || res.Sentiment == nil || res.Sentiment.Label != cases[i].wantLabel {
				t.Errorf("item %d: %+v", i, res)
			}
		}
		if out.Items[len(cases)].Error == nil {
			t.Errorf("empty text: want a per-record error, got %+v", out.Items[len(cases)])
		}
	})
}

func TestHealthReady(t *testing.T) {
	ts := start(t, Options{Keys: testKeys})
	for _, path := range []string{"/healthz", "/readyz", "/openapi.json"} {
		r := do(t, "GET", ts.base+path, "", "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
	}
	r := do(t, "GET", ts.base+"/readyz", "", "").json(t)
	if r["status"] != "ready" || r["industries"].(float64) < 1 {
		t.Fatalf("readyz: %v", r)
	}
}

type slogLogger = slog.Logger

func slogDiscard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
