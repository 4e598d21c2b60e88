package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// TestNamedAspectsJob: a job over real reviews takes each record's aspects (a JSONL array,
// a CSV column) and the job's own (Spec.Aspects, `--aspect`): every occurrence of a named
// term is a mention of source named in results.jsonl, counted in summary.json and, placed
// on the graph, in the insights counters; a bad list is the record's bad_aspects error
// (from the reader for a JSON string, from the engine's check for an empty term) and the
// job goes on.
func TestNamedAspectsJob(t *testing.T) {
	ctx := context.Background()
	day0, day1 := time.Now().Add(-24*time.Hour), time.Now().Add(24*time.Hour)
	counted := func() insights.Counts {
		c, err := testEngine.Insights().Counts(ctx, insights.Filter{Industry: "food_delivery", From: day0, To: day1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := counted()
	out := t.TempDir()
	spec := Spec{Inputs: []string{"testdata/named/reviews.jsonl", "testdata/named/reviews.csv"}, Output: out,
		Industry: "food_delivery", Aspects: []string{"味道"}, RecordKG: true}
	res, err := Run(ctx, testEngine, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var mentions, named, placed, placedNamed int64
	for _, r := range jsonLines(t, filepath.Join(out, ResultsFile)) {
		var terms []string
		as, _ := r["aspects"].([]any)
		for _, a := range as {
			a := a.(map[string]any)
			mentions++
			_, ok := a["kg"].(map[string]any)
			if ok {
				placed++
			}
			if a["source"] == "named" {
				terms = append(terms, a["term"].(string))
				named++
				if ok {
					placedNamed++
				}
			}
		}
		s := fmt.Sprint(r["id"], ":", strings.Join(terms, ","))
		if e, ok := r["error"].(map[string]any); ok {
			s += " " + e["code"].(string)
		}
		got = append(got, s)
	}
	want := []string{"w6:味道,送餐", "w16:包装,味道", "w3244: bad_aspects", "w3218: bad_aspects", "w3298:味道",
		"w49:味道,餐具,送餐速度", "w3323:包装", "w3231:味道"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("named mentions per record:\n got %q\nwant %q", got, want)
	}
	var errs []string
	for _, e := range jsonLines(t, filepath.Join(out, ErrorsFile)) {
		errs = append(errs, fmt.Sprint(e["id"], " ", e["code"]))
	}
	if fmt.Sprint(errs) != "[w3244 bad_aspects w3218 bad_aspects]" {
		t.Errorf("errors.jsonl: %q", errs)
	}
	if res.State.Records != 8 || res.State.Failed != 2 {
		t.Errorf("state: %d records, %d failed; want 8, 2", res.State.Records, res.State.Failed)
	}
	var sum Summary
	if err := json.Unmarshal(readFile(t, filepath.Join(out, SummaryFile)), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Mentions != mentions || sum.ErrorCodes["bad_aspects"] != 2 {
		t.Errorf("summary: %d mentions, bad_aspects %d; results hold %d mentions, 2 bad lists", sum.Mentions, sum.ErrorCodes["bad_aspects"], mentions)
	}
	// The counters count every placed customer-voice mention, the named ones with them.
	if placedNamed < 5 {
		t.Errorf("only %d of %d named mentions placed on the graph", placedNamed, named)
	}
	if gained := counted().Mentions - before.Mentions; gained != placed {
		t.Errorf("counters gained %d mentions, results hold %d placed (%d named)", gained, placed, placedNamed)
	}
	// A bad job-level list stops the job before it starts.
	bad := spec
	bad.Output, bad.Aspects = t.TempDir(), []string{"味道", " "}
	if _, err := Run(ctx, testEngine, bad, nil); err == nil || !strings.Contains(err.Error(), "aspects[1]") {
		t.Errorf("bad job aspects: %v", err)
	}
	// Other job aspects are another job: the checkpoint is not resumed with them.
	other := spec
	other.Aspects = []string{"包装"}
	if _, err := Run(ctx, testEngine, other, nil); err == nil || !strings.Contains(err.Error(), "different job") {
		t.Errorf("other aspects on the same output: %v", err)
	}
}
