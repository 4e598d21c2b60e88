package jobs

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/diskspace"
)

// TestOutputQuota: a job whose results would pass Spec.MaxOutputBytes stops before the
// chunk that passes it, with a QuotaError naming the flag, resumable: the same job without
// the bound resumes and its outputs equal a straight run byte for byte.
func TestOutputQuota(t *testing.T) {
	ctx := context.Background()
	ref := t.TempDir()
	if _, err := Run(ctx, testEngine, Spec{Inputs: fixtures(), Output: ref, ChunkSize: 7}, nil); err != nil {
		t.Fatal(err)
	}
	refSize := fileSize(filepath.Join(ref, ResultsFile)) + fileSize(filepath.Join(ref, ErrorsFile))
	out := t.TempDir()
	quota := refSize / 2
	spec := Spec{Inputs: fixtures(), Output: out, ChunkSize: 7, MaxOutputBytes: quota}
	_, err := Run(ctx, testEngine, spec, nil)
	var qe *diskspace.QuotaError
	var stopped *StoppedError
	if !errors.As(err, &qe) || !errors.Is(err, diskspace.ErrQuota) || !errors.As(err, &stopped) {
		t.Fatalf("job over its quota: %v; want a StoppedError holding a QuotaError", err)
	}
	if !strings.Contains(err.Error(), "--max-output") || qe.Limit != quota {
		t.Errorf("quota error %q: want the limit %d and the flag named", err, quota)
	}
	if got := fileSize(filepath.Join(out, ResultsFile)) + fileSize(filepath.Join(out, ErrorsFile)); got > quota || got == 0 {
		t.Errorf("outputs hold %d bytes; want some, within the quota of %d", got, quota)
	}
	if _, err := os.Stat(filepath.Join(out, SummaryFile)); err == nil {
		t.Error("a stopped job wrote summary.json")
	}
	spec.MaxOutputBytes = 0
	res, err := Run(ctx, testEngine, spec, nil)
	if err != nil || !res.Resumed {
		t.Fatalf("resume without the bound: %v (resumed %v)", err, res != nil && res.Resumed)
	}
	for _, name := range []string{ResultsFile, ErrorsFile} {
		if !bytes.Equal(readFile(t, filepath.Join(ref, name)), readFile(t, filepath.Join(out, name))) {
			t.Errorf("%s differs after quota stop + resume", name)
		}
	}
}

// TestMinFreeDisk: with a reserve above the output disk's free space (the same check a
// full disk trips) the job does not start, nothing is written, and the error is one
// sentence naming --min-free-disk; a reserve met mid-way stops the job resumably.
func TestMinFreeDisk(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	free, err := diskspace.Free(out)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, testEngine, Spec{Inputs: fixtures(), Output: out, MinFreeDisk: free + 1<<40}, nil)
	if !errors.Is(err, diskspace.ErrLow) || !strings.Contains(err.Error(), "min-free-disk") {
		t.Fatalf("job on a disk under its reserve: %v", err)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("the refused job wrote %d entries into its output folder", len(ents))
	}
	// Mid-way: the runner's guard is the one checked before every chunk.
	r := &runner{spec: Spec{}, st: &State{}, guard: diskspace.NewGuard(out, free+1<<40)}
	if err := r.checkOutput(100); !errors.Is(err, diskspace.ErrLow) {
		t.Errorf("chunk write under the reserve: %v", err)
	}
	r.guard = diskspace.NewGuard(out, 1)
	if err := r.checkOutput(100); err != nil {
		t.Errorf("chunk write above the reserve: %v", err)
	}
}
