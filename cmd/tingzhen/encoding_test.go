package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestAnalyzeInputGBK: `analyze --input` reads a GBK JSONL file of real reviews: detected
// (--encoding auto) or named (--encoding gbk), every record is analysed with its text
// intact; --encoding utf-8 (the default) refuses them (invalid_utf8, exit 1); a bad
// --encoding is a usage error.
func TestAnalyzeInputGBK(t *testing.T) {
	texts := []string{"待机时间长。待机时间长待机时间长", "非常不错。打打电话，待机蛮长的没什么好说的，简单易懂", "屏幕有点小，反应慢"}
	var b strings.Builder
	for i, s := range texts {
		line, _ := json.Marshal(map[string]string{"id": string(rune('a' + i)), "text": s})
		b.Write(line)
		b.WriteByte('\n')
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "gbk.jsonl")
	if err := os.WriteFile(in, gbk, 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(enc string, wantCode int, wantOK bool) {
		t.Helper()
		out := filepath.Join(dir, "out-"+enc+".jsonl")
		code, _, stderr := runCLI(t, "analyze", "--encoding", enc, "--input", in, "--output", out)
		if code != wantCode {
			t.Fatalf("--encoding %s: exit %d, want %d: %s", enc, code, wantCode, stderr)
		}
		if wantCode == exitUsage {
			return
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		if len(lines) != len(texts) {
			t.Fatalf("--encoding %s: %d results, want %d", enc, len(lines), len(texts))
		}
		for i, l := range lines {
			var r struct {
				Error     *struct{ Code string }
				Sentences []struct{ Text string }
			}
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, s := range r.Sentences {
				got.WriteString(s.Text)
			}
			if wantOK && (r.Error != nil || got.String() != texts[i]) {
				t.Errorf("--encoding %s record %d: error %v, text %q; want %q", enc, i, r.Error, got.String(), texts[i])
			}
			if !wantOK && (r.Error == nil || r.Error.Code != "invalid_utf8") {
				t.Errorf("--encoding %s record %d: %s; want invalid_utf8", enc, i, l)
			}
		}
	}
	f("auto", exitOK, true)
	f("gbk", exitOK, true)
	f("utf-8", exitRecordFails, false)
	f("latin-1", exitUsage, false)
}
