package server

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/insights"
)

// TestAnalyzeCountsOncePerID: POST /v1/analyze with time, dims and role. The same text
// posted twice with the same id counts once, on its own (back-filled) day; sent without an
// id, twice, it counts once too (content hash); an agent's text is answered, its aspects
// marked role=agent, and not counted; an unreadable time is a 400 bad_time.
func TestAnalyzeCountsOncePerID(t *testing.T) {
	ts := start(t, Options{})
	ctx := context.Background()
	tag := "once-" + time.Now().Format("150405.000000")
	filter := insights.Filter{Dims: insights.Dims{Tags: []string{tag}}}
	counts := func() insights.Counts {
		t.Helper()
		c, err := testEngine.Insights().Counts(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	post := func(body map[string]any, wantStatus int) map[string]any {
		t.Helper()
		r := do(t, "POST", ts.base+"/v1/analyze", mustJSON(body), keyAnalyze)
		if r.status != wantStatus {
			t.Fatalf("analyze %v: %d %s", body, r.status, r.body)
		}
		return r.json(t)
	}
	review := map[string]any{"id": "r-1", "text": "送餐太慢了，等了两个小时，饭菜都凉了", "industry": "food_delivery",
		"time": "2024-11-03 18:20", "channel": "美团", "brand": "本品牌", "tags": []string{tag}}
	res := post(review, 200)
	if res["time"] == nil || res["channel"] != "美团" || res["brand"] != "本品牌" {
		t.Errorf("dims not echoed: time %v channel %v brand %v", res["time"], res["channel"], res["brand"])
	}
	once := counts()
	if once.Records != 1 || once.Mentions == 0 || once.Pain == 0 {
		t.Fatalf("after one post: %+v, want 1 record with pain", once)
	}
	post(review, 200)
	if c := counts(); c != once {
		t.Errorf("the same id posted twice: %+v, want %+v", c, once)
	}
	byDay, err := testEngine.Insights().CountsBy(ctx, filter, "day")
	if err != nil {
		t.Fatal(err)
	}
	if byDay["2024-11-03"].Records != 1 {
		t.Errorf("by day: %v, want the record on 2024-11-03", byDay)
	}
	// No id: the content hash of text, time and dims is the counting id.
	anon := map[string]any{"text": "包装破了，汤洒了一袋子", "industry": "food_delivery", "time": "2024-11-04", "tags": []string{tag}}
	post(anon, 200)
	post(anon, 200)
	if c := counts(); c.Records != 2 {
		t.Errorf("the same text without id posted twice: %d records, want 2 in all", c.Records)
	}
	before := counts()
	agent := map[string]any{"id": "a-1", "text": "配送员态度很差，送餐太慢了", "industry": "food_delivery", "time": "2024-11-04", "role": "agent", "tags": []string{tag}}
	res = post(agent, 200)
	aspects, _ := res["aspects"].([]any)
	if len(aspects) == 0 {
		t.Fatal("the agent's text has no aspects")
	}
	for _, a := range aspects {
		if r := a.(map[string]any)["role"]; r != "agent" {
			t.Errorf("agent aspect marked %v", r)
		}
	}
	if c := counts(); c != before {
		t.Errorf("an agent's text was counted: %+v, before %+v", c, before)
	}
	bad := post(map[string]any{"text": "送餐太慢", "time": "上周三"}, 400)
	if e, _ := bad["error"].(map[string]any); e["code"] != "bad_time" {
		t.Errorf("bad time: %v", bad)
	}
}

// TestTranscriptAgentOnlyNotCounted: a real JDDC chat whose mapped aspects all come from
// the agent, posted to /v1/transcripts/analyze with a time and a channel, adds a call
// record and no pain.
func TestTranscriptAgentOnlyNotCounted(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("..", "calls", "testdata", "jddc_voice.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	// Session 1f7ad897 only (the fixture's first session lines).
	var lines []byte
	for _, l := range splitLines(body) {
		if len(l) > 8 && string(l[:8]) == "1f7ad897" {
			lines = append(append(lines, l...), '\n')
		}
	}
	ts := start(t, Options{Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	tag := "call-" + time.Now().Format("150405.000000")
	q := url.Values{"format": {"jddc"}, "industry": {"ecommerce"}, "time": {"2019-06-18"}, "channel": {"在线客服"}, "tag": {tag}}
	r := do(t, "POST", ts.base+"/v1/transcripts/analyze?"+q.Encode(), string(lines), keyAnalyze)
	if r.status != 200 {
		t.Fatalf("transcripts: %d %s", r.status, r.body)
	}
	calls := r.json(t)["calls"].([]any)
	agentMapped := 0
	for _, tr := range calls[0].(map[string]any)["turns"].([]any) {
		turn := tr.(map[string]any)
		as, _ := turn["aspects"].([]any)
		for _, a := range as {
			if a.(map[string]any)["kg"] != nil && turn["role"] == "agent" {
				agentMapped++
			}
		}
	}
	if agentMapped == 0 {
		t.Fatal("no mapped agent aspect: the test would prove nothing")
	}
	c, err := testEngine.Insights().Counts(context.Background(), insights.Filter{Dims: insights.Dims{Tags: []string{tag}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Records != 1 || c.Mentions != 0 || c.Pain != 0 {
		t.Errorf("counted %+v, want one call record and nothing from its %d mapped agent aspects", c, agentMapped)
	}
	if fmt.Sprint(calls[0].(map[string]any)["channel"]) != "在线客服" {
		t.Errorf("call channel: %v", calls[0].(map[string]any)["channel"])
	}
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range b {
		if c == '\n' {
			out = append(out, b[start:i])
			start = i + 1
		}
	}
	if start < len(b) {
		out = append(out, b[start:])
	}
	return out
}

// TestTranscriptsWithoutIDCountApart: two different calls posted without an id are two
// records (not one "call" replacing the other); the same call again is still one.
func TestTranscriptsWithoutIDCountApart(t *testing.T) {
	ts := start(t, Options{Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	tag := "noid-" + time.Now().Format("150405.000000")
	q := url.Values{"format": {"lines"}, "industry": {"ecommerce"}, "time": {"2024-11-05"}, "tag": {tag}}
	for _, body := range []string{"客户：快递三天了还没到，太慢了\n坐席：非常抱歉，我帮您催一下\n", "客户：收到的商品有划痕，质量太差\n坐席：抱歉，给您办理退换\n", "客户：快递三天了还没到，太慢了\n坐席：非常抱歉，我帮您催一下\n"} {
		if r := do(t, "POST", ts.base+"/v1/transcripts/analyze?"+q.Encode(), body, keyAnalyze); r.status != 200 {
			t.Fatalf("transcripts: %d %s", r.status, r.body)
		}
	}
	c, err := testEngine.Insights().Counts(context.Background(), insights.Filter{Dims: insights.Dims{Tags: []string{tag}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Records != 2 {
		t.Errorf("counted %+v, want 2 call records", c)
	}
}
