package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestAnalyzeIndustryMode: POST /v1/analyze infers each record's industry on its own by
// default (industry_mode record); industry_mode dominant reads a batch's items as a job reads
// a file: the industry most of its items naming none infer (here ecommerce, 4 of 6) is given
// to each of them (source dominant, confidence the share), except an item whose own text
// points clearly elsewhere (the car post: source record); an item naming its industry keeps
// it (given). A single text is not changed by the mode; an unknown mode is a 400. Each line:
// the request's mode part, the status, the answer's industry_choice (industry/share/sampled,
// "" when none), then per item id:industry/source.
func TestAnalyzeIndustryMode(t *testing.T) {
	ts := start(t, Options{})
	const items = `"items":[{"id":"a","text":"苹果的颜色很正哦，又脆又甜的！"},{"id":"b","text":"个头均匀，包装完好，品质稳定，一天一个苹果"},` +
		`{"id":"c","text":"不错不错，苹果大小合适，口感也很好！"},{"id":"d","text":"服务态度很好，办理很快"},` +
		`{"id":"e","text":"这台车的发动机油耗太高了，4S店保养也贵"},{"id":"f","text":"服务态度很好，办理很快","industry":"banking"},` +
		`{"id":"g","text":"价格实惠，性价比高"},{"id":"h","text":"好吃","aspects":"好吃"}]`
	f := func(body string, wantStatus int, wantChoice string, want ...string) {
		t.Helper()
		r := do(t, "POST", ts.base+"/v1/analyze", body, "")
		if r.status != wantStatus {
			t.Fatalf("%s: %d %s", body, r.status, r.body)
		}
		if wantStatus != 200 {
			if !strings.Contains(string(r.body), "industry_mode") {
				t.Errorf("%s: error %s does not name industry_mode", body, r.body)
			}
			return
		}
		type result struct {
			ID       string
			Industry *struct {
				ID, Source string
				Confidence float64
				Inferred   bool
			}
			Error *struct{ Code string }
		}
		var batch struct {
			Items  []result
			Choice *struct {
				Mode, Industry string
				Share          float64
				Sampled        int
			} `json:"industry_choice"`
		}
		if err := json.Unmarshal(r.body, &batch); err != nil {
			t.Fatal(err)
		}
		if batch.Items == nil {
			var one result
			if err := json.Unmarshal(r.body, &one); err != nil {
				t.Fatal(err)
			}
			batch.Items = []result{one}
		}
		choice := ""
		if c := batch.Choice; c != nil {
			choice = fmt.Sprintf("%s/%.3f/%d", c.Industry, c.Share, c.Sampled)
		}
		var got []string
		for _, x := range batch.Items {
			switch {
			case x.Error != nil:
				got = append(got, x.ID+":error "+x.Error.Code)
			case x.Industry == nil:
				got = append(got, x.ID+":none")
			default:
				got = append(got, x.ID+":"+x.Industry.ID+"/"+x.Industry.Source)
				if x.Industry.Source == "dominant" && (batch.Choice == nil || x.Industry.Confidence != batch.Choice.Share || !x.Industry.Inferred) {
					t.Errorf("%s: item %s industry %+v, want confidence the choice's share, inferred", body, x.ID, *x.Industry)
				}
			}
		}
		if choice != wantChoice || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s\n got choice %q %q\nwant choice %q %q", body, choice, got, wantChoice, want)
		}
	}
	f(`{`+items+`}`, 200, "", "a:ecommerce/record", "b:ecommerce/record", "c:ecommerce/record", "d:telecom/record", "e:automotive/record", "f:banking/given", "g:ecommerce/record", "h:error bad_aspects")
	f(`{"industry_mode":"record",`+items+`}`, 200, "", "a:ecommerce/record", "b:ecommerce/record", "c:ecommerce/record", "d:telecom/record", "e:automotive/record", "f:banking/given", "g:ecommerce/record", "h:error bad_aspects")
	f(`{"industry_mode":"dominant",`+items+`}`, 200, "ecommerce/0.667/6", "a:ecommerce/dominant", "b:ecommerce/dominant", "c:ecommerce/dominant", "d:ecommerce/dominant", "e:automotive/record", "f:banking/given", "g:ecommerce/dominant", "h:error bad_aspects")
	f(`{"industry_mode":" dominant ","items":[{"id":"x","text":"服务态度很好，办理很快"},{"id":"y","text":"这台车的发动机油耗太高了，4S店保养也贵"}]}`, 200, "/0.500/2", "x:telecom/record", "y:automotive/record") // no industry holds 60%
	f(`{"industry_mode":"dominant","id":"one","text":"服务态度很好，办理很快"}`, 200, "", "one:telecom/record")                                                                                   // one text: the mode changes nothing
	// A top-level industry beside items is the batch's, as a job's industry: every item naming
	// none gets it (given); an item naming its own keeps it; the mode has nothing left to vote on.
	f(`{"industry":"banking","items":[{"id":"x","text":"服务态度很好，办理很快"},{"id":"y","text":"这台车的发动机油耗太高了","industry":"automotive"}]}`, 200, "", "x:banking/given", "y:automotive/given")
	f(`{"industry":"banking","industry_mode":"dominant","items":[{"id":"x","text":"服务态度很好，办理很快"},{"id":"z","text":"苹果的颜色很正哦，又脆又甜的！"}]}`, 200, "/0.000/0", "x:banking/given", "z:banking/given")
	f(`{"industry_mode":"dominant","items":[{"id":"h","text":"好吃","aspects":"好吃"}]}`, 200, "/0.000/0", "h:error bad_aspects") // no good item: nothing votes, the choice says so
	f(`{"industry_mode":"majority",`+items+`}`, 400, "")
	f(`{"industry_mode":"majority","text":"服务态度很好，办理很快"}`, 400, "")
}
