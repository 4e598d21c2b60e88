package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeBadInput: `analyze --input` on bad input: each bad record gets its own clear
// error (its code, a message naming its line and what is wrong, the reader's errors and the
// engine's alike) and the other records are
// analysed; input no record can be read from is an error naming the file; an empty input
// says so. CSV, TSV, text and gzip'd files are read as `job run` reads them. Each line: the
// file's name and content, the exit status, a part of stderr, then per result "id" (analysed)
// or "id code: message part".
func TestAnalyzeBadInput(t *testing.T) {
	dir := t.TempDir()
	f := func(name, content string, wantCode int, wantStderr string, want ...string) {
		t.Helper()
		path := filepath.Join(dir, name)
		data := []byte(content)
		if strings.HasSuffix(name, ".gz") {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(data)
			zw.Close()
			data = b.Bytes()
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		outPath := filepath.Join(dir, name+".out")
		code, _, stderr := runCLI(t, "analyze", "--input", path, "--output", outPath)
		if code != wantCode || !strings.Contains(stderr, wantStderr) {
			t.Fatalf("%s: exit %d (want %d), stderr %q, want %q", name, code, wantCode, stderr, wantStderr)
		}
		out, _ := os.ReadFile(outPath)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if l == "" {
				continue
			}
			var r struct {
				ID    string
				Error *struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("%s: %v: %s", name, err, l)
			}
			s := r.ID
			if r.Error != nil {
				s = r.ID + " " + r.Error.Code + ": " + r.Error.Message
			}
			got = append(got, s)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: results %q, want %q", name, got, want)
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("%s: result %d %q, want it to start %q", name, i, got[i], want[i])
			}
		}
	}
	const good = `{"id":"a","text":"物流很快，包装也好"}` + "\n"
	f("empty.jsonl", "", exitOK, "empty.jsonl holds no records (the input is empty)")
	f("blank.jsonl", "\n  \n", exitOK, "holds no records")
	f("utf8.jsonl", good+"{\"id\":\"b\",\"text\":\"\xff\xfe坏了\"}\n"+`{"id":"c","text":"客服态度很差"}`+"\n", exitRecordFails, "3 records, 1 failed",
		"a", "b invalid_utf8: line 2: byte 0xff", "c")
	f("json.jsonl", good+`{"id":"b","text": 物流}`+"\n"+`[1,2]`+"\n"+`{"id":"d"}`+"\n"+`{"id":"e","text":"  "}`+"\n"+`{"id":"f","text":"客服态度很差"}`+"\n", exitRecordFails, "6 records, 4 failed",
		"a", "line:2 bad_json: line 2: not valid JSON: invalid character '物'", "line:3 bad_json: line 3: not a JSON object but a JSON array", "d missing_text: line 4: no text field", "e empty_text: line 5: text is empty", "f")
	f("nocol.csv", "id,内容x\n1,物流很快\n", exitUsage, "nocol.csv: no text column (one of text, content")
	f("empty.csv", "", exitUsage, "empty.csv: empty csv file (no header row)")
	f("ok.csv", "id,评论\n1,物流很快\n2,\"包装很好\n", exitRecordFails, "2 records, 1 failed", "1", "line:3 bad_csv: line 3: quoted field not closed")
	f("ok.tsv", "id\ttext\n1\t物流很快\n", exitOK, "1 records, 0 failed", "1")
	f("lines.txt", "物流很快\n\n客服态度很差\n", exitOK, "2 records, 0 failed", "line:1", "line:3")
	f("zipped.jsonl.gz", good, exitOK, "1 records, 0 failed", "a")
	if code, _, stderr := runCLI(t, "analyze", "--input", filepath.Join(dir, "missing.jsonl")); code != exitUsage || !strings.Contains(stderr, "missing.jsonl") {
		t.Errorf("a missing file: exit %d, stderr %q", code, stderr)
	}
}
