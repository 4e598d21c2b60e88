package bench

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// TestImplicitMentionsDEV lists the implicit category mentions (mention/categoryimplicit.go)
// on a tuning set, with the sentence they sit at and, for a hand-format file, whether the
// item's gold holds their (indicator, point) (implicit14, session 14):
//
//	TINGZHEN_IMPLICIT=0.95,0.7 TINGZHEN_IMPLICIT_SET=testdata/handchecked_dev.jsonl go test ./bench -run TestImplicitMentionsDEV -v
//
// TINGZHEN_IMPLICIT_SET=readdev3 reads results/raw/readdev3-sample.jsonl (no gold);
// aste-carve the ASTE train file's validation carve (gold: its triplet keys). Never
// point it at a report set or the validation file. TINGZHEN_IMPLICIT_INDUSTRIES (comma-
// separated) replaces Policy.CategoryAddMentionIndustries (default: the policy's,
// ecommerce), e.g. food_delivery for training/data/silver_food_delivery_r5.jsonl (implicit14b).
func TestImplicitMentionsDEV(t *testing.T) {
	th, set := os.Getenv("TINGZHEN_IMPLICIT"), os.Getenv("TINGZHEN_IMPLICIT_SET")
	if th == "" || set == "" {
		t.Skip("set TINGZHEN_IMPLICIT=PRESENCE,POLARITY and TINGZHEN_IMPLICIT_SET")
	}
	if strings.Contains(set, "handchecked_val") || strings.Contains(set, "handchecked_test") || strings.Contains(set, "read80") {
		t.Fatalf("%s is not a tuning set", set)
	}
	pres, pol, _ := strings.Cut(th, ",")
	a, err1 := strconv.ParseFloat(pres, 64)
	b, err2 := strconv.ParseFloat(pol, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("TINGZHEN_IMPLICIT %q: want PRESENCE,POLARITY", th)
	}
	ortOrSkip(t)
	var in []engine.Input
	var gold [][]string
	var asteGold [][]string // aste-carve: the gold triplet keys
	switch set {
	case "readdev3":
		in = readIDText(t, "readdev3", "results/raw/readdev3-sample.jsonl")
	case "aste-carve": // the ASTE train file's validation carve (industry detected, as ScoreASTE)
		for i, it := range asteCarve(t).Items {
			in = append(in, engine.Input{ID: fmt.Sprint("aste ", i), Text: it.Text})
			asteGold = append(asteGold, it.Gold)
		}
	default:
		items, err := LoadHand(set)
		if err != nil {
			t.Fatal(err)
		}
		in = handInputs(items)
		for _, it := range items {
			gold = append(gold, GoldPairs(it))
		}
	}
	res := analyzeWith(t, in, func(p *mention.Policy) {
		p.CategoryAddMentions, p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity = true, a, b
		if v := os.Getenv("TINGZHEN_IMPLICIT_INDUSTRIES"); v != "" {
			p.CategoryAddMentionIndustries = strings.Split(v, ",")
		}
	})
	n, right := 0, 0
	for i, r := range res {
		rs := []rune(in[i].Text)
		for _, m := range r.Aspects {
			if m.Source != mention.SourceCategory || m.Term != "" || m.KG == nil || m.KG.IDs["industry"] == "automotive" {
				continue
			}
			n++
			key := m.KG.IDs["indicator"] + "|" + m.Point
			verdict := "-"
			if gold != nil {
				verdict = "FP"
				if slices.Contains(gold[i], key) {
					verdict, right = "TP", right+1
				}
			}
			span := ""
			if m.Start >= 0 && m.End <= len(rs) && m.Start < m.End {
				span = string(rs[m.Start:m.End])
			}
			g := ""
			if gold != nil {
				g = fmt.Sprint(gold[i])
			}
			if asteGold != nil {
				k := TripletKeys([]mention.Mention{m})[0]
				verdict = "FP"
				if slices.Contains(asteGold[i], k) {
					verdict, right = "TP", right+1
				}
				g = fmt.Sprint(asteGold[i])
			}
			t.Logf("%s\t%s\t%s\t%.2f\t[%s]\t%s\t%s\t%s", in[i].ID, verdict, key, m.Confidence, span, in[i].Text, g, fmt.Sprint(len(r.Aspects)))
		}
	}
	t.Logf("%d implicit mentions, %d in the gold", n, right)
}
