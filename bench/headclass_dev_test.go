package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// TestHeadWordClassDEV lists the mentions that mention's HeadWordClass rule (a model term
// headed by a word of a class that names no thing is no aspect; mention/wordclass.go) removes
// or adds on the DEV sets only: hand DEV, car val, the ASTE train carve and the APC DEV
// buckets 15-24. Each line says whether the dropped term is a gold aspect span, or overlaps
// one (ASTE, APC; APC scores the mention overlapping the gold term most):
// TINGZHEN_HEADCLASS_DEV=1 go test ./bench -run TestHeadWordClassDEV -v
func TestHeadWordClassDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_HEADCLASS_DEV") == "" {
		t.Skip("set TINGZHEN_HEADCLASS_DEV=1 to list the DEV mentions HeadWordClass drops")
	}
	ortOrSkip(t)
	var inputs []engine.Input
	gold := map[int]string{} // input index → gold aspect spans, "s-e s-e"
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
	for i, it := range asteCarve(t).Items {
		var g []string
		for _, k := range it.Gold {
			g = append(g, strings.SplitN(k, "|", 2)[0])
		}
		gold[len(inputs)] = " " + strings.Join(g, " ") + " "
		inputs = append(inputs, engine.Input{ID: fmt.Sprint("aste ", i), Text: it.Text})
	}
	for i, it := range apcDEV(t).Items {
		gold[len(inputs)] = fmt.Sprintf(" %d-%d ", it.Aspect[0], it.Aspect[1])
		inputs = append(inputs, engine.Input{ID: fmt.Sprint("apc ", i), Text: it.Text})
	}
	off := analyzeWith(t, inputs, func(p *mention.Policy) { p.Spurious.HeadWordClass = false })
	on := analyzeWith(t, inputs, func(p *mention.Policy) {})
	show := func(m mention.Mention) string {
		ind := ""
		if m.KG != nil {
			ind = m.KG.Indicator
		}
		return fmt.Sprintf("%s/%s/%s/%s/%s/%s", m.Term, m.Opinion, m.Polarity, m.Point, m.Source, ind)
	}
	count := map[string]int{}
	for i := range inputs {
		set := strings.Fields(inputs[i].ID)[0]
		as, bs := map[string]bool{}, map[string]bool{}
		for _, m := range on[i].Aspects {
			bs[show(m)] = true
		}
		for _, m := range off[i].Aspects {
			as[show(m)] = true
			if !bs[show(m)] {
				g := ""
				if gs, ok := gold[i]; ok {
					g = " gold:no"
					for _, sp := range strings.Fields(gs) {
						var a, b int
						if _, err := fmt.Sscanf(sp, "%d-%d", &a, &b); err != nil {
							continue
						}
						if a == m.Start && b == m.End {
							g = " gold:YES"
							break
						}
						if min(b, m.End) > max(a, m.Start) {
							g = " gold:overlaps"
						}
					}
				}
				count[set+" dropped"]++
				t.Logf("%s - %s%s | %s", inputs[i].ID, show(m), g, inputs[i].Text)
			}
		}
		for k := range bs {
			if !as[k] {
				count[set+" added"]++
				t.Logf("%s + %s | %s", inputs[i].ID, k, inputs[i].Text)
			}
		}
	}
	for k, v := range count {
		t.Logf("COUNT %-20s %d", k, v)
	}
}
