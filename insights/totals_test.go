package insights

import (
	"encoding/json"
	"testing"
	"time"
)

// TestQueryJSONShape: the query results that carry counters encode to the same JSON as
// before Counts took its mention counts from Totals (field names and order).
func TestQueryJSONShape(t *testing.T) {
	c := Counts{}
	c.Records, c.Mentions, c.Pain, c.Itch, c.Pleasure, c.Positive, c.Negative, c.Neutral = 9, 8, 7, 6, 5, 4, 3, 2
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f := func(v any, want string) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%T:\n got %s\nwant %s", v, b, want)
		}
	}
	const counts = `"records":9,"mentions":8,"pain":7,"itch":6,"pleasure":5,"positive":4,"negative":3,"neutral":2`
	f(c, `{`+counts+`}`)
	f(TrendPoint{Period: "2026-11-30", Start: day, Counts: c, Net: 0.125, PainShare: 0.875},
		`{"period":"2026-11-30","start":"2026-11-30T00:00:00Z",`+counts+`,"net":0.125,"pain_share":0.875}`)
	f(side(c, "pain"), `{`+counts+`,"share":0.875,"net":0.125}`)
	f(ChannelRow{Channel: "app", Counts: c, Share: 0.875, Net: 0.125, Deviation: 0.1, Measured: true},
		`{"channel":"app",`+counts+`,"share":0.875,"net":0.125,"deviation":0.1,"measured":true}`)
	f(Change{Key: "k", Name: "口味", Prev: c, Cur: c},
		`{"key":"k","name":"口味","prev":{`+counts+`},"cur":{`+counts+`},"prev_share":0,"cur_share":0,"change":0,"count_change":0,"mentions_ratio":0,"z":0,"p":0,"significant":false}`)
	// Point and Net read the same counters.
	if c.Point("pain") != 7 || c.Point("neutral") != 2 || c.Point("x") != 0 || c.Net() != 0.125 {
		t.Errorf("Point/Net of %+v: %d %d %d %v", c, c.Point("pain"), c.Point("neutral"), c.Point("x"), c.Net())
	}
}
