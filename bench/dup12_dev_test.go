package bench

import (
	"context"
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// dup12Rules are the duplicate merges of mention.DupPolicy (dup12, session 12), each as a
// variant that turns it on against the defaults; they join spur12Variants, so
// TINGZHEN_SPUR12_VARIANTS=on,Poss,Place,SameInd go test ./bench -run TestSpur12VariantsDEV -v
// scores them on the DEV guards and TINGZHEN_SPUR12_DIFF=Place … lists their ASTE carve / APC
// DEV changes.
var dup12Rules = map[string]func(p *mention.Policy){
	"Poss":    func(p *mention.Policy) { p.Dup.PossessiveTerm = true },
	"Place":   func(p *mention.Policy) { p.Dup.SameSpanPlaced = true },
	"SameInd": func(p *mention.Policy) { p.Dup.SameSpanIndicator = true },
	"PosSh":   func(p *mention.Policy) { p.Dup.PossessorShared = true },
	"OpBet":   func(p *mention.Policy) { p.Dup.OpinionBetween = true },
	"Dup": func(p *mention.Policy) {
		p.Dup.PossessiveTerm, p.Dup.SameSpanPlaced, p.Dup.SameSpanIndicator = true, true, true
	},
	"DupOff": func(p *mention.Policy) { p.Dup = mention.DupPolicy{} },
}

func init() {
	for k, v := range dup12Rules {
		spur12Variants[k] = v
	}
}

// TestDup12DEV lists what each DupPolicy merge changes on the DEV read-throughs (readdev,
// readdev2, readdev3; all DEV), against the same build with every merge off:
// TINGZHEN_DUP12_DEV=1 go test ./bench -run TestDup12DEV -v
func TestDup12DEV(t *testing.T) {
	if os.Getenv("TINGZHEN_DUP12_DEV") == "" {
		t.Skip("set TINGZHEN_DUP12_DEV=1 to list what each dup12 merge changes on the DEV read-throughs")
	}
	ortOrSkip(t)
	inputs := readdev123Inputs(t)
	off := analyzeWith(t, inputs, dup12Rules["DupOff"])
	for _, name := range []string{"Poss", "Place", "SameInd", "PosSh", "OpBet"} {
		on := analyzeWith(t, inputs, func(p *mention.Policy) { p.Dup = mention.DupPolicy{}; dup12Rules[name](p) })
		logMentionDiff(t, name, inputs, on, off)
	}
}

// TestDup12HandVAL prints the validation file's AGGREGATE numbers only (all mentions
// (indicator, point) F1 and precision, indicators F1) with the defaults and with every
// DupPolicy merge off; never its items:
// TINGZHEN_DUP12_VAL=1 go test ./bench -run TestDup12HandVAL -v
func TestDup12HandVAL(t *testing.T) {
	if os.Getenv("TINGZHEN_DUP12_VAL") == "" {
		t.Skip("set TINGZHEN_DUP12_VAL=1 to score hand VAL (aggregate) with and without the dup12 merges")
	}
	ortOrSkip(t)
	hand, err := LoadHand("testdata/handchecked_val.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"on", "DupOff"} {
		e := policyEngine(t, spur12Variants[name])
		r, err := ScoreHand(context.Background(), e, hand, "val", "val")
		e.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-6s hand VAL all mentions F1 %s (TP/predicted/gold) | indicators F1 %s", name,
			reportRow(r, "all mentions", "indicator_point_f1"), reportRow(r, "indicators", "indicator_point_f1"))
	}
}
