package bench

import (
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// TestMissClassesHandDEV sorts the hand DEV gold (indicator, point) pairs analyze misses into
// four classes (recall11, session 11): (a) nothing emitted in the sentence; (b) mentions on
// other indicators only; (c) the right indicator with no point or another point; (d) no
// mention on the indicator, but a mention placed on no indicator (a model term the pack does
// not map). A miss with both (b) and (d) is counted (d). Never run on TEST or VAL.
// TINGZHEN_MISS_HAND=1 go test ./bench -run TestMissClassesHandDEV -v
func TestMissClassesHandDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_MISS_HAND") == "" {
		t.Skip("set TINGZHEN_MISS_HAND=1")
	}
	ortOrSkip(t)
	hand, err := LoadHand("testdata/handchecked_dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	in := handInputs(hand)
	res := analyzeWith(t, in, func(*mention.Policy) {})
	counts := map[string]int{}
	for i, it := range hand {
		for _, g := range it.Gold {
			if g.Point == "" {
				continue
			}
			var other, unmapped, got []string
			class := ""
			for _, m := range res[i].Aspects {
				if m.KG == nil || m.KG.IDs["indicator"] == "" || m.KG.IDs["industry"] != it.Industry {
					unmapped = append(unmapped, m.Source+":"+m.Term+"/"+m.Opinion+"/"+m.Point)
					continue
				}
				got = append(got, m.Term+"/"+m.Opinion+"/"+m.KG.IDs["indicator"]+"/"+m.Point)
				if m.KG.IDs["indicator"] == g.Indicator {
					if m.Point == g.Point {
						class = "right"
					} else if class != "right" {
						class = "c on the indicator, point " + m.Point
					}
				} else {
					other = append(other, m.KG.IDs["indicator"])
				}
			}
			switch {
			case class != "":
			case len(unmapped) > 0:
				class = "d unmapped mention"
			case len(other) > 0:
				class = "b other indicators only"
			default:
				class = "a nothing emitted"
			}
			counts[class]++
			if class != "right" {
				t.Logf("MISS %s | %s %s | %s | %v | unmapped %v", class, g.Indicator, g.Point, it.Text, got, unmapped)
			}
		}
	}
	for k, v := range counts {
		t.Logf("COUNT %-45s %d", k, v)
	}
}
