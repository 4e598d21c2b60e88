package jobs

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const industryFixture = "testdata/industry/fruit_reviews.jsonl"

// TestIndustryMode runs a real file of fruit reviews (one e-commerce shop, 3 of 40 infer
// food_delivery one by one) in both modes: record mode spreads it over industries,
// dominant mode picks ecommerce from the sample, applies it to every record that names
// none except those whose own text leaves it (mention.Policy.FileIndustry: with the default
// margin the three 好吃 reviews do), keeps the one record that names its own (banking), reports the choice in
// summary.json and report.html, and keeps it on a rerun of a finished job.
func TestIndustryMode(t *testing.T) {
	ctx := context.Background()
	source := map[string]map[string]any{} // the last run's industry objects by record id
	run := func(mode, industry string) (map[string]string, Summary, string) {
		t.Helper()
		out := t.TempDir()
		o, err := Run(ctx, testEngine, Spec{Inputs: []string{industryFixture}, Output: out, IndustryMode: mode, Industry: industry}, nil)
		if err != nil {
			t.Fatalf("mode %q: %v", mode, err)
		}
		if o.Summary.Failed != 0 {
			t.Fatalf("mode %q: %d failed", mode, o.Summary.Failed)
		}
		got := map[string]string{}
		clear(source)
		for _, r := range jsonLines(t, filepath.Join(out, ResultsFile)) {
			ind, _ := r["industry"].(map[string]any)
			id, _ := ind["id"].(string)
			got[r["id"].(string)] = id
			source[r["id"].(string)] = ind
		}
		var s Summary
		if err := json.Unmarshal(readFile(t, filepath.Join(out, SummaryFile)), &s); err != nil {
			t.Fatal(err)
		}
		return got, s, string(readFile(t, filepath.Join(out, ReportFile)))
	}
	count := func(got map[string]string) map[string]int {
		n := map[string]int{}
		for id, ind := range got {
			if id != "own-industry" {
				n[ind]++
			}
		}
		return n
	}

	rec, s, _ := run("record", "")
	if n := count(rec); n["ecommerce"] == 40 || n["food_delivery"] == 0 {
		t.Errorf("record mode: industries %v, want the file spread over more than ecommerce", n)
	}
	if c := s.IndustryChoice; c == nil || c.Mode != "record" || c.Industry != "" {
		t.Errorf("record mode: industry_choice %+v", c)
	}

	dom, s, html := run("", "") // the default mode
	c := s.IndustryChoice
	// Every record naming none gets ecommerce, except one whose own text leaves the file's
	// industry (mention.Policy.FileIndustry): it keeps its record-mode industry.
	pol, g := testEngine.Config().MentionPolicy(), testEngine.KG().Graph()
	leave := 0
	for _, r := range jsonLines(t, industryFixture) {
		id, text := r["id"].(string), r["text"].(string)
		if _, named := r["industry"]; named {
			continue
		}
		if pol.FileIndustry(g, text, "ecommerce") == "" {
			leave++
			if dom[id] != rec[id] || source[id]["source"] != "record" {
				t.Errorf("dominant mode: %s leaves ecommerce but got %q (%v), record mode %q", id, dom[id], source[id], rec[id])
			}
		} else if dom[id] != "ecommerce" || source[id]["source"] != "dominant" || source[id]["inferred"] != true || c == nil || source[id]["confidence"] != c.Share {
			t.Errorf("dominant mode: %s got %q (%v), want ecommerce, source dominant, confidence the choice's share", id, dom[id], source[id])
		}
	}
	if n := count(dom); n["ecommerce"] != 40-leave {
		t.Errorf("dominant mode: industries %v with %d records leaving ecommerce; record mode %v", n, leave, count(rec))
	}
	if dom["own-industry"] != "banking" {
		t.Errorf("dominant mode: a record naming banking got %q", dom["own-industry"])
	}
	if c == nil || c.Mode != "dominant" || c.Industry != "ecommerce" || c.Sampled != 40 || c.Share < c.MinShare || c.Share >= 1 {
		t.Fatalf("dominant mode: industry_choice %+v", c)
	}
	if c.Votes["ecommerce"]+c.Votes["food_delivery"] != 40 || c.Votes["food_delivery"] != 40-count(rec)["ecommerce"] {
		t.Errorf("dominant mode: votes %v, record mode gave %v", c.Votes, count(rec))
	}
	if !strings.Contains(html, "整批按「"+c.Name+"」（ecommerce）分析") {
		t.Errorf("report.html does not state the dominant industry %q", c.Name)
	}

	// A job-wide industry: no choice to make.
	given, s, _ := run("dominant", "food_delivery")
	if n := count(given); n["food_delivery"] != 40 || s.IndustryChoice != nil {
		t.Errorf("--industry food_delivery: industries %v, industry_choice %+v", n, s.IndustryChoice)
	}

	if _, err := Run(ctx, testEngine, Spec{Inputs: []string{industryFixture}, Output: t.TempDir(), IndustryMode: "majority"}, nil); err == nil || !strings.Contains(err.Error(), "industry mode") {
		t.Errorf("unknown mode: err %v", err)
	}
}

// A resumed or finished job keeps the choice of its first run; another mode is another job.
func TestIndustryModeResume(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	spec := Spec{Inputs: []string{industryFixture}, Output: out, ChunkSize: 8}
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	o, err := Run(ctx, testEngine, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !o.AlreadyDone || o.Summary.IndustryChoice == nil || o.Summary.IndustryChoice.Industry != "ecommerce" {
		t.Errorf("rerun: already done %v, industry_choice %+v", o.AlreadyDone, o.Summary.IndustryChoice)
	}
	spec.IndustryMode = "record"
	if _, err := Run(ctx, testEngine, spec, nil); err == nil || !strings.Contains(err.Error(), "different job") {
		t.Errorf("same output, record mode: err %v, want a different-job error", err)
	}
	if _, err := os.Stat(filepath.Join(out, ReportFile)); err != nil {
		t.Error(err)
	}
}
