package server

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// TestKGMappingOneShape: POST /v1/kg/map answers a mapping in the shape of a result's
// aspects[].kg (names, ids under ids; the confidence beside it), where it used to answer
// flat industry_id/industry/… fields: the same sentence's mention and map agree field for
// field.
func TestKGMappingOneShape(t *testing.T) {
	ts := start(t, Options{})
	const sentence = "配送太慢了，等了一个小时"
	var res struct {
		Aspects []mention.Mention `json:"aspects"`
	}
	r := do(t, "POST", ts.base+"/v1/analyze", `{"text":"`+sentence+`","industry":"food_delivery"}`, "")
	if err := json.Unmarshal(r.body, &res); err != nil || r.status != 200 {
		t.Fatalf("analyze: %d %s", r.status, r.body)
	}
	var m *mention.Mention
	for i := range res.Aspects {
		if res.Aspects[i].KG != nil && res.Aspects[i].Term != "" {
			m = &res.Aspects[i]
			break
		}
	}
	if m == nil {
		t.Fatalf("no mapped aspect in %s", r.body)
	}
	body, _ := json.Marshal(map[string]string{"industry": "food_delivery", "sentence": sentence, "term": m.Term, "opinion": m.Opinion})
	r = do(t, "POST", ts.base+"/v1/kg/map", string(body), "")
	var got struct {
		Found      bool            `json:"found"`
		KG         json.RawMessage `json:"kg"`
		Confidence float64         `json:"confidence"`
	}
	if err := json.Unmarshal(r.body, &got); err != nil || !got.Found || got.Confidence <= 0 {
		t.Fatalf("map %s: %d %s", body, r.status, r.body)
	}
	want, _ := json.Marshal(m.KG)
	if string(got.KG) != string(want) {
		t.Errorf("/v1/kg/map kg %s, want the mention's %s", got.KG, want)
	}
	var keys map[string]any
	json.Unmarshal(got.KG, &keys)
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"aspect", "department", "ids", "indicator", "industry", "stage", "touchpoint"}) {
		t.Errorf("kg fields %v", names)
	}
}
