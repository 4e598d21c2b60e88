package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/model/infer"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append(args[:1:1], append([]string{"--home", "../..", "--threads", "1"}, args[1:]...)...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestAnalyzeJSONL: bad records get per-record errors, the rest is analysed, order and ids
// kept, exit status 1 because some failed.
func TestAnalyzeJSONL(t *testing.T) {
	outPath := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, stderr := runCLI(t, "analyze", "--input", "testdata/mixed.jsonl", "--output", outPath)
	if code != exitRecordFails {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	f, err := os.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type line struct {
		ID        string `json:"id"`
		Sentiment *struct {
			Label string `json:"label"`
		} `json:"sentiment"`
		Error *struct{ Code, Message string } `json:"error"`
	}
	var got []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("output line is not JSON: %s", sc.Text())
		}
		got = append(got, l)
	}
	want := []struct{ id, label, code string }{
		{"r1", "positive", ""}, {"line:2", "", "bad_json"}, {"r3", "", "missing_text"}, {"r4", "", "empty_text"},
		{"5", "negative", ""}, {"bad", "", "invalid_utf8"}, {"last", "negative", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d output lines, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id {
			t.Errorf("line %d: id %q want %q", i, g.ID, w.id)
		}
		if w.code != "" {
			if g.Error == nil || g.Error.Code != w.code || g.Error.Message == "" {
				t.Errorf("line %d: error %+v want code %s", i, g.Error, w.code)
			}
			continue
		}
		if g.Error != nil || g.Sentiment == nil || g.Sentiment.Label != w.label {
			t.Errorf("line %d: %+v want %s", i, g, w.label)
		}
	}
	if !strings.Contains(stderr, "7 records, 4 failed") {
		t.Errorf("stderr summary: %s", stderr)
	}
}

func TestAnalyzeOneText(t *testing.T) {
	code, out, stderr := runCLI(t, "analyze", "物流太慢了，包装倒是很结实")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Sentiment struct{ Label string }
		Aspects   []struct {
			Term, Polarity, Point string
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Sentiment.Label != "negative" {
		t.Errorf("sentiment %q", r.Sentiment.Label)
	}
	if len(r.Aspects) == 0 {
		t.Errorf("no aspects: %s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"nope"}, &out, &errb); code != exitUsage {
		t.Fatalf("unknown command: exit %d", code)
	}
	out.Reset()
	errb.Reset()
	code := run(context.Background(), []string{"analyze", "--home", t.TempDir(), "--ort-lib", "/nonexistent/libonnxruntime.so", "好"}, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "make deps") {
		t.Fatalf("missing ORT library: exit %d, %q", code, errb.String())
	}
	errb.Reset()
	lib, err := infer.FindLibrary("", "../..")
	if err != nil {
		t.Fatal(err)
	}
	code = run(context.Background(), []string{"analyze", "--home", t.TempDir(), "--ort-lib", lib, "好"}, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "models") {
		t.Fatalf("missing models: exit %d, %q", code, errb.String())
	}
}

// TestAnalyzeJSONLBlankLines: blank lines (empty, CRLF, spaces) are not records but count
// as lines, so an error and an id-less record name their real line number.
func TestAnalyzeJSONLBlankLines(t *testing.T) {
	outPath := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, stderr := runCLI(t, "analyze", "--input", "testdata/blank_lines.jsonl", "--output", outPath)
	if code != exitRecordFails {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct {
			ID    string
			Error *struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("output line is not JSON: %s", l)
		}
		s := r.ID
		if r.Error != nil {
			s += " " + r.Error.Code + ": " + r.Error.Message
		}
		got = append(got, s)
	}
	f := func(i int, wantPrefix string) {
		t.Helper()
		if i >= len(got) || !strings.HasPrefix(got[i], wantPrefix) {
			t.Fatalf("result %d: want prefix %q; all results: %q", i, wantPrefix, got)
		}
	}
	if len(got) != 5 {
		t.Fatalf("%d results, want 5: %q", len(got), got)
	}
	f(0, "a")
	f(1, "line:4 bad_json: line 4: not valid JSON")
	f(2, "line:6")
	f(3, `m missing_text: line 8: no text field`)
	f(4, "line:10")
}
