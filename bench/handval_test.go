package bench

import (
	"path/filepath"
	"slices"
	"strings"
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
	for _, f := range globEach(t,
		filepath.Join(home, "kg", "testdata", "mapping_*.jsonl"),
		filepath.Join("results", "raw", "read80*-sample*.jsonl"),
		filepath.Join("results", "raw", "readdev*-sample*.jsonl"),
		filepath.Join("testdata", "chat_turns_*.jsonl"),
	) {
		others[filepath.Base(f)] = handTexts(t, f)
	}
	perIndustry, empty, pointed := checkHandPart(t, items, indicators, others)
	for ind := range indicators {
		if perIndustry[ind] < 50 {
			t.Errorf("%s: %d validation sentences, want at least 50", ind, perIndustry[ind])
		}
	}
	if empty < 120 || pointed < 220 {
		t.Errorf("%d sentences expect nothing and %d expect a point; want at least 120 and 220", empty, pointed)
	}
}

// The CONFIRMATION part (bench/testdata/handchecked_val2.jsonl, HANDCHECKED.md) parses, has
// val3- ids, names only the packs' indicators with points and polarities that agree, and shares
// no text (by NormKey) with any file the VALIDATION part is kept apart from, nor with the
// VALIDATION part, its drawn candidates (kept or dropped) or the silver training sets. It
// needs no datasets. Telecom has no sentence: its Weibo pool was used up by the earlier parts.
func TestHandVal2Set(t *testing.T) {
	items, err := LoadHand("testdata/handchecked_val2.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < 320 {
		t.Errorf("%d confirmation sentences, want at least 320", len(items))
	}
	indicators := packIndicators(t)
	others := map[string]map[string]string{}
	for _, f := range globEach(t,
		filepath.Join("testdata", "handchecked_*.jsonl"),
		filepath.Join("testdata", "shop_industry.jsonl"),
		filepath.Join("testdata", "chat_turns_*.jsonl"),
		filepath.Join(home, "kg", "testdata", "mapping_*.jsonl"),
		filepath.Join("results", "raw", "read80*-sample*.jsonl"),
		filepath.Join("results", "raw", "readdev*-sample*.jsonl"),
		filepath.Join(home, "training", "data", "silver_*.jsonl"),
	) {
		if filepath.Base(f) != "handchecked_val2.jsonl" {
			others[filepath.Base(f)] = handTexts(t, f)
		}
	}
	if _, ok := others["handchecked_val_candidates.jsonl"]; !ok {
		t.Fatal("handchecked_val_candidates.jsonl not found")
	}
	for _, it := range items {
		if !strings.HasPrefix(it.ID, "val3-"+it.Industry+"-") {
			t.Errorf("id %s: want val3-%s-<n>", it.ID, it.Industry)
		}
	}
	perIndustry, empty, pointed := checkHandPart(t, items, indicators, others)
	for ind := range indicators {
		if ind != "telecom" && perIndustry[ind] < 45 {
			t.Errorf("%s: %d confirmation sentences, want at least 45", ind, perIndustry[ind])
		}
	}
	if empty < 50 || pointed < 170 {
		t.Errorf("%d sentences expect nothing and %d expect a point; want at least 50 and 170", empty, pointed)
	}
}

// The second CONFIRMATION part (bench/testdata/handchecked_val3.jsonl, HANDCHECKED.md) parses,
// has val4- ids (its draw is the fourth; val3- ids belong to handchecked_val2.jsonl), names only
// the packs' indicators with points and polarities that agree, and shares no text (by NormKey)
// with any other hand part or the VALIDATION candidates, shop_industry.jsonl, the chat-turn
// sets, mapping_*.jsonl, any read-through sample, any silver set (silver_*.jsonl, all rounds),
// silvercheck_s11.jsonl or the golden reviews. It needs no datasets. Telecom has only a few
// sentences: every Weibo operator-word pool was used up by the earlier parts and the silver sets.
func TestHandVal3Set(t *testing.T) {
	items, err := LoadHand("testdata/handchecked_val3.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < 320 {
		t.Errorf("%d confirmation sentences, want at least 320", len(items))
	}
	indicators := packIndicators(t)
	others := map[string]map[string]string{}
	for _, f := range globEach(t,
		filepath.Join("testdata", "handchecked_*.jsonl"),
		filepath.Join("testdata", "shop_industry.jsonl"),
		filepath.Join("testdata", "chat_turns_*.jsonl"),
		filepath.Join(home, "kg", "testdata", "mapping_*.jsonl"),
		filepath.Join("results", "raw", "read80*-sample*.jsonl"),
		filepath.Join("results", "raw", "readdev*-sample*.jsonl"),
		filepath.Join(home, "training", "data", "silver_*.jsonl"),
		filepath.Join(home, "training", "data", "silvercheck_s11.jsonl"),
		filepath.Join(home, "golden", "testdata", "reviews.jsonl"),
	) {
		if filepath.Base(f) != "handchecked_val3.jsonl" {
			others[filepath.Base(f)] = handTexts(t, f)
		}
	}
	for _, name := range []string{"handchecked_test.jsonl", "handchecked_dev.jsonl", "handchecked_val.jsonl", "handchecked_val2.jsonl", "handchecked_val_candidates.jsonl"} {
		if _, ok := others[name]; !ok {
			t.Fatalf("%s not found", name)
		}
	}
	for _, it := range items {
		if !strings.HasPrefix(it.ID, "val4-"+it.Industry+"-") {
			t.Errorf("id %s: want val4-%s-<n>", it.ID, it.Industry)
		}
	}
	perIndustry, empty, pointed := checkHandPart(t, items, indicators, others)
	for ind := range indicators {
		if ind != "telecom" && perIndustry[ind] < 40 {
			t.Errorf("%s: %d confirmation sentences, want at least 40", ind, perIndustry[ind])
		}
	}
	if empty < 60 || pointed < 150 {
		t.Errorf("%d sentences expect nothing and %d expect a point; want at least 60 and 150", empty, pointed)
	}
}

// The five parts of the hand-checked sentences (TEST, DEV, VALIDATION, the CONFIRMATION parts
// val2 and val3) share no text by NormKey with one another, nor with any silver training set.
// (The silver sets are not compared with one another: they are training data, drawn by
// different labellers.)
func TestHandPartsDisjoint(t *testing.T) {
	parts := []string{"handchecked_test.jsonl", "handchecked_dev.jsonl", "handchecked_val.jsonl", "handchecked_val2.jsonl", "handchecked_val3.jsonl"}
	silver, err := filepath.Glob(filepath.Join(home, "training", "data", "silver_*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(silver) == 0 {
		t.Fatal("no silver_*.jsonl in training/data")
	}
	sets := map[string]map[string]string{}
	for _, p := range parts {
		sets[p] = handTexts(t, filepath.Join("testdata", p))
	}
	for _, f := range silver {
		sets[filepath.Base(f)] = handTexts(t, f)
	}
	for i, a := range parts {
		for b, set := range sets {
			if b == a || (strings.HasPrefix(b, "handchecked_") && slices.Index(parts, b) < i) {
				continue
			}
			for k, text := range sets[a] {
				if _, ok := set[k]; ok {
					t.Errorf("%s and %s share a text: %q", a, b, text)
				}
			}
		}
	}
}

// globEach returns the files of every pattern, in order; each pattern must match a file.
func globEach(t *testing.T, patterns ...string) []string {
	t.Helper()
	var files []string
	for _, pat := range patterns {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 {
			t.Fatalf("no file matches %s", pat)
		}
		files = append(files, m...)
	}
	return files
}

// checkHandPart checks the items of a held-out hand part (VALIDATION, CONFIRMATION): unique
// ids and texts (by NormKey), no text in any of others, a known pack, known indicators each
// labelled once, points and polarities that agree. Its messages name ids, never texts. It
// returns the sentences per industry, those that expect nothing and those that expect a point.
func checkHandPart(t *testing.T, items []HandItem, indicators map[string]map[string]bool, others map[string]map[string]string) (perIndustry map[string]int, empty, pointed int) {
	t.Helper()
	ids, texts := map[string]bool{}, map[string]bool{}
	perIndustry = map[string]int{}
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
	return perIndustry, empty, pointed
}
