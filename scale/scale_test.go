package scale

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/jobs"
)

// runWorkers runs n in-process workers (one Engine, lanes each) until the returned stop.
func runWorkers(t *testing.T, c *Conn, n, lanes int) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &Worker{Engine: testEngine, Conn: c, Lanes: lanes, PollWait: 200 * time.Millisecond, Name: "w" + string(rune('a'+i))}
			if err := w.Run(ctx); err != nil && ctx.Err() == nil {
				t.Errorf("worker: %v", err)
			}
		}()
	}
	return func() { cancel(); wg.Wait() }
}

func readJSON(t *testing.T, p string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return m
}

// Submit → workers → collect writes the same job folder as `job run` on the same inputs:
// every format job run reads (JSONL with bad lines, CSV UTF-8 and GBK, TSV, gzip, text),
// byte-identical results.jsonl and errors.jsonl, the same summary.json apart from the run
// description, and report.html.
func TestSubmitCollectMatchesJobRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	inputs := []string{"../jobs/input/testdata", filepath.Join(t.TempDir(), "missing.jsonl")}
	if err := os.WriteFile(inputs[1], nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(inputs[1]); err != nil {
		t.Fatal(err)
	}
	// A dangling symbolic link: an unreadable input file, logged and skipped by both.
	link := filepath.Join(t.TempDir(), "gone.jsonl")
	if err := os.Symlink(filepath.Join(t.TempDir(), "nothing.jsonl"), link); err != nil {
		t.Fatal(err)
	}
	inputs[1] = link
	spec := jobs.Spec{Inputs: inputs, ChunkSize: 5}

	c := connect(t, Config{URL: startServer(t)})
	stop := runWorkers(t, c, 2, 2)
	defer stop()
	want := matchJobRun(t, ctx, c, "fixtures", spec)
	if want.State.Failed == 0 || want.State.FailedFiles != 1 {
		t.Fatalf("fixtures should hold bad records and one unreadable file: %+v", want.State)
	}
	// The same job name again is refused (its results would mix with the first's); the
	// chunks of a submit that stopped before its manifest are de-duplicated when it is run
	// again: publish them once more by hand.
	if _, err := Submit(ctx, c, SubmitOptions{Job: "fixtures", Spec: spec}); err == nil || !strings.Contains(err.Error(), "submitted already") {
		t.Fatalf("second submit of the same job: %v", err)
	}
	ws, err := c.JS.Stream(ctx, c.cfg.stream(workKind))
	if err != nil {
		t.Fatal(err)
	}
	for seq := 0; seq < 3; seq++ {
		b, _ := json.Marshal(chunk{Job: "fixtures", Seq: seq})
		ack, err := c.JS.Publish(ctx, c.cfg.workSubject("fixtures"), b, jetstream.WithMsgID("fixtures/"+strconv.Itoa(seq)))
		if err != nil || !ack.Duplicate {
			t.Fatalf("republished chunk %d: duplicate %v, %v", seq, ack != nil && ack.Duplicate, err)
		}
	}
	if si, err := ws.Info(ctx); err != nil || si.State.Msgs != 0 {
		t.Fatalf("work stream after the republish: %+v, %v", si.State, err)
	}
	info, err := c.JS.Stream(ctx, c.cfg.stream(resultsKind))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if si, err := info.Info(ctx); err != nil || si.State.Msgs != uint64(want.State.Records) {
		t.Fatalf("results stream: %d messages for %d records (%v)", si.State.Msgs, want.State.Records, err)
	}

	// The aggregator counts every good customer record once; a second pass from the start
	// (a new consumer) adds nothing: records without an event time are re-dated to the
	// second pass (Replaced), none is new and the counts stay the same.
	agg := &Aggregator{Engine: testEngine, Conn: c, Once: true}
	st, err := agg.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages != want.State.Records || st.Counted != want.State.Records-want.State.Failed || st.Skipped != 0 {
		t.Fatalf("aggregate: %+v; job: %d records, %d failed", st, want.State.Records, want.State.Failed)
	}
	counts, err := testEngine.Insights().Counts(ctx, insights.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if counts.Records == 0 {
		t.Fatal("the aggregator counted nothing")
	}
	if err := c.JS.DeleteConsumer(ctx, c.cfg.stream(resultsKind), aggregatorConsumer); err != nil {
		t.Fatal(err)
	}
	st2, err := agg.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := testEngine.Insights().Counts(ctx, insights.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if st2.New != 0 || st2.Counted != st.Counted || again != counts {
		t.Fatalf("second pass: %+v, counts %+v then %+v", st2, counts, again)
	}
}

// matchJobRun runs `job run` (jobs.Run) and submit → the running workers → collect on the
// same spec, and checks that collect wrote the same folder: byte-identical results.jsonl and
// errors.jsonl, the same summary.json apart from the run description, a report.html.
func matchJobRun(t *testing.T, ctx context.Context, c *Conn, job string, spec jobs.Spec) *jobs.Outcome {
	t.Helper()
	runDir := t.TempDir()
	rs := spec
	rs.Output, rs.Workers = runDir, 2
	want, err := jobs.Run(ctx, testEngine, rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Submit(ctx, c, SubmitOptions{Job: job, Spec: spec, Graph: testEngine.KG().Graph(), Policy: testEngine.Config().MentionPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	if m.Records != want.State.Records {
		t.Fatalf("submitted %d records, job run read %d", m.Records, want.State.Records)
	}
	outDir := t.TempDir()
	got, err := Collect(ctx, c, CollectOptions{Job: job, Output: outDir, Graph: testEngine.KG().Graph()})
	if err != nil {
		t.Fatal(err)
	}
	if got.Records != want.State.Records || got.Failed != want.State.Failed || got.Duplicates != 0 {
		t.Fatalf("collect: %d records, %d failed, %d duplicates; job run: %d records, %d failed", got.Records, got.Failed, got.Duplicates, want.State.Records, want.State.Failed)
	}
	for _, name := range []string{jobs.ResultsFile, jobs.ErrorsFile} {
		a, _ := os.ReadFile(filepath.Join(runDir, name))
		b, _ := os.ReadFile(filepath.Join(outDir, name))
		if (name == jobs.ResultsFile && len(a) == 0) || !bytes.Equal(a, b) {
			t.Errorf("%s differs from job run's (%d vs %d bytes)", name, len(b), len(a))
		}
	}
	sa, sb := readJSON(t, filepath.Join(runDir, jobs.SummaryFile)), readJSON(t, filepath.Join(outDir, jobs.SummaryFile))
	ja, jb := sa["job"].(map[string]any), sb["job"].(map[string]any)
	for _, k := range []string{"inputs", "files", "records", "failed", "failed_files", "versions"} {
		if !reflect.DeepEqual(ja[k], jb[k]) {
			t.Errorf("summary job.%s: collect %v, job run %v", k, jb[k], ja[k])
		}
	}
	delete(sa, "job")
	delete(sb, "job")
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("summary.json differs from job run's beyond the job section")
	}
	if fi, err := os.Stat(filepath.Join(outDir, jobs.ReportFile)); err != nil || fi.Size() < 1000 {
		t.Errorf("report.html: %v", err)
	}
	return want
}

// Call transcripts (--format transcript: FunASR JSON, JDDC chat logs) go through NATS as
// job run analyses them: one CallResult per call.
func TestSubmitCollectTranscripts(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServer(t)})
	stop := runWorkers(t, c, 1, 2)
	defer stop()
	want := matchJobRun(t, ctx, c, "calls", jobs.Spec{Inputs: []string{"../jobs/testdata/transcripts"}, Format: "transcript"})
	if want.State.Records < 2 {
		t.Fatalf("job run read %d calls", want.State.Records)
	}
	st, err := (&Aggregator{Engine: testEngine, Conn: c, Once: true}).Run(ctx)
	if err != nil || st.Skipped != 0 || st.Counted != want.State.Records-want.State.Failed {
		t.Fatalf("aggregate calls: %+v, %v", st, err)
	}
}

// Streaming feedback: records published one by one are analysed, a bad one becomes a
// per-record error, a record without id is named by its stream sequence, and the same
// record sent twice yields one result.
func TestFeedback(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServer(t)})
	wctx, wcancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := &Worker{Engine: testEngine, Conn: c, Lanes: 1, Feedback: true, PollWait: 200 * time.Millisecond}
		if err := w.Run(wctx); err != nil && wctx.Err() == nil {
			t.Errorf("worker: %v", err)
		}
	}()
	defer func() { wcancel(); wg.Wait() }()
	msgs := []string{
		`{"id":"f1","text":"送餐员辛苦，奶茶好喝","channel":"app"}`,
		`{"id":"f2","text":"等了两个小时才送到，饭都凉了"}`,
		`{"id":"f1","text":"送餐员辛苦，奶茶好喝","channel":"app"}`, // sent twice
		`{"text":"味道不错，下次还点"}`,                            // no id
		`{"id":"f4","text":`,                              // not JSON
	}
	subj := c.cfg.FeedbackSubject("app")
	for i, m := range msgs {
		if i == 2 {
			// After the first has been analysed, so that the two copies are not in one batch.
			waitResults(t, ctx, c, 2)
		}
		if _, err := c.JS.Publish(ctx, subj, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	res := waitResults(t, ctx, c, 4)
	ids := map[string]engine.Result{}
	for _, r := range res {
		if _, dup := ids[r.ID]; dup {
			t.Fatalf("result %s twice", r.ID)
		}
		ids[r.ID] = r
	}
	if r := ids["f1"]; r.Error != nil || r.Channel != "app" || r.Sentiment == nil {
		t.Fatalf("f1: %+v", r)
	}
	if r := ids["f2"]; r.Error != nil || r.Sentiment == nil || r.Sentiment.Label != "negative" {
		t.Fatalf("f2: %+v", r.Sentiment)
	}
	if r := ids["feedback:5"]; r.Error == nil || r.Error.Code != "bad_json" {
		t.Fatalf("the record that is not JSON (feedback:5): %+v", r.Error)
	}
	if _, ok := ids["feedback:4"]; !ok {
		t.Fatalf("the record without id is not feedback:4: %v", keys(ids))
	}
	// Nothing more arrives (the duplicate was dropped by the results stream).
	time.Sleep(time.Second)
	if res := waitResults(t, ctx, c, 4); len(res) != 4 {
		t.Fatalf("%d results", len(res))
	}
}

func keys(m map[string]engine.Result) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// waitResults waits until the feedback results hold at least n messages and returns them.
func waitResults(t *testing.T, ctx context.Context, c *Conn, n int) []engine.Result {
	t.Helper()
	for {
		cons, err := c.JS.OrderedConsumer(ctx, c.cfg.stream(resultsKind), jetstream.OrderedConsumerConfig{FilterSubjects: []string{c.cfg.resultsSubject(FeedbackJob)}})
		if err != nil {
			t.Fatal(err)
		}
		var out []engine.Result
		for {
			m, err := cons.Next(jetstream.FetchMaxWait(300 * time.Millisecond))
			if err != nil {
				break
			}
			var r engine.Result
			if err := json.Unmarshal(m.Data(), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		if len(out) >= n {
			return out
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d feedback results, want %d", len(out), n)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Back-pressure: with MaxAckPending 2, the server never has more than two chunks handed out
// and unacknowledged (sampled from the consumer's state while a four-lane worker runs), and
// the job still completes.
func TestMaxAckPendingBounds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServer(t), MaxAckPending: 2})
	path, ids := killInput(t, 192)
	if _, err := Submit(ctx, c, SubmitOptions{Job: "bp", Spec: jobs.Spec{Inputs: []string{path}, ChunkSize: 8}}); err != nil {
		t.Fatal(err)
	}
	stop := runWorkers(t, c, 1, 4)
	defer stop()
	cons, err := c.workConsumer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for ctx.Err() == nil {
			info, err := cons.Info(ctx)
			if err != nil {
				return
			}
			most = max(most, info.NumAckPending)
			if info.NumPending == 0 && info.NumAckPending == 0 {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	got, err := Collect(ctx, c, CollectOptions{Job: "bp", Output: t.TempDir(), Graph: testEngine.KG().Graph()})
	if err != nil {
		t.Fatal(err)
	}
	<-sampled
	if got.Records != int64(len(ids)) {
		t.Fatalf("%d records collected, want %d", got.Records, len(ids))
	}
	if most > 2 || most < 1 {
		t.Fatalf("at most %d chunks handed out and unacknowledged, want 1..2 (MaxAckPending 2)", most)
	}
}

// A chunk given up after MaxDeliver deliveries (here: handed to a "worker" that never
// acknowledges it, MaxDeliver 1) is reported by collect by its number instead of being
// waited for in silence; every other chunk is written.
func TestCollectReportsGivenUpChunk(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServer(t), MaxDeliver: 1, AckWait: time.Second})
	path, _ := killInput(t, 40)
	if _, err := Submit(ctx, c, SubmitOptions{Job: "lost", Spec: jobs.Spec{Inputs: []string{path}, ChunkSize: 10}}); err != nil {
		t.Fatal(err)
	}
	cons, err := c.workConsumer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var first chunk
	if err := json.Unmarshal(msg.Data(), &first); err != nil || first.Seq != 0 {
		t.Fatalf("first chunk: %+v, %v", first.Seq, err)
	}
	time.Sleep(1500 * time.Millisecond) // past AckWait: with MaxDeliver 1 it is never handed out again
	stop := runWorkers(t, c, 1, 1)
	defer stop()
	_, err = Collect(ctx, c, CollectOptions{Job: "lost", Output: t.TempDir(), Graph: testEngine.KG().Graph(), StallCheck: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "chunks [0]") || !strings.Contains(err.Error(), "given up") {
		t.Fatalf("collect: %v; want chunk 0 reported as given up", err)
	}
}

// Messages over the server's max_payload: a chunk too large is split; a single record too
// large for any message becomes a per-record error (record_too_large) and the rest goes on.
func TestOversizedRecords(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServerPayload(t, 64<<10)})
	var buf bytes.Buffer
	line := func(id, text string) {
		b, _ := json.Marshal(map[string]string{"id": id, "text": text})
		buf.Write(append(b, '\n'))
	}
	for i := 0; i < 12; i++ { // 12 × ~9 KB: over 64 KiB together, so the chunk is split
		line(fmt.Sprintf("big%d", i), strings.Repeat("送餐很快，味道不错。", 300))
	}
	line("huge", strings.Repeat("等了两个小时才送到，饭都凉了。", 3000)) // ~135 KB: no message holds it
	line("small", "很好吃，下次还点")
	// ~25 KB of text fits in a chunk, but its result (sentences, aspects, keywords) does not
	// fit in one 64 KiB message: result_too_large for that record alone.
	line("wide", strings.Repeat("骑手态度很差，饭还洒了，客服也不理人。", 400))
	path := filepath.Join(t.TempDir(), "big.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := runWorkers(t, c, 1, 1)
	defer stop()
	m, err := Submit(ctx, c, SubmitOptions{Job: "big", Spec: jobs.Spec{Inputs: []string{path}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Chunks < 3 || m.Records != 15 {
		t.Fatalf("manifest: %d chunks, %d records; want the 15 records split over at least 3 chunks", m.Chunks, m.Records)
	}
	out := t.TempDir()
	got, err := Collect(ctx, c, CollectOptions{Job: "big", Output: out, Graph: testEngine.KG().Graph()})
	if err != nil {
		t.Fatal(err)
	}
	if got.Records != 15 || got.Failed != 2 {
		t.Fatalf("collect: %d records, %d failed; want 15 and 2", got.Records, got.Failed)
	}
	b, err := os.ReadFile(filepath.Join(out, jobs.ErrorsFile))
	if err != nil || !bytes.Contains(b, []byte(`"id":"huge","code":"record_too_large"`)) || !bytes.Contains(b, []byte(`"id":"wide","code":"result_too_large"`)) {
		t.Fatalf("errors.jsonl: %s (%v)", b, err)
	}
}
