package testfixture

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func TestReviewLines(t *testing.T) {
	f := func(maxRunes int) {
		t.Helper()
		lines := ReviewLines(t, "..", maxRunes)
		if len(lines) < 100 {
			t.Fatalf("maxRunes %d: %d lines, want the fixture's real reviews", maxRunes, len(lines))
		}
		for _, l := range lines {
			if utf8.RuneCountInString(l) > maxRunes {
				t.Errorf("maxRunes %d: line of %d runes: %q", maxRunes, utf8.RuneCountInString(l), l)
			}
		}
	}
	f(64)
	f(200)
	if a, b := len(ReviewLines(t, "..", 8)), len(ReviewLines(t, "..", 200)); a >= b {
		t.Errorf("8 runes: %d lines, 200 runes: %d: the bound keeps nothing out", a, b)
	}
}

func TestJobInput(t *testing.T) {
	dir := t.TempDir()
	if got := JobInput(t, "..", dir, 300); len(got) != 1 || got[0] != dir {
		t.Fatalf("inputs %v, want [%s]", got, dir)
	}
	big, err := os.ReadFile(filepath.Join(dir, "a_big.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(big, []byte("\n")), []byte("\n"))
	broken := bytes.Count(big, []byte("{\"id\": \"broken\n"))
	if len(lines) != 300 || broken != 3 {
		t.Errorf("a_big.jsonl: %d lines, %d broken; want 300 and 3 (lines 50, 147, 244)", len(lines), broken)
	}
	if !bytes.Contains(lines[0], []byte(`"id":"r00000"`)) || !bytes.Contains(lines[299], []byte(`"id":"r00299"`)) {
		t.Errorf("ids: first %s, last %s", lines[0], lines[299])
	}
	for name, src := range map[string]string{"b_gbk.csv": "reviews_gbk.csv", "c.jsonl.gz": "reviews.jsonl.gz"} {
		want, _ := os.ReadFile(filepath.Join("../jobs/input/testdata", src))
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || len(want) == 0 || !bytes.Equal(got, want) {
			t.Errorf("%s: not a copy of the committed fixture (%v)", name, err)
		}
	}
}

func TestReadJSONL(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ref.jsonl")
	if err := os.WriteFile(p, []byte(`{"text":"质量很好","probs":[0.1,0.9]}`+"\n"+`{"text":"太差了","probs":[0.8,0.2]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type line struct {
		Text  string    `json:"text"`
		Probs []float64 `json:"probs"`
	}
	got := ReadJSONL[line](t, p)
	if len(got) != 2 || got[0].Text != "质量很好" || got[1].Probs[0] != 0.8 {
		t.Errorf("got %+v", got)
	}
	if refs := ReadJSONL[line](t, "../models/sentiment-zh/reference.jsonl"); len(refs) == 0 || refs[0].Text == "" || len(refs[0].Probs) != 3 {
		t.Errorf("sentiment-zh reference.jsonl: %d lines, first %+v", len(refs), refs[0:min(1, len(refs))])
	}
}
