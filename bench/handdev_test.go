package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tingzhen/tingzhen/kg"
)

// handTexts returns the normalised texts (NormKey) of a JSONL file whose lines carry "text".
func handTexts(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[NormKey(r.Text)] = r.Text
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// packIndicators returns the indicator ids of each industry pack the hand-checked parts use.
func packIndicators(t *testing.T) map[string]map[string]bool {
	t.Helper()
	indicators := map[string]map[string]bool{}
	for _, ind := range []string{"automotive", "banking", "ecommerce", "food_delivery", "hotel_travel", "telecom"} {
		file := filepath.Join(home, "knowledge-graph", "industries", ind+".yaml")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := kg.ParsePack(file, data)
		if err != nil {
			t.Fatal(err)
		}
		indicators[ind] = map[string]bool{}
		for _, in := range p.Indicators {
			indicators[ind][in.ID] = true
		}
	}
	return indicators
}

// The DEV part of the hand-checked sentences (bench/testdata/HANDCHECKED.md) parses, names
// only the packs' indicators, and shares no text with the TEST part, the 80-review
// read-through sample or the old mapping dev files (compared by NormKey).
func TestHandDevSet(t *testing.T) {
	items, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < 250 {
		t.Errorf("%d dev sentences, want at least 250", len(items))
	}
	indicators := packIndicators(t)
	others := map[string]map[string]string{
		"handchecked_test.jsonl": handTexts(t, "testdata/handchecked_test.jsonl"),
		"read80-sample.jsonl":    handTexts(t, "results/raw/read80-sample.jsonl"),
	}
	mapping, _ := filepath.Glob(filepath.Join(home, "kg", "testdata", "mapping_*.jsonl"))
	for _, m := range mapping {
		others[filepath.Base(m)] = handTexts(t, m)
	}
	ids, texts := map[string]bool{}, map[string]bool{}
	perIndustry, empty, pointed := map[string]int{}, 0, 0
	for _, it := range items {
		if ids[it.ID] {
			t.Errorf("id %s twice", it.ID)
		}
		ids[it.ID] = true
		k := NormKey(it.Text)
		if texts[k] {
			t.Errorf("%s: text %q twice", it.ID, it.Text)
		}
		texts[k] = true
		for name, set := range others {
			if _, ok := set[k]; ok {
				t.Errorf("%s: %q is also in %s", it.ID, it.Text, name)
			}
		}
		known, ok := indicators[it.Industry]
		if !ok {
			t.Errorf("%s: industry %q has no pack", it.ID, it.Industry)
			continue
		}
		perIndustry[it.Industry]++
		seen := map[string]bool{}
		point := false
		for _, g := range it.Gold {
			if !known[g.Indicator] {
				t.Errorf("%s: indicator %q is not in the %s pack", it.ID, g.Indicator, it.Industry)
			}
			if seen[g.Indicator] {
				t.Errorf("%s: indicator %q labelled twice", it.ID, g.Indicator)
			}
			seen[g.Indicator] = true
			want := map[string]string{"pain": "negative", "pleasure": "positive", "": "neutral"}[g.Point]
			if g.Point != "itch" && g.Polarity != want {
				t.Errorf("%s: %s point %q with polarity %q", it.ID, g.Indicator, g.Point, g.Polarity)
			}
			point = point || g.Point != ""
		}
		if len(it.Gold) == 0 {
			empty++
		}
		if point {
			pointed++
		}
	}
	for ind := range indicators {
		if perIndustry[ind] < 30 {
			t.Errorf("%s: %d dev sentences, want at least 30", ind, perIndustry[ind])
		}
	}
	if empty < 50 || pointed < 150 {
		t.Errorf("%d sentences expect nothing and %d expect a point; want at least 50 and 150", empty, pointed)
	}
}
