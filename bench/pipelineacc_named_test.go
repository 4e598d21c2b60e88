package bench

import (
	"context"
	"testing"
)

// TestPipelineAPCNamedSlice: the committed APC slice (40 held-out items) in both modes
// through a real engine: the open report equals ScoreAPC's, and in named mode every item
// gets a mention on its term, of source named, scoring above a floor set well below what
// it scored when written (40/40 named, 34/40 right; open 29/40).
func TestPipelineAPCNamedSlice(t *testing.T) {
	e := pipelineEngine(t)
	ctx := context.Background()
	ds, err := Load("testdata/pipeline_apc_slice.txt", FormatABSA, 0)
	if err != nil {
		t.Fatal(err)
	}
	open, named, err := ScoreAPCModes(ctx, e, ds, "", "slice")
	if err != nil {
		t.Fatal(err)
	}
	logReport(t, open)
	logReport(t, named)
	alone, err := ScoreAPC(ctx, e, ds, "", "slice")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := rowOf(t, open, "all mentions", "accuracy"), rowOf(t, alone, "all mentions", "accuracy"); a.Right != b.Right || a.N != b.N {
		t.Errorf("open mode %d/%d, ScoreAPC %d/%d: the same items, the same engine", a.Right, a.N, b.Right, b.N)
	}
	all := rowOf(t, named, "all mentions", "accuracy")
	if all.N != 40 || all.Score < 0.7 {
		t.Errorf("named accuracy %d/%d, want ≥ 0.7 of 40", all.Right, all.N)
	}
	if r := rowOf(t, named, "named", "accuracy"); r.N < 36 {
		t.Errorf("%d of 40 items answered by a named mention, want ≥ 36", r.N)
	}
	if hasRow(named, "none", "accuracy") && rowOf(t, named, "none", "accuracy").N > 2 {
		t.Errorf("named mode leaves %d items with no mention", rowOf(t, named, "none", "accuracy").N)
	}
}
