package bench

import (
	"fmt"
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// polneg12Inputs are the DEV texts polneg12 (session 12) counts itches on: the 2,000 golden
// reviews and the readdev, readdev2, readdev3 read-through samples.
func polneg12Inputs(t *testing.T) []engine.Input {
	t.Helper()
	var inputs []engine.Input
	for _, f := range []struct{ name, path string }{
		{"golden", "../golden/testdata/reviews.jsonl"},
		{"readdev", "results/raw/readdev-sample.jsonl"},
		{"readdev2", "results/raw/readdev2-sample.jsonl"},
		{"readdev3", "results/raw/readdev3-sample.jsonl"},
	} {
		inputs = append(inputs, readIDText(t, f.name, f.path)...)
	}
	return inputs
}

// TestPolneg12ItchesDEV lists every itch mention the current policy emits on the DEV texts
// (polneg12Inputs), one line each, for judging by the read80g rules:
// TINGZHEN_POLNEG12_DEV=1 go test ./bench -run TestPolneg12ItchesDEV -v
func TestPolneg12ItchesDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_POLNEG12_DEV") == "" {
		t.Skip("set TINGZHEN_POLNEG12_DEV=1 to list the itches emitted on the DEV texts")
	}
	ortOrSkip(t)
	inputs := polneg12Inputs(t)
	res := analyzeWith(t, inputs, func(p *mention.Policy) {})
	n := 0
	for i := range inputs {
		for _, m := range res[i].Aspects {
			if m.Point != mention.PointItch {
				continue
			}
			ind := ""
			if m.KG != nil {
				ind = m.KG.Indicator
			}
			n++
			fmt.Printf("ITCH\t%s\t%s\t%s\t%s\t%s\t%s\n", inputs[i].ID, m.Term, m.Opinion, m.Polarity, ind, inputs[i].Text)
		}
	}
	t.Logf("%d itches in %d texts", n, len(inputs))
}

// TestPolneg12NegDiffDEV lists the mentions a negation switch (polneg12Off) changes on the
// DEV texts (polneg12Inputs), for judging:
// TINGZHEN_POLNEG12_DEV=1 go test ./bench -run TestPolneg12NegDiffDEV -v
func TestPolneg12NegDiffDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_POLNEG12_DEV") == "" {
		t.Skip("set TINGZHEN_POLNEG12_DEV=1 to list what OwnPraiseNegated changes on the DEV texts")
	}
	ortOrSkip(t)
	inputs := polneg12Inputs(t)
	if os.Getenv("TINGZHEN_POLNEG12_CAR") != "" { // the car val part (DEV) too, with its labels
		for i, it := range carVal(t).Items {
			inputs = append(inputs, engine.Input{ID: fmt.Sprintf("car %d %v", i, it.Gold), Text: it.Text})
		}
	}
	show := func(m mention.Mention) string {
		ind := ""
		if m.KG != nil {
			ind = m.KG.Indicator
		}
		return fmt.Sprintf("%s|%s|%s|%s|%s", m.Term, m.Opinion, m.Polarity, m.Point, ind)
	}
	on := analyzeWith(t, inputs, func(p *mention.Policy) {})
	off := analyzeWith(t, inputs, polneg12Off[os.Getenv("TINGZHEN_POLNEG12_OFF")])
	n := 0
	for i := range inputs {
		a, b := map[string]bool{}, map[string]bool{}
		for _, m := range off[i].Aspects {
			a[show(m)] = true
		}
		for _, m := range on[i].Aspects {
			b[show(m)] = true
		}
		for _, m := range off[i].Aspects {
			if !b[show(m)] {
				n++
				fmt.Printf("OFF\t%s\t%s\t%s\n", inputs[i].ID, show(m), inputs[i].Text)
			}
		}
		for _, m := range on[i].Aspects {
			if !a[show(m)] {
				fmt.Printf("ON\t%s\t%s\t%s\n", inputs[i].ID, show(m), inputs[i].Text)
			}
		}
	}
	t.Logf("%d mentions changed", n)
}

// polneg12Off are the switches TestPolneg12NegDiffDEV compares the defaults with
// (TINGZHEN_POLNEG12_OFF): "" OwnPraiseNegated off, "chain" TermSplitsChain off.
var polneg12Off = map[string]func(p *mention.Policy){
	"":      func(p *mention.Policy) { p.Negation.OwnPraiseNegated = false },
	"chain": func(p *mention.Policy) { p.Negation.TermSplitsChain = false },
}
