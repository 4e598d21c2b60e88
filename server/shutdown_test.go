package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

// TestServeStopsRightAfterStart: a server cancelled at once, before fasthttp has taken up
// its listener (or before Serve is even called), stops within its ShutdownTimeout. Before
// shutdown.go waited for the listener to be taken up, fasthttp's Shutdown found none, and
// Serve then served on and never returned (20 of 20 such stops hung; under load a server
// that only ran bulk jobs hung so too: TestRecordWhatClientsSend's "did not stop within 60s").
func TestServeStopsRightAfterStart(t *testing.T) {
	const timeout = 2 * time.Second
	f := func(i int, cancelFirst bool, pause time.Duration) {
		t.Helper()
		s, err := New(testEngine, Options{Logger: nopLogger(), ShutdownTimeout: timeout})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		if cancelFirst {
			cancel()
		}
		done := make(chan error, 1)
		go func() { done <- s.Serve(ctx, ln) }()
		time.Sleep(pause)
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("stop %d: serve: %v", i, err)
			}
		case <-time.After(timeout + serveExitGrace + 8*time.Second): // a hang is forever; the slack is for a loaded machine
			t.Fatalf("stop %d (cancelled first %v, pause %s): Serve did not return", i, cancelFirst, pause)
		}
		if c, err := net.Dial("tcp", ln.Addr().String()); err == nil { // the listener is closed
			c.Close()
			t.Errorf("stop %d: the listener still accepts after Serve returned", i)
		}
	}
	for i := 0; i < 10; i++ {
		f(i, false, 0)
		f(i, true, 0)
		f(i, false, time.Millisecond)
	}
}

// TestShutdownBeforeAccepting: when the HTTP server has not taken up its listener by the
// deadline, the shutdown says so, closes the listener (which makes Serve return) and reports
// neither in-flight requests nor queued texts that did not finish: there were none.
func TestShutdownBeforeAccepting(t *testing.T) {
	logs := &syncBuffer{}
	s, err := New(testEngine, Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), ShutdownTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rl := newReadyListener(ln)
	errc := make(chan error, 1)
	// Stands for a Serve that never called Accept on rl: it returns once the listener closes.
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
		}
		errc <- nil
	}()
	if err := s.shutdown(rl, errc); err != nil {
		t.Errorf("shutdown: %v, want nil (nothing was in flight)", err)
	}
	out := logs.String()
	if !strings.Contains(out, "had not started accepting connections within the timeout") {
		t.Errorf("log does not say the server never accepted:\n%s", out)
	}
	for _, wrong := range []string{"in-flight requests did not finish", "queued texts were not analysed"} {
		if strings.Contains(out, wrong) {
			t.Errorf("log says %q, but nothing was in flight or queued:\n%s", wrong, out)
		}
	}
}

// TestShutdownSaysWhatItWaitedFor: a request that stays in flight (its body never comes)
// holds the shutdown only until ShutdownTimeout; Serve then returns an error saying so, and
// the log names the request it waited for.
func TestShutdownSaysWhatItWaitedFor(t *testing.T) {
	const timeout = time.Second
	logs := &syncBuffer{}
	s, err := New(testEngine, Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), ShutdownTimeout: timeout, ReadTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := `{"text":"送餐太慢了，等了两个小时"}`
	fmt.Fprintf(c, "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body)+100, body)
	for deadline := time.Now().Add(30 * time.Second); s.inflight.Load() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the request never reached its handler:\n%s", logs.String())
		}
	}
	t0 := time.Now()
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "in-flight requests") {
			t.Errorf("Serve returned %v, want the in-flight requests' timeout", err)
		}
		if d := time.Since(t0); d < timeout {
			t.Errorf("Serve returned after %s, before its ShutdownTimeout %s with a request in flight", d, timeout)
		}
	case <-time.After(timeout + serveExitGrace + 20*time.Second):
		t.Fatal("Serve did not return")
	}
	out := logs.String()
	for _, want := range []string{"inflight=1 ", "inflight_left=1", "inflight_at_stop=1", "waited_requests=", "waited_queue="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
