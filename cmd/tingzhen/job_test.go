package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestJobRunDefaults: `job run` without --workers uses one lane per CPU (summary.json says
// how many), --workers 1 one lane, both analyse every record of a real fixture identically,
// and the soft Go memory limit is put back when the command returns.
func TestJobRunDefaults(t *testing.T) {
	in := "../../jobs/input/testdata/reviews.txt"
	before := debug.SetMemoryLimit(-1)
	var results [][]byte
	for _, tc := range []struct {
		name    string
		args    []string
		workers int
	}{
		{"default", nil, runtime.NumCPU()},
		{"one", []string{"--workers", "1"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"job", "run", "--home", "../..", "--progress", "none", "--chunk", "2", "--input", in, "--output", dir}, tc.args...)
			var out, errb bytes.Buffer
			if code := run(context.Background(), args, &out, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("Go memory limit after job run = %d, want it restored to %d", got, before)
			}
			b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			var sum struct {
				Job struct {
					Workers int   `json:"workers"`
					Records int64 `json:"records"`
					Failed  int64 `json:"failed"`
				} `json:"job"`
			}
			if err := json.Unmarshal(b, &sum); err != nil {
				t.Fatal(err)
			}
			if sum.Job.Workers != tc.workers {
				t.Errorf("workers = %d, want %d", sum.Job.Workers, tc.workers)
			}
			if sum.Job.Records == 0 || sum.Job.Failed != 0 {
				t.Errorf("records %d, failed %d: want all of the fixture analysed", sum.Job.Records, sum.Job.Failed)
			}
			res, err := os.ReadFile(filepath.Join(dir, "results.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
		})
	}
	if len(results) == 2 && !bytes.Equal(results[0], results[1]) {
		t.Error("default workers and --workers 1 wrote different results.jsonl")
	}
}

// TestJobRunBadLimits: nonsense lane counts and memory limits are usage errors.
func TestJobRunBadLimits(t *testing.T) {
	for _, args := range [][]string{{"--workers", "0"}, {"--go-mem-limit", "-5"}} {
		var out, errb bytes.Buffer
		full := append([]string{"job", "run", "--home", "../..", "--input", "../../jobs/input/testdata/reviews.txt", "--output", t.TempDir()}, args...)
		if code := run(context.Background(), full, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, errb.String())
		}
	}
}
