package mention

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// shopRow is one record of bench/testdata/shop_industry.jsonl (training/shopdev_sample.py):
// a real shop review of a product no industry training source covers, its industry read by
// a person.
type shopRow struct {
	ID, Text, Source, Split, Industry string
}

func readShopSet(t *testing.T, split string) []shopRow {
	t.Helper()
	f, err := os.Open("../bench/testdata/shop_industry.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []shopRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r shopRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Split == split {
			rows = append(rows, r)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestIndustryShopDEV measures Policy.Industry on the dev part of the shop-review set (117
// records; TINGZHEN_SHOP_SPLIT=test runs the test part, once, for the report): the share
// filed under the industry read by a person, for the keyword rule alone and the default.
// TINGZHEN_SHOP_ERRORS=1 prints the default's misses on dev. Numbers:
// bench/results/pipeline-accuracy.md ("shopind, session 10").
func TestIndustryShopDEV(t *testing.T) {
	split := os.Getenv("TINGZHEN_SHOP_SPLIT")
	if split == "" {
		split = "dev"
	}
	rows := readShopSet(t, split)
	if len(rows) == 0 {
		t.Fatalf("no %s records", split)
	}
	kw := *defaultPolicy()
	kw.IndustryModel = nil
	def := *defaultPolicy()
	share := func(p *Policy) (float64, []string) {
		ok, preds := 0, make([]string, len(rows))
		for i, r := range rows {
			id, _, _ := p.Industry(testGraph, r.Text)
			preds[i] = id
			if id == r.Industry {
				ok++
			}
		}
		return float64(ok) / float64(len(rows)), preds
	}
	ks, _ := share(&kw)
	ds, dp := share(&def)
	t.Logf("shop %s, %d records: keywords alone %.3f, default %.3f", split, len(rows), ks, ds)
	if os.Getenv("TINGZHEN_SHOP_ERRORS") != "" && split == "dev" {
		for i, r := range rows {
			if dp[i] != r.Industry {
				id, conf, ev := testGraph.IndustryEvidence(r.Text)
				t.Logf("miss %s: %s (keywords %s %.2f %v) %s", r.ID, dp[i], id, conf, ev, r.Text)
			}
		}
	}
}

var _ = fmt.Sprintf
