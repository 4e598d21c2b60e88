package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/model"
)

// TestCategoryAddDEV chooses the add-only category models' policy thresholds
// (mention.Policy.CategoryAddPresence, CategoryAddPolarity) on the hand DEV part only:
//
//	TINGZHEN_CATMODEL_DEV=/tmp/m/category-ecommerce,/tmp/m/category-food_delivery \
//	  go test ./bench -run TestCategoryAddDEV -v
//
// The named model folders are linked beside the installed models in a temporary models
// folder; each line is one grid point's (indicator, point) F1 through analyze (all mentions,
// the headline row). Aggregate numbers only. TINGZHEN_CATMODEL_HAND overrides the set.
func TestCategoryAddDEV(t *testing.T) {
	dirs := os.Getenv("TINGZHEN_CATMODEL_DEV")
	if dirs == "" {
		t.Skip("TINGZHEN_CATMODEL_DEV unset (a DEV harness)")
	}
	set := os.Getenv("TINGZHEN_CATMODEL_HAND")
	if set == "" {
		set = filepath.Join(home, "bench", "testdata", "handchecked_dev.jsonl")
	}
	models := t.TempDir()
	abs, _ := filepath.Abs(filepath.Join(home, "models"))
	ents, err := os.ReadDir(abs)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ents {
		if err := os.Symlink(filepath.Join(abs, d.Name()), filepath.Join(models, d.Name())); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range strings.Split(dirs, ",") {
		a, _ := filepath.Abs(d)
		if err := os.Symlink(a, filepath.Join(models, filepath.Base(d))); err != nil {
			t.Fatal(err)
		}
	}
	items, err := LoadHand(set)
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(context.Background(), engine.Config{Home: home, ModelsDir: models, IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	pol := e.Config().Mention // the engine's own policy: changed between runs (one goroutine)
	score := func(presence, polarity float64) string {
		pol.CategoryAddPresence, pol.CategoryAddPolarity = presence, polarity
		rep, err := ScoreHand(context.Background(), e, items, set, "dev")
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rep.Rows {
			if r.Metric == "indicator_point_f1" && (r.Source == "all mentions" || r.Source == "indicators" || r.Source == "category") && r.Set != nil {
				fmt.Fprintf(&b, " %s F1 %.4f (P %.3f R %.3f, %d/%d/%d)", r.Source, r.Set.F1, r.Set.Precision, r.Set.Recall, r.Set.TP, r.Set.Predicted, r.Set.Gold)
			}
		}
		return b.String()
	}
	t.Logf("off:%s", score(0, 0.6))
	for _, pr := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98} {
		for _, po := range []float64{0.5, 0.6, 0.7, 0.8} {
			t.Logf("presence %.2f polarity %.2f:%s", pr, po, score(pr, po))
		}
	}
}

// TestCategoryAddDEVShow lists, per DEV sentence, the indicators the add-only models add
// (source category) beside the gold pairs: for reading DEV's misses while choosing
// (TINGZHEN_CATMODEL_DEV as above; never run on the validation or test sets).
func TestCategoryAddDEVShow(t *testing.T) {
	dirs := os.Getenv("TINGZHEN_CATMODEL_SHOW")
	if dirs == "" {
		t.Skip("TINGZHEN_CATMODEL_SHOW unset (a DEV harness)")
	}
	set := filepath.Join(home, "bench", "testdata", "handchecked_dev.jsonl")
	models := t.TempDir()
	abs, _ := filepath.Abs(filepath.Join(home, "models"))
	ents, _ := os.ReadDir(abs)
	for _, d := range ents {
		os.Symlink(filepath.Join(abs, d.Name()), filepath.Join(models, d.Name()))
	}
	for _, d := range strings.Split(dirs, ",") {
		a, _ := filepath.Abs(d)
		os.Symlink(a, filepath.Join(models, filepath.Base(d)))
	}
	items, err := LoadHand(set)
	if err != nil {
		t.Fatal(err)
	}
	p := engine.Config{}.MentionPolicy()
	p.CategoryAddPresence, p.CategoryAddPolarity = 0.5, 0.5
	e, err := engine.New(context.Background(), engine.Config{Home: home, ModelsDir: models, IntraOpThreads: 1, Mention: p})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var in []engine.Input
	for _, it := range items {
		in = append(in, engine.Input{ID: it.ID, Text: it.Text, Industry: it.Industry})
	}
	res, err := AnalyzeAll(context.Background(), e, in, 256)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		var adds []string
		for _, x := range r.Indicators { // add-only verdicts are indicators with no mention (CategoryAddMentions off)
			if x.Source == "category" {
				adds = append(adds, x.ID+"|"+x.Point+fmt.Sprintf("(%.2f)", x.Score))
			}
		}
		if len(adds) > 0 {
			var gold []string
			for _, g := range items[i].Gold {
				gold = append(gold, g.Indicator+"|"+g.Point)
			}
			t.Logf("%s %s\n   added %v gold %v", items[i].ID, items[i].Text, adds, gold)
		}
	}
}

// TestCategoryAloneDEV: each add-only model alone on the hand DEV sentences of its
// industry, (indicator, point) with point pain (negative) or pleasure (positive) at a few
// presence thresholds (TINGZHEN_CATMODEL_ALONE=dir,dir; DEV only).
func TestCategoryAloneDEV(t *testing.T) {
	dirs := os.Getenv("TINGZHEN_CATMODEL_ALONE")
	if dirs == "" {
		t.Skip("TINGZHEN_CATMODEL_ALONE unset (a DEV harness)")
	}
	set := os.Getenv("TINGZHEN_CATMODEL_HAND")
	if set == "" {
		set = filepath.Join(home, "bench", "testdata", "handchecked_dev.jsonl")
	}
	items, err := LoadHand(set)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range strings.Split(dirs, ",") {
		m, err := model.Open(dir, model.Options{Home: home, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		card := m.Card()
		var texts []string
		var gold [][]string
		for _, it := range items {
			if it.Industry != card.Industry {
				continue
			}
			texts = append(texts, it.Text)
			g := []string{}
			for _, x := range it.Gold {
				if x.Point != "" {
					g = append(g, x.Indicator+"|"+x.Point)
				}
			}
			gold = append(gold, g)
		}
		_, rows, err := m.Run(context.Background(), texts, 16, 1024)
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range []float64{0.3, 0.5, 0.7, 0.9} {
			pred := make([][]string, len(rows))
			for i, row := range rows {
				pred[i] = []string{}
				p := row[m.Output()]
				for d, name := range card.Dimensions {
					q := p[d*4 : d*4+4]
					if 1-float64(q[0]) < th {
						continue
					}
					switch {
					case q[1] > q[2] && q[1] > q[3]:
						pred[i] = append(pred[i], name+"|pain")
					case q[3] > q[2] && q[3] > q[1]:
						pred[i] = append(pred[i], name+"|pleasure")
					}
				}
			}
			prf := MatchSets(pred, gold)
			t.Logf("%s alone on %d %s sentences, presence %.1f: F1 %.4f (P %.3f R %.3f, %d/%d/%d)", card.Name, len(texts), card.Industry, th, prf.F1, prf.Precision, prf.Recall, prf.TP, prf.Predicted, prf.Gold)
		}
		m.Close()
	}
}
