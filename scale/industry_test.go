package scale

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/jobs"
)

// A file of one industry goes through submit → workers → collect as through job run in
// dominant mode (the default): submit infers the dominant industry with its graph, every
// record naming none is analysed with it, and summary.json says so; without a graph,
// submit makes no choice and the records are inferred one by one (record mode).
func TestSubmitCollectDominantIndustry(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServer(t)})
	stop := runWorkers(t, c, 1, 2)
	defer stop()
	in := []string{"../jobs/testdata/industry/fruit_reviews.jsonl"}
	want := matchJobRun(t, ctx, c, "fruit", jobs.Spec{Inputs: in})
	if ic := want.Summary.IndustryChoice; ic == nil || ic.Mode != "dominant" || ic.Industry != "ecommerce" {
		t.Fatalf("job run: industry_choice %+v", ic)
	}

	// No graph: record mode, as job run --industry-mode record.
	runDir := t.TempDir()
	if _, err := jobs.Run(ctx, testEngine, jobs.Spec{Inputs: in, Output: runDir, IndustryMode: "record"}, nil); err != nil {
		t.Fatal(err)
	}
	m, err := Submit(ctx, c, SubmitOptions{Job: "fruit-record", Spec: jobs.Spec{Inputs: in}})
	if err != nil || m.Industry != nil {
		t.Fatalf("submit without a graph: %v, industry %+v", err, m.Industry)
	}
	outDir := t.TempDir()
	if _, err := Collect(ctx, c, CollectOptions{Job: "fruit-record", Output: outDir, Graph: testEngine.KG().Graph()}); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(runDir, jobs.ResultsFile))
	b, _ := os.ReadFile(filepath.Join(outDir, jobs.ResultsFile))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("record mode: collect's results.jsonl (%d bytes) differ from job run's (%d)", len(b), len(a))
	}
	if !bytes.Contains(b, []byte(`"id":"food_delivery"`)) {
		t.Error("record mode: no record read as food_delivery; the fixture does not tell the modes apart")
	}
}
