package server

import (
	"context"
	"net"
	"testing"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"
)

// Allocations of one server round trip over an in-memory connection (fasthttp's own style
// of test: fasthttputil.NewInmemoryListener, a client and the server in one process),
// counted by testing.AllocsPerRun over client and server together, with the access log
// off and an API key. The bound is the count measured when this test was written
// (2026-11-30, fasthttp v1.77.0: 14 in each of 3 runs); a change that allocates more per
// request fails here. The route is GET /healthz (routing, authentication skipped as it is
// public, request id, timing, metrics, one small JSON answer): POST /v1/analyze with one
// short text measured 436, 458 and 458 in three runs (the engine's result cache, the
// batcher's goroutines and timers), too noisy for a bound.
const healthzAllocs = 14

func TestRoundTripAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not the program's under -race (sync.Pool drops items at random)")
	}
	// With keys: a server without them serves loopback addresses only, and the in-memory
	// listener's address is none.
	s, err := New(testEngine, Options{Keys: testKeys, NoAccessLog: true})
	if err != nil {
		t.Fatal(err)
	}
	ln := fasthttputil.NewInmemoryListener()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	c := &fasthttp.HostClient{Addr: "127.0.0.1", Dial: func(string) (net.Conn, error) { return ln.Dial() }, MaxConns: 1}
	f := func(name, method, uri, body string, bound float64) {
		t.Helper()
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		req.Header.SetMethod(method)
		req.SetRequestURI("http://127.0.0.1" + uri)
		req.Header.Set("Authorization", "Bearer "+keyAnalyze)
		if body != "" {
			req.Header.SetContentType("application/json")
			req.SetBodyString(body)
		}
		var status int
		run := func() {
			if err := c.Do(req, resp); err != nil {
				t.Fatal(err)
			}
			status = resp.StatusCode()
		}
		run() // warm: connection, pools, first-use caches
		got := testing.AllocsPerRun(20, run)
		if status != 200 {
			t.Fatalf("%s: status %d %s", name, status, resp.Body())
		}
		t.Logf("%s: %.0f allocations per round trip (bound %.0f)", name, got, bound)
		if got > bound {
			t.Errorf("%s: %.0f allocations per round trip, more than the %.0f measured", name, got, bound)
		}
	}
	f("GET /healthz", "GET", "/healthz", "", healthzAllocs)
}
