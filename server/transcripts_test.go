package server

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/calls"
)

// chat is a short call in the 坐席：/客户： format.
const chat = "坐席：您好，请问有什么可以帮您？\n客户：我的快递三天了还没到，太慢了。\n坐席：非常抱歉，我马上帮您催一下。\n客户：好的，谢谢。\n"

// TestTranscriptsQueued: POST /v1/transcripts/analyze goes through the server's admission
// queue (its turns are counted as analysed texts, in micro-batches), its request deadline
// (504 past X-Request-Timeout, where it used to run on for its own 60 s) and its cost
// admission (429 with Retry-After when the queue is full).
func TestTranscriptsQueued(t *testing.T) {
	ts := start(t, Options{QueueSize: 8, MaxItems: 8, QueueWait: 50 * time.Millisecond, Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	post := func(body string, hdr ...string) response {
		return rawDoHdr(t, ts.base+"/v1/transcripts/analyze?format=auto&industry=ecommerce", "application/octet-stream", body, hdr...)
	}
	r := post(chat)
	if r.status != 200 || !strings.Contains(string(r.body), `"calls"`) {
		t.Fatalf("transcript: %d %.300s", r.status, r.body)
	}
	if n := ts.m.texts.Load(); n != 4 {
		t.Errorf("%d texts went through the queue for a call of 4 turns", n)
	}
	r = post(chat, "X-Request-Timeout", "1us")
	if r.status != 504 || errorCode(t, r) != codeTimeout {
		t.Errorf("past its deadline: %d %s", r.status, r.body)
	}
	if err := ts.b.admit(8, 0, time.Time{}); err != nil { // hold the queue full
		t.Fatal(err)
	}
	r = post(chat)
	if r.status != 429 || r.header.Get("Retry-After") == "" || errorCode(t, r) != codeOverloaded {
		t.Errorf("queue full: %d %v %s", r.status, r.header, r.body)
	}
	ts.b.release(8, 0)
	if r := post(chat); r.status != 200 {
		t.Errorf("after the queue drained: %d %s", r.status, r.body)
	}
	// Two calls of 4 turns answered 200 are counted; the 504 and 429 are not.
	metrics := string(do(t, "GET", ts.base+"/metrics", "", "").body)
	for _, want := range []string{"tingzhen_transcript_calls_total 2\n", "tingzhen_transcript_turns_total 8\n"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(metrics, "tingzhen_transcript"))
		}
	}
}

// TestTranscriptCaps: a transcript over the characters cap, or whose answer would be over
// the response cap, gets a clear 413.
func TestTranscriptCaps(t *testing.T) {
	f := func(opt CallOptions, body string, status int, code string) {
		t.Helper()
		ts := start(t, Options{Calls: &opt})
		r := rawDoHdr(t, ts.base+"/v1/transcripts/analyze?industry=ecommerce", "application/octet-stream", body)
		if r.status != status {
			t.Fatalf("%d characters, %+v: status %d, want %d: %.300s", len([]rune(body)), opt, r.status, status, r.body)
		}
		if code != "" && errorCode(t, r) != code {
			t.Errorf("code %s, want %s", errorCode(t, r), code)
		}
	}
	small := "坐席：您好。\n客户：快递到了，谢谢。\n"
	f(CallOptions{MaxRunes: 60}, small, 200, "")
	f(CallOptions{MaxRunes: 60}, strings.Repeat(chat, 3), 413, "transcript_too_large")
	f(CallOptions{MaxResponseBytes: 1000}, small, 413, "response_too_large")
}

// rawDoHdr posts body with content type ctype and extra headers, without a key.
func rawDoHdr(t *testing.T, url, ctype, body string, hdr ...string) response {
	t.Helper()
	return do(t, "POST", url, body, "", append([]string{"Content-Type", ctype}, hdr...)...)
}

// TestTranscriptHandler (calls' own handler test while calls served HTTP): a chat and a
// WAV body analysed, and the request errors, in the server's envelope.
func TestTranscriptHandler(t *testing.T) {
	s, err := New(testEngine, Options{Calls: &CallOptions{}, Keys: testKeys, NoAccessLog: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	h := s.Handler
	do := func(method, query, body string) (int, map[string]any) {
		var ctx fasthttp.RequestCtx
		ctx.Request.Header.Set("Authorization", "Bearer "+keyAnalyze)
		ctx.Request.Header.SetMethod(method)
		ctx.Request.SetRequestURI("/v1/transcripts/analyze" + query)
		ctx.Request.SetBodyString(body)
		h(&ctx)
		var out map[string]any
		if err := json.Unmarshal(ctx.Response.Body(), &out); err != nil {
			t.Fatalf("response is not JSON: %q", ctx.Response.Body())
		}
		return ctx.Response.StatusCode(), out
	}
	code, out := do("POST", "?industry=ecommerce", "客户：我买的耳机坏了要退货\n坐席：非常抱歉，请您提供一下订单号\n客户：好的谢谢\n")
	if code != 200 {
		t.Fatalf("status %d: %v", code, out)
	}
	c0 := out["calls"].([]any)[0].(map[string]any)
	if c0["industry"].(map[string]any)["id"] != "ecommerce" || len(c0["turns"].([]any)) != 3 {
		t.Errorf("got %v", c0)
	}
	// a WAV body: VAD only.
	wav, err := os.ReadFile("../calls/testdata/aishell-BAC009S0724W0121.wav")
	if err != nil {
		t.Fatal(err)
	}
	code, out = do("POST", "?id=aishell", string(wav))
	if code != 200 {
		t.Fatalf("wav: status %d: %v", code, out)
	}
	w0 := out["calls"].([]any)[0].(map[string]any)
	if w0["id"] != "aishell" || w0["format"] != "wav" || w0["audio"] == nil || w0["metrics"].(map[string]any)["source"] != "vad" {
		t.Errorf("wav: got %v", w0)
	}
	for _, tc := range []struct {
		method, query, body, code string
		status                    int
	}{
		{"POST", "?format=json", "{not json", "bad_transcript", 400},
		{"POST", "", "", "empty_body", 400},
		{"GET", "", "", "method_not_allowed", 405},
		{"POST", "?agent_channel=3", "坐席：您好", "bad_request", 400},
	} {
		code, out := do(tc.method, tc.query, tc.body)
		ee, _ := out["error"].(map[string]any)
		if code != tc.status || ee == nil || ee["code"] != tc.code || ee["message"] == "" {
			t.Errorf("%s %s %q: %d %v, want %d %s", tc.method, tc.query, tc.body, code, out, tc.status, tc.code)
		}
	}
}
