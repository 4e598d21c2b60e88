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

// Named aspects travel through submit → workers → collect as through job run: the records'
// own (a JSONL array, a CSV column) and the job's (Spec.Aspects); bad lists are the same
// bad_aspects lines of errors.jsonl.
func TestSubmitCollectNamedAspects(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := connect(t, Config{URL: startServer(t)})
	stop := runWorkers(t, c, 1, 2)
	defer stop()
	in := []string{"../jobs/testdata/named/reviews.jsonl", "../jobs/testdata/named/reviews.csv"}
	want := matchJobRun(t, ctx, c, "named", jobs.Spec{Inputs: in, Industry: "food_delivery", Aspects: []string{"味道"}})
	if want.State.Failed != 2 {
		t.Errorf("job run: %d failed, want the 2 bad_aspects records", want.State.Failed)
	}
	if _, err := Submit(ctx, c, SubmitOptions{Job: "named-bad", Spec: jobs.Spec{Inputs: in, Aspects: []string{""}}}); err == nil {
		t.Error("submit took an empty job aspect")
	}
	// The fixture tells the paths apart: its results name 味道 (the job's) and 餐具 (a CSV cell's).
	dir := t.TempDir()
	if _, err := jobs.Run(ctx, testEngine, jobs.Spec{Inputs: in, Output: dir, Industry: "food_delivery", Aspects: []string{"味道"}}, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, jobs.ResultsFile))
	for _, w := range []string{`"term":"味道"`, `"term":"餐具"`, `"source":"named"`} {
		if !bytes.Contains(b, []byte(w)) {
			t.Errorf("results lack %s", w)
		}
	}
}
