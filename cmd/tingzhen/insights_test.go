package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/server"
	"github.com/tingzhen/tingzhen/store"
)

func insightsCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"insights"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// seedStore writes the insights fixture (real reviews, synthetic dims) into a new store.
func seedStore(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(context.Background(), store.Options{Dir: dir, PacksDir: "../../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	ins, err := insights.Open(st.DB(), insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../insights/testdata/reviews.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []insights.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r insights.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if s, err := ins.Ingest(context.Background(), recs); err != nil || s.New != len(recs) {
		t.Fatalf("ingest %+v %v", s, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("not JSON: %v: %s", err, a)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

// TestInsightsCLI: the queries on a store directory (json and table), the same answers
// through --server from a real server on loopback holding that directory, and, while it
// holds it, a local open that says so in one sentence.
func TestInsightsCLI(t *testing.T) {
	dir := seedStore(t)
	cases := [][]string{
		{"top", "--industry", "ecommerce", "--point", "pain", "--from", "2026-10-01", "--to", "2026-11-30", "--channel", "京东", "--brand", "本品牌"},
		{"trend", "--industry", "ecommerce", "--by", "month", "--from", "2026-10-01", "--to", "2026-11-30"},
		{"compare", "--industry", "ecommerce", "--from", "2026-11-01", "--period", "4w"},
		{"benchmark", "--industry", "ecommerce", "--brand", "本品牌", "--competitor", "竞品A"},
		{"drivers", "--industry", "ecommerce"},
		{"channels", "--industry", "ecommerce", "--indicator", "product_quality"},
		{"evidence", "--industry", "ecommerce", "--indicator", "product_quality", "--point", "pain", "--n", "2"},
	}
	local := map[string]string{}
	for _, c := range cases {
		code, out, errs := insightsCLI(append(c, "--data", dir, "--format", "json")...)
		if code != exitOK || len(out) < 50 {
			t.Fatalf("%v: %d %s %s", c, code, out, errs)
		}
		local[c[0]] = out
		code, tab, errs := insightsCLI(append(c, "--data", dir)...)
		if code != exitOK || !strings.Contains(strings.ToUpper(tab), strings.ToUpper(map[string]string{"top": "share", "trend": "pain_share", "compare": "cur_share",
			"benchmark": "vs_competitors", "drivers": "odds_ratio", "channels": "deviation", "evidence": "record_id"}[c[0]])) {
			t.Errorf("%v table: %d %s %s", c, code, tab, errs)
		}
	}
	if !strings.Contains(local["evidence"], `"record_id"`) || !strings.Contains(local["top"], `"product_quality"`) && !strings.Contains(local["top"], `"key"`) {
		t.Errorf("answers: %s / %s", local["evidence"], local["top"])
	}
	code, _, errs := insightsCLI("top", "--data", dir, "--period", "7x")
	if code != exitUsage || !strings.Contains(errs, "period") {
		t.Errorf("bad period: %d %s", code, errs)
	}
	code, _, errs = insightsCLI("nope")
	if code != exitUsage || !strings.Contains(errs, "unknown query") {
		t.Errorf("unknown query: %d %s", code, errs)
	}

	// A real server holding the directory.
	eng, err := engine.New(context.Background(), engine.Config{Home: "../..", IntraOpThreads: 1, DataDir: dir, CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	srv, err := server.New(eng, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("server did not stop")
		}
	}()
	url := "http://" + ln.Addr().String()
	for _, c := range cases {
		code, out, errs := insightsCLI(append(c, "--server", url, "--format", "json")...)
		if code != exitOK {
			t.Fatalf("%v --server: %d %s", c, code, errs)
		}
		if !jsonEqual(t, out, local[c[0]]) {
			t.Errorf("%v: --server answer differs:\n%s\nlocal:\n%s", c, out, local[c[0]])
		}
	}
	code, _, errs = insightsCLI("top", "--server", url, "--from", "yesterday")
	if code != exitUsage || !strings.Contains(errs, "400") {
		t.Errorf("bad query via server: %d %s", code, errs)
	}
	code, _, errs = insightsCLI("top", "--data", dir, "--industry", "ecommerce")
	if code == exitOK || !strings.Contains(errs, dir) || !strings.Contains(errs, "running tingzhen server") || !strings.Contains(errs, "--server URL") || strings.Contains(errs, "Badger") {
		t.Errorf("locked store: %d %q", code, errs)
	}
}
