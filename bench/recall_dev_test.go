package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
)

// TestRecallLossesDEV classifies where the APC DEV gold aspects (buckets 15-24, never the
// test part) are lost: the model never tags the term, a policy step drops it (found by
// turning that step off), or it is found with the wrong polarity. Run by hand:
// TINGZHEN_RECALL_DEV=/tmp/out.jsonl go test ./bench -run TestRecallLossesDEV -v
func TestRecallLossesDEV(t *testing.T) {
	out := os.Getenv("TINGZHEN_RECALL_DEV")
	if out == "" {
		t.Skip("set TINGZHEN_RECALL_DEV=FILE to classify the APC DEV losses")
	}
	ortOrSkip(t)
	ctx := context.Background()
	ds := apcDEV(t)
	t.Logf("APC DEV items: %d", len(ds.Items))
	in := make([]engine.Input, len(ds.Items))
	for i, it := range ds.Items {
		in[i] = engine.Input{ID: fmt.Sprint(i), Text: it.Text}
	}
	baseEdit := recallVariants["base"]
	if b := os.Getenv("TINGZHEN_RECALL_BASE"); b != "" { // classify the losses of a variant
		if baseEdit = recallVariants[b]; baseEdit == nil {
			t.Fatalf("unknown variant %q", b)
		}
	}
	base := analyzeWith(t, in, baseEdit)
	variants := []struct {
		name string
		edit func(p *mention.Policy)
	}{
		{"DropBare", func(p *mention.Policy) { p.DropBare = false }},
		{"DropModelFragments", func(p *mention.Policy) { p.DropModelFragments = false }},
		{"PromoCues", func(p *mention.Policy) { p.PromoCues = 0 }},
		{"CompoundHead", func(p *mention.Policy) { p.CompoundHead = false }},
		{"+session8", recallVariants["session8"]},
	}
	vres := make([][]analyzed, len(variants))
	for i, v := range variants {
		edit := v.edit
		vres[i] = analyzeWith(t, in, func(p *mention.Policy) { baseEdit(p); edit(p) }) // each variant is one change from the base
		right := 0
		for k, it := range ds.Items {
			if pol, _ := aspectPolaritySource(vres[i][k].Aspects, it.Aspect); pol == it.Label {
				right++
			}
		}
		t.Logf("variant %s: %d right of %d", v.name, right, len(ds.Items))
	}
	m, err := model.Open(filepath.Join(home, "models", "aspect-zh"), model.Options{IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	texts := make([]string, len(ds.Items))
	for i, it := range ds.Items {
		texts[i] = it.Text
	}
	trips, err := m.Triplets(ctx, texts, 64, 64*m.MaxLen())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	counts := map[string]int{}
	for i, it := range ds.Items {
		sp := it.Aspect
		pol, src := aspectPolaritySource(base[i].Aspects, sp)
		rs := []rune(it.Text)
		class := ""
		switch {
		case src != "none" && pol == it.Label:
			class = "right"
		case src != "none":
			class = "polarity wrong (" + src + ")"
		default:
			for k, v := range variants {
				if v.name[0] == '+' {
					continue
				}
				if _, s := aspectPolaritySource(vres[k][i].Aspects, sp); s != "none" {
					class = "dropped: " + v.name
					break
				}
			}
			if class != "" {
				break
			}
			tagged, exact := false, false
			for _, tr := range trips[i] {
				if tr.Term != "" && tr.Start < sp[1] && sp[0] < tr.End {
					tagged = true
					if tr.Start == sp[0] && tr.End == sp[1] {
						exact = true
					}
				}
			}
			switch {
			case exact:
				class = "model tagged exact, lost in policy"
			case tagged:
				class = "model tagged overlapping, lost in policy"
			default:
				class = "model never tags"
			}
		}
		counts[class]++
		var mt []string
		for _, tr := range trips[i] {
			mt = append(mt, fmt.Sprintf("%s[%d:%d]/%s/%s/%.2f", tr.Term, tr.Start, tr.End, tr.Opinion, tr.Polarity, tr.Score))
		}
		var pm []string
		for _, a := range base[i].Aspects {
			ind := ""
			if a.KG != nil {
				ind = a.KG.Indicator
			}
			pm = append(pm, fmt.Sprintf("%s[%d:%d]/%s/%s/%s/%s", a.Term, a.Start, a.End, a.Opinion, a.Polarity, a.Source, ind))
		}
		vp := map[string]string{}
		for k, v := range variants {
			vp[v.name], _ = aspectPolaritySource(vres[k][i].Aspects, sp)
		}
		_ = enc.Encode(map[string]any{"variants": vp, "class": class, "text": it.Text, "term": string(rs[sp[0]:sp[1]]), "gold": it.Label, "got": pol, "model": mt, "product": pm})
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-45s %d", k, counts[k])
	}
}

// recallVariants are the policy variants TestRecallVariantsDEV can score (by name): the
// default, the session-8 default (no BareVerdict), verdicts for model terms, DropBare off.
var recallVariants = map[string]func(p *mention.Policy){
	"base":       func(p *mention.Policy) {},
	"session8":   func(p *mention.Policy) { p.Faithful.BareVerdict = false },
	"nobv":       func(p *mention.Policy) { p.Faithful.BareVerdict = false },
	"mv":         func(p *mention.Policy) { p.VerdictForModelTerms = true },
	"gap2":       func(p *mention.Policy) { p.Faithful.BareVerdictGap = 2 },
	"nodropbare": func(p *mention.Policy) { p.DropBare = false },
	// apcopen, session 10 (bench/results/pipeline-accuracy.md): bva(minProb, nouns, alone,
	// sentence) sets FaithfulPolicy.BareVerdictAny*; mtNN sets Policy.ModelTermVerdictMinProb.
	"any80":         func(p *mention.Policy) { bva(p, 0.8, true, false, 0) },
	"any90":         func(p *mention.Policy) { bva(p, 0.9, true, false, 0) },
	"any95":         func(p *mention.Policy) { bva(p, 0.95, true, false, 0) },
	"any90all":      func(p *mention.Policy) { bva(p, 0.9, false, false, 0) },
	"alone80":       func(p *mention.Policy) { bva(p, 0.8, true, true, 0) },
	"alone90":       func(p *mention.Policy) { bva(p, 0.9, true, true, 0) },
	"alone80all":    func(p *mention.Policy) { bva(p, 0.8, false, true, 0) },
	"alone70all":    func(p *mention.Policy) { bva(p, 0.7, false, true, 0) },
	"agree70":       func(p *mention.Policy) { bva(p, 0.7, true, false, 0.8) },
	"agree80":       func(p *mention.Policy) { bva(p, 0.8, true, false, 0.8) },
	"agree80s9":     func(p *mention.Policy) { bva(p, 0.8, true, false, 0.9) },
	"agree80all":    func(p *mention.Policy) { bva(p, 0.8, false, false, 0.8) },
	"alagree70":     func(p *mention.Policy) { bva(p, 0.7, true, true, 0.7) },
	"alagree70all":  func(p *mention.Policy) { bva(p, 0.7, false, true, 0.7) },
	"mt90":          func(p *mention.Policy) { p.ModelTermVerdictMinProb = 0.9 },
	"mt95":          func(p *mention.Policy) { p.ModelTermVerdictMinProb = 0.95 },
	"mt98":          func(p *mention.Policy) { p.ModelTermVerdictMinProb = 0.98 },
	"vwo":           func(p *mention.Policy) { p.VerdictWithoutOpinion = true },
	"vwo90":         func(p *mention.Policy) { p.VerdictWithoutOpinion, p.NoOpinionMinProb = true, 0.9 },
	"alone80mt90":   func(p *mention.Policy) { bva(p, 0.8, true, true, 0); p.ModelTermVerdictMinProb = 0.9 },
	"alone80s5mt90": func(p *mention.Policy) { bva(p, 0.8, true, true, 0.5); p.ModelTermVerdictMinProb = 0.9 },
	"alone70s5mt90": func(p *mention.Policy) { bva(p, 0.7, true, true, 0.5); p.ModelTermVerdictMinProb = 0.9 },
}

// TestRecallVariantsDEV scores policy variants on the four DEV sets (APC buckets 15-24
// open, the ASTE train carve, hand DEV, car val) in one process:
// TINGZHEN_RECALL_VARIANTS=base,bv go test ./bench -run TestRecallVariantsDEV -v
func TestRecallVariantsDEV(t *testing.T) {
	names := os.Getenv("TINGZHEN_RECALL_VARIANTS")
	if names == "" {
		t.Skip("set TINGZHEN_RECALL_VARIANTS=base,bv,… to score policy variants on DEV")
	}
	ortOrSkip(t)
	apc, aste, car := apcDEV(t), asteCarve(t), carVal(t)
	hand, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Split(names, ",") {
		edit, ok := recallVariants[name]
		if !ok {
			t.Fatalf("unknown variant %q", name)
		}
		e := policyEngine(t, edit)
		ra, rt, rh, rc := devGuards(t, e, apc, aste, hand, car)
		e.Close()
		t.Logf("%-12s %s", name, guardRow(ra, rt, rh, rc))
	}
}

// TestRecallDiffDEV prints the mentions a policy variant adds or removes against the
// default on hand DEV, car val and the first 300 carve sentences:
// TINGZHEN_RECALL_DIFF=bv go test ./bench -run TestRecallDiffDEV -v
func TestRecallDiffDEV(t *testing.T) {
	name := os.Getenv("TINGZHEN_RECALL_DIFF")
	if name == "" {
		t.Skip("set TINGZHEN_RECALL_DIFF=VARIANT")
	}
	ortOrSkip(t)
	var inputs []engine.Input
	hand, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range hand {
		inputs = append(inputs, engine.Input{ID: "hand " + it.ID, Text: it.Text, Industry: it.Industry})
	}
	for i, it := range carVal(t).Items {
		inputs = append(inputs, engine.Input{ID: fmt.Sprint("car ", i), Text: it.Text, Industry: "automotive"})
	}
	for i, it := range asteCarve(t).Items[:300] {
		inputs = append(inputs, engine.Input{ID: fmt.Sprint("aste ", i), Text: it.Text})
	}
	a, b := analyzeWith(t, inputs, recallVariants["base"]), analyzeWith(t, inputs, recallVariants[name])
	show := func(m mention.Mention) string {
		ind := ""
		if m.KG != nil {
			ind = m.KG.Indicator
		}
		return fmt.Sprintf("%s/%s/%s/%s/%s/%s", m.Term, m.Opinion, m.Polarity, m.Point, m.Source, ind)
	}
	for i := range inputs {
		as, bs := map[string]bool{}, map[string]bool{}
		for _, m := range a[i].Aspects {
			as[show(m)] = true
		}
		for _, m := range b[i].Aspects {
			bs[show(m)] = true
		}
		for k := range bs {
			if !as[k] {
				t.Logf("%s + %s | %s", inputs[i].ID, k, inputs[i].Text)
			}
		}
		for k := range as {
			if !bs[k] {
				t.Logf("%s - %s | %s", inputs[i].ID, k, inputs[i].Text)
			}
		}
	}
}

// TestRecallHandDEV classifies the hand DEV gold (indicator, point) pairs analyze misses:
// a mention on the indicator with another point, one only with DropBare off, or none.
// TINGZHEN_RECALL_HAND=1 go test ./bench -run TestRecallHandDEV -v
func TestRecallHandDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_RECALL_HAND") == "" {
		t.Skip("set TINGZHEN_RECALL_HAND=1")
	}
	ortOrSkip(t)
	hand, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	in := handInputs(hand)
	base := analyzeWith(t, in, recallVariants["base"])
	nobare := analyzeWith(t, in, func(p *mention.Policy) { p.DropBare, p.DropModelFragments = false, false })
	counts := map[string]int{}
	for i, it := range hand {
		for _, g := range it.Gold {
			if g.Point == "" {
				continue
			}
			class := "no mention on the indicator"
			var got []string
			for _, m := range base[i].Aspects {
				if m.KG == nil || m.KG.IDs["industry"] != it.Industry {
					continue
				}
				got = append(got, m.Term+"/"+m.Opinion+"/"+m.KG.IDs["indicator"]+"/"+m.Point)
				if m.KG.IDs["indicator"] == g.Indicator {
					if m.Point == g.Point {
						class = "right"
						break
					}
					class = "on the indicator, point " + m.Point + " not " + g.Point
				}
			}
			if class == "no mention on the indicator" {
				for _, m := range nobare[i].Aspects {
					if m.KG != nil && m.KG.IDs["indicator"] == g.Indicator {
						class = "dropped: DropBare/fragment"
					}
				}
				if class == "no mention on the indicator" && len(got) > 0 {
					class = "mentions on other indicators only"
				}
			}
			counts[class]++
			if class != "right" {
				t.Logf("%s | %s %s | %s | %v", class, g.Indicator, g.Point, it.Text, got)
			}
		}
	}
	for k, v := range counts {
		t.Logf("COUNT %-45s %d", k, v)
	}
}

// apcDEV loads the APC DEV part: the items of every apc_*.train.txt whose APCBucket is 15-24
// (never the test part, buckets < 15).
func apcDEV(t *testing.T) *Dataset {
	t.Helper()
	files, _ := filepath.Glob(datasetOrSkip(t, "aspect/absadatasets_zh") + "/apc_*.train.txt")
	sort.Strings(files)
	ds := &Dataset{Format: FormatABSA}
	for _, f := range files {
		d, err := Load(f, FormatABSA, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range d.Items {
			if b := APCBucket(it.Text); b >= 15 && b < 25 {
				ds.Items = append(ds.Items, it)
			}
		}
	}
	return ds
}

// asteCarve loads the validation carve of the ASTE train file (never the dev file).
func asteCarve(t *testing.T) *Dataset {
	t.Helper()
	aste, err := Load(datasetOrSkip(t, "aspect/absadatasets_zh/aste_chinese_zhang.train.txt"), FormatASTE, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ASTEValCarve(aste)
}

// carVal loads the car val part (never the test part).
func carVal(t *testing.T) *Dataset {
	t.Helper()
	ids, err := CarSplit("testdata/car_split_ids.tsv", "val")
	if err != nil {
		t.Fatal(err)
	}
	car, err := LoadCarPart(datasetOrSkip(t, "aspect/ccf2018_car_train85.csv"), ids)
	if err != nil {
		t.Fatal(err)
	}
	return car
}

// policyEngine is an engine whose mention policy is the default edited by edit.
func policyEngine(t *testing.T, edit func(p *mention.Policy)) *engine.Engine {
	t.Helper()
	p := mention.DefaultPolicy()
	edit(&p)
	e, err := engine.New(context.Background(), engine.Config{Home: home, IntraOpThreads: 1, InferWorkers: 2, Mention: &p})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// analyzeWith analyses in with the default policy edited by edit (policyEngine).
func analyzeWith(t *testing.T, in []engine.Input, edit func(p *mention.Policy)) []analyzed {
	t.Helper()
	e := policyEngine(t, edit)
	defer e.Close()
	res, err := AnalyzeAll(context.Background(), e, in, 256)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// bva sets the BareVerdictAny* fields (apcopen, session 10).
func bva(p *mention.Policy, minProb float64, nouns, alone bool, sentence float64) {
	f := &p.Faithful
	f.BareVerdictAnyMinProb, f.BareVerdictAnyNouns, f.BareVerdictAnyAlone, f.BareVerdictAnySentence = minProb, nouns, alone, sentence
}

// reportRow formats one row of a pipeline report for the variant tables (TestRecallVariantsDEV,
// TestASTECarveVariants): score (TP/predicted/gold) for a set metric, score (right/n) else,
// "-" when the report has no such row.
func reportRow(rep *PipelineReport, src, metric string) string {
	for _, r := range rep.Rows {
		if r.Source == src && r.Metric == metric {
			if r.Set != nil {
				return fmt.Sprintf("%.4f (%d/%d/%d)", r.Score, r.Set.TP, r.Set.Predicted, r.Set.Gold)
			}
			return fmt.Sprintf("%.4f (%d/%d)", r.Score, r.Right, r.N)
		}
	}
	return "-"
}
