package server

import (
	"context"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
)

// TestRecordWhatClientsSend: with Options.Record the texts of API requests are counted before
// the answer (batched or not; /v1/sentiment's are not: sentiment only), a bulk job's slices
// are left to the job (it records after its checkpoints), and without Record nothing is
// counted: the engine itself writes nothing.
func TestRecordWhatClientsSend(t *testing.T) {
	ctx := context.Background()
	f := func(opt Options, path string, bulk bool, want int64) {
		t.Helper()
		tag := "rec-" + time.Now().Format("150405.000000")
		in := []engine.Input{ // real waimai_10k reviews
			{ID: tag + "-1", Text: "送餐太慢了，等了两个小时，饭菜都凉了", Industry: "food_delivery", Dims: insights.Dims{Tags: []string{tag}}},
			{ID: tag + "-2", Text: "配送员态度很差，还把汤洒了", Industry: "food_delivery", Dims: insights.Dims{Tags: []string{tag}}},
		}
		ts := start(t, opt)
		if bulk {
			if _, err := ts.AnalyzeBulk(ctx, in); err != nil {
				t.Fatal(err)
			}
		} else if r := do(t, "POST", ts.base+path, mustJSON(map[string]any{"items": in}), ""); r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		c, err := testEngine.Insights().Counts(ctx, insights.Filter{Dims: insights.Dims{Tags: []string{tag}}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Records != want {
			t.Errorf("%s (bulk %v, batching off %v): %d records counted, want %d", path, bulk, opt.DisableBatching, c.Records, want)
		}
	}
	f(Options{}, "/v1/analyze", false, 2) // start turns Record on, as serve --record
	f(Options{DisableBatching: true}, "/v1/analyze", false, 2)
	f(Options{}, "/v1/sentiment", false, 0)
	f(Options{}, "", true, 0)
	f(Options{DisableBatching: true}, "", true, 0)

	// Without Record (a Server built by New, never started): the batches are not counted.
	tag := "norec-" + time.Now().Format("150405.000000")
	srv, err := New(testEngine, Options{Logger: nopLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	in := []engine.Input{{ID: tag, Text: "送餐太慢了，等了两个小时", Industry: "food_delivery", Dims: insights.Dims{Tags: []string{tag}}}}
	if _, err := srv.b.analyze(ctx, in); err != nil {
		t.Fatal(err)
	}
	if c, err := testEngine.Insights().Counts(ctx, insights.Filter{Dims: insights.Dims{Tags: []string{tag}}}); err != nil || c.Records != 0 {
		t.Errorf("without Record: counted %+v (%v), want nothing", c, err)
	}
}
