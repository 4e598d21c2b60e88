package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

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

// TestManagerStorage: uploads are refused with 507 when the jobs disk is under its reserve
// (disk_full) or the jobs folder would pass its total quota (quota_exceeded), in one
// sentence that names no server path; a job whose results pass its per-job quota fails
// with quota_exceeded and resumes once the quota allows.
func TestManagerStorage(t *testing.T) {
	upload := readFile(t, "input/testdata/reviews.jsonl")
	f := func(opt ManagerOptions, wantCode int, wantErr string) {
		t.Helper()
		opt.Dir = t.TempDir()
		m, err := NewManager(testEngine, opt)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		code, body := call(m.Handler(), "POST", "/v1/jobs?format=jsonl", "application/x-ndjson", upload)
		var e struct {
			Error apiError `json:"error"`
		}
		json.Unmarshal(body, &e)
		if code != wantCode || e.Error.Code != wantErr {
			t.Errorf("%+v: %d %s; want %d %s", opt, code, body, wantCode, wantErr)
		}
		if strings.Contains(string(body), opt.Dir) {
			t.Errorf("the answer names the server path: %s", body)
		}
		if ents, _ := os.ReadDir(opt.Dir); code == 507 && len(ents) != 0 {
			t.Errorf("a refused upload left %d entries", len(ents))
		}
	}
	free, err := diskspace.Free(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f(ManagerOptions{MinFreeDisk: free + 1<<40}, 507, "disk_full")
	f(ManagerOptions{MaxTotalBytes: int64(len(upload)) - 1}, 507, "quota_exceeded")
	f(ManagerOptions{MaxJobBytes: int64(len(upload)) - 1}, 507, "quota_exceeded")

	// Per-job quota met by the results (they are about 10x the upload).
	dir := t.TempDir()
	m, err := NewManager(testEngine, ManagerOptions{Dir: dir, MaxJobBytes: int64(len(upload)) * 3})
	if err != nil {
		t.Fatal(err)
	}
	h := m.Handler()
	code, body := call(h, "POST", "/v1/jobs?format=jsonl", "application/x-ndjson", upload)
	if code != 202 {
		m.Close()
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobView
	json.Unmarshal(body, &v)
	got := waitStatusAllowFail(t, h, v.ID)
	if got.Status != StatusFailed || got.Error == nil || got.Error.Code != "quota_exceeded" || !strings.Contains(got.Error.Message, "/resume") {
		t.Fatalf("job over its quota: %+v %+v", got, got.Error)
	}
	m.Close()
	m, err = NewManager(testEngine, ManagerOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h = m.Handler()
	if code, body := call(h, "POST", "/v1/jobs/"+v.ID+"/resume", "", nil); code != 202 {
		t.Fatalf("resume: %d %s", code, body)
	}
	if done := waitStatus(t, h, v.ID, StatusDone); done.Records == 0 {
		t.Errorf("resumed job: %+v", done)
	}
}

// waitStatusAllowFail waits until the job is done or failed.
func waitStatusAllowFail(t *testing.T, h fasthttp.RequestHandler, id string) jobView {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		code, body := call(h, "GET", "/v1/jobs/"+id, "", nil)
		var v jobView
		if code != 200 || json.Unmarshal(body, &v) != nil {
			t.Fatalf("status %d %s", code, body)
		}
		if v.Status == StatusDone || v.Status == StatusFailed {
			return v
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s never ended", id)
	return jobView{}
}

// TestManagerEncoding: POST /v1/jobs takes encoding: a GBK upload of real reviews named
// gbk is read whole; an unknown encoding is a 400.
func TestManagerEncoding(t *testing.T) {
	m, err := NewManager(testEngine, ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := m.Handler()
	gbk := readFile(t, "input/testdata/reviews_gbk.csv")
	if code, body := call(h, "POST", "/v1/jobs?format=csv&encoding=latin-1", "text/csv", gbk); code != 400 || !strings.Contains(string(body), "encoding") {
		t.Errorf("unknown encoding: %d %s", code, body)
	}
	code, body := call(h, "POST", "/v1/jobs?format=csv&encoding=gbk", "text/csv", gbk)
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobView
	json.Unmarshal(body, &v)
	done := waitStatus(t, h, v.ID, StatusDone)
	if done.Records == 0 || done.Failed != 0 {
		t.Errorf("GBK upload with encoding=gbk: %+v", done)
	}
}
