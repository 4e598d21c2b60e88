package server

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestAnalyzeNamedAspects: "aspects" in one text and in batch items reach the engine: each
// named term in the text gets one mention with source "named"; a bad list is that item's
// error (bad_aspects), the other items go on. Each line: request body, then per result
// the named terms found (or the error code).
func TestAnalyzeNamedAspects(t *testing.T) {
	ts := start(t, Options{})
	f := func(body string, want ...string) {
		t.Helper()
		r := do(t, "POST", ts.base+"/v1/analyze", body, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", body, r.status, r.body)
		}
		type result struct {
			Aspects []struct{ Term, Source string }
			Error   *struct{ Code string }
		}
		var one result
		var batch struct{ Items []result }
		var got []result
		if json.Unmarshal(r.body, &batch) == nil && batch.Items != nil {
			got = batch.Items
		} else if err := json.Unmarshal(r.body, &one); err == nil {
			got = []result{one}
		} else {
			t.Fatalf("%s: %v", r.body, err)
		}
		var s []string
		for _, x := range got {
			v := ""
			if x.Error != nil {
				v = "error " + x.Error.Code
			}
			for _, a := range x.Aspects {
				if a.Source == "named" {
					v += a.Term + ";"
				}
			}
			s = append(s, v)
		}
		if fmt.Sprint(s) != fmt.Sprint(want) {
			t.Errorf("%s\n got %q\nwant %q\n%s", body, s, want, r.body)
		}
	}
	f(`{"text":"送餐太慢了，骑手态度还不错","industry":"food_delivery","aspects":["骑手","包装"]}`, "骑手;")
	f(`{"items":[{"id":"1","text":"送餐太慢了，骑手态度还不错","aspects":["送餐"]},{"id":"2","text":"菜很好吃","aspects":[""]},{"id":"3","text":"菜很好吃"}]}`,
		"送餐;", "error bad_aspects", "")
}
