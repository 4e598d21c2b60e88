package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
	"github.com/tingzhen/tingzhen/tasks"
)

// seedQualityWeek stores 30 pains and 6 pleasures about product quality in the week of
// 9 Nov 2026 in the store at dir, as the engine's recording would.
func seedQualityWeek(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Dir: dir, PacksDir: "../../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ins, err := insights.Open(st.DB(), insights.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	type v struct{ text, term, opinion, pol, point string }
	voices := []v{{"衣服质量太差了，洗了一次就起球", "质量", "太差", "negative", "pain"}, {"质量很好，做工精细，很满意", "质量", "很好", "positive", "pleasure"}}
	var recs []insights.Record
	for i := 0; i < 36; i++ {
		x := voices[0]
		if i >= 30 {
			x = voices[1]
		}
		m, ok := st.Graph().MapAspect("ecommerce", x.text, x.term, x.opinion)
		if !ok {
			t.Fatalf("unmapped %q", x.text)
		}
		s := len([]rune(x.text[:strings.Index(x.text, x.term)]))
		recs = append(recs, insights.Record{ID: fmt.Sprint("cli-", i), Time: time.Date(2026, 11, 9+i%7, 12, 0, 0, 0, time.UTC), Industry: "ecommerce",
			Sentiment: x.pol, Text: x.text, Mentions: []mention.Mention{{Term: x.term, Opinion: x.opinion, Polarity: x.pol, Point: x.point, Start: s, End: s + 2,
				KG: &mention.KGRef{Industry: m.Industry, Indicator: m.Indicator, Department: m.Department,
					IDs: map[string]string{"industry": m.IndustryID, "indicator": m.IndicatorID, "aspect": m.AspectID, "department": m.DepartmentID}}}}})
	}
	if _, err := ins.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
}

func TestTasksCLI(t *testing.T) {
	dir := t.TempDir()
	seedQualityWeek(t, dir)
	tz := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", dir, "--home", "../..", "--tz", "UTC"), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := tz("tasks", "evaluate", "--at", "2026-11-18")
	var ev struct{ Created []tasks.Task }
	if code != exitOK || json.Unmarshal([]byte(out), &ev) != nil || len(ev.Created) != 1 {
		t.Fatalf("evaluate: exit %d, %s %s", code, out, errs)
	}
	id := ev.Created[0].ID
	if id != "ecommerce.quality_pain_share.20261109" || ev.Created[0].PointCount != 30 {
		t.Fatalf("task = %+v", ev.Created[0])
	}
	if code, out, _ := tz("tasks", "evaluate", "--at", "2026-11-19"); code != exitOK || !strings.Contains(out, `"created": []`) {
		t.Fatalf("second evaluate: %d %s", code, out)
	}
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tasks", "verify", id, "--by", "王经理"}, exitUsage, "verify needs it to be resolved"},
		{[]string{"tasks", "ack", id, "--by", "王经理", "--note", "收到"}, exitOK, `"status": "acknowledged"`},
		{[]string{"tasks", "ack", id, "--by", "王经理"}, exitUsage, "is acknowledged"},
		{[]string{"tasks", "start", id, "--by", "李工"}, exitOK, `"status": "in_progress"`},
		{[]string{"tasks", "resolve", "--by", "李工", id}, exitOK, `"status": "resolved"`},
		{[]string{"tasks", "verify", id, "--by", "王经理"}, exitOK, `"verdict": "insufficient data"`},
		{[]string{"tasks", "show", id}, exitOK, `"note": "收到"`},
		{[]string{"tasks", "show", "nope"}, exitUsage, "no such task"},
		{[]string{"tasks", "ack"}, exitUsage, "give a task id"},
		{[]string{"tasks", "close", id}, exitUsage, "unknown subcommand"},
		{[]string{"tasks", "list", "--status", "verified"}, exitOK, id},
		{[]string{"tasks", "list", "--status", "open"}, exitOK, "[]"},
		{[]string{"tasks", "list", "--status", "done"}, exitUsage, "want one of"},
		{[]string{"kg", "tasks", "--industry", "ecommerce"}, exitOK, id},
		{[]string{"tasks", "deadletters"}, exitOK, "[]"},
	}
	for _, s := range steps {
		code, out, errs := tz(s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Fatalf("%v: exit %d, want %d with %q:\n%s%s", s.args, code, s.code, s.want, out, errs)
		}
	}
	// Redeliver to a failing receiver: dead letter, listed; then to a working one.
	var calls atomic.Int32
	fail := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer fail.Close()
	if code, _, errs := tz("tasks", "redeliver", id, "--webhook-url", fail.URL, "--webhook-attempts", "2", "--webhook-backoff", "1ms"); code != exitOK || !strings.Contains(errs, "dead-lettered 1") || calls.Load() != 2 {
		t.Fatalf("redeliver to a failing hook: %d %s (%d calls)", code, errs, calls.Load())
	}
	if code, out, _ := tz("tasks", "deadletters"); code != exitOK || !strings.Contains(out, id) || !strings.Contains(out, "502") {
		t.Fatalf("deadletters: %s", out)
	}
	var body []byte
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if tasks.VerifySignature("s3", r.Header.Get(tasks.HeaderSignature), r.Header.Get(tasks.HeaderTimestamp), b, time.Now(), 0) != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		body = b
	}))
	defer ok.Close()
	if code, out, errs := tz("tasks", "redeliver", id, "--webhook-url", ok.URL, "--webhook-secret", "s3"); code != exitOK || !strings.Contains(errs, "delivered 1") || !strings.Contains(out, `"status": "delivered"`) {
		t.Fatalf("redeliver: %d %s %s", code, out, errs)
	}
	if !strings.Contains(string(body), id) {
		t.Fatalf("webhook body: %s", body)
	}
	if code, out, _ := tz("tasks", "deadletters"); code != exitOK || strings.TrimSpace(out) != "[]" {
		t.Fatalf("deadletters after redelivery: %s", out)
	}
}

// TestTasksCLIThroughServer: while `tingzhen serve` holds the store, `tingzhen tasks` says so
// and works through the server with --server; the server evaluates and delivers.
func TestTasksCLIThroughServer(t *testing.T) {
	t.Setenv("TINGZHEN_API_KEYS", "")
	dir := t.TempDir()
	seedQualityWeek(t, dir)
	var got atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if tasks.VerifySignature("hook-secret", r.Header.Get(tasks.HeaderSignature), r.Header.Get(tasks.HeaderTimestamp), b, time.Now(), 0) == nil {
			got.Add(1)
		}
	}))
	defer hook.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan int, 1)
	var serveErr bytes.Buffer
	go func() {
		served <- run(ctx, []string{"serve", "--home", "../..", "--threads", "1", "--no-aspects", "--addr", addr, "--data", dir,
			"--rules-every", "0", "--webhook-url", hook.URL, "--webhook-secret", "hook-secret"}, io.Discard, &serveErr)
	}()
	defer func() {
		cancel()
		if code := <-served; code != exitOK {
			t.Errorf("serve exit %d: %s", code, serveErr.String())
		}
	}()
	base := "http://" + addr
	for deadline := time.Now().Add(60 * time.Second); ; {
		if r, err := http.Get(base + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready: %s", serveErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	tz := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--home", "../.."), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errs := tz("tasks", "list", "--data", dir); code != exitUsage || !strings.Contains(errs, "locked") || !strings.Contains(errs, "--server") {
		t.Fatalf("local list while serving: exit %d: %s", code, errs)
	}
	id := "ecommerce.quality_pain_share.20261109"
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tasks", "evaluate", "--at", "2026-11-18"}, exitOK, id},
		{[]string{"tasks", "list", "--status", "open"}, exitOK, id},
		{[]string{"tasks", "verify", id, "--by", "王经理"}, exitUsage, "in_progress) (HTTP 409)"},
		{[]string{"tasks", "ack", id, "--by", "王经理", "--note", "收到"}, exitOK, `"status": "acknowledged"`},
		{[]string{"tasks", "show", id}, exitOK, `"by": "王经理"`},
		{[]string{"tasks", "show", "nope"}, exitUsage, "HTTP 404"},
		{[]string{"tasks", "deadletters"}, exitOK, "[]"},
	}
	for _, s := range steps {
		code, out, errs := tz(append(s.args, "--server", base)...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Fatalf("%v: exit %d, want %d with %q:\n%s%s", s.args, code, s.code, s.want, out, errs)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); got.Load() < 1; {
		if time.Now().After(deadline) {
			t.Fatal("the server did not deliver the task's webhook")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
