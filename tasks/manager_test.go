package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/store"
)

// env is a real knowledge graph with the shipped packs and the insights counters in the
// same Badger store, as the server has them.
type env struct {
	kg  *store.Store
	db  *badger.DB
	ins *insights.Store
}

func openEnv(t testing.TB) env {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Dir: t.TempDir(), PacksDir: "../knowledge-graph/industries", StrictPacks: true})
	if err != nil {
		t.Fatal(err)
	}
	ins, err := insights.Open(st.DB(), insights.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ins.Close(); st.Close() })
	return env{kg: st, db: st.DB(), ins: ins}
}

func (e env) manager(t testing.TB, opt Options) *Manager {
	t.Helper()
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	m, err := New(e.db, e.kg, e.ins, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sample is a task as a rule would create it on the ecommerce pack.
func sample(id string, created time.Time) Task {
	return Task{ID: id, Industry: "ecommerce", RuleID: "quality_pain_share", IndicatorID: "product_quality", Indicator: "商品质量",
		Indicators: []string{"product_quality"}, Point: "pain", Severity: "high", DepartmentID: "quality", Department: "品控部",
		WindowDays: 7, WindowStart: "2026-11-09", WindowEnd: "2026-11-15", Mentions: 40, PointCount: 20, Share: 0.5,
		Reason: "pain share 50% > 35% of 40 mentions", Status: StatusOpen, CreatedAt: created, UpdatedAt: created,
		Evidence: []Evidence{{RecordID: "r-17", Text: "衣服洗了一次就起球，质量太差了", Term: "质量", Opinion: "太差", Point: "pain", Polarity: "negative", Start: 11, End: 13}},
		Delivery: Delivery{Status: DeliveryPending}}
}

func TestManagerLifecycle(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t)
	m := e.manager(t, Options{})
	t0 := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	tk := sample("ecommerce.quality_pain_share.20261109", t0)
	if ok, err := m.st.create(&tk, false); !ok || err != nil {
		t.Fatalf("create = %v, %v", ok, err)
	}
	if ok, err := m.st.create(&tk, false); ok || err != nil {
		t.Fatalf("second create = %v, %v", ok, err)
	}
	steps := []struct {
		action, by, note, want string
		illegal                bool
	}{
		{ActionStart, "王经理", "", "", true},
		{ActionAck, "王经理", "收到，安排品控复查", StatusAcknowledged, false},
		{ActionAck, "王经理", "", "", true},
		{ActionStart, "李工", "联系供应商换面料", StatusInProgress, false},
		{ActionVerify, "王经理", "", "", true},
		{ActionResolve, "李工", "新批次面料已上架", StatusResolved, false},
		{ActionDismiss, "王经理", "", "", true},
	}
	for i, s := range steps {
		got, err := m.Transition(ctx, tk.ID, Step{Action: s.action, By: s.by, Note: s.note, At: t0.Add(time.Duration(i+1) * time.Hour)})
		var te *TransitionError
		if s.illegal {
			if !errors.As(err, &te) {
				t.Fatalf("step %d %s: err = %v, want a TransitionError", i, s.action, err)
			}
			continue
		}
		if err != nil || got.Status != s.want {
			t.Fatalf("step %d %s: %v, %v", i, s.action, got.Status, err)
		}
	}
	got, err := m.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.History) != 3 || got.History[0].From != StatusOpen || got.History[0].By != "王经理" || got.History[0].Note != "收到，安排品控复查" ||
		got.History[2].To != StatusResolved || !got.ResolvedAt.Equal(t0.Add(6*time.Hour)) {
		t.Fatalf("history = %+v, resolved %v", got.History, got.ResolvedAt)
	}
	if _, err := m.Transition(ctx, tk.ID, Step{Action: ActionVerify}); err == nil || !strings.Contains(err.Error(), "by") {
		t.Fatalf("verify without by: %v", err)
	}
	if _, err := m.Transition(ctx, "nope", Step{Action: ActionAck, By: "x"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown task: %v", err)
	}
	for _, f := range []struct {
		f    Filter
		want int
	}{{Filter{}, 1}, {Filter{Status: StatusResolved}, 1}, {Filter{Status: StatusOpen}, 0}, {Filter{Department: "品控部"}, 1},
		{Filter{Department: "quality"}, 1}, {Filter{Department: "logistics"}, 0}, {Filter{Industry: "ecommerce"}, 1}, {Filter{Industry: "banking"}, 0}} {
		ts, err := m.List(ctx, f.f)
		if err != nil || len(ts) != f.want {
			t.Fatalf("List(%+v) = %d tasks, %v; want %d", f.f, len(ts), err, f.want)
		}
	}
}

func TestMigrateKGTasks(t *testing.T) {
	e := openEnv(t)
	old := map[string]string{
		"shop.delivery_time_pain.20261115": `{"id":"shop.delivery_time_pain.20261115","industry":"shop","rule":"delivery_time_pain","indicator_id":"delivery_time","indicator":"配送时效","point":"pain","severity":"high","department_id":"logistics","department":"物流部","window_start":"2026-11-09","window_end":"2026-11-15","mentions":12,"point_count":6,"prev_point_count":2,"share":0.5,"wow_increase":2,"reason":"pain share 50%","evidence":["送货太慢了，差评","物流慢得离谱"],"status":"done","created_at":"2026-11-15T15:00:00Z"}`,
		"shop.quality_pain.20261115":       `{"id":"shop.quality_pain.20261115","industry":"shop","rule":"quality_pain","indicator_id":"product_quality","point":"pain","status":"dismissed","created_at":"2026-11-15T15:00:00Z"}`,
		"shop.x.20261122":                  `{"id":"shop.x.20261122","industry":"shop","rule":"x","point":"pain","status":"open","created_at":"2026-11-22T15:00:00Z"}`,
	}
	err := e.db.Update(func(txn *badger.Txn) error {
		for id, v := range old {
			if err := txn.Set([]byte("k/"+id), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := e.manager(t, Options{})
	ctx := context.Background()
	ts, err := m.List(ctx, Filter{})
	if err != nil || len(ts) != 3 {
		t.Fatalf("migrated = %d, %v", len(ts), err)
	}
	want := map[string]string{"shop.delivery_time_pain.20261115": StatusResolved, "shop.quality_pain.20261115": StatusDismissed, "shop.x.20261122": StatusOpen}
	for _, tk := range ts {
		if tk.Status != want[tk.ID] || len(tk.History) != 1 || tk.History[0].By != "migration" || tk.Delivery.Status != DeliveryNone {
			t.Fatalf("migrated %s = %+v", tk.ID, tk)
		}
	}
	d, _ := m.Get(ctx, "shop.delivery_time_pain.20261115")
	if d.WindowDays != 7 || len(d.Evidence) != 2 || d.Evidence[0].Text != "送货太慢了，差评" || d.Department != "物流部" || d.PrevPointCount != 2 {
		t.Fatalf("migrated fields = %+v", d)
	}
	// Old keys are gone; a second New migrates nothing and keeps what changed since.
	e.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("k/")})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			t.Errorf("old key left: %s", it.Item().Key())
		}
		return nil
	})
	if _, err := m.Transition(ctx, "shop.x.20261122", Step{Action: ActionAck, By: "王经理"}); err != nil {
		t.Fatal(err)
	}
	m2 := e.manager(t, Options{})
	if x, _ := m2.Get(ctx, "shop.x.20261122"); x.Status != StatusAcknowledged {
		t.Fatalf("re-open lost a change: %+v", x)
	}
}

// receiver is a real webhook receiver on loopback that checks signatures.
type receiver struct {
	srv      *httptest.Server
	secret   string
	failures int // answer 503 to the first failures requests (-1: always)
	mu       sync.Mutex
	calls    int
	got      []Payload
	badSig   int
	delivery []string
}

func newReceiver(t *testing.T, secret string, failures int) *receiver {
	r := &receiver{secret: secret, failures: failures}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		body, _ := io.ReadAll(q.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		r.delivery = append(r.delivery, q.Header.Get(HeaderDelivery))
		if err := VerifySignature(r.secret, q.Header.Get(HeaderSignature), q.Header.Get(HeaderTimestamp), body, time.Now(), 0); err != nil {
			r.badSig++
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if r.failures < 0 || r.calls <= r.failures {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var p Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.got = append(r.got, p)
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) snapshot() (calls, badSig int, got []Payload) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, r.badSig, append([]Payload(nil), r.got...)
}

var fastRetry = Retry{MaxAttempts: 4, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond, Timeout: 2 * time.Second}

func TestDeliveryRetriesThenDeadLetters(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t)
	quality := newReceiver(t, "quality-secret", 2)   // fails twice, then accepts
	fallback := newReceiver(t, "default-secret", -1) // always fails
	m := e.manager(t, Options{Retry: fastRetry, Webhooks: Webhooks{
		Default:     Endpoint{URL: fallback.srv.URL, Secret: "default-secret"},
		Departments: map[string]Endpoint{"quality": {URL: quality.srv.URL, Secret: "quality-secret"}},
	}})
	now := time.Now().UTC()
	a := sample("ecommerce.quality_pain_share.20261109", now)
	b := sample("ecommerce.delivery_pain.20261109", now)
	b.DepartmentID, b.Department = "logistics", "物流部"
	for _, tk := range []*Task{&a, &b} {
		if ok, err := m.st.create(tk, true); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	delivered, dead, err := m.DeliverPending(ctx)
	if err != nil || delivered != 1 || dead != 1 {
		t.Fatalf("DeliverPending = %d delivered, %d dead, %v", delivered, dead, err)
	}
	calls, badSig, got := quality.snapshot()
	if calls != 3 || badSig != 0 || len(got) != 1 || got[0].Task.ID != a.ID || got[0].Event != "task.created" ||
		len(got[0].Task.Evidence) != 1 || got[0].Task.Evidence[0].RecordID != "r-17" {
		t.Fatalf("quality receiver: %d calls, %d bad signatures, %+v", calls, badSig, got)
	}
	if calls, _, _ := fallback.snapshot(); calls != fastRetry.MaxAttempts {
		t.Fatalf("default receiver: %d calls, want %d", calls, fastRetry.MaxAttempts)
	}
	ta, _ := m.Get(ctx, a.ID)
	tb, _ := m.Get(ctx, b.ID)
	if ta.Delivery.Status != DeliveryDelivered || ta.Delivery.Attempts != 3 || ta.Delivery.URL != quality.srv.URL {
		t.Fatalf("a delivery = %+v", ta.Delivery)
	}
	if tb.Delivery.Status != DeliveryDead || !strings.Contains(tb.Delivery.LastError, "giving up after 4 attempts") {
		t.Fatalf("b delivery = %+v", tb.Delivery)
	}
	dls, err := m.DeadLetters(ctx)
	if err != nil || len(dls) != 1 || dls[0].TaskID != b.ID || dls[0].DepartmentID != "logistics" || dls[0].Attempts != 4 {
		t.Fatalf("dead letters = %+v, %v", dls, err)
	}
	// Nothing left queued.
	if d, x, err := m.DeliverPending(ctx); d+x != 0 || err != nil {
		t.Fatalf("second DeliverPending = %d, %d, %v", d, x, err)
	}
	// Redelivery after the receiver recovers.
	fallback.mu.Lock()
	fallback.failures = 0
	fallback.mu.Unlock()
	if tk, err := m.Redeliver(ctx, b.ID); err != nil || tk.Delivery.Status != DeliveryPending {
		t.Fatalf("Redeliver = %+v, %v", tk.Delivery, err)
	}
	if dls, _ := m.DeadLetters(ctx); len(dls) != 0 {
		t.Fatalf("dead letter kept after redeliver: %+v", dls)
	}
	if d, x, err := m.DeliverPending(ctx); d != 1 || x != 0 || err != nil {
		t.Fatalf("redelivery = %d, %d, %v", d, x, err)
	}
	if _, _, got := fallback.snapshot(); len(got) != 1 || got[0].Task.ID != b.ID {
		t.Fatalf("redelivered payloads = %+v", got)
	}
	if _, err := m.Redeliver(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("redeliver unknown: %v", err)
	}
}

func TestDeliveryWithoutEndpointAndNonRetryable(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "no such hook", http.StatusNotFound)
	}))
	defer srv.Close()
	m := e.manager(t, Options{Retry: fastRetry, Webhooks: Webhooks{Departments: map[string]Endpoint{"quality": {URL: srv.URL}}}})
	a := sample("ecommerce.quality_pain_share.20261109", time.Now())
	b := sample("ecommerce.delivery_pain.20261109", time.Now())
	b.DepartmentID = "logistics" // no endpoint, no default
	m.st.create(&a, true)
	m.st.create(&b, true)
	if d, x, err := m.DeliverPending(ctx); d != 0 || x != 1 || err != nil {
		t.Fatalf("DeliverPending = %d, %d, %v", d, x, err)
	}
	if calls.Load() != 1 {
		t.Fatalf("404 retried: %d calls", calls.Load())
	}
	if tb, _ := m.Get(ctx, b.ID); tb.Delivery.Status != DeliveryNone {
		t.Fatalf("no endpoint: %+v", tb.Delivery)
	}
	if ta, _ := m.Get(ctx, a.ID); ta.Delivery.Status != DeliveryDead || !strings.Contains(ta.Delivery.LastError, "not retried") {
		t.Fatalf("404: %+v", ta.Delivery)
	}
}

func TestSignature(t *testing.T) {
	body := []byte(`{"event":"task.created","task":{"id":"x"}}`)
	now := time.Unix(1764470000, 0)
	sig := Sign("s3cr3t", now.Unix(), body)
	// Known answer: printf '1764470000.{"event":"task.created","task":{"id":"x"}}' | openssl dgst -sha256 -hmac s3cr3t
	if sig != "sha256=6a20869c9852e2cf36ad77a7c5904266c184bd5cef691df198e8c560f8985030" {
		t.Fatalf("Sign = %s", sig)
	}
	ts := "1764470000"
	f := func(secret, sig, ts string, body []byte, at time.Time, ok bool) {
		t.Helper()
		if err := VerifySignature(secret, sig, ts, body, at, time.Minute); (err == nil) != ok {
			t.Fatalf("VerifySignature(%q, %q, %q, %s) = %v, want ok=%v", secret, sig, ts, body, err, ok)
		}
	}
	f("s3cr3t", sig, ts, body, now, true)
	f("s3cr3t", sig, ts, body, now.Add(59*time.Second), true)
	f("s3cr3t", sig, ts, body, now.Add(2*time.Minute), false) // replay
	f("other", sig, ts, body, now, false)
	f("s3cr3t", sig, "1764470001", body, now, false)
	f("s3cr3t", sig, ts, append([]byte(" "), body...), now, false)
	f("s3cr3t", "sha256=00", ts, body, now, false)
	f("s3cr3t", sig, "yesterday", body, now, false)
}

func TestBackoff(t *testing.T) {
	r := Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	f := func(i int, retryAfter, lo, hi time.Duration) {
		t.Helper()
		for k := 0; k < 200; k++ {
			if d := r.backoff(i, retryAfter); d < lo || d > hi {
				t.Fatalf("backoff(%d, %v) = %v, want in [%v, %v]", i, retryAfter, d, lo, hi)
			}
		}
	}
	f(1, 0, 50*time.Millisecond, 100*time.Millisecond)
	f(2, 0, 100*time.Millisecond, 200*time.Millisecond)
	f(3, 0, 200*time.Millisecond, 400*time.Millisecond)
	f(10, 0, 500*time.Millisecond, time.Second)   // capped
	f(1, 3*time.Second, time.Second, time.Second) // Retry-After, capped at MaxDelay
	f(1, 700*time.Millisecond, 700*time.Millisecond, 700*time.Millisecond)
	seen := map[time.Duration]bool{}
	for k := 0; k < 50; k++ {
		seen[r.backoff(3, 0)] = true
	}
	if len(seen) < 10 {
		t.Fatalf("no jitter: %d distinct waits", len(seen))
	}
}

// TestRunDeliversInBackground runs the delivery loop with redeliveries and lifecycle changes
// racing it (go test -race), then stops it by cancelling its context.
func TestRunDeliversInBackground(t *testing.T) {
	e := openEnv(t)
	rcv := newReceiver(t, "k", 1)
	m := e.manager(t, Options{Retry: fastRetry, Workers: 3, Rescan: 10 * time.Millisecond,
		Webhooks: Webhooks{Default: Endpoint{URL: rcv.srv.URL, Secret: "k"}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	const n = 12
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk := sample("ecommerce.quality_pain_share.2026110"+string(rune('a'+i)), time.Now())
			if _, err := m.st.create(&tk, true); err != nil {
				t.Error(err)
			}
			m.Wake()
			if _, err := m.Transition(ctx, tk.ID, Step{Action: ActionAck, By: "worker"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ts, err := m.List(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		k := 0
		for _, tk := range ts {
			if tk.Delivery.Status == DeliveryDelivered {
				k++
			}
		}
		if k == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivered %d of %d", k, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, _, got := rcv.snapshot(); len(got) != n {
		t.Fatalf("receiver got %d payloads for %d tasks", len(got), n)
	}
	if err := m.Run(ctx); err == nil {
		t.Fatal("second Run accepted")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ts, _ := m.List(context.Background(), Filter{})
	if len(ts) != n {
		t.Fatalf("%d tasks", len(ts))
	}
	for _, tk := range ts {
		// Delivery and lifecycle wrote the same record concurrently: neither was lost.
		if tk.Status != StatusAcknowledged {
			t.Fatalf("%s status %s", tk.ID, tk.Status)
		}
		if tk.Delivery.Status != DeliveryDelivered {
			t.Fatalf("%s delivery %+v", tk.ID, tk.Delivery)
		}
	}
}

// TestSchedulerEvaluatesAndDelivers: Run alone (no Evaluate call) evaluates the rules every
// Options.Every on the counts of the real clock's previous week and delivers the task; the
// lifecycle runs meanwhile (go test -race).
func TestSchedulerEvaluatesAndDelivers(t *testing.T) {
	e := openEnv(t)
	g := e.kg.Graph()
	rcv := newReceiver(t, "sched", 1)
	m := e.manager(t, Options{Every: 20 * time.Millisecond, Retry: fastRetry, Rescan: time.Hour,
		Webhooks: Webhooks{Default: Endpoint{URL: rcv.srv.URL, Secret: "sched"}}})
	w := windowOf(time.Now(), 7, 1, time.UTC) // last week, by the real clock
	recs := append(batch(t, g, "s-p", w.Start, 30, qualityPains), batch(t, g, "s-g", w.Start, 5, qualityPleasures)...)
	if _, err := e.ins.Ingest(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	id := "ecommerce.quality_pain_share." + w.Start.Format("20060102")
	deadline := time.Now().Add(10 * time.Second)
	acked := false
	for {
		tk, err := m.Get(context.Background(), id)
		if err == nil && !acked {
			if _, err := m.Transition(context.Background(), id, Step{Action: ActionAck, By: "调度测试"}); err != nil {
				t.Fatal(err)
			}
			acked = true
		}
		if err == nil && tk.Delivery.Status == DeliveryDelivered {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("scheduled task %s not delivered: %+v, %v", id, tk, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a few more evaluations: still one task, one delivery
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ts, _ := m.List(context.Background(), Filter{})
	_, _, got := rcv.snapshot()
	if len(ts) != 1 || len(got) != 1 || got[0].Task.ID != id || ts[0].Status != StatusAcknowledged {
		t.Fatalf("tasks %d, deliveries %d, status %s", len(ts), len(got), ts[0].Status)
	}
}

// TestRedeliverDuringDelivery: a redeliver that arrives while the first delivery is still
// being sent is not lost: the first delivery's outcome does not remove the newer queue
// entry, and the task is delivered a second time.
func TestRedeliverDuringDelivery(t *testing.T) {
	e := openEnv(t)
	release := make(chan struct{})
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			<-release // hold the first delivery in flight
		}
	}))
	defer srv.Close()
	m := e.manager(t, Options{Retry: fastRetry, Rescan: 10 * time.Millisecond, Webhooks: Webhooks{Default: Endpoint{URL: srv.URL, Secret: "k"}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	defer func() { cancel(); <-done }()
	tk := sample("ecommerce.quality_pain_share.20261109", time.Now())
	if _, err := m.st.create(&tk, true); err != nil {
		t.Fatal(err)
	}
	m.Wake()
	waitCalls := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			c := calls
			mu.Unlock()
			if c >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d webhook calls, want %d", c, n)
			}
		}
	}
	waitCalls(1)
	time.Sleep(5 * time.Millisecond) // a queue entry newer than the first one's
	if _, err := m.Redeliver(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	close(release)
	waitCalls(2)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		got, err := m.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Delivery.Status == DeliveryDelivered {
			if ok, _ := m.st.has(kOutbox + tk.ID); !ok {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery %+v", got.Delivery)
		}
	}
}
