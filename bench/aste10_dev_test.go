package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
)

// The ASTE train carve (tuning split, never the dev file) read sentence by sentence: what
// the aspect model alone returns beside what analyze returns, and the carve scored under
// policy variants. Skipped unless asked; DEV data only.

// TestASTECarveDump writes, one JSON object a line, each carve sentence's gold triplet keys,
// the aspect model's triplets (spans included) and analyze's mentions:
// TINGZHEN_ASTE_DUMP=/tmp/carve.jsonl go test ./bench -run TestASTECarveDump -v
func TestASTECarveDump(t *testing.T) {
	path := os.Getenv("TINGZHEN_ASTE_DUMP")
	if path == "" {
		t.Skip("set TINGZHEN_ASTE_DUMP=FILE")
	}
	ortOrSkip(t)
	ctx := context.Background()
	ds := asteCarve(t)
	variant := os.Getenv("TINGZHEN_ASTE_VARIANT")
	edit := func(p *mention.Policy) {}
	if variant != "" {
		var ok bool
		if edit, ok = asteVariants[variant]; !ok {
			t.Fatalf("unknown variant %q", variant)
		}
	}
	e := policyEngine(t, edit)
	defer e.Close()
	res, err := analyzeDataset(ctx, e, ds, "")
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.Open(filepath.Join(home, "models", "aspect-zh"), model.Options{Home: home, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	texts := make([]string, len(ds.Items))
	for i, it := range ds.Items {
		texts[i] = it.Text
	}
	trips, err := Triplets(ctx, r, texts, 64, 64*r.MaxLen())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for i, it := range ds.Items {
		if err := enc.Encode(map[string]any{"text": it.Text, "gold": it.Gold, "model": trips[i], "product": res[i].Aspects}); err != nil {
			t.Fatal(err)
		}
	}
}

// asteVariants are the policy variants TestASTECarveVariants scores by name: the default,
// session 9's faithfulness rules (s9; the implicit span fixes of session 10 are in all),
// s9 with NearestHolder, and the default with one session-10 setting turned back.
var asteVariants = map[string]func(p *mention.Policy){
	"base": func(p *mention.Policy) {},
	"s9": func(p *mention.Policy) {
		p.Faithful.NearestHolder, p.Faithful.FurtherNeedsWord = false, false
		p.Faithful.FurtherNeedsLexicon, p.Faithful.FurtherDropsNeutral, p.Faithful.LexiconOverNeutralModel = true, true, true
	},
	"s9+near": func(p *mention.Policy) {
		p.Faithful.FurtherNeedsWord = false
		p.Faithful.FurtherNeedsLexicon, p.Faithful.FurtherDropsNeutral, p.Faithful.LexiconOverNeutralModel = true, true, true
	},
	"noword":       func(p *mention.Policy) { p.Faithful.FurtherNeedsWord = false },
	"modelneutral": func(p *mention.Policy) { p.Faithful.LexiconOverNeutralModel = false },
	"dropneu":      func(p *mention.Policy) { p.Faithful.FurtherDropsNeutral = true },
}

// TestASTECarveVariants scores policy variants on the ASTE carve and the other DEV sets
// (APC buckets 15-24 open, hand DEV, car val) in one process:
// TINGZHEN_ASTE_VARIANTS=base,x go test ./bench -run TestASTECarveVariants -v
// (TINGZHEN_ASTE_ONLY=1: the carve alone).
func TestASTECarveVariants(t *testing.T) {
	names := os.Getenv("TINGZHEN_ASTE_VARIANTS")
	if names == "" {
		t.Skip("set TINGZHEN_ASTE_VARIANTS=base,…")
	}
	ortOrSkip(t)
	ctx := context.Background()
	aste := asteCarve(t)
	only := os.Getenv("TINGZHEN_ASTE_ONLY") != ""
	for _, name := range strings.Split(names, ",") {
		edit, ok := asteVariants[name]
		if !ok {
			t.Fatalf("unknown variant %q", name)
		}
		e := policyEngine(t, edit)
		rt, err := ScoreASTE(ctx, e, aste, "", "carve")
		if err != nil {
			t.Fatal(err)
		}
		if only {
			e.Close()
			t.Logf("%-14s ASTE trip %s ap %s", name, reportRow(rt, "all mentions", "triplet_f1"), reportRow(rt, "all mentions", "aspect_polarity_f1"))
			continue
		}
		ra, err := ScoreAPC(ctx, e, apcDEV(t), "", "dev")
		if err != nil {
			t.Fatal(err)
		}
		hand, err := LoadHand("testdata/handchecked_dev.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		rh, err := ScoreHand(ctx, e, hand, "dev", "dev")
		if err != nil {
			t.Fatal(err)
		}
		rc, err := ScoreCar(ctx, e, carVal(t), "val")
		if err != nil {
			t.Fatal(err)
		}
		e.Close()
		t.Logf("%-14s ASTE trip %s ap %s | APC %s | hand %s pol %s ind %s | car m %s ind %s", name,
			reportRow(rt, "all mentions", "triplet_f1"), reportRow(rt, "all mentions", "aspect_polarity_f1"),
			reportRow(ra, "all mentions", "accuracy"),
			reportRow(rh, "all mentions", "indicator_point_f1"), reportRow(rh, "all mentions", "mention_polarity_accuracy"), reportRow(rh, "indicators", "indicator_point_f1"),
			reportRow(rc, "all mentions", "micro_f1"), reportRow(rc, "indicators", "micro_f1"))
	}
}
