package server

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

// TestDominantVoteBehindAdmission: with industry_mode dominant, POST /v1/analyze lets the
// batch's items vote for their industry only once they are admitted: a request the queue
// refuses (429) does no vote, an admitted one votes after admission, and its items carry
// the choice. A real server on loopback, the real engine; the order is read from the debug
// log (the "admission" and "industry vote" lines). QueueRunes 40: a batch over 40
// characters is more than the queue ever admits. With micro-batching on and off.
func TestDominantVoteBehindAdmission(t *testing.T) {
	for _, off := range []bool{false, true} {
		t.Run(map[bool]string{false: "batching", true: "no-batching"}[off], func(t *testing.T) { testVoteBehindAdmission(t, off) })
	}
}

func testVoteBehindAdmission(t *testing.T, batchingOff bool) {
	logs := &syncBuffer{}
	s, err := New(testEngine, Options{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), QueueRunes: 40, DisableBatching: batchingOff})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Error("server did not stop")
		}
	}()
	base := "http://" + ln.Addr().String()
	f := func(items string, wantStatus int, wantVote bool, wantBody ...string) {
		t.Helper()
		before := len(logs.String())
		r := do(t, "POST", base+"/v1/analyze", `{"industry_mode":"dominant","items":[`+items+`]}`, "")
		if r.status != wantStatus {
			t.Fatalf("%s: %d %s", items, r.status, r.body)
		}
		for _, w := range wantBody {
			if !strings.Contains(string(r.body), w) {
				t.Errorf("%s: answer lacks %s: %s", items, w, r.body)
			}
		}
		lines := logs.String()[before:]
		adm, vote := strings.Index(lines, "msg=admission"), strings.Index(lines, `msg="industry vote"`)
		switch {
		case adm < 0:
			t.Errorf("%s: no admission line:\n%s", items, lines)
		case wantVote && (vote < 0 || vote < adm):
			t.Errorf("%s: want the vote after admission:\n%s", items, lines)
		case !wantVote && vote >= 0:
			t.Errorf("%s: refused, yet it voted:\n%s", items, lines)
		}
	}
	const delivery = `{"id":"a","text":"外卖送得很快"},{"id":"b","text":"菜量很足，味道也好"},{"id":"c","text":"味道不错，送餐也快"}` // 24 characters
	f(delivery, 200, true, `"industry_choice":{"mode":"dominant","industry":"food_delivery"`, `"source":"dominant"`)
	f(delivery+`,{"id":"d","text":"配送员态度很差，还把汤洒了，送餐太慢了"}`, 429, false) // 43 characters
	f(delivery, 200, true, `"industry":"food_delivery"`)
}
