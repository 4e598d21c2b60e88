package scale

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/tingzhen/tingzhen/engine"
)

// One engine per test binary (each costs ~1 s and ~200 MB): real models, in-memory store.
var testEngine *engine.Engine

// Child mode (the multi-process tests re-execute this binary as a worker).
const (
	childURLEnv   = "TINGZHEN_SCALE_CHILD_NATS"
	childAckEnv   = "TINGZHEN_SCALE_CHILD_ACK_WAIT"
	childNameEnv  = "TINGZHEN_SCALE_CHILD_NAME"
	childLanesEnv = "TINGZHEN_SCALE_CHILD_LANES"
)

func engineConfig() engine.Config {
	return engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1}
}

func TestMain(m *testing.M) {
	if url := os.Getenv(childURLEnv); url != "" {
		os.Exit(runChild(url))
	}
	e, err := engine.New(context.Background(), engineConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine:", err)
		os.Exit(1)
	}
	testEngine = e
	code := m.Run()
	e.Close()
	os.Exit(code)
}

// runChild is a worker process: it prints one JSON ChunkEvent per line on stdout and
// serves until SIGTERM (or SIGKILL).
func runChild(url string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ackWait, _ := time.ParseDuration(os.Getenv(childAckEnv))
	lanes, _ := strconv.Atoi(os.Getenv(childLanesEnv))
	e, err := engine.New(ctx, engineConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, "child engine:", err)
		return 3
	}
	defer e.Close()
	c, err := Connect(ctx, Config{URL: url, AckWait: ackWait}, "test worker")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	defer c.Close()
	enc := json.NewEncoder(os.Stdout)
	events := make(chan ChunkEvent, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range events {
			enc.Encode(ev)
		}
	}()
	fmt.Println(`{"Job":"ready"}`)
	w := &Worker{Engine: e, Conn: c, Lanes: lanes, Name: os.Getenv(childNameEnv), PollWait: time.Second,
		OnChunk: func(ev ChunkEvent) { events <- ev }}
	err = w.Run(ctx)
	close(events)
	<-done
	if err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "child worker:", err)
		return 2
	}
	return 0
}

// startServer runs a real nats-server with JetStream (file store in a temp dir) inside the
// test process, on a free loopback port.
func startServer(tb testing.TB) string {
	tb.Helper()
	return startServerPayload(tb, 4<<20)
}

// startServerPayload is startServer with the server's max_payload (largest message) set.
func startServerPayload(tb testing.TB, maxPayload int32) string {
	tb.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: tb.TempDir(), NoLog: true, NoSigs: true,
		MaxPayload: maxPayload}
	s, err := server.NewServer(opts)
	if err != nil {
		tb.Fatalf("nats server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		tb.Fatal("nats server not ready")
	}
	tb.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s.ClientURL()
}

func connect(tb testing.TB, cfg Config) *Conn {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Connect(ctx, cfg, tb.Name())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}
