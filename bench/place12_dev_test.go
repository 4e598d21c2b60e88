package bench

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
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
	in := make([]engine.Input, len(hand))
	for i, it := range hand {
		in[i] = engine.Input{ID: it.ID, Text: it.Text, Industry: it.Industry}
	}
	res := analyzeWith(t, in, func(*mention.Policy) {})
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
			counts[class]++
			t.Logf("%s | %s %s | %s | unplaced %v | all %v | bare %v", class, g.Indicator, g.Point, it.Text, termsOf(unplaced), placedOf(res[i].Aspects), bare)
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
