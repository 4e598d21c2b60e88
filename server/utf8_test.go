package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
)

// TestBadTextPerItem: in a batch, an item holding a lone UTF-16 surrogate escape or bytes
// that are not UTF-8 gets its own invalid_utf8 error (it used to be analysed as U+FFFD
// text, or to fail the whole request); the other items, an emoji written as a valid
// surrogate pair among them, are analysed.
func TestBadTextPerItem(t *testing.T) {
	ts := start(t, Options{})
	for _, route := range []string{"/v1/analyze", "/v1/sentiment"} {
		body := `{"items":[{"id":"a","text":"送餐很快，味道不错"},{"id":"b","text":"太慢了\ud800"},{"id":"c","text":"饭凉了` + "\xff\xfe" + `"},{"id":"d","text":"很好吃\ud83d\ude00"},{"id":"e","text":"\udc00差评"}]}`
		r := do(t, "POST", ts.base+route, body, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", route, r.status, r.body)
		}
		var out struct {
			Items []engine.Result `json:"items"`
		}
		if err := json.Unmarshal(r.body, &out); err != nil || len(out.Items) != 5 {
			t.Fatalf("%s: %v %s", route, err, r.body)
		}
		for i, want := range []string{"", codeInvalidUTF8, codeInvalidUTF8, "", codeInvalidUTF8} {
			res := out.Items[i]
			got := ""
			if res.Error != nil {
				got = string(res.Error.Code)
			}
			if got != want || res.ID != string(rune('a'+i)) {
				t.Errorf("%s item %d: id %q, error %q, want %q (%+v)", route, i, res.ID, got, want, res.Error)
			}
			if want == "" && res.Sentiment == nil {
				t.Errorf("%s item %d: not analysed", route, i)
			}
		}
		if m := out.Items[1].Error.Message; !strings.Contains(m, `\ud800`) || !strings.Contains(m, "items[1]") {
			t.Errorf("the error does not say where: %q", m)
		}
	}
	f := func(path, body string) {
		t.Helper()
		r := do(t, "POST", ts.base+path, body, "")
		if r.status != 400 || errorCode(t, r) != codeInvalidUTF8 {
			t.Errorf("%s %s: %d %s", path, body, r.status, r.body)
		}
	}
	f("/v1/analyze", `{"text":"太慢了\ud800"}`)
	f("/v1/analyze", `{"text":"太慢了`+"\xff"+`"}`)
	f("/v1/sentiment", `{"text":"\udfff"}`)
	f("/v1/segment", `{"text":"送餐\ud800很快"}`)
	f("/v1/kg/terms", `{"industry":"ecommerce","term":"快递\ud800","category":"物流"}`)
	f("/v1/analyze", `{"industry":"`+"\xff"+`","items":[{"id":"a","text":"很好"}]}`) // outside the items
}

// TestBadTextJobsAndTranscripts: a jobs request body or a JSON transcript holding a lone
// surrogate escape is refused with a message naming it.
func TestBadTextJobsAndTranscripts(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Jobs: jm, Calls: &CallOptions{Options: calls.Options{Record: testRecorder}}})
	r := do(t, "POST", ts.base+"/v1/jobs", `{"input":["评论\ud800.csv"]}`, "")
	if r.status != 400 || errorCode(t, r) != codeInvalidUTF8 || !strings.Contains(string(r.body), `\\ud800`) {
		t.Errorf("jobs: %d %s", r.status, r.body)
	}
	r = do(t, "POST", ts.base+"/v1/transcripts/analyze?format=json", `{"id":"c1","turns":[{"role":"agent","text":"您好"},{"role":"customer","text":"太慢了\ud800"}]}`, "")
	if r.status != 400 || errorCode(t, r) != "bad_transcript" || !strings.Contains(string(r.body), "surrogate") {
		t.Errorf("transcript: %d %s", r.status, r.body)
	}
	r = do(t, "POST", ts.base+"/v1/transcripts/analyze?format=json", `{"id":"c1","turns":[{"role":"agent","text":"您好"},{"role":"customer","text":"好的\ud83d\ude00"}]}`, "")
	if r.status != 200 {
		t.Errorf("transcript with an emoji: %d %s", r.status, r.body)
	}
}
