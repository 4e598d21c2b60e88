package input

import (
	"fmt"
	"strings"
	"testing"
)

// TestJSONLAspects: a record's named aspect terms come from its aspects key, an array of
// strings, passed as written (the engine checks and normalises them); anything else is the
// record's bad_aspects error. Texts are real waimai_10k reviews.
func TestJSONLAspects(t *testing.T) {
	f := func(line, want string) {
		t.Helper()
		recs := readAllRecords(t, "in.jsonl", line+"\n", Options{})
		if len(recs) != 1 {
			t.Fatalf("%s: %d records", line, len(recs))
		}
		got := fmt.Sprintf("%q", recs[0].Aspects)
		if e := recs[0].Err; e != nil {
			got = e.Code + ": " + e.Message
		}
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s:\n got %s\nwant %s…", line, got, want)
		}
	}
	f(`{"id":"w6","text":"菜味道很棒！送餐很及时！","aspects":["味道","送餐"]}`, `["味道" "送餐"]`)
	f(`{"text":"菜味道很棒！送餐很及时！","Aspects":["味道"]}`, `["味道"]`)
	f(`{"text":"菜味道很棒！送餐很及时！","aspects":[]}`, `[]`)
	f(`{"text":"菜味道很棒！送餐很及时！","aspects":null}`, `[]`)
	f(`{"text":"菜味道很棒！送餐很及时！"}`, `[]`)
	f(`{"text":"菜味道很棒！送餐很及时！","aspects":["味道",""," 送餐 "]}`, `["味道" "" " 送餐 "]`) // checked by the engine
	f(`{"text":"菜味道很棒！送餐很及时！","aspects":"味道"}`, `bad_aspects: aspects is not an array of strings: "味道"`)
	f(`{"text":"菜味道很棒！送餐很及时！","aspects":["味道",3]}`, `bad_aspects: aspects is not an array of strings: ["味道",3]`)
	f(`{"text":"菜味道很棒！送餐很及时！","aspects":{"味道":1}}`, `bad_aspects`)
	f(`{"aspects":["味道"]}`, `missing_text`) // the text's error first
}

// TestCSVAspects: an aspects column lists the terms separated by | , ; 、 ， or ；; an empty
// cell names none.
func TestCSVAspects(t *testing.T) {
	f := func(cell, want string) {
		t.Helper()
		body := "id,aspects,review\nw6," + cell + ",菜味道很棒！送餐很及时！\n"
		recs := readAllRecords(t, "in.csv", body, Options{})
		if len(recs) != 1 || recs[0].Err != nil || recs[0].Text != "菜味道很棒！送餐很及时！" {
			t.Fatalf("%s: %+v", cell, recs)
		}
		if got := fmt.Sprintf("%q", recs[0].Aspects); got != want {
			t.Errorf("%s: got %s, want %s", cell, got, want)
		}
	}
	f(`味道|送餐`, `["味道" "送餐"]`)
	f(`味道，送餐`, `["味道" "送餐"]`)
	f(`"味道, 送餐"`, `["味道" "送餐"]`)
	f(`味道、送餐；包装`, `["味道" "送餐" "包装"]`)
	f(` 味道 ||`, `["味道"]`)
	f(``, `[]`)
	// A TSV column of the same name.
	recs := readAllRecords(t, "in.tsv", "review\tASPECTS\n包装太差。全洒了。\t包装|送餐\n", Options{})
	if len(recs) != 1 || fmt.Sprintf("%q", recs[0].Aspects) != `["包装" "送餐"]` {
		t.Errorf("tsv: %+v", recs)
	}
}
