package jobs

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// summaryCases are the jobs tests' fixtures whose results feed TestSummaryUnchanged: each
// testdata/summary/<name>/ holds a job's results.jsonl and errors.jsonl as the engine wrote
// them, and the summary.json and report.html that the aggregation of the time wrote from
// them (before it moved into package insights), with the job section fixed.
var summaryCases = []struct {
	name string
	spec Spec
}{
	{"fixtures", Spec{Inputs: fixtures(), ChunkSize: 7}},
	{"dated", Spec{Inputs: []string{datedFixture}, Industry: "ecommerce"}},
	{"industry", Spec{Inputs: []string{industryFixture}}},
	{"industry_record", Spec{Inputs: []string{industryFixture}, IndustryMode: "record"}},
	{"named", Spec{Inputs: []string{"testdata/named/reviews.jsonl", "testdata/named/reviews.csv"}, Industry: "food_delivery", Aspects: []string{"味道"}}},
	{"transcripts", Spec{Inputs: []string{"testdata/transcripts/jddc_sessions.tsv", "testdata/transcripts/jddc_06d51010.funasr.json"}, Format: "transcript", Industry: "ecommerce"}},
}

// fixedJob is the job section written into every case's summary (Summarize leaves the
// rest of it to the runner).
func fixedJob(inputs []string) JobInfo {
	return JobInfo{Inputs: inputs, Generated: "2026-11-30T00:00:00Z", Workers: 1, Seconds: 1.5, RecordsPerSecond: 2}
}

// TestSummaryUnchanged: summary.json and report.html written from a job's results are
// byte-identical to the outputs stored in testdata/summary.
func TestSummaryUnchanged(t *testing.T) {
	ctx := context.Background()
	for _, c := range summaryCases {
		dir := filepath.Join("testdata", "summary", c.name)
		sum, err := Summarize(ctx, dir, testEngine.KG().Graph())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sum.Job = fixedJob(c.spec.Inputs)
		out := t.TempDir()
		if err := writeSummaryFiles(out, sum); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, f := range []string{SummaryFile, ReportFile} {
			got := readFile(t, filepath.Join(out, f))
			want := readFile(t, filepath.Join(dir, f))
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from testdata (%d bytes, want %d)", c.name, f, len(got), len(want))
			}
		}
	}
}
