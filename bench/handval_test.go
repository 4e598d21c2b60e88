package bench

import (
	"path/filepath"
	"testing"
)

// The VALIDATION part of the hand-checked sentences (bench/testdata/HANDCHECKED.md) parses,
// names only the packs' indicators with points and polarities that agree, and shares no text
// (by NormKey) with the TEST and DEV parts, the old mapping dev files, any read-through sample
// (read80*, readdev*), the shop-industry set or the chat-turn sets. It needs no datasets.
func TestHandValSet(t *testing.T) {
	items, err := LoadHand("testdata/handchecked_val.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < 450 {
		t.Errorf("%d validation sentences, want at least 450 (two draws)", len(items))
	}
	indicators := packIndicators(t)
	others := map[string]map[string]string{
		"handchecked_test.jsonl": handTexts(t, "testdata/handchecked_test.jsonl"),
		"handchecked_dev.jsonl":  handTexts(t, "testdata/handchecked_dev.jsonl"),
		"shop_industry.jsonl":    handTexts(t, "testdata/shop_industry.jsonl"),
	}
	var files []string
	for _, pat := range []string{
		filepath.Join(home, "kg", "testdata", "mapping_*.jsonl"),
		filepath.Join("results", "raw", "read80*-sample*.jsonl"),
		filepath.Join("results", "raw", "readdev*-sample*.jsonl"),
		filepath.Join("testdata", "chat_turns_*.jsonl"),
	} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 {
			t.Fatalf("no file matches %s", pat)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		others[filepath.Base(f)] = handTexts(t, f)
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
			t.Errorf("%s: text twice", it.ID)
		}
		texts[k] = true
		for name, set := range others {
			if _, ok := set[k]; ok {
				t.Errorf("%s: its text is also in %s", it.ID, name)
			}
		}
		known, ok := indicators[it.Industry]
		if !ok {
			t.Errorf("%s: industry %q has no pack", it.ID, it.Industry)
			continue
		}
		perIndustry[it.Industry]++
		seen, point := map[string]bool{}, false
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
		if perIndustry[ind] < 50 {
			t.Errorf("%s: %d validation sentences, want at least 50", ind, perIndustry[ind])
		}
	}
	if empty < 120 || pointed < 220 {
		t.Errorf("%d sentences expect nothing and %d expect a point; want at least 120 and 220", empty, pointed)
	}
}
