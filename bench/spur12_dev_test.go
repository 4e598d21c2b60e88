package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// TestSpur12DEV lists, per default-on rule of spur12 (session 12: mention.SpuriousPolicy
// AskNoMention, RestSubject, PurposeNoOpinion, AttributiveOrphan, PastProduct, Hypothetical),
// the mentions each one alone removes or adds on the DEV read-through samples (readdev,
// readdev2, readdev3; all DEV):
// TINGZHEN_SPUR12_DEV=1 go test ./bench -run TestSpur12DEV -v
func TestSpur12DEV(t *testing.T) {
	if os.Getenv("TINGZHEN_SPUR12_DEV") == "" {
		t.Skip("set TINGZHEN_SPUR12_DEV=1 to list what each spur12 rule changes on the DEV read-throughs")
	}
	ortOrSkip(t)
	inputs := readdev123Inputs(t)
	on := analyzeWith(t, inputs, func(p *mention.Policy) {})
	rules := []struct {
		name string
		off  func(p *mention.Policy)
	}{
		{"AskNoMention", spur12Off(t, "Ask")},
		{"RestSubject", spur12Off(t, "Rest")},
		{"PurposeNoOpinion", spur12Off(t, "Purp")},
		{"AttributiveOrphan", spur12Off(t, "Attr")},
		{"PastProduct", spur12Off(t, "Past")},
		{"Hypothetical", spur12Off(t, "Hyp")},
	}
	for _, r := range rules {
		logMentionDiff(t, r.name, inputs, on, analyzeWith(t, inputs, r.off))
	}
}

// spur12Variants are the named variants besides spur12Off's: "on" (the defaults) and "off"
// (every spur12 rule off).
var spur12Variants = map[string]func(p *mention.Policy){
	"on": func(p *mention.Policy) {},
	"off": func(p *mention.Policy) {
		s := &p.Spurious
		s.AskNoMention, s.RestSubject, s.PurposeNoOpinion, s.AttributiveOrphan, s.PastProduct, s.Hypothetical = false, false, false, false, false, false
	},
}

// TestSpur12VariantsDEV scores policy variants on the DEV guards (APC DEV open, ASTE carve,
// hand DEV, car val): "on", "off", or spur12Off's "Ask+Rep" …:
// TINGZHEN_SPUR12_VARIANTS=on,off,Ask,Rep go test ./bench -run TestSpur12VariantsDEV -v
func TestSpur12VariantsDEV(t *testing.T) {
	names := os.Getenv("TINGZHEN_SPUR12_VARIANTS")
	if names == "" {
		t.Skip("set TINGZHEN_SPUR12_VARIANTS=on,off,… to score the spur12 variants on DEV")
	}
	for _, name := range strings.Split(names, ",") {
		if _, ok := spur12Variants[name]; !ok {
			spur12Variants[name] = spur12Off(t, name)
		}
	}
	ortOrSkip(t)
	apc, aste, car := apcDEV(t), asteCarve(t), carVal(t)
	hand, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Split(names, ",") {
		e := policyEngine(t, spur12Variants[name])
		ra, rt, rh, rc := devGuards(t, e, apc, aste, hand, car)
		e.Close()
		t.Logf("%-8s APC %s | ASTE trip %s | hand %s pol %s | car m %s ind %s", name,
			reportRow(ra, "all mentions", "accuracy"), reportRow(rt, "all mentions", "triplet_f1"),
			reportRow(rh, "all mentions", "indicator_point_f1"), reportRow(rh, "all mentions", "mention_polarity_accuracy"),
			reportRow(rc, "all mentions", "micro_f1"), reportRow(rc, "indicators", "micro_f1"))
	}
}

// TestSpur12DiffDEV lists the ASTE carve and APC DEV mentions that variant TINGZHEN_SPUR12_DIFF
// adds or removes against "on", with the items' gold:
// TINGZHEN_SPUR12_DIFF=noRep go test ./bench -run TestSpur12DiffDEV -v
func TestSpur12DiffDEV(t *testing.T) {
	name := os.Getenv("TINGZHEN_SPUR12_DIFF")
	if name == "" {
		t.Skip("set TINGZHEN_SPUR12_DIFF=VARIANT")
	}
	ortOrSkip(t)
	var inputs []engine.Input
	var gold []string
	for i, it := range asteCarve(t).Items {
		inputs = append(inputs, engine.Input{ID: fmt.Sprint("aste ", i), Text: it.Text})
		var g []string
		rs := []rune(it.Text)
		for _, k := range it.Gold { // aStart-aEnd|oStart-oEnd|polarity → aspect/opinion/polarity
			var a, b, c, d int
			var pol string
			if _, err := fmt.Sscanf(strings.ReplaceAll(strings.ReplaceAll(k, "|", " "), "-", " "), "%d %d %d %d %s", &a, &b, &c, &d, &pol); err == nil && b <= len(rs) && d <= len(rs) {
				g = append(g, string(rs[a:b])+"/"+string(rs[c:d])+"/"+pol)
			} else {
				g = append(g, k)
			}
		}
		gold = append(gold, strings.Join(g, " "))
	}
	for i, it := range apcDEV(t).Items {
		inputs = append(inputs, engine.Input{ID: fmt.Sprint("apc ", i), Text: it.Text})
		gold = append(gold, string([]rune(it.Text)[it.Aspect[0]:it.Aspect[1]])+" "+it.Label)
	}
	show := func(m mention.Mention) string {
		return fmt.Sprintf("%s|%s|%s", m.Term, m.Opinion, m.Polarity)
	}
	on := analyzeWith(t, inputs, spur12Variants["on"])
	variant, ok := spur12Variants[name]
	if !ok {
		variant = spur12Off(t, name)
	}
	off := analyzeWith(t, inputs, variant)
	for i := range inputs {
		as, bs := map[string]bool{}, map[string]bool{}
		for _, m := range on[i].Aspects {
			bs[show(m)] = true
		}
		for _, m := range off[i].Aspects {
			as[show(m)] = true
		}
		for k := range as {
			if !bs[k] {
				t.Logf("%s on removes %s | gold %s | %s", inputs[i].ID, k, gold[i], inputs[i].Text)
			}
		}
		for k := range bs {
			if !as[k] {
				t.Logf("%s on adds %s | gold %s | %s", inputs[i].ID, k, gold[i], inputs[i].Text)
			}
		}
	}
}

// spur12Off turns off the default-on rules named in a variant "Ask+Rest+…" (Ask, Rest, Purp,
// Attr, Past, Hyp) and turns on the opt-in ones named (Inner, Rep, Opw, Func).
func spur12Off(t *testing.T, name string) func(p *mention.Policy) {
	return func(p *mention.Policy) {
		for _, r := range strings.Split(name, "+") {
			s := &p.Spurious
			switch r {
			case "Ask":
				s.AskNoMention = false
			case "Inner":
				s.InnerTermOpinion = true
			case "Rep":
				s.RepeatedTerm = true
			case "Rest":
				s.RestSubject = false
			case "Opw":
				s.OpinionWordTerm = true
			case "Purp":
				s.PurposeNoOpinion = false
			case "Hyp":
				s.Hypothetical = false
			case "Past":
				s.PastProduct = false
			case "Attr":
				s.AttributiveOrphan = false
			case "Func": // turns FunctionOpinion on
				s.FunctionOpinion = true
			default:
				t.Fatalf("unknown rule %q in variant %q", r, name)
			}
		}
	}
}
