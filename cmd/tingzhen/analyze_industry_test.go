package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `analyze --input` reads a file as one industry by default (--industry-mode dominant, as
// job run): the fruit shop's records naming none get ecommerce (source dominant, confidence
// the share of the sample that inferred it) unless their own text leaves it (then source
// record, inferred on their own); the record naming banking keeps it (source given);
// order and ids are kept. Record mode infers each record; --industry gives all the same one;
// an unknown mode is a usage error.
func TestAnalyzeIndustryMode(t *testing.T) {
	const in = "../../jobs/testdata/industry/fruit_reviews.jsonl"
	var ids []string
	b, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct{ ID string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	type ind struct {
		ID         string  `json:"id"`
		Inferred   bool    `json:"inferred"`
		Source     string  `json:"source"`
		Confidence float64 `json:"confidence"`
	}
	f := func(wantCode int, wantStderr, notStderr string, check func(got map[string]ind), flags ...string) {
		t.Helper()
		outPath := filepath.Join(t.TempDir(), "out.jsonl")
		code, _, stderr := runCLI(t, append([]string{"analyze", "--input", in, "--output", outPath, "--chunk", "7"}, flags...)...)
		if code != wantCode || !strings.Contains(stderr, wantStderr) || notStderr != "" && strings.Contains(stderr, notStderr) {
			t.Fatalf("%v: exit %d (want %d), stderr %q: want %q, not %q", flags, code, wantCode, stderr, wantStderr, notStderr)
		}
		if check == nil {
			return
		}
		out, err := os.ReadFile(outPath)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]ind{}
		for i, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var r struct {
				ID       string `json:"id"`
				Industry ind    `json:"industry"`
			}
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			if i >= len(ids) || r.ID != ids[i] {
				t.Fatalf("%v: line %d is %q, want the input's order", flags, i, r.ID)
			}
			got[r.ID] = r.Industry
		}
		if len(got) != len(ids) {
			t.Fatalf("%v: %d results, want %d", flags, len(got), len(ids))
		}
		check(got)
	}
	f(0, "tingzhen: industry ecommerce for records naming none (", "", func(got map[string]ind) {
		stay, share := 0, -1.0
		for id, g := range got {
			switch {
			case id == "own-industry":
				if g.ID != "banking" || g.Inferred || g.Source != "given" || g.Confidence != 1 {
					t.Errorf("dominant: own-industry got %+v, want banking as given", g)
				}
			case g.Source == "dominant":
				if share < 0 {
					share = g.Confidence
				}
				if g.ID != "ecommerce" || !g.Inferred || g.Confidence != share || share < 0.6 || share >= 1 {
					t.Errorf("dominant: %s got %+v, want ecommerce inferred, confidence the sample's share (%.3f, under 1)", id, g, share)
				}
				stay++
			case !g.Inferred || g.Source != "record":
				t.Errorf("dominant: %s got %+v: a record leaving the file's industry is inferred on its own", id, g)
			}
		}
		if stay < 30 {
			t.Errorf("dominant: %d of 40 records given the file's ecommerce, want most", stay)
		}
	})
	f(0, "41 records", "industry ecommerce for records", func(got map[string]ind) {
		for id, g := range got {
			if id != "own-industry" && (!g.Inferred || g.Source != "record") {
				t.Errorf("record mode: %s got %+v, want inferred", id, g)
			}
		}
	}, "--industry-mode", "record")
	f(0, "41 records", "for records naming none", func(got map[string]ind) {
		for id, g := range got {
			if want := map[bool]string{true: "banking", false: "food_delivery"}[id == "own-industry"]; g.ID != want || g.Inferred || g.Source != "given" {
				t.Errorf("--industry: %s got %+v, want %s", id, g, want)
			}
		}
	}, "--industry", "food_delivery")
	f(exitUsage, "--industry-mode", "", nil, "--industry-mode", "majority")
}
