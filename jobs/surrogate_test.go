package jobs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunLoneSurrogate: JSONL records whose strings hold a lone UTF-16 surrogate escape
// (\ud800 …) are refused with invalid_utf8 naming the escape, instead of being analysed
// with U+FFFD in their text; a valid surrogate pair (an emoji) and plain records pass.
func TestRunLoneSurrogate(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"ok1","text":"快递很快，包装完好"}`,
		`{"id":"bad1","text":"客服\ud800态度很差"}`,
		`{"id":"pair","text":"很满意\ud83d\ude00下次还买"}`,
		`{"id":"bad2","text":"退款太慢","brand":"\udc01某品牌"}`,
		`{"id":"bad3","text":"物流\uD83D慢"}`,
		`{"id":"esc","text":"路径 C:\\ud800 写错了"}`,
	}, "\n") + "\n"
	dir := t.TempDir()
	p := filepath.Join(dir, "reviews.jsonl")
	if err := os.WriteFile(p, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	res, err := runWithin(t, Spec{Inputs: []string{p}, Output: out}, 60*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Records != 6 || res.State.Failed != 3 {
		t.Errorf("records/failed = %d/%d, want 6/3", res.State.Records, res.State.Failed)
	}
	got := map[string]string{}
	for _, r := range jsonLines(t, filepath.Join(out, ResultsFile)) {
		id := r["id"].(string)
		if e, ok := r["error"].(map[string]any); ok {
			got[id] = e["code"].(string) + " " + e["message"].(string)
		} else {
			got[id] = "ok"
		}
	}
	f := func(id, want string) {
		t.Helper()
		if g := got[id]; !strings.HasPrefix(g, want) || (want != "ok" && !strings.Contains(g, `\u`)) {
			t.Errorf("%s: %q, want %s naming the escape", id, g, want)
		}
	}
	f("ok1", "ok")
	f("pair", "ok")
	f("esc", "ok")
	f("bad1", `invalid_utf8 the JSON escape \ud800 at byte 27`)
	f("bad2", `invalid_utf8 the JSON escape \udc01`)
	f("bad3", `invalid_utf8 the JSON escape \uD83D`)
	for _, e := range jsonLines(t, filepath.Join(out, ErrorsFile)) {
		if e["code"] != "invalid_utf8" {
			t.Errorf("errors.jsonl: %v", e)
		}
	}
}
