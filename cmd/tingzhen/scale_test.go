package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// TestScaleCommands: `worker`, `job submit`, `job collect` and `aggregate --once` against a
// real nats-server (JetStream, file store in a temp dir) give the same results.jsonl and
// errors.jsonl as `job run` on the same real fixture, and exit 1 when records failed.
func TestScaleCommands(t *testing.T) {
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server not ready")
	}
	defer func() { s.Shutdown(); s.WaitForShutdown() }()
	url := s.ClientURL()
	in := "../../jobs/input/testdata/reviews.jsonl" // holds bad lines: per-record errors

	runDir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"job", "run", "--home", "../..", "--progress", "none", "--workers", "1", "--input", in, "--output", runDir}, &out, &errb); code != exitRecordFails {
		t.Fatalf("job run: exit %d: %s", code, errb.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var werr bytes.Buffer
	wg.Add(1)
	go func() {
		defer wg.Done()
		if code := run(ctx, []string{"worker", "--nats", url, "--home", "../..", "--lanes", "1"}, &bytes.Buffer{}, &werr); code != exitOK {
			t.Errorf("worker: exit %d", code)
		}
	}()
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"job", "submit", "--nats", url, "--home", "../..", "--input", in, "--job", "cli"}, &out, &errb); code != exitOK {
		t.Fatalf("job submit: exit %d: %s", code, errb.String())
	}
	if got := strings.TrimSpace(out.String()); got != "cli" {
		t.Fatalf("job submit printed %q, want the job name", got)
	}
	natsDir := t.TempDir()
	errb.Reset()
	if code := run(context.Background(), []string{"job", "collect", "--nats", url, "--home", "../..", "--job", "cli", "--output", natsDir, "--timeout", "2m"}, &out, &errb); code != exitRecordFails {
		t.Fatalf("job collect: exit %d: %s", code, errb.String())
	}
	cancel()
	wg.Wait()
	if !strings.Contains(werr.String(), "CPU-s after the engine loaded") {
		t.Errorf("worker did not stop cleanly: %s", werr.String())
	}
	for _, name := range []string{"results.jsonl", "errors.jsonl"} {
		a, _ := os.ReadFile(filepath.Join(runDir, name))
		b, _ := os.ReadFile(filepath.Join(natsDir, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: collect wrote %d bytes unlike job run's %d", name, len(b), len(a))
		}
	}
	// summary.json: the same apart from the run description (collect's graph is the packs'
	// as job run's engine loads them).
	var sums [2]map[string]any
	for i, dir := range []string{runDir, natsDir} {
		b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &sums[i]); err != nil {
			t.Fatal(err)
		}
		delete(sums[i], "job")
	}
	if !reflect.DeepEqual(sums[0], sums[1]) {
		t.Errorf("summary.json of collect differs from job run's beyond the job section")
	}
	errb.Reset()
	if code := run(context.Background(), []string{"aggregate", "--nats", url, "--home", "../..", "--data", t.TempDir(), "--once"}, &out, &errb); code != exitOK {
		t.Fatalf("aggregate: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "0 dropped") || strings.Contains(errb.String(), " 0 results read") {
		t.Errorf("aggregate: %s", errb.String())
	}
}
