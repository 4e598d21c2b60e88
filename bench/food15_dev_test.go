package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// TestFood15DumpDEV writes analyze's full result of a tuning set, with implicit category
// mentions on in TINGZHEN_IMPLICIT_INDUSTRIES (default ecommerce,food_delivery), one JSON line
// per record with the item's gold, for reading food_delivery's implicit mentions (food15,
// session 15):
//
//	TINGZHEN_FOOD15_SET=aste-carve|FILE.jsonl TINGZHEN_FOOD15_OUT=/tmp/x.jsonl go test ./bench -run TestFood15DumpDEV -v
//
// Never point it at a report set or the validation file.
func TestFood15DumpDEV(t *testing.T) {
	set, out := os.Getenv("TINGZHEN_FOOD15_SET"), os.Getenv("TINGZHEN_FOOD15_OUT")
	if set == "" || out == "" {
		t.Skip("set TINGZHEN_FOOD15_SET and TINGZHEN_FOOD15_OUT")
	}
	if strings.Contains(set, "handchecked_val") || strings.Contains(set, "handchecked_test") || strings.Contains(set, "read80") {
		t.Fatalf("%s is not a tuning set", set)
	}
	ortOrSkip(t)
	var in []engine.Input
	var gold [][]string
	if set == "aste-carve" {
		for i, it := range asteCarve(t).Items {
			in = append(in, engine.Input{ID: fmt.Sprint("aste ", i), Text: it.Text})
			gold = append(gold, it.Gold)
		}
	} else {
		items, err := LoadHand(set)
		if err != nil {
			t.Fatal(err)
		}
		in = handInputs(items)
		for _, it := range items {
			gold = append(gold, GoldPairs(it))
		}
	}
	inds := "ecommerce,food_delivery"
	if v := os.Getenv("TINGZHEN_IMPLICIT_INDUSTRIES"); v != "" {
		inds = v
	}
	p := mention.DefaultPolicy()
	p.CategoryAddMentionIndustries = strings.Split(inds, ",")
	e, err := engine.New(context.Background(), engine.Config{Home: home, IntraOpThreads: 1, InferWorkers: 2, Mention: &p})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for lo := 0; lo < len(in); lo += 256 {
		hi := min(lo+256, len(in))
		res, err := e.Analyze(context.Background(), in[lo:hi])
		if err != nil {
			t.Fatal(err)
		}
		for k, r := range res {
			row := map[string]any{"id": in[lo+k].ID, "text": in[lo+k].Text, "gold": gold[lo+k], "result": r}
			if set == "aste-carve" {
				row["keys"] = TripletKeys(r.Aspects)
			}
			if err := enc.Encode(row); err != nil {
				t.Fatal(err)
			}
		}
	}
}
