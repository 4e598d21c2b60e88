package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/store"
)

// TestAnalyzeVoiceFields: analyze --input reads time, dims, tags and role from JSONL and
// echoes them; with --record the customer's records count once per id (run twice), the
// agent's never, a bad time fails its record only; one text takes --time/--channel/….
func TestAnalyzeVoiceFields(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	body := `{"id":"c1","text":"送餐太慢了，等了两个小时，饭菜都凉了","industry":"food_delivery","time":"2024-11-03 18:20","channel":"美团","brand":"本品牌","tags":["差评"]}
{"id":"a1","text":"配送员态度很差，送餐太慢了","industry":"food_delivery","time":"2024-11-03","role":"agent"}
{"id":"b1","text":"味道不错","time":"上周三"}
{"id":"u1","text":"包装破了，汤洒了一袋子","industry":"food_delivery","time":1730600000}
`
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	out := filepath.Join(dir, "out.jsonl")
	for run := 0; run < 2; run++ {
		code, _, stderr := runCLI(t, "analyze", "--input", in, "--output", out, "--record", "--data", data)
		if code != exitRecordFails || !strings.Contains(stderr, "4 records, 1 failed") {
			t.Fatalf("run %d: exit %d, %s", run, code, stderr)
		}
	}
	var res []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(readAll(t, out))), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		res = append(res, m)
	}
	if res[0]["channel"] != "美团" || res[0]["brand"] != "本品牌" || !strings.HasPrefix(res[0]["time"].(string), "2024-11-03T18:20:00") {
		t.Errorf("c1: %v %v %v", res[0]["channel"], res[0]["brand"], res[0]["time"])
	}
	for _, a := range res[1]["aspects"].([]any) {
		if a.(map[string]any)["role"] != "agent" {
			t.Errorf("a1 aspect not marked agent: %v", a)
		}
	}
	if e, _ := res[2]["error"].(map[string]any); e["code"] != "bad_time" {
		t.Errorf("b1: %v", res[2])
	}
	if res[3]["time"] == nil {
		t.Errorf("u1: unix seconds not read: %v", res[3])
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Dir: data, PacksDir: "../../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ins, err := insights.Open(st.DB(), insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	c, err := ins.Counts(ctx, insights.Filter{Industry: "food_delivery"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Records != 2 || c.Mentions == 0 {
		t.Errorf("counted %+v after two runs, want 2 records (c1, u1; a1 is the agent's, b1 failed)", c)
	}
	// Records without an id are answered as line:N but counted by content: two files whose
	// first lines differ are two records, the same file again adds none.
	data2 := filepath.Join(dir, "data2")
	for i, body := range []string{`{"text":"送餐太慢了，等了两个小时","industry":"food_delivery","time":"2024-11-05"}`, `{"text":"包装破了，汤洒了一袋子","industry":"food_delivery","time":"2024-11-05"}`, `{"text":"包装破了，汤洒了一袋子","industry":"food_delivery","time":"2024-11-05"}`} {
		p := filepath.Join(dir, fmt.Sprintf("noid%d.jsonl", i))
		os.WriteFile(p, []byte(body+"\n"), 0o644)
		code, out, stderr := runCLI(t, "analyze", "--input", p, "--record", "--data", data2)
		if code != exitOK || !strings.Contains(out, `"id":"line:1"`) {
			t.Fatalf("no-id file %d: exit %d %s %.200s", i, code, stderr, out)
		}
	}
	st2, err := store.Open(ctx, store.Options{Dir: data2, PacksDir: "../../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	ins2, err := insights.Open(st2.DB(), insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := ins2.Counts(ctx, insights.Filter{})
	ins2.Close()
	st2.Close()
	if err != nil || c2.Records != 2 {
		t.Errorf("files without ids: %+v %v, want 2 records", c2, err)
	}
	code, outText, stderr := runCLI(t, "analyze", "--time", "2024年11月3日 14:05", "--channel", "400热线", "--store", "朝阳店", "--tag", "回访", "物流太慢了")
	if code != exitOK {
		t.Fatalf("one text: exit %d %s", code, stderr)
	}
	var one map[string]any
	if err := json.Unmarshal([]byte(outText), &one); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(one["time"].(string), "2024-11-03T14:05:00") || one["channel"] != "400热线" || one["store"] != "朝阳店" {
		t.Errorf("one text: %v", one)
	}
	code, outText, stderr = runCLI(t, "analyze", "--time-zone", "Asia/Shanghai", "--time", "2024-11-03 14:05", "物流太慢了")
	if code != exitOK || !strings.Contains(outText, `"time": "2024-11-03T14:05:00+08:00"`) {
		t.Errorf("--time-zone: exit %d %s %s", code, outText, stderr)
	}
	if code, _, stderr = runCLI(t, "analyze", "--time-zone", "Mars/Olympus", "好"); code != exitUsage || !strings.Contains(stderr, "--time-zone") {
		t.Errorf("bad --time-zone: exit %d %s", code, stderr)
	}
}

func readAll(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestJobFieldFlags: --field names an unknown dimension: a clear usage error; --time-field
// and --field map columns of the dated fixture.
func TestJobFieldFlags(t *testing.T) {
	fixture := "../../jobs/testdata/dated/reviews_dated.csv"
	runJob := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"job", "run", "--home", "../..", "--threads", "1"}, args...), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, _, stderr := runJob("--input", fixture, "--output", t.TempDir(), "--field", "chanel=渠道")
	if code != exitUsage || !strings.Contains(stderr, `unknown dimension "chanel"`) {
		t.Errorf("unknown dimension: exit %d, %s", code, stderr)
	}
	code, _, stderr = runJob("--input", fixture, "--output", t.TempDir(), "--field", "brand")
	if code != exitUsage || !strings.Contains(stderr, "DIM=COLUMN") {
		t.Errorf("--field without =: exit %d, %s", code, stderr)
	}
	out := t.TempDir()
	code, _, stderr = runJob("--input", fixture, "--output", out, "--workers", "1", "--time-field", "日期", "--field", "segment=品牌", "--progress", "none")
	if code != exitOK {
		t.Fatalf("job: exit %d, %s", code, stderr)
	}
	first := strings.SplitN(string(readAll(t, filepath.Join(out, "results.jsonl"))), "\n", 2)[0]
	var r map[string]any
	if err := json.Unmarshal([]byte(first), &r); err != nil {
		t.Fatal(err)
	}
	if r["segment"] != r["brand"] || r["segment"] == nil || r["time"] == nil {
		t.Errorf("first result: segment %v brand %v time %v", r["segment"], r["brand"], r["time"])
	}
}
