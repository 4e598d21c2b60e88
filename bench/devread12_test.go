package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// What the DEV harnesses share (spur12, dup12, polneg12, gap12, recall): reading the DEV
// read-through samples, listing what a policy switch changes on them, and scoring a
// variant on the DEV guards.

// readIDText reads a JSONL file of {"id", "text"} records as inputs whose ID is name, a
// space, and the record's id.
func readIDText(t *testing.T, name, path string) []engine.Input {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var inputs []engine.Input
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, engine.Input{ID: name + " " + r.ID, Text: r.Text})
	}
	return inputs
}

// readdev123Inputs are the DEV read-through samples readdev, readdev2 and readdev3
// (results/raw/<name>-sample.jsonl), in that order.
func readdev123Inputs(t *testing.T) []engine.Input {
	t.Helper()
	var inputs []engine.Input
	for _, name := range []string{"readdev", "readdev2", "readdev3"} {
		inputs = append(inputs, readIDText(t, name, "results/raw/"+name+"-sample.jsonl")...)
	}
	return inputs
}

// showMention is a mention as the DEV diffs list it: term|opinion|polarity|point|source|indicator.
func showMention(m mention.Mention) string {
	ind := ""
	if m.KG != nil {
		ind = m.KG.Indicator
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s", m.Term, m.Opinion, m.Polarity, m.Point, m.Source, ind)
}

// logMentionDiff logs, per input, the mentions (showMention) of off that on lacks
// ("<rule> removes") and then those of on that off lacks ("<rule> adds").
func logMentionDiff(t *testing.T, rule string, inputs []engine.Input, on, off []analyzed) {
	t.Helper()
	for i := range inputs {
		as, bs := map[string]bool{}, map[string]bool{}
		for _, m := range on[i].Aspects {
			bs[showMention(m)] = true
		}
		for _, m := range off[i].Aspects {
			as[showMention(m)] = true
		}
		for _, m := range off[i].Aspects {
			if !bs[showMention(m)] {
				t.Logf("%s removes %s: %s   [%s]", rule, inputs[i].ID, showMention(m), inputs[i].Text)
			}
		}
		for _, m := range on[i].Aspects {
			if !as[showMention(m)] {
				t.Logf("%s adds %s: %s   [%s]", rule, inputs[i].ID, showMention(m), inputs[i].Text)
			}
		}
	}
}

// devGuards scores e on the DEV guards the variant harnesses print: APC DEV (open), the
// ASTE train carve, hand DEV and car val, in that order.
func devGuards(t *testing.T, e *engine.Engine, apc, aste *Dataset, hand []HandItem, car *Dataset) (ra, rt, rh, rc *PipelineReport) {
	t.Helper()
	ctx := context.Background()
	var err error
	if ra, err = ScoreAPC(ctx, e, apc, "", "dev"); err != nil {
		t.Fatal(err)
	}
	if rt, err = ScoreASTE(ctx, e, aste, "", "carve"); err != nil {
		t.Fatal(err)
	}
	if rh, err = ScoreHand(ctx, e, hand, "dev", "dev"); err != nil {
		t.Fatal(err)
	}
	if rc, err = ScoreCar(ctx, e, car, "val"); err != nil {
		t.Fatal(err)
	}
	return ra, rt, rh, rc
}

// guardRow is the log line of devGuards' four reports that the recall and gap12 variant
// harnesses print after the variant's name.
func guardRow(ra, rt, rh, rc *PipelineReport) string {
	return fmt.Sprintf("APC %s | ASTE trip %s ap %s | hand %s pol %s quiet %s ind %s | car m %s ind %s",
		reportRow(ra, "all mentions", "accuracy"), reportRow(rt, "all mentions", "triplet_f1"), reportRow(rt, "all mentions", "aspect_polarity_f1"),
		reportRow(rh, "all mentions", "indicator_point_f1"), reportRow(rh, "all mentions", "mention_polarity_accuracy"), reportRow(rh, "all mentions", "no_point_on_empty_sentences"), reportRow(rh, "indicators", "indicator_point_f1"),
		reportRow(rc, "all mentions", "micro_f1"), reportRow(rc, "indicators", "micro_f1"))
}
