package server

import (
	"context"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/store"
)

// TestDiskFull507: a server whose store's disk is under --min-free-disk (a reserve above
// the free space: the same check a full disk trips) starts with the store read-only, keeps
// analysing and serving reads, and answers writes with 507 disk_full in one
// sentence that names no server path.
func TestDiskFull507(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Options{Dir: dir, PacksDir: "../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	free, err := diskspace.Free(dir)
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1, DataDir: dir,
		MinFreeDisk: free + 1<<40, CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err != nil {
		t.Fatalf("engine on a disk under its reserve: %v", err)
	}
	defer e.Close()
	if !e.KG().ReadOnly() {
		t.Error("the store did not open read-only")
	}
	s, err := New(e, Options{Record: true, Logger: slogDiscard()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Serve(sctx, ln) }()
	defer func() { cancel(); <-done }()
	base := "http://" + ln.Addr().String()

	if r := do(t, "POST", base+"/v1/analyze", `{"text": "屏幕很清晰，但是电池不耐用", "industry": "ecommerce"}`, ""); r.status != 200 {
		t.Errorf("analyze on a full disk: %d %s", r.status, r.body)
	}
	if r := do(t, "GET", base+"/v1/kg/candidates", "", ""); r.status != 200 {
		t.Errorf("read on a full disk: %d %s", r.status, r.body)
	}
	r := do(t, "POST", base+"/v1/kg/terms", `{"industry": "ecommerce", "aspect": "overall_quality", "term": "掉漆快"}`, "")
	msg := string(r.body)
	if r.status != 507 || errorCode(t, r) != codeDiskFull || !strings.Contains(msg, "min-free-disk") || strings.Contains(msg, dir) {
		t.Errorf("term write on a full disk: %d %s; want 507 disk_full naming the reserve, not the path", r.status, msg)
	}
}
