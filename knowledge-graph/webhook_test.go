package kg

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestWebhookRetries(t *testing.T) {
	var calls atomic.Int32
	var keys []string
	var got WebhookPayload
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		if r.Header.Get("Authorization") != "Bearer t" || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if n <= 2 { // fail twice, then accept
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	wh := &Webhook{URL: srv.URL, BaseDelay: 10 * time.Millisecond, Header: http.Header{"Authorization": {"Bearer t"}}}
	tasks := []Task{{ID: "shop.delivery_time_pain.20261115", RuleID: "delivery_time_pain", Evidence: []string{"物流太慢了"}}}
	start := time.Now()
	if err := wh.Send(context.Background(), tasks); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || len(got.Tasks) != 1 || got.Tasks[0].Evidence[0] != "物流太慢了" {
		t.Fatalf("calls = %d, payload = %+v", calls.Load(), got)
	}
	if keys[0] == "" || keys[0] != keys[2] {
		t.Fatalf("idempotency keys differ: %q", keys)
	}
	if el := time.Since(start); el < 30*time.Millisecond { // 10 ms + 20 ms back-off
		t.Fatalf("no back-off: %v", el)
	}
}

func TestWebhookFailures(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if strings.HasSuffix(r.URL.Path, "/bad") {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	ctx := context.Background()
	// 4xx is not retried.
	if err := (&Webhook{URL: srv.URL + "/bad", BaseDelay: time.Millisecond}).Send(ctx, nil); err == nil || calls.Load() != 1 {
		t.Fatalf("400: err %v after %d calls", err, calls.Load())
	}
	// 5xx forever: gives up after MaxAttempts.
	calls.Store(0)
	err := (&Webhook{URL: srv.URL, BaseDelay: time.Millisecond, MaxAttempts: 3}).Send(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "giving up after 3 attempts") || calls.Load() != 3 {
		t.Fatalf("500: err %v after %d calls", err, calls.Load())
	}
	// A cancelled context stops the back-off.
	calls.Store(0)
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = (&Webhook{URL: srv.URL, BaseDelay: time.Second, MaxAttempts: 10}).Send(cctx, nil)
	if err == nil || time.Since(start) > 900*time.Millisecond || calls.Load() != 1 {
		t.Fatalf("cancel: err %v after %v, %d calls", err, time.Since(start), calls.Load())
	}
}
