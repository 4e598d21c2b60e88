package server

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestAnalyzeBadAspectsPerItem: in a POST /v1/analyze batch, an item whose "aspects" is not
// an array of strings is that item's error bad_aspects, its id kept, and the other items
// are analysed, as analyze JSONL and jobs do; other bad JSON in an item and a bad list in a
// single-text request stay request errors (400 bad_json). Each line: request body, the
// status, then per item "id:code" (code "ok" when analysed) or the request's error code.
func TestAnalyzeBadAspectsPerItem(t *testing.T) {
	ts := start(t, Options{})
	f := func(body string, status int, want ...string) {
		t.Helper()
		r := do(t, "POST", ts.base+"/v1/analyze", body, "")
		if r.status != status {
			t.Fatalf("%s: %d %s, want %d", body, r.status, r.body, status)
		}
		var got []string
		if status != 200 {
			got = []string{errorCode(t, r)}
		} else {
			var batch struct {
				Items []struct {
					ID        string
					Sentiment *struct{ Label string }
					Error     *struct{ Code, Message string }
				}
			}
			if err := json.Unmarshal(r.body, &batch); err != nil {
				t.Fatalf("%s: %v", r.body, err)
			}
			for _, x := range batch.Items {
				switch {
				case x.Error != nil:
					got = append(got, x.ID+":"+x.Error.Code)
				case x.Sentiment != nil && x.Sentiment.Label != "":
					got = append(got, x.ID+":ok")
				default:
					got = append(got, x.ID+":no result")
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s\n got %q\nwant %q\n%s", body, got, want, r.body)
		}
	}
	f(`{"items":[{"id":"a","text":"送餐太慢了","aspects":"送餐"},{"id":"b","text":"菜很好吃"}]}`, 200, "a:bad_aspects", "b:ok")
	f(`{"items":[{"id":"a","text":"菜很好吃"},{"id":"b","text":"骑手态度不错","aspects":{"骑手":1}}]}`, 200, "a:ok", "b:bad_aspects")
	f(`{"items":[{"id":"a","text":"屏幕很清楚","aspects":[1,2]},{"id":"b","text":"电池不耐用","aspects":["电池"]}]}`, 200, "a:bad_aspects", "b:ok")
	f(`{"items":[{"id":"a","text":"物流很快","aspects":7},{"id":"b","text":"客服很耐心","aspects":true}]}`, 200, "a:bad_aspects", "b:bad_aspects")
	f(`{"items":[{"id":"a","text":"物流很快","aspects":null},{"id":"b","text":"客服很耐心","aspects":[]}]}`, 200, "a:ok", "b:ok")
	f(`{"items":[{"text":"物流很快","aspects":"物流"},{"id":"b","text":"客服很耐心"}]}`, 200, ":bad_aspects", "b:ok")
	f(`{"items":[{"id":"a","text":"物流很快","aspects":"物流"},{"id":"b","text":"慢\ud800"}]}`, 200, "a:bad_aspects", "b:invalid_utf8")
	f(`{"items":[{"id":"a","text":"物流很快","aspects":"物流"},{"id":"b","text":12}]}`, 400, "bad_json")
	f(`{"items":[{"id":"a","text":"物流很快","aspects":"物流"}],"channel":"x\ud800"}`, 400, "invalid_utf8") // bad text outside the items
	f(`{"text":"物流很快","aspects":"物流"}`, 400, "bad_json")
}
