package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

type handChecked struct {
	Text      string `json:"text"`
	Industry  string `json:"industry"`
	Term      string `json:"term"`
	Indicator string `json:"indicator"`
	Point     string `json:"point"`
	Source    string `json:"source"`
}

func loadHandChecked(t *testing.T) []handChecked {
	files, err := filepath.Glob("../kg/testdata/mapping_*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no hand-checked sentence files: %v", err)
	}
	var out []handChecked
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			var h handChecked
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, h)
		}
		fh.Close()
	}
	return out
}

// TestHandCheckedMapping runs the full pipeline (models + knowledge graph) on the
// hand-checked real sentences of the six industries and measures how often the expected
// indicator is found with the expected point type (pain / itch / pleasure).
func TestHandCheckedMapping(t *testing.T) {
	cases := loadHandChecked(t)
	if len(cases) < 200 {
		t.Fatalf("only %d hand-checked sentences", len(cases))
	}
	inputs := make([]Input, len(cases))
	for i, c := range cases {
		inputs[i] = Input{ID: c.Text, Text: c.Text, Industry: c.Industry}
	}
	res, err := testEngine.Analyze(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, ind, both int }
	per := map[string]*tally{}
	total := &tally{}
	for i, c := range cases {
		tl := per[c.Industry]
		if tl == nil {
			tl = &tally{}
			per[c.Industry] = tl
		}
		tl.n++
		total.n++
		gotInd, gotBoth := false, false
		for _, a := range res[i].Aspects {
			if a.KG != nil && a.KG.Indicator == c.Indicator {
				gotInd = true
				if a.Point == c.Point {
					gotBoth = true
				}
			}
		}
		if gotInd {
			tl.ind++
			total.ind++
		}
		if gotBoth {
			tl.both++
			total.both++
		} else if testing.Verbose() {
			var got []string
			for _, a := range res[i].Aspects {
				if a.KG != nil {
					got = append(got, a.Term+"→"+a.KG.Indicator+"/"+a.Point)
				}
			}
			t.Logf("miss [%s] %s: want %s/%s, got %v", c.Industry, c.Text, c.Indicator, c.Point, got)
		}
	}
	for ind, tl := range per {
		t.Logf("%-14s n=%3d indicator %.3f indicator+point %.3f", ind, tl.n, float64(tl.ind)/float64(tl.n), float64(tl.both)/float64(tl.n))
	}
	indAcc := float64(total.ind) / float64(total.n)
	bothAcc := float64(total.both) / float64(total.n)
	t.Logf("all            n=%3d indicator %.3f indicator+point %.3f", total.n, indAcc, bothAcc)
	// Floors a regression must not cross (measured values are in the README).
	// Since the policy drops term mentions nobody evaluates (mention.Policy.DropBare) and
	// no longer gives a term the sentence's polarity (SentenceMaxBare 0, chosen on
	// bench/testdata/handchecked_dev.jsonl), a sentence whose labelled term has no opinion
	// in its clause no longer names the indicator: 0.815 measured (0.90+ before) with
	// polarity-zh asked about every span, 0.750 with the default that asks it only about
	// terms with an opinion (mention.Policy.VerdictWithoutOpinion false) and without it.
	if indAcc < 0.72 {
		t.Errorf("indicator found for %.3f of sentences, want ≥ 0.72", indAcc)
	}
	// Package mention (issue 13) leaves a graph term with no opinion in its clause neutral
	// and makes a wish an itch only in its own clause, which this recall-only set (labelled
	// with sentence-wide points) does not reward: 0.783 with polarity-zh, 0.771 without.
	// The precision rules (mention.Policy: DropBare, CompoundHead, SentenceMaxBare) cost this
	// recall-only measure (0.702 measured with polarity-zh asked about every span, 0.771
	// before; the (indicator, point) F1 of the same sentences 0.608 → 0.608, of the DEV set
	// bench/testdata/handchecked_dev.jsonl 0.405 → 0.504, bench accuracy --pipeline --hand).
	// With polarity-zh asked only about terms with an opinion (the default since helper
	// "speed"; chosen on validation, see mention.Policy.VerdictWithoutOpinion) 0.667, 0.664
	// without the model.
	if bothAcc < 0.64 {
		t.Errorf("indicator and point right for %.3f of sentences, want ≥ 0.64", bothAcc)
	}
}
