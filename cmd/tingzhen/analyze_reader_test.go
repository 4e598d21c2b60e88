package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/jobs/input"
)

// TestAnalyzeReadsAsJobs: analyze --input reads JSONL with jobs/input's reader: on jobs'
// own fixture of real reviews (bad JSON, a missing text among them) it returns one result
// per record the jobs reader returns, in order, and each bad record has the code the jobs
// reader gives it and its message, prefixed with the line.
func TestAnalyzeReadsAsJobs(t *testing.T) {
	const fixture = "../../jobs/input/testdata/reviews.jsonl"
	outPath := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, stderr := runCLI(t, "analyze", "--input", fixture, "--output", outPath); code != exitRecordFails {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Split(strings.TrimSpace(string(b)), "\n")
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := input.JSONLines(f, fixture, jsonlOptions("", "", 256<<10))
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i := 0; ; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			if i != len(out) {
				t.Fatalf("%d results for %d records", len(out), i)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(out) {
			t.Fatalf("only %d results", len(out))
		}
		var r struct {
			ID    string
			Error *struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(out[i]), &r); err != nil {
			t.Fatal(err)
		}
		if rec.Err == nil {
			if r.Error != nil && r.Error.Code != "empty_text" {
				t.Errorf("record %d (line %d) read fine but analyze says %+v", i, rec.Line, r.Error)
			}
			continue
		}
		bad++
		if r.Error == nil || r.Error.Code != rec.Err.Code || r.Error.Message != "line "+itoa(rec.Line)+": "+rec.Err.Message {
			t.Errorf("line %d: analyze %+v, jobs reader %+v", rec.Line, r.Error, rec.Err)
		}
	}
	if bad < 2 {
		t.Fatalf("only %d bad records in the fixture: wrong file?", bad)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
