package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/model/infer"
)

// bench accuracy --pipeline on the committed hand-checked test part and the car slice (with its
// own split file) writes one report per set; a missing data set is skipped with a note.
func TestBenchAccuracyPipelineCLI(t *testing.T) {
	if _, err := infer.FindLibrary("", "../.."); err != nil {
		t.Skipf("no ONNX Runtime library: %v", err)
	}
	split := t.TempDir() + "/split.tsv"
	writeSplit(t, split, "../../bench/testdata/pipeline_car_slice.csv")
	code, out, stderr := benchCLI(t, "accuracy", "--pipeline", "--tasks", "hand,car,aste", "--limit", "30", "--json",
		"--car", "../../bench/testdata/pipeline_car_slice.csv", "--car-split", split,
		"--aste", "no/such/aste.txt", "--models-alone=false")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reps []struct {
		Task string `json:"task"`
		N    int    `json:"n"`
		Rows []struct {
			Source, Metric string
			Score          float64
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	got := map[string]int{}
	for _, r := range reps {
		got[r.Task] = r.N
		if len(r.Rows) == 0 {
			t.Errorf("%s: no rows", r.Task)
		}
	}
	if got["handchecked"] != 30 || got["car"] != 30 || len(reps) != 2 {
		t.Errorf("reports %v, want handchecked and car with 30 items each", got)
	}
	if !strings.Contains(stderr, "aste skipped") {
		t.Errorf("missing ASTE file not reported: %q", stderr)
	}
	if code, _, stderr := benchCLI(t, "accuracy", "--pipeline", "--tasks", "nosuch"); code != exitUsage || !strings.Contains(stderr, "unknown task") {
		t.Errorf("--tasks nosuch: exit %d, %q", code, stderr)
	}
}

// writeSplit marks every content_id of a car CSV as test.
func writeSplit(t *testing.T, path, carCSV string) {
	t.Helper()
	f, err := os.Open(carCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows[1:] {
		b.WriteString(r[0] + "\ttest\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
