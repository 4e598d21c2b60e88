package bench

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// TestPlace12ReachDEV counts, on hand DEV, the gold (indicator, point) pairs that the
// all-mentions row misses and that placing an unplaced model term on a record-level
// category indicator could reach (place12, session 12): the record has an add-only
// category indicator with no mention on the gold pair, and an aspect-model term the pack
// places on no indicator, with or without the category's polarity. It also counts the
// category indicators with no mention that are not gold but hold such a term (what the
// placement would add wrongly). Never run on TEST or VAL.
// TINGZHEN_PLACE12_REACH=1 go test ./bench -run TestPlace12ReachDEV -v
func TestPlace12ReachDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_PLACE12_REACH") == "" {
		t.Skip("set TINGZHEN_PLACE12_REACH=1")
	}
	ortOrSkip(t)
	hand, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	in := handInputs(hand)
	e := policyEngine(t, func(*mention.Policy) {})
	defer e.Close()
	res, err := AnalyzeAll(context.Background(), e, in, 256)
	if err != nil {
		t.Fatal(err)
	}
	g := e.KG().Graph()
	// ambiguous: the indicators a term's pack entry spans, when more than one.
	ambiguous := func(industry, term string) map[string]bool {
		n := []rune(term)
		for _, tm := range g.FindTerms(industry, term) {
			if tm.Start != 0 || tm.End != len(n) {
				continue
			}
			inds := map[string]bool{}
			for _, r := range tm.Refs {
				if mp, ok := g.AspectMapping(r.Industry, r.AspectID); ok {
					inds[mp.IndicatorID] = true
				}
			}
			if len(inds) > 1 {
				return inds
			}
		}
		return nil
	}
	counts := map[string]int{}
	for i, it := range hand {
		found := map[string]bool{}
		for _, m := range res[i].Aspects {
			if m.KG != nil && m.Point != "" && m.KG.IDs["industry"] == it.Industry {
				found[m.KG.IDs["indicator"]+"|"+m.Point] = true
			}
		}
		var unplaced []mention.Mention
		for _, m := range res[i].Aspects {
			if m.KG == nil && m.Term != "" {
				unplaced = append(unplaced, m)
			}
		}
		var bare []mention.Indicator // category indicators with no mention
		for _, x := range res[i].Indicators {
			if x.Source == mention.SourceCategory && len(x.Mentions) == 0 && x.Point != "" {
				bare = append(bare, x)
			}
		}
		gold := map[string]bool{}
		for _, g := range it.Gold {
			if g.Point != "" {
				gold[g.Indicator+"|"+g.Point] = true
			}
		}
		agree := func(pol string) []string {
			var out []string
			for _, m := range unplaced {
				if m.Polarity == pol && m.Point == mention.ClassifyPoint(pol, "") {
					out = append(out, m.Term+"/"+m.Opinion)
				}
			}
			return out
		}
		for _, g := range it.Gold {
			if g.Point == "" || found[g.Indicator+"|"+g.Point] {
				continue
			}
			class := "miss: no category indicator on the gold pair"
			for _, x := range bare {
				if x.ID+"|"+x.Point != g.Indicator+"|"+g.Point {
					continue
				}
				switch {
				case len(agree(x.Polarity)) > 0 && len(bare) == 1:
					class = "miss: REACH (one bare category indicator, agreeing term)"
				case len(agree(x.Polarity)) > 0:
					class = "miss: REACH2 (several bare category indicators, agreeing term)"
				case len(unplaced) > 0:
					class = "miss: category indicator, unplaced term disagrees"
				default:
					class = "miss: category indicator, no unplaced term"
				}
			}
			for _, m := range res[i].Aspects {
				if m.Term != "" && m.KG != nil && m.KG.IDs["indicator"] != g.Indicator {
					if amb := ambiguous(it.Industry, m.Term); amb[g.Indicator] {
						counts["(b) miss with a pack-ambiguous term that could sit on the gold indicator"]++
						t.Logf("(b) %s on %s, gold %s %s | %s", m.Term, m.KG.IDs["indicator"], g.Indicator, g.Point, it.Text)
					}
				}
			}
			counts[class]++
			t.Logf("%s | %s %s | %s | unplaced %v | all %v | bare %v", class, g.Indicator, g.Point, it.Text, termsOf(unplaced), placedOf(res[i].Aspects), bare)
		}
		for _, m := range res[i].Aspects {
			if m.Term != "" && m.KG != nil && ambiguous(it.Industry, m.Term) != nil {
				counts["(b) mentions with a pack-ambiguous term (all industries)"]++
			}
		}
		for _, x := range bare {
			if gold[x.ID+"|"+x.Point] {
				continue
			}
			if a := agree(x.Polarity); len(a) > 0 {
				class := fmt.Sprintf("wrong: non-gold bare category indicator with agreeing term (bare %d)", len(bare))
				counts[class]++
				t.Logf("%s | %s %s | %s | %v", class, x.ID, x.Point, it.Text, a)
			}
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("COUNT %-80s %d", k, counts[k])
	}
}

func termsOf(ms []mention.Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Source+":"+m.Term+"/"+m.Opinion+"/"+m.Polarity+"/"+m.Point)
	}
	return out
}

func placedOf(ms []mention.Mention) []string {
	var out []string
	for _, m := range ms {
		ind := ""
		if m.KG != nil {
			ind = m.KG.IDs["indicator"]
		}
		out = append(out, fmt.Sprintf("%s:%s/%s/%s/%s@%.2f", m.Source, m.Term, m.Opinion, ind, m.Point, m.Confidence))
	}
	return out
}

// The placement variants of place12 (session 12), scored by TestGap12VariantsDEV and diffed
// by TestGap12DiffDEV: p{presence×100}-{polarity×100}-{one|each}.
func init() {
	for _, v := range []struct {
		name      string
		pres, pol float64
		onlyOne   bool
	}{
		{"p90-70-one", 0.9, 0.7, true}, {"p90-70-each", 0.9, 0.7, false},
		{"p70-70-one", 0.7, 0.7, true}, {"p70-70-each", 0.7, 0.7, false},
		{"p50-60-one", 0.5, 0.6, true}, {"p50-60-each", 0.5, 0.6, false},
	} {
		v := v
		gap12Variants[v.name] = func(p *mention.Policy) {
			p.CategoryPlacePresence, p.CategoryPlacePolarity, p.CategoryPlaceOnlyOne = v.pres, v.pol, v.onlyOne
		}
	}
	// C: the classifier's verdict on the term's own clause (addendum 2 of the ship rule).
	gap12Variants["c90-70"] = func(p *mention.Policy) {
		p.CategoryPlacePresence, p.CategoryPlacePolarity, p.CategoryPlaceClause = 0.9, 0.7, true
	}
	gap12Variants["c70-70"] = func(p *mention.Policy) {
		p.CategoryPlacePresence, p.CategoryPlacePolarity, p.CategoryPlaceClause = 0.7, 0.7, true
	}
}
