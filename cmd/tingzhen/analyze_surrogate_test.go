package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeInputLoneSurrogate: `analyze --input` refuses a record with a lone UTF-16
// surrogate escape (invalid_utf8, naming the escape) exactly as `job run` does, instead of
// analysing its text with U+FFFD; a valid pair passes; exit status 1.
func TestAnalyzeInputLoneSurrogate(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	lines := `{"id":"a","text":"发货很快\ud800服务好"}` + "\n" +
		`{"id":"b","text":"很满意\ud83d\ude00"}` + "\n" +
		`{"id":"c","text":"质量差","region":"\udfff华东"}` + "\n"
	if err := os.WriteFile(in, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "out.jsonl")
	code, _, stderr := runCLI(t, "analyze", "--input", in, "--output", outPath)
	if code != exitRecordFails {
		t.Errorf("exit %d, want %d: %s", code, exitRecordFails, stderr)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct {
			ID    string `json:"id"`
			Error *struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		got[r.ID] = "ok"
		if r.Error != nil {
			got[r.ID] = r.Error.Code + " " + r.Error.Message
		}
	}
	f := func(id, want string) {
		t.Helper()
		if !strings.HasPrefix(got[id], want) {
			t.Errorf("%s: %q, want %q…", id, got[id], want)
		}
	}
	f("a", `invalid_utf8 line 1: the JSON escape \ud800`)
	f("b", "ok")
	f("c", `invalid_utf8 line 3: the JSON escape \udfff`)
}
