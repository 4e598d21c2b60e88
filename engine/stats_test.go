package engine

import (
	"context"
	"testing"
	"time"
)

// TestStats: Stats counts what Analyze itself did — calls, records, each stage's records
// and time, and each model's texts and ONNX Runtime calls — and Since isolates one call.
func TestStats(t *testing.T) {
	e := testEngine
	before := e.Stats()
	in := []Input{
		{ID: "a", Text: "物流太慢了，包装倒是很结实"},
		{ID: "b", Text: "   "}, // empty_text: counted, stops in prepare
		{ID: "c", Text: "屏幕很清晰。电池不耐用。", SentimentOnly: true},
	}
	if _, err := e.Analyze(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	d := e.Stats().Since(before)
	f := func(stage string, records int64) {
		t.Helper()
		st := d.Stage(stage)
		if st.Records != records || (records > 0 && st.Time <= 0) {
			t.Errorf("stage %s: %d records in %v, want %d", stage, st.Records, st.Time, records)
		}
	}
	if d.Calls != 1 || d.Records != 3 || d.Time <= 0 {
		t.Fatalf("calls %d records %d time %v, want 1, 3, > 0", d.Calls, d.Records, d.Time)
	}
	f(StagePrepare, 3)
	f(StageSentiment, 2)
	f(StageMentions, 1)
	f(StageKeywords, 1)
	if len(d.Models) == 0 || d.Models[0].Model != e.sentiment.Name() {
		t.Fatalf("models %+v, want sentiment first", d.Models)
	}
	// Units: record a (one sentence) and record c (2 sentences and its whole text).
	if s := d.Models[0]; s.Texts < 4 || s.Batches < 1 || s.Infer <= 0 {
		t.Errorf("sentiment model: %+v", s)
	}
	if e.aspect != nil {
		// Record a's one sentence is read by the aspect model its industry uses (aspectroute.go).
		names := map[string]bool{e.aspect.m.Name(): true}
		for _, a := range e.packAspectModels() {
			names[a.m.Name()] = true
		}
		var texts int64
		var decode time.Duration
		for _, s := range d.Models {
			if names[s.Model] {
				texts += s.Texts
				decode += s.Decode
			}
		}
		if texts != 1 || decode <= 0 {
			t.Errorf("aspect models %v: %d texts, decode %v; want 1 text and a decode time", names, texts, decode)
		}
	}
	var sum int64
	for _, st := range d.Stages {
		sum += int64(st.Time)
	}
	if sum > int64(d.Time) {
		t.Errorf("stages add up to %d ns, more than Analyze's %v", sum, d.Time)
	}
}
